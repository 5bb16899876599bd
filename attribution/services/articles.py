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


class ExternalIdTaken(Exception):
    """The external id given is another article's (a different text): sending it again changes nothing."""

    def __init__(self, article: Article) -> None:
        super().__init__(f"external_id {article.external_id!r} is article {article.id}, with another text")
        self.article = article


def article_create(
    *,
    document: Document,
    metadata: ArticleMetadata,
    uploaded_by=None,
    source_filename: str = "",
    upload_batch: uuid.UUID | None = None,
    external_id: str | None = None,
    api_key=None,
) -> tuple[Article, bool]:
    """Store an article and queue its extraction; the same text again returns the existing article, as does
    the same ``external_id`` (the id of the story in a newsroom's CMS) with the same text. The same
    external id with another text raises ExternalIdTaken."""
    digest = content_hash(document.text)
    existing = _existing(digest, external_id)
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
                external_id=external_id or None,
                api_key=api_key,
                state=Article.State.QUEUED,
                queued_at=timezone.now(),
            )
            extraction_enqueue(article_id=article.id)
    except IntegrityError:
        # Someone sent the same text (or external id) at the same moment: theirs is the article.
        existing = _existing(digest, external_id)
        if existing is None:
            raise
        return existing, False
    return article, True


def _existing(digest: str, external_id: str | None) -> Article | None:
    if external_id:
        known = Article.objects.filter(external_id=external_id).first()
        if known is not None:
            if known.content_hash != digest:
                raise ExternalIdTaken(known)
            return known
    known = Article.objects.filter(content_hash=digest).first()
    if known is not None and external_id and not known.external_id:
        # the same story, uploaded by hand before the CMS sent it: it takes the CMS's id
        Article.objects.filter(id=known.id, external_id__isnull=True).update(external_id=external_id)
        known.refresh_from_db(fields=["external_id"])
    return known


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
