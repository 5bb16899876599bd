"""People's names in an article: canonical full names without titles."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Span, Token

from .lexicon import NATIONALITY_OR_RANK, TITLES
from .marks import QUOTE_MARKS


def clean_name_words(words: list[str]) -> list[str]:
    words = [w for w in words if w.strip() and w not in {"\u2019s", "'s", "\u2019", "'"}]
    while words and words[-1].lower() in {"says", "said", "say", "tells", "told", "asks"}:
        words = words[:-1]
    while len(words) > 1 and (
        words[0].lower().rstrip(".") in TITLES or words[0].lower() in NATIONALITY_OR_RANK
    ):
        words = words[1:]
    while words and not any(c.isalnum() for c in words[-1]):
        words = words[:-1]
    while words and not any(c.isalnum() for c in words[0]):
        words = words[1:]
    return words


class NameIndex:
    """Canonical names of the people of one article: the fullest PERSON form, without titles."""

    def __init__(self) -> None:
        self.forms: Counter[tuple[str, ...]] = Counter()
        self.first_seen: dict[tuple[str, ...], int] = {}
        self.clean: dict[tuple[str, ...], bool] = {}
        # answers of canonical(), until the next name is added: every mention of a person asks again
        self._answers: dict[tuple[str, ...], str | None] = {}

    def add(self, words: list[str], pos: int, clean: bool = True) -> None:
        words = clean_name_words(words)
        if not words or len(words) > 5:
            return
        key = tuple(words)
        self._answers.clear()
        self.forms[key] += 1
        self.first_seen.setdefault(key, pos)
        self.clean[key] = self.clean.get(key, False) or (
            clean and not any(c in QUOTE_MARKS for c in "".join(key))
        )

    def canonical(self, words: list[str]) -> str | None:
        asked = tuple(words)
        if asked not in self._answers:
            self._answers[asked] = self._canonical(words)
        return self._answers[asked]

    def _canonical(self, words: list[str]) -> str | None:
        words = clean_name_words(words)
        if not words:
            return None
        low = [w.lower() for w in words]
        best = None
        for form, count in self.forms.items():
            flow = [w.lower() for w in form]
            same_last = flow[-1] == low[-1] and all(w in flow for w in low)
            first_name = len(low) == 1 and flow[0] == low[0] and len(flow) > 1 and self.clean[form]
            if same_last or first_name:
                rank = (self.clean[form], len(form), count, -self.first_seen[form])
                if best is None or rank > best[0]:
                    best = (rank, form)
        if best is None:
            return None
        return " ".join(best[1])

    def knows(self, word: str) -> bool:
        w = word.lower()
        return any(w in (x.lower() for x in form) for form in self.forms)


def entity_of(tok: Token) -> Span | None:
    """The named-entity span containing ``tok`` (None outside entities), found from its IOB tags."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    a = tok.i
    while a > 0 and doc[a].ent_iob_ == "I":
        a -= 1
    b = tok.i + 1
    while b < len(doc) and doc[b].ent_iob_ == "I":
        b += 1
    return doc[a:b]


def proper_name(ent: Span) -> bool:
    """Whether all words of a PERSON entity are proper nouns (NER also tags "Obama Says" in headlines)."""
    return all(t.tag_ in {"NNP", "NNPS"} or t.is_punct or t.lower_.rstrip(".") in TITLES for t in ent)


def glued_words(tokens) -> list[str]:
    """Words of a token sequence, gluing tokens written without a space between them (Holtz-Eakin)."""
    words: list[str] = []
    glue = False
    for t in tokens:
        if glue and words:
            words[-1] += t.text
        else:
            words.append(t.text)
        glue = not t.whitespace_
    return words


def join_words(words: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(words)).strip()
