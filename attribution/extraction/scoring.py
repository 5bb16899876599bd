"""Confidence of a quote: how sure its kind is, less what the way its speaker was found costs."""

from __future__ import annotations

from .chunk import Candidate
from .types import How, Quote, QuoteKind

# a quote whose speaker is named on its own cue: quotation marks and a cue are the surest, reported speech
# the least sure of its bounds, a fragment the least sure to be speech at all
KIND_CONFIDENCE: dict[QuoteKind, float] = {"direct": 0.9, "mixed": 0.75, "indirect": 0.7, "partial": 0.55}
# no speaker found: whatever the kind, at most this
WITHOUT_SPEAKER = 0.35
# what each way of finding the speaker takes off: a description ("the official") rarely goes wrong, a
# pronoun more often, a cue-less quote that keeps the speaker before it more often still
HOW_PENALTY: dict[How, float] = {"direct": 0.0, "description": 0.05, "pronoun": 0.1, "continuation": 0.2}
# any other way (a pronoun with no antecedent)
OTHER_HOW_PENALTY = 0.3
# an unnamed speaker ("a senior official", "critics") is a weaker attribution than a name
UNNAMED_PENALTY = 0.03
# never quite zero: a quote that was kept is still a candidate worth reviewing
FLOOR = 0.05


def confidence(cand: Candidate) -> float:
    conf = KIND_CONFIDENCE[cand.kind]
    if cand.speaker is None:
        conf = min(conf, WITHOUT_SPEAKER)
    else:
        conf -= HOW_PENALTY.get(cand.how, OTHER_HOW_PENALTY)
        if cand.speaker.kind in {"anonymous", "group"}:
            conf -= UNNAMED_PENALTY
    return round(max(FLOOR, conf), 2)


def to_quote(text: str, cand: Candidate) -> Quote:
    """The result of a kept candidate; ``text`` is the article's original text."""
    cue = cand.cue.text if cand.cue is not None else None
    return Quote(
        cand.start, cand.end, text[cand.start : cand.end], cand.kind, cue, confidence(cand), cand.speaker
    )
