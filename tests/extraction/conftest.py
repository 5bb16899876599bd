"""Fixtures of the extractor's tests: the spaCy pipeline, loaded once, and one-chunk parses."""

from collections.abc import Callable

import pytest
from spacy.language import Language

from attribution.extraction import load_pipeline
from attribution.extraction.chunk import Chunk
from attribution.extraction.coreference import ArticleContext
from attribution.extraction.marks import parser_friendly, scan_quotes


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="session")
def parse(nlp) -> Callable[[str], tuple[Chunk, ArticleContext]]:
    """A text parsed as one chunk, as the pipeline parses a short article, and its speaker resolver."""

    def parse(text: str) -> tuple[Chunk, ArticleContext]:
        spans = scan_quotes(text)
        chunk = Chunk.of(text, nlp(parser_friendly(text, spans)), 0, spans)
        return chunk, ArticleContext(chunk)

    return parse
