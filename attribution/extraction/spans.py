"""Span arithmetic on character offsets: paragraphs, and sorted spans that do not overlap each other."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

Bounds = tuple[int, int]


def paragraph_bounds(text: str) -> list[Bounds]:
    """(start, end) of each non-blank line, end excluding trailing whitespace."""
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.rstrip()
        lead = len(line) - len(line.lstrip())
        if stripped.strip():
            out.append((pos + lead, pos + len(stripped)))
        pos += len(line) + 1
    return out


def inside(pos: int, spans: Sequence[Bounds]) -> bool:
    """Whether ``pos`` falls in one of ``spans`` (sorted, not overlapping each other)."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def overlapping(bounds: Bounds, spans: Sequence[Bounds]) -> list[Bounds]:
    """Spans (sorted, not overlapping each other) that overlap ``bounds``."""
    k = bisect.bisect_left(spans, (bounds[0], bounds[0]))
    if k > 0 and spans[k - 1][1] > bounds[0]:
        k -= 1
    out = []
    while k < len(spans) and spans[k][0] < bounds[1]:
        if spans[k][1] > bounds[0]:
            out.append(spans[k])
        k += 1
    return out


def covered(bounds: Bounds, spans: Sequence[Bounds]) -> int:
    """How many characters of ``bounds`` the spans cover."""
    return sum(min(bounds[1], e) - max(bounds[0], s) for s, e in overlapping(bounds, spans))


# trimmed off the ends of reported content and of speaker turns
TRIM = set(",.;:\u2014\u2013-") | {" ", "\n", "\r", "\t", "\u00a0"}
