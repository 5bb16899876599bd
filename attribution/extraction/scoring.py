"""Confidence of a quote: the chance, learned from reviewed quotes, that it is right (span and speaker).

The model is a logistic regression over the features of ``features.py``, shipped as a small JSON file of
weights (``scorer_model.json``, rebuilt by ``scripts/train_scorer.py`` or by ``manage.py train_scorer`` from a
newsroom's own reviews) and evaluated here in plain Python, so the worker never imports scikit-learn.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from .chunk import Candidate
from .features import Features
from .types import Quote

SHIPPED_MODEL = Path(__file__).with_name("scorer_model.json")
FORMAT = "attribution-scorer/1"


class ScorerModelError(RuntimeError):
    """The scorer's model file is missing or is not a model."""


@dataclass(frozen=True)
class Model:
    """Weights of a logistic regression: one per numeric feature, one per value of a string feature
    ("kind=direct"; "kind=other" for values not seen in training). ``threshold``: a candidate less likely
    than this is dropped (see the README, "Confidence and the scorer", for why it sits where it does)."""

    intercept: float
    weights: dict[str, float]
    threshold: float

    def probability(self, features: Features) -> float:
        w = self.weights
        z = self.intercept
        for name, value in features.items():
            if isinstance(value, str):
                weight = w.get(f"{name}={value}")
                z += weight if weight is not None else w.get(f"{name}=other", 0.0)
            else:
                z += w.get(name, 0.0) * value
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self, **about) -> str:
        weights = {k: round(v, 5) for k, v in sorted(self.weights.items())}
        body = {"format": FORMAT, **about, "threshold": self.threshold, "intercept": round(self.intercept, 5)}
        return json.dumps({**body, "weights": weights}, indent=1, ensure_ascii=False) + "\n"


@functools.cache
def load_model(path: str | Path = SHIPPED_MODEL) -> Model:
    """The model in ``path``, read once per process."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScorerModelError(
            f"No scorer model at {path}: rebuild it with scripts/train_scorer.py or manage.py train_scorer,"
            " or point SCORER_MODEL at one."
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScorerModelError(f"The scorer model {path} cannot be read: {exc}") from None
    try:
        if data.get("format") != FORMAT:
            raise ValueError(f"format is {data.get('format')!r}, not {FORMAT!r}")
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        model = Model(float(data["intercept"]), weights, float(data["threshold"]))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ScorerModelError(f"The scorer model {path} is not a model: {exc}") from None
    if not 0.0 <= model.threshold < 1.0:
        raise ScorerModelError(f"The scorer model {path} has a threshold outside [0, 1): {model.threshold}")
    return model


def to_quote(text: str, cand: Candidate, confidence: float) -> Quote:
    """The result of a kept candidate; ``text`` is the article's original text."""
    cue = cand.cue.text if cand.cue is not None else None
    return Quote(
        cand.start, cand.end, text[cand.start : cand.end], cand.kind, cue, round(confidence, 3), cand.speaker
    )
