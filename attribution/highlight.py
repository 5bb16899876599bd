"""Cut an article's text into paragraphs of plain and quoted segments, for the article page."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .extraction.spans import paragraph_bounds


class Span(Protocol):
    id: int
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    text: str
    quote: Span | None = None  # the innermost quote covering this text
    starts_quote: bool = False  # the first segment of that quote, where its anchor goes
    start: int = 0  # offset of this text in the article: the page maps a reader's selection back with it


def paragraphs(text: str, quotes: Sequence[Span]) -> list[list[Segment]]:
    """Paragraphs (the extractor's: lines without their outer spaces, blank ones dropped), each a list of
    segments.

    Quotes may nest or overlap (a partial quote inside an indirect one); each piece of text is given to the
    shortest quote that covers it.
    """
    spans = sorted(
        (q for q in quotes if 0 <= q.start < q.end <= len(text)), key=lambda q: (q.start, -(q.end - q.start))
    )
    result = []
    started: set[int] = set()
    active: list[Span] = []  # quotes overlapping the current paragraph; paragraphs come in order
    following = iter(spans)
    upcoming = next(following, None)
    for para_start, para_end in paragraph_bounds(text):
        while upcoming is not None and upcoming.start < para_end:
            active.append(upcoming)
            upcoming = next(following, None)
        active = [q for q in active if q.end > para_start]
        cuts = {para_start, para_end}
        for q in active:
            cuts.update(c for c in (q.start, q.end) if para_start < c < para_end)
        segments: list[Segment] = []
        bounds = sorted(cuts)
        for a, b in zip(bounds, bounds[1:], strict=False):
            covering = [q for q in active if q.start <= a and q.end >= b]
            inner = min(covering, key=lambda q: q.end - q.start, default=None)
            if inner is None:
                segments.append(Segment(text[a:b], start=a))
                continue
            first = inner.id not in started
            started.add(inner.id)
            segments.append(Segment(text[a:b], quote=inner, starts_quote=first, start=a))
        result.append(_merge(segments))
    return result


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for seg in segments:
        if merged and merged[-1].quote is seg.quote and not seg.starts_quote:
            merged[-1] = Segment(
                merged[-1].text + seg.text, seg.quote, merged[-1].starts_quote, merged[-1].start
            )
        else:
            merged.append(seg)
    return merged
