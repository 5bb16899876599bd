"""Result types of the quote extractor."""

from __future__ import annotations

from dataclasses import dataclass

QUOTE_KINDS = ("direct", "indirect", "mixed", "partial")
SPEAKER_KINDS = ("person", "anonymous", "group", "organization", "unknown")


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to.

    ``name`` is the resolved speaker (canonical full name for people, otherwise the antecedent's noun
    phrase); ``mention`` is the local wording in the text (``"he"``, ``"the source"``, ``"Macron"``), with
    ``start``/``end`` its character offsets.
    """

    name: str
    kind: str
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
    kind: str
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
