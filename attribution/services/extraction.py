"""The extraction of an article, as the worker and the sweep drive it: queue, claim, save or fail, retry.

A claim is a guarded update (only a queued article is taken, by one worker at a time, with a token); the
results are swapped in one transaction by the holder of the claim only; running a task twice changes
nothing.
"""

import datetime
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .. import extraction
from ..models import Article, Quote, Speaker
from ..text import normalize_name
from .callbacks import callback_enqueue

logger = logging.getLogger(__name__)

# A worker that died mid-article gets this many claims before the article is marked failed.
MAX_EXTRACTION_ATTEMPTS = 3
# A message that was published but never picked up (Redis restarted, losing it) is sent again after this.
RESEND_AFTER = datetime.timedelta(minutes=10)


# the Celery task that extracts an article (attribution.tasks.extract_article takes this name)
EXTRACT_ARTICLE_TASK = "attribution.tasks.extract_article"


@dataclass(frozen=True)
class Claim:
    token: uuid.UUID
    text: str


def extraction_enqueue(*, article_id: int) -> None:
    """Send the article to a worker once the current transaction commits.

    A broker that is down must not fail the upload: the article is already stored as queued, and the sweep
    (`extraction_requeue_stranded`) sends it again once Redis is back. Hence not Celery's `delay_on_commit`:
    its callback is not robust (a broker error would reach the committing view) and could not note when the
    message reached the broker (`enqueued_at`, which the sweep reads).
    """
    transaction.on_commit(partial(_publish_extraction, article_id), robust=True)


def _publish_extraction(article_id: int) -> None:
    try:
        # by name: the task module calls the services, so the services do not import it
        current_app.send_task(EXTRACT_ARTICLE_TASK, args=[article_id])
    except Exception:
        logger.warning("Broker unavailable: article %s stays queued until the sweep sends it.", article_id)
        return
    Article.objects.filter(id=article_id, state=Article.State.QUEUED).update(enqueued_at=timezone.now())


def extraction_claim(*, article_id: int, token: uuid.UUID | None = None) -> Claim | None:
    """Take a queued article for this worker; None when another worker has it or it is not queued.

    `token`: the claim of an earlier try of the same task, which failed with the database away; it takes its
    article back rather than waiting for the sweep.
    """
    held = Q(state=Article.State.EXTRACTING, claim_token=token) if token else Q()
    fresh = uuid.uuid4()
    claimed = Article.objects.filter(Q(state=Article.State.QUEUED) | held, id=article_id).update(
        state=Article.State.EXTRACTING,
        claim_token=fresh,
        extraction_started_at=timezone.now(),
        extraction_attempts=F("extraction_attempts") + 1,
        error="",
    )
    if not claimed:
        return None
    return Claim(token=fresh, text=Article.objects.values_list("text", flat=True).get(id=article_id))


def extraction_save(
    *, article_id: int, token: uuid.UUID, quotes: Sequence[extraction.Quote], extractor_version: str
) -> bool:
    """Replace the article's untouched machine quotes with `quotes`, in one transaction.

    Returns False, storing nothing, when this worker no longer holds the claim (it was swept as stranded and
    another worker took the article).
    """
    with transaction.atomic():
        article = (
            Article.objects.select_for_update()
            .filter(id=article_id, state=Article.State.EXTRACTING, claim_token=token)
            .first()
        )
        if article is None:
            return False
        article.quotes.machine_untouched().delete()
        # Quotes a person has touched (confirmed, corrected, added or rejected) stay as they are, and the
        # machine's version of the same quote (the same span, or one overlapping it by half of both) is not
        # added again: a rejected quote does not come back, a corrected span does not get its old twin.
        kept = list(article.quotes.values_list("start", "end"))
        fresh = [q for q in quotes if q.end > q.start and not any(_same_quote(q, k) for k in kept)]
        speakers = _speakers_for(article, [q.speaker for q in fresh])
        Quote.objects.bulk_create(
            Quote(
                article=article,
                start=q.start,
                end=q.end,
                text=q.text,
                kind=q.kind,
                cue=(q.cue or "")[:100],
                speaker=speakers.get(_speaker_key(q.speaker)),
                attributed_name=(_speaker_key(q.speaker) or ("", ""))[1],
                speaker_mention=(q.speaker.mention if q.speaker else "")[:500],
                mention_start=_mention_span(q.speaker)[0],
                mention_end=_mention_span(q.speaker)[1],
                anonymity_reason=((q.speaker.anonymity_reason or "") if q.speaker else "")[:300],
                speaker_role=_role(q.speaker),
                confidence=min(1.0, max(0.0, q.confidence)),
                origin=Quote.Origin.MACHINE,
            )
            for q in fresh
        )
        # Local speakers left without a quote (the previous run's) go.
        article.local_speakers.without_quotes().delete()
        article.state = Article.State.DONE
        article.claim_token = None
        article.extractor_version = extractor_version
        article.extraction_finished_at = timezone.now()
        article.save(
            update_fields=[
                "state",
                "claim_token",
                "extractor_version",
                "extraction_finished_at",
                "updated_at",
            ]
        )
        if article.api_key_id is not None:
            callback_enqueue(article_id=article.id)
    return True


def _same_quote(quote: extraction.Quote, kept: tuple[int, int]) -> bool:
    overlap = min(quote.end, kept[1]) - max(quote.start, kept[0])
    return overlap > 0 and overlap * 2 >= max(quote.end - quote.start, kept[1] - kept[0])


def _role(speaker: extraction.Speaker | None) -> str:
    """The speaker's role as the article gives it, on one line (a role may run over a line break)."""
    if speaker is None or not speaker.role:
        return ""
    return " ".join(speaker.role.split())[:200].rstrip()


def _mention_span(speaker: extraction.Speaker | None) -> tuple[int | None, int | None]:
    if speaker is None or speaker.start is None or speaker.end is None or speaker.end <= speaker.start:
        return None, None
    return speaker.start, speaker.end


def _speaker_key(speaker: extraction.Speaker | None) -> tuple[str, str] | None:
    if speaker is None or not normalize_name(speaker.name):
        return None
    kind = speaker.kind if speaker.kind in Speaker.Kind.values else Speaker.Kind.UNKNOWN
    return kind, normalize_name(speaker.name)[:300]


def _speakers_for(article: Article, found: list[extraction.Speaker | None]) -> dict[tuple[str, str], Speaker]:
    """The Speaker rows for the extractor's speakers: named ones shared across articles, the rest local.

    A speaker merged into another leads to that one; a person named by a surname alone ("Macron") is the one
    named person of the archive with that surname, when there is exactly one.
    """
    wanted: dict[tuple[str, str], extraction.Speaker] = {}
    for speaker in found:
        key = _speaker_key(speaker)
        if key is not None:
            wanted.setdefault(key, speaker)
    resolved: dict[tuple[str, str], Speaker] = {}
    for kind, normalized in wanted:
        if kind == Speaker.Kind.PERSON and " " not in normalized:
            same_surname = list(
                Speaker.objects.named().filter(kind=kind, normalized_name__endswith=f" {normalized}")[:2]
            )
            if len(same_surname) == 1:
                resolved[(kind, normalized)] = same_surname[0]
    rows = []
    for (kind, normalized), speaker in wanted.items():
        if (kind, normalized) in resolved:
            continue
        shared = kind in Speaker.SHARED_KINDS
        rows.append(
            Speaker(
                name=speaker.name[:300],
                normalized_name=normalized,
                kind=kind,
                anonymous=speaker.anonymous,
                article=None if shared else article,
            )
        )
    # ON CONFLICT DO NOTHING: two workers may create the same named speaker at once.
    Speaker.objects.bulk_create(rows, ignore_conflicts=True)
    shared_q = Q(article__isnull=True, kind__in=Speaker.SHARED_KINDS)
    local_q = Q(article=article)
    names = {normalized for _, normalized in wanted}
    existing = Speaker.objects.filter(shared_q | local_q, normalized_name__in=names)
    existing = existing.select_related("merged_into")
    for row in existing:
        key = (row.kind, row.normalized_name)
        if key in wanted and key not in resolved:
            resolved[key] = row.merged_into or row
    return resolved


def extraction_fail(*, article_id: int, token: uuid.UUID, reason: str) -> None:
    with transaction.atomic():
        failed = Article.objects.filter(
            id=article_id, state=Article.State.EXTRACTING, claim_token=token
        ).update(
            state=Article.State.FAILED,
            error=reason[:2000] or "Extraction failed.",
            claim_token=None,
            extraction_finished_at=timezone.now(),
        )
        if failed:
            callback_enqueue(article_id=article_id)  # which asks whether a key with a callback made it


def extraction_retry(*, article_id: int) -> bool:
    """Queue a failed or finished article for extraction again; False when it is already pending."""
    with transaction.atomic():
        updated = Article.objects.filter(
            id=article_id, state__in=[Article.State.FAILED, Article.State.DONE]
        ).update(
            state=Article.State.QUEUED,
            error="",
            queued_at=timezone.now(),
            enqueued_at=None,
            extraction_attempts=0,
        )
        if updated:
            extraction_enqueue(article_id=article_id)
    return bool(updated)


def extraction_requeue_stranded() -> int:
    """Send again the articles whose message was lost; fail those that keep killing their worker.

    Safe to run from many places at once: a duplicate message finds the article claimed and does nothing.
    """
    now = timezone.now()
    stranded_after = datetime.timedelta(seconds=settings.EXTRACTION_STRANDED_SECONDS)
    with transaction.atomic():
        stuck = Article.objects.filter(
            state=Article.State.EXTRACTING, extraction_started_at__lt=now - stranded_after
        )
        given_up = stuck.filter(extraction_attempts__gte=MAX_EXTRACTION_ATTEMPTS)
        for article_id in given_up.filter(api_key__isnull=False).values_list("id", flat=True):
            callback_enqueue(article_id=article_id)
        given_up.update(
            state=Article.State.FAILED,
            claim_token=None,
            error=f"The worker stopped while extracting this article {MAX_EXTRACTION_ATTEMPTS} times "
            "(too long or too large?). Retry to try again.",
            extraction_finished_at=now,
        )
        stuck.update(state=Article.State.QUEUED, claim_token=None, queued_at=now, enqueued_at=None)
        ids = list(
            Article.objects.filter(state=Article.State.QUEUED)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - RESEND_AFTER))
            .values_list("id", flat=True)
        )
        for article_id in ids:
            extraction_enqueue(article_id=article_id)
    return len(ids)
