"""RSS and Atom feeds: added by an editor (one per address), checked by a worker of the fetch queue every
FEED_POLL_SECONDS (the scheduler runs feeds_poll_due), each new entry imported by its address as any other
(imports.page_import_request); paused after FEED_MAX_FAILURES failed checks in a row, resumed by an editor."""

import datetime
import logging
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..feeds import FeedError, ParsedFeed, parse_feed
from ..fetch import FEED_TYPES, Fetched, FetchError, fetch
from ..models import Article, Feed, FeedEntry, PageImport
from .imports import normalize_url, page_import_request

logger = logging.getLogger(__name__)

POLL_FEED_TASK = "attribution.tasks.poll_feed"
FEED_MAX_FAILURES = 5
# the poll task's hard time limit (tasks.poll_feed): one fetch, the parse of a long feed, the imports it
# asks for. A claim older than that and a minute lost its worker (the fetch queue's thread pool enforces
# no time limit: the fetch's own time-outs end a check).
POLL_TIME_LIMIT = 150
CLAIM_LOST_AFTER = datetime.timedelta(seconds=POLL_TIME_LIMIT + 60)
ETAG_MAX_CHARS, LAST_MODIFIED_MAX_CHARS = 500, 100


class _ClaimLost(Exception):
    """Another poller took the feed over while this one was checking it: this check stores nothing."""


def feed_add(*, url: str, publication_name: str, user=None) -> tuple[Feed, bool]:
    """The feed at ``url``, added and checked at once; the same address again is the feed already here.
    Raises ValidationError for an address that is no web address."""
    url = normalize_url(url)
    with transaction.atomic():
        feed, created = Feed.objects.get_or_create(
            url=url, defaults={"publication_name": publication_name.strip()[:200], "added_by": user}
        )
        if created:
            feed_poll_enqueue(feed_id=feed.id)  # its first check now, not at the scheduler's next round
    return feed, created


def feed_poll_enqueue(*, feed_id: int) -> None:
    """Send a check of the feed to the fetch queue once the transaction commits. A broker that is down
    loses nothing: the feed is still due at the scheduler's next round."""
    transaction.on_commit(partial(_publish, feed_id), robust=True)


def _publish(feed_id: int) -> None:
    try:
        current_app.send_task(POLL_FEED_TASK, args=[feed_id])
    except Exception:
        logger.warning("Broker unavailable: feed %s is checked at the scheduler's next round.", feed_id)


def feeds_poll_due() -> int:
    """Send a check of every feed that is due: not paused, not being checked, not checked lately."""
    # Checked within half the interval, not the whole of it: the scheduler's rounds come every
    # FEED_POLL_SECONDS, and a feed checked a few seconds after the last round began is due at this round,
    # not at the one after.
    recently = datetime.timedelta(seconds=settings.FEED_POLL_SECONDS / 2)
    due = Feed.objects.due(now=timezone.now(), checked_within=recently, claim_lost_after=CLAIM_LOST_AFTER)
    with transaction.atomic():
        ids = list(due.values_list("id", flat=True))
        for feed_id in ids:
            feed_poll_enqueue(feed_id=feed_id)
    return len(ids)


def feed_poll(*, feed_id: int) -> Feed | None:
    """Check the feed once: a conditional GET with the validators of its last answer (a 304 is a check
    with nothing new); each entry not seen before (by GUID, else link) imported by its address, the entries
    and their imports stored in one transaction. A failure is stored with its reason and counted; the
    FEED_MAX_FAILURES-th in a row pauses the feed. None when it is paused, or another poller has it."""
    claim = timezone.now()
    claimed = (
        Feed.objects.filter(id=feed_id, paused_at__isnull=True)
        .filter(Q(polling_since__isnull=True) | Q(polling_since__lt=claim - CLAIM_LOST_AFTER))
        .update(polling_since=claim)
    )
    if not claimed:
        return None
    feed = Feed.objects.select_related("added_by").get(id=feed_id)
    try:
        fetched = fetch(
            feed.url,
            content_types=FEED_TYPES,
            allowed_hosts=settings.FETCH_ALLOWED_HOSTS,
            max_bytes=settings.FETCH_MAX_BYTES,
            max_redirects=settings.FETCH_MAX_REDIRECTS,
            connect_timeout=settings.FETCH_CONNECT_TIMEOUT,
            total_timeout=settings.FETCH_TOTAL_TIMEOUT,
            etag=feed.etag,
            last_modified=feed.last_modified,
        )
        if fetched.status == 304:
            _store(feed, claim, fetched, parsed=None)
        else:
            parsed = parse_feed(
                fetched.body,
                url=fetched.final_url,
                content_type=fetched.content_type,
                charset=fetched.charset,
                max_entries=settings.FEED_MAX_ENTRIES,
            )
            _store(feed, claim, fetched, parsed=parsed)
    except _ClaimLost:
        return None
    except (FetchError, FeedError) as error:
        _failed(feed, claim, str(error))
    except Exception as error:  # a bug, or the database gone: said on the page and counted, never silent
        logger.exception("The check of feed %s failed", feed_id)
        _failed(feed, claim, f"The check failed: {type(error).__name__}: {error}")
    feed.refresh_from_db()
    return feed


def _store(feed: Feed, claim: datetime.datetime, fetched: Fetched, *, parsed: ParsedFeed | None) -> None:
    now = timezone.now()
    changes = {
        "last_checked_at": now,
        "last_success_at": now,
        "last_error": "",
        "failures": 0,
        "polling_since": None,
    }
    # a 304 may send its validators again, or none: the stored ones stay good until a 200 replaces them
    if fetched.etag or parsed is not None:
        changes["etag"] = _validator(fetched.etag, ETAG_MAX_CHARS)
    if fetched.last_modified or parsed is not None:
        changes["last_modified"] = _validator(fetched.last_modified, LAST_MODIFIED_MAX_CHARS)
    # One transaction: the entries, the imports they asked for (sent to the queue only once it commits) and
    # the feed's counts are stored together or not at all.
    with transaction.atomic():
        if parsed is not None:
            keys = [entry.key for entry in parsed.entries]
            seen = set(FeedEntry.objects.filter(feed=feed, key__in=keys).values_list("key", flat=True))
            # oldest first: their imports are queued in the order the stories were published
            new = [_entry(feed, entry) for entry in reversed(parsed.entries) if entry.key not in seen]
            FeedEntry.objects.bulk_create(new)
            taken = sum(1 for entry in new if entry.page_import_id or entry.article_id)
            changes |= {
                "title": parsed.title or feed.title,
                "last_note": _note(parsed, passed_over=len(new) - taken),
                "items_taken": F("items_taken") + taken,
            }
        if not Feed.objects.filter(id=feed.id, polling_since=claim).update(**changes):
            raise _ClaimLost  # and the transaction is rolled back: the poller that has it stores its own


def _entry(feed: Feed, entry) -> FeedEntry:
    try:
        found, _ = page_import_request(
            url=entry.link, publication_name=feed.publication_name, user=feed.added_by
        )
    except ValidationError:
        found = None  # a link that is no web address: remembered as seen, so it is not tried again
    return FeedEntry(
        feed=feed,
        key=entry.key,
        url=entry.link[:1000],
        title=entry.title,
        published_at=entry.published,
        page_import=found if isinstance(found, PageImport) else None,
        article=found if isinstance(found, Article) else None,
    )


def _note(parsed: ParsedFeed, *, passed_over: int) -> str:
    notes = []
    if parsed.left_out:
        notes.append(
            f"The feed lists {parsed.total:,} entries: only its newest {len(parsed.entries):,} are read at "
            f"each check, {parsed.left_out:,} were left out (FEED_MAX_ENTRIES)."
        )
    if parsed.without_link:
        notes.append(f"{parsed.without_link:,} entries have no link and were passed over.")
    if passed_over:
        notes.append(
            f"{passed_over:,} new entries link to no web address (http or https) and were passed over."
        )
    return " ".join(notes)


def _validator(value: str, limit: int) -> str:
    # one too long to store whole would never match again: better none (a full answer each time)
    return value if len(value) <= limit else ""


def _failed(feed: Feed, claim: datetime.datetime, reason: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        counted = Feed.objects.filter(id=feed.id, polling_since=claim).update(
            failures=F("failures") + 1, last_error=reason, last_checked_at=now, polling_since=None
        )
        if counted:
            Feed.objects.filter(id=feed.id, failures__gte=FEED_MAX_FAILURES, paused_at__isnull=True).update(
                paused_at=now,
                paused_reason=f"Paused after {FEED_MAX_FAILURES} failed checks in a row; the last: {reason}",
            )


def feed_pause(*, feed_id: int, user=None) -> bool:
    """Stop checking the feed; False when it is paused already."""
    reason = f"Paused by {user.get_username()}." if user is not None else "Paused."
    paused = Feed.objects.filter(id=feed_id, paused_at__isnull=True).update(
        paused_at=timezone.now(), paused_reason=reason
    )
    return bool(paused)


def feed_resume(*, feed_id: int) -> bool:
    """Check the feed again, at once and then every FEED_POLL_SECONDS, with its count of failures back at
    zero; False when it is not paused."""
    with transaction.atomic():
        resumed = Feed.objects.filter(id=feed_id, paused_at__isnull=False).update(
            paused_at=None, paused_reason="", failures=0
        )
        if resumed:
            feed_poll_enqueue(feed_id=feed_id)
    return bool(resumed)
