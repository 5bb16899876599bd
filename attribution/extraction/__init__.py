"""Quote attribution for news text: quotations, reported speech and who said them.

Pure Python on top of spaCy; no Django here. Typical use::

    nlp = load_pipeline()
    for quote in extract(text, nlp):
        print(quote.kind, quote.text, quote.speaker and quote.speaker.name)
"""

from .marks import QuoteSpan, scan_quotes
from .pipeline import extract, extract_many, load_pipeline
from .types import Quote, Speaker

EXTRACTOR_VERSION = "0.4.0"

__all__ = [
    "EXTRACTOR_VERSION",
    "Quote",
    "QuoteSpan",
    "Speaker",
    "extract",
    "extract_many",
    "load_pipeline",
    "scan_quotes",
]
