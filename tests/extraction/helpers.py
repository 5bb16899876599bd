"""Plain helpers of the extractor's tests (no fixtures here)."""

from attribution.extraction import Quote


def quote_at(quotes: list[Quote], fragment: str) -> Quote:
    found = [q for q in quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return found[0]


def token(chunk, text: str, occurrence: int = 0):
    """The token of the chunk's Doc whose text is ``text`` (the ``occurrence``-th one)."""
    return [t for t in chunk.doc if t.text == text][occurrence]
