"""Confidence: the kind's, less what the way the speaker was found costs."""

import pytest

from attribution.extraction import scoring
from attribution.extraction.chunk import Candidate
from attribution.extraction.types import Speaker

NAMED = Speaker("Ana Ruiz", "person", False, "Ruiz", 0, 4)
UNNAMED = Speaker("a senior official", "anonymous", True, "the official", 0, 12)


@pytest.mark.parametrize(
    ("kind", "speaker", "how", "confidence"),
    [
        ("direct", NAMED, "direct", 0.9),
        ("mixed", NAMED, "direct", 0.75),
        ("indirect", NAMED, "direct", 0.7),
        ("partial", NAMED, "direct", 0.55),
        ("direct", NAMED, "pronoun", 0.8),
        ("direct", UNNAMED, "description", 0.82),
        ("direct", NAMED, "continuation", 0.7),
        ("direct", NAMED, "unresolved", 0.6),
        ("direct", None, "none", 0.35),
        ("partial", None, "none", 0.35),
        ("partial", UNNAMED, "unresolved", 0.22),
    ],
)
def test_the_confidence_is_the_kinds_less_the_way_the_speaker_was_found(kind, speaker, how, confidence):
    assert scoring.confidence(Candidate(0, 4, kind, None, speaker, how)) == confidence


def test_a_quote_carries_the_original_text_and_its_cue():
    quote = scoring.to_quote("«Non», dit-il.", Candidate(0, 5, "direct"))
    assert (quote.text, quote.cue, quote.confidence) == ("«Non»", None, 0.35)
