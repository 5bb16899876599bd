"""Result types of the quote extractor, and the words it uses for kinds.

The kinds are plain strings (``Literal`` types, not enums): the Django side stores them as they are and the
outputs are serialised, so their values must never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

QuoteKind = Literal["direct", "indirect", "mixed", "partial"]
SpeakerKind = Literal["person", "anonymous", "group", "organization", "unknown"]
# how a quote's speaker was found: named on its cue ("direct"), through a pronoun or a definite description
# ("the official") resolved to an earlier mention, kept from the quote before ("continuation"), the person
# the paragraph before is about ("paragraph"), a pronoun with no antecedent ("unresolved"), or not at all
# ("none")
How = Literal["direct", "pronoun", "description", "continuation", "paragraph", "unresolved", "none"]


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to.

    ``name`` is the resolved speaker (canonical full name for people, otherwise the antecedent's noun
    phrase); ``mention`` is the local wording in the text (``"he"``, ``"the source"``, ``"Macron"``), with
    ``start``/``end`` its character offsets. ``role`` ("Trade Minister") is kept apart and stays out of
    ``to_dict()``.
    """

    name: str
    kind: SpeakerKind
    anonymous: bool
    mention: str
    start: int | None
    end: int | None
    anonymity_reason: str | None = None
    role: str | None = None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "anonymous": self.anonymous,
            "mention": self.mention,
            "start": self.start,
            "end": self.end,
            "anonymity_reason": self.anonymity_reason,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed quotation; ``text == original_text[start:end]``."""

    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: str | None
    confidence: float
    speaker: Speaker | None

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "cue": self.cue,
            "confidence": self.confidence,
            "speaker": self.speaker.to_dict() if self.speaker is not None else None,
        }
