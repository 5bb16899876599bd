"""Storing articles: an upload becomes a row (one per text) and its extraction is queued."""

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..documents import Document, content_hash
from ..models import Article, AuditEvent, Publication
from .audit import audit_record
from .extraction import extraction_enqueue


@dataclass(frozen=True)
class ArticleMetadata:
    publication_name: str = ""
    url: str = ""
    byline: str = ""
    published_on: datetime.date | None = None


def publication_get_or_create(*, name: str) -> Publication | None:
    name = " ".join(name.split())
    if not name:
        return None
    existing = Publication.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    publication, _ = Publication.objects.get_or_create(name=name)
    return publication


def article_create(
    *,
    document: Document,
    metadata: ArticleMetadata,
    uploaded_by=None,
    source_filename: str = "",
    upload_batch: uuid.UUID | None = None,
) -> tuple[Article, bool]:
    """Store an article and queue its extraction; the same text again returns the existing article."""
    digest = content_hash(document.text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=document.title,
                text=document.text,
                content_hash=digest,
                publication=publication_get_or_create(name=metadata.publication_name),
                url=metadata.url,
                byline=metadata.byline,
                published_on=metadata.published_on,
                source_filename=source_filename[:255],
                uploaded_by=uploaded_by,
                upload_batch=upload_batch,
                state=Article.State.QUEUED,
                queued_at=timezone.now(),
            )
            extraction_enqueue(article_id=article.id)
    except IntegrityError:
        # Someone uploaded the same text at the same moment: theirs is the article.
        return Article.objects.get(content_hash=digest), False
    return article, True


def article_retitle(*, article_id: int, title: str, user) -> bool:
    """Give an article the title an editor chose; False if it already had it. Audited, with the old one."""
    with transaction.atomic():
        article = Article.objects.select_for_update().only("id", "title").get(id=article_id)
        if article.title == title:
            return False
        before = article.title
        article.title = title
        article.save(update_fields=["title", "updated_at"])
        audit_record(
            user=user,
            action=AuditEvent.Action.ARTICLE_RETITLED,
            article=article,
            changes={"title": [before, title]},
        )
    return True
