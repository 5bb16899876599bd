"""What the stages share: the frozen input of one parsed chunk, and the cues and candidates they give."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .furniture import furniture_bounds
from .marks import QuoteSpan
from .spans import Bounds, paragraph_bounds
from .types import How, QuoteKind, Speaker


@dataclass(frozen=True, slots=True)
class Chunk:
    """One parsed piece of an article, with the lookups every stage needs.

    Offsets are the article's: ``text`` is the whole original text, ``doc`` the parse of the piece that
    starts at ``offset`` (a copy with normalised quotation marks, of the same length). ``spans`` are the
    quotes of this piece; ``paragraphs`` those of the whole article, so a rule may look at the paragraph
    before the chunk. ``furniture`` are the article's paragraphs that are web furniture (link lines,
    captions, widgets, headlines): no quote and no speaker comes from them.
    """

    text: str
    offset: int
    doc: Doc
    spans: tuple[QuoteSpan, ...]
    span_bounds: tuple[Bounds, ...]
    paragraphs: Sequence[Bounds]
    para_starts: tuple[int, ...]
    furniture: tuple[Bounds, ...] = ()
    # per paragraph, how many paragraphs before it are not furniture: a caption between two quotes does not
    # part them
    content_index: tuple[int, ...] = ()
    # the starts of span_bounds and of furniture, for in_quote and in_furniture (asked of most tokens)
    quote_starts: tuple[int, ...] = ()
    furniture_starts: tuple[int, ...] = ()
    end: int = 0  # the article offset where the piece ends (Doc.text would build the string)

    @classmethod
    def of(
        cls,
        text: str,
        doc: Doc,
        offset: int = 0,
        spans: Sequence[QuoteSpan] = (),
        paragraphs: Sequence[Bounds] | None = None,
        furniture: Sequence[Bounds] | None = None,
    ) -> Chunk:
        paragraphs = paragraphs or paragraph_bounds(text)
        furniture = tuple(furniture if furniture is not None else furniture_bounds(text, paragraphs))
        hidden = set(furniture)
        counts, n = [], 0
        for p in paragraphs:
            counts.append(n)
            n += p not in hidden
        return cls(
            text,
            offset,
            doc,
            tuple(spans),
            tuple((s.start, s.end) for s in spans),
            paragraphs,
            tuple(p[0] for p in paragraphs),
            furniture,
            tuple(counts),
            tuple(s.start for s in spans),
            tuple(f[0] for f in furniture),
            offset + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0),
        )

    def in_quote(self, pos: int) -> bool:
        """Whether the article offset ``pos`` falls inside one of the chunk's quotes."""
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.span_bounds[i][1]

    def in_furniture(self, pos: int) -> bool:
        """Whether the article offset ``pos`` falls in web furniture (a link line, a caption ...)."""
        i = bisect.bisect_right(self.furniture_starts, pos) - 1
        return i >= 0 and pos < self.furniture[i][1]

    def content_para(self, pos: int) -> int:
        """The index of the paragraph holding ``pos`` among the paragraphs that are not furniture."""
        return self.content_index[self.para_index(pos)]

    def para_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def tokens(self, start: int, end: int) -> Span | None:
        """The tokens covering the article's characters [start, end), widened to whole tokens."""
        return self.doc.char_span(start - self.offset, end - self.offset, alignment_mode="expand")


@dataclass
class Cue:
    """What marks a quote as someone's: a speech verb, "according", a dash or a speaker label."""

    token: Token
    offset: int
    speaker_head: Token | None
    text: str


@dataclass(eq=False)
class Candidate:
    """A quote a stage found, before the passes choose among them (compared by identity)."""

    start: int
    end: int
    kind: QuoteKind
    cue: Cue | None = None
    speaker: Speaker | None = None
    how: How = "none"
    parenthetical: bool = False
