"""A small archive of stored quotes to search: rows made directly, as if extracted and reviewed long ago.

The helpers keep the short names the tests always called them by: they belong to the tests, not to an API.
"""

import datetime

from django.utils import timezone

from attribution.models import Article, Publication, Quote, Speaker
from attribution.text import normalize_name


def _article(title, text, day, publication="Le Monde"):
    return Article.objects.create(
        title=title,
        text=text,
        content_hash=normalize_name(title).ljust(64, "x")[:64],
        state=Article.State.DONE,
        published_on=datetime.date(2026, 1, day),
        publication=Publication.objects.get_or_create(name=publication)[0],
    )


def _speaker(name, kind="person", article=None):
    anonymous = kind in {"anonymous", "group"}
    return Speaker.objects.create(
        name=name, normalized_name=normalize_name(name), kind=kind, anonymous=anonymous, article=article
    )


def _quote(article, text, speaker, kind="direct", **extra):
    start = article.text.index(text)
    return Quote.objects.create(
        article=article,
        start=start,
        end=start + len(text),
        text=text,
        kind=kind,
        speaker=speaker,
        confidence=0.9,
        attributed_name=speaker.normalized_name,
        **extra,
    )


def _dated(title, text, days_ago, publication="Le Monde", byline="Jane Roe"):
    """An article published ``days_ago`` days before today (the newsroom's today), with a byline."""
    article = _article(title, text, 1, publication)
    Article.objects.filter(id=article.id).update(
        published_on=timezone.localdate() - datetime.timedelta(days=days_ago), byline=byline
    )
    return Article.objects.get(id=article.id)
