"""The story the review tests work on: a short article, the machine's quotes of it, and how they get stored.

The helpers keep the short names the tests always called them by: they belong to the tests, not to an API.
"""

from attribution import extraction, services
from attribution.models import Quote

TEXT = (
    "Talks resume\n\n«We are ready,» President Emmanuel Macron said. «Talks go on,» said a senior official. "
    "The minister added that the talks would last a week."
)


def _speaker(name, kind="person", anonymous=False):
    return extraction.Speaker(name=name, kind=kind, anonymous=anonymous, mention=name, start=None, end=None)


MACRON = _speaker("Emmanuel Macron")
OFFICIAL = _speaker("a senior official", kind="anonymous", anonymous=True)


def _quote(fragment, speaker, kind="direct", confidence=0.9):
    start = TEXT.index(fragment)
    return extraction.Quote(start, start + len(fragment), fragment, kind, "said", confidence, speaker)


MACHINE = [
    _quote("«We are ready,»", MACRON),
    _quote("«Talks go on,»", OFFICIAL, confidence=0.4),
    _quote("the talks would last a week", OFFICIAL, kind="indirect"),
]


def _extract(article, quotes=MACHINE):
    claim = services.extraction_claim(article_id=article.id)
    assert claim is not None
    assert services.extraction_save(
        article_id=article.id, token=claim.token, quotes=quotes, extractor_version="test"
    )


def _reextract(article, quotes=MACHINE):
    assert services.extraction_retry(article_id=article.id)
    _extract(article, quotes)


def _q(article, fragment) -> Quote:
    return article.quotes.get(text=fragment)


def _add_by_hand(article, user) -> Quote:
    """An editor adds the story's first five characters as a partial quote of Emmanuel Macron's."""
    return services.quote_add(
        article_id=article.id,
        user=user,
        start=0,
        end=5,
        speaker=services.SpeakerChoice("Emmanuel Macron"),
        kind="partial",
    )
