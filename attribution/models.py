"""The tables: columns, constraints and indexes. States and kinds are in choices.py, the reads (QuerySet
methods, attached here as managers) in querysets.py, every write in services/."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, F, Func, Q, Value, When

from .choices import ArticleState, AuditAction, ImportState, QuoteKind, QuoteOrigin, ReviewState, SpeakerKind
from .querysets import (
    NEWEST_FIRST,
    ArticleQuerySet,
    AuditEventQuerySet,
    FeedQuerySet,
    QuoteQuerySet,
    SpeakerMonthQuerySet,
    SpeakerQuerySet,
)
from .search import SEARCH_CONFIG
from .text import ORGANIZATION_SUFFIXES, ORGANIZATION_TITLES, PERSON_SUFFIXES, PERSON_TITLES

__all__ = [
    "ApiKey",
    "Article",
    "ArticleState",
    "AuditAction",
    "AuditEvent",
    "Feed",
    "FeedEntry",
    "PageImport",
    "Publication",
    "Quote",
    "QuoteKind",
    "QuoteOrigin",
    "ReviewState",
    "Speaker",
    "SpeakerKind",
    "SpeakerMonth",
]


class Publication(models.Model):
    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    State = ArticleState

    PENDING_STATES = (State.QUEUED, State.EXTRACTING)

    title = models.CharField(max_length=500)
    text = models.TextField()
    # sha256 of the stored text: the same article uploaded twice is one row.
    content_hash = models.CharField(max_length=64, unique=True)
    publication = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    url = models.URLField(max_length=1000, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    source_filename = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Articles uploaded together share a batch, so the upload page can show their progress.
    upload_batch = models.UUIDField(null=True, blank=True, db_index=True)
    # The CMS's own id of the story, given through the API: the same id again is the same article.
    external_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # The API key that created it: its callback hears when the article is extracted or fails.
    api_key = models.ForeignKey(
        "ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    state = models.CharField(max_length=12, choices=State, default=State.QUEUED)
    error = models.TextField(blank=True)
    extractor_version = models.CharField(max_length=40, blank=True)
    # Set by the worker that claimed the article; only that worker may store results (see extraction_save).
    claim_token = models.UUIDField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    # When the message reached the broker; null while it has not (Redis down), which the sweep looks for.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    extraction_attempts = models.PositiveSmallIntegerField(default=0)
    extraction_started_at = models.DateTimeField(null=True, blank=True)
    extraction_finished_at = models.DateTimeField(null=True, blank=True)
    # Set when an editor marks the article reviewed; cleared when it is reopened.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="article_newest"),
            # The sweep looks for pending articles only; a partial index keeps that cheap on a big archive.
            models.Index(
                fields=["state", "queued_at"],
                name="article_pending",
                condition=Q(state__in=["queued", "extracting"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ArticleState.values), name="article_state_valid"),
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
            models.CheckConstraint(
                condition=Q(state="failed") | Q(error=""), name="article_error_only_when_failed"
            ),
            models.CheckConstraint(
                condition=Q(state="extracting", claim_token__isnull=False) | ~Q(state="extracting"),
                name="article_extracting_has_claim",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.state in self.PENDING_STATES


def _without(name, titles: list[str], suffixes: list[str]) -> Func:
    """``name`` with the leading ``titles`` and trailing ``suffixes`` taken off, as whole words: a name is
    never left empty, since a title needs a word after it and a suffix a word before it."""
    start = Func(name, Value(f"^(({'|'.join(titles)}) )+"), Value(""), function="REGEXP_REPLACE")
    return Func(start, Value(f"( ({'|'.join(suffixes)}))+$"), Value(""), function="REGEXP_REPLACE")


# The name as the duplicates queue compares it (see text.py): "dr priya raman" -> "priya raman".
NAME_KEY = Case(
    When(kind="person", then=_without(F("normalized_name"), PERSON_TITLES, PERSON_SUFFIXES)),
    When(
        kind="organization",
        then=_without(F("normalized_name"), ORGANIZATION_TITLES, ORGANIZATION_SUFFIXES),
    ),
    default=F("normalized_name"),
)
# Its last word, the surname of a person: "raman".
SURNAME_KEY = Func(NAME_KEY, Value("^.* "), Value(""), function="REGEXP_REPLACE")


class PageImport(models.Model):
    """An article asked for by its address: fetched by a worker of its own queue, then stored as any other
    article. The article exists only once its page was read: a failed fetch leaves this row, with the
    reason, and nothing half-stored."""

    State = ImportState

    url = models.URLField(max_length=1000, unique=True)  # as given, without its #fragment
    canonical_url = models.URLField(max_length=1000, blank=True, db_index=True)  # as the page says
    state = models.CharField(max_length=12, choices=State, default=State.QUEUED)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    publication_name = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    upload_batch = models.UUIDField(null=True, blank=True, db_index=True)
    # given through the API: carried over to the article once the page is read
    external_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    api_key = models.ForeignKey(
        "ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # when its state last changed (set by every service that changes it: updates skip auto_now)
    updated_at = models.DateTimeField(auto_now=True)
    # when its message reached the broker; null while it has not (Redis down), which the sweep looks for
    enqueued_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["state", "updated_at"],
                name="import_pending",
                condition=Q(state__in=["queued", "fetching"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ImportState.values), name="import_state_valid"),
            models.CheckConstraint(
                condition=Q(state="failed") | Q(error=""), name="import_error_only_when_failed"
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(article__isnull=False), name="import_done_has_article"
            ),
        ]

    def __str__(self) -> str:
        return self.url


class ApiKey(models.Model):
    """A key a program uses to act as its user through the API (/api/v1/). Only its SHA-256 is stored: the
    key itself is shown once, when it is made. Keys are long and random, so a plain hash is enough."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    # the key's first characters, so its owner can tell which key is which
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    # Where to POST when an article this key created is extracted or fails; signed with callback_secret.
    callback_url = models.URLField(max_length=1000, blank=True)
    callback_secret = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Speaker(models.Model):
    Kind = SpeakerKind

    # Named speakers (people, organizations) are one record across all articles; the others belong to one.
    SHARED_KINDS = (Kind.PERSON, Kind.ORGANIZATION)

    name = models.CharField(max_length=300)
    normalized_name = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=Kind)
    anonymous = models.BooleanField()
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="local_speakers"
    )
    # A speaker merged into another stays as an alias: its name keeps leading there (new extractions
    # included), and the merge can be undone.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="aliases"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by PostgreSQL from the name and kind: what the duplicates queue compares (querysets.py,
    # SpeakerQuerySet.duplicate_pairs). A generated column, not an expression index, so that the queries
    # and the index cannot drift apart.
    name_key = models.GeneratedField(
        expression=NAME_KEY, output_field=models.CharField(max_length=300), db_persist=True
    )
    surname_key = models.GeneratedField(
        expression=SURNAME_KEY, output_field=models.CharField(max_length=300), db_persist=True
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # typo- and accent-tolerant name search (normalized_name has no accents)
            GinIndex(OpClass("normalized_name", name="gin_trgm_ops"), name="speaker_name_trgm"),
            # the directory: named speakers in the order of their names, a page read without sorting them all
            models.Index(
                fields=["name"],
                condition=Q(article__isnull=True, merged_into__isnull=True),
                name="speaker_directory",
            ),
            # likely duplicates: named speakers of a kind by surname, then by name without titles; both
            # rules of the queue probe it (the same name_key has the same surname_key), from the index alone
            models.Index(
                fields=["kind", "surname_key", "name_key"],
                include=["id"],
                condition=Q(article__isnull=True, merged_into__isnull=True),
                name="speaker_duplicates",
            ),
            # and where the queue starts from: the few named speakers with a title or suffix, or named by a
            # surname alone (a scan of every speaker otherwise: the planner cannot tell they are few)
            models.Index(
                fields=["kind", "name_key"],
                condition=Q(article__isnull=True, merged_into__isnull=True)
                & (~Q(name_key=F("normalized_name")) | Q(name_key=F("surname_key"))),
                name="speaker_duplicate_starts",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SpeakerKind.values), name="speaker_kind_valid"),
            models.CheckConstraint(condition=~Q(normalized_name=""), name="speaker_name_not_empty"),
            models.CheckConstraint(
                condition=(Q(kind__in=["person", "organization"], article__isnull=True))
                | (~Q(kind__in=["person", "organization"]) & Q(article__isnull=False)),
                name="speaker_shared_only_when_named",
            ),
            models.UniqueConstraint(
                fields=["kind", "normalized_name"],
                condition=Q(article__isnull=True),
                name="speaker_shared_unique",
            ),
            models.UniqueConstraint(
                fields=["article", "kind", "normalized_name"],
                condition=Q(article__isnull=False),
                name="speaker_local_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Quote(models.Model):
    Kind = QuoteKind
    Origin = QuoteOrigin
    ReviewState = ReviewState

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    # Character offsets into article.text: text == article.text[start:end].
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=Kind)
    cue = models.CharField(max_length=100, blank=True)
    # RESTRICT, not PROTECT: deleting an article deletes its local speakers together with their quotes,
    # while a speaker who still has quotes cannot be deleted on its own.
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.RESTRICT, related_name="quotes"
    )
    speaker_mention = models.CharField(max_length=500, blank=True)
    mention_start = models.PositiveIntegerField(null=True, blank=True)
    mention_end = models.PositiveIntegerField(null=True, blank=True)
    anonymity_reason = models.CharField(max_length=300, blank=True)
    # The speaker's role as the article gives it ("French President", "Harbourview mayor"), where the quote's
    # speaker is named with one; role_words puts it in a category.
    speaker_role = models.CharField(max_length=200, blank=True)
    confidence = models.FloatField()
    origin = models.CharField(max_length=8, choices=Origin, default=Origin.MACHINE)
    review_state = models.CharField(max_length=10, choices=ReviewState, default=ReviewState.UNREVIEWED)
    # What a person corrected on a machine quote: the quality page counts these.
    speaker_corrected = models.BooleanField(default=False)
    span_corrected = models.BooleanField(default=False)
    kind_corrected = models.BooleanField(default=False)
    # Optimistic lock: every change names the version it was made on, and bumps it.
    version = models.PositiveIntegerField(default=1)
    # The speaker's name as the extractor resolved it: splitting an alias back out finds its quotes by it.
    attributed_name = models.CharField(max_length=300, blank=True)
    # Copies of the article's date and publication, kept by PostgreSQL (triggers of migration 0006: every
    # insert or update of a quote copies them from its article, every change of an article's date or
    # publication copies them to its quotes). Searching by date or publication and a speaker's page then read
    # one index of quotes instead of joining every matching quote to its article. Whatever Python writes
    # here is overwritten; read them from the database, not from a Quote just created.
    published_on = models.DateField(null=True, blank=True, editable=False)
    publication = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by PostgreSQL: the words of the quote, unaccented and stemmed (the "newsroom" configuration).
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "end"]
        permissions = [("export_quote", "Can export quotes as CSV")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="quote_span_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=QuoteKind.values), name="quote_kind_valid"),
            models.CheckConstraint(condition=Q(origin__in=QuoteOrigin.values), name="quote_origin_valid"),
            models.CheckConstraint(
                condition=Q(review_state__in=ReviewState.values), name="quote_review_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0.0, confidence__lte=1.0), name="quote_confidence_in_unit_range"
            ),
            models.CheckConstraint(
                condition=Q(mention_start__isnull=True, mention_end__isnull=True)
                | Q(mention_start__isnull=False, mention_end__gt=models.F("mention_start")),
                name="quote_mention_span_valid",
            ),
            # One quote per span and article: a second extraction run cannot add a duplicate set.
            models.UniqueConstraint(fields=["article", "start", "end"], name="quote_span_unique"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="quote_search"),
            # Newest first, as search sorted by date and the ranking's candidates read them.
            models.Index(NEWEST_FIRST, F("id").desc(), name="quote_newest"),
            # A speaker's quotes newest first; with the included columns, a speaker's counts per month and
            # per publication and the directory's figures are read from the index alone.
            models.Index(
                F("speaker"),
                NEWEST_FIRST,
                F("id").desc(),
                name="quote_speaker_newest",
                include=["review_state", "publication", "article"],
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class SpeakerMonth(models.Model):
    """How many quotes a speaker has per month and publication, rejected quotes left out.

    Kept by PostgreSQL: statement triggers of migration 0007 add each inserted, updated or deleted set of
    quotes to these counts, in one sorted upsert per statement (sorted, so that two workers saving articles
    that quote the same people lock the same rows in the same order). A speaker's page charts a hundred
    thousand quotes by reading a few hundred rows. Never written from Python.
    """

    # no index of its own: the unique constraint's index starts with the speaker
    speaker = models.ForeignKey(Speaker, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    month = models.DateField(null=True)  # null: the quotes of undated articles
    publication = models.ForeignKey(Publication, null=True, on_delete=models.DO_NOTHING, related_name="+")
    quotes = models.IntegerField()  # no CHECK (>= 0): PostgreSQL checks an upsert's row before its conflict

    objects = SpeakerMonthQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["speaker", "month", "publication"], name="speakermonth_unique", nulls_distinct=False
            ),
        ]
        indexes = [
            # the counts a change brought to zero are deleted; this finds them without a scan
            models.Index(fields=["speaker"], name="speakermonth_empty", condition=Q(quotes=0)),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_id} {self.month} {self.publication_id}: {self.quotes}"


class AuditEvent(models.Model):
    """Who changed what, when, from what to what. Rows are only ever added."""

    Action = AuditAction

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # SET_NULL everywhere: the trail outlives the user, article or quote it mentions.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40, choices=Action)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.SET_NULL, related_name="history")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    # {field: [before, after]}, values as shown to people (a speaker's name, not its id)
    changes = models.JSONField(default=dict, blank=True)
    # what undoing the action needs (the quotes a merge moved)
    undo_data = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["quote", "-created_at"], name="audit_quote_newest"),
            models.Index(fields=["article", "-created_at"], name="audit_article_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class Feed(models.Model):
    """A publication's RSS or Atom feed: polled every FEED_POLL_SECONDS by a worker of the fetch queue, each
    new entry imported by its address (PageImport). Failing FEED_MAX_FAILURES times in a row pauses it."""

    url = models.URLField(max_length=1000, unique=True)  # as given, without its #fragment
    publication_name = models.CharField(max_length=200)  # the publication its articles are stored under
    title = models.CharField(max_length=500, blank=True)  # as the feed calls itself, from its last check
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # the validators of the last answer, sent back so that an unchanged feed answers 304 with no body
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # a poller's claim (a guarded update sets it): two never poll one feed at once; one older than the poll's
    # hard time limit lost its worker and may be taken over
    polling_since = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)  # why the last check failed; empty once one succeeds
    last_note = models.TextField(blank=True)  # what the last good check passed over (entries past the cap)
    failures = models.PositiveIntegerField(default=0)  # checks failed in a row
    items_taken = models.PositiveIntegerField(default=0)  # entries imported, over the feed's life
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_reason = models.TextField(blank=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["publication_name", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paused_at__isnull=False) | Q(paused_reason=""),
                name="feed_reason_only_when_paused",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class FeedEntry(models.Model):
    """An entry a feed listed, once: a later check that lists it again (by its GUID, else its link) takes
    nothing. Stored with its import in one transaction, so a check that failed half-way left none."""

    # no index of its own: the unique (feed, key) index below serves every look-up by feed
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries", db_index=False)
    key = models.CharField(max_length=1000)  # its GUID, or its link (attribution.feeds bounds the length)
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # what it led to: an import, or the article already here; neither when its link is no web address
    page_import = models.ForeignKey(
        PageImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_entries"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "feed entries"
        constraints = [
            # also the index a check's "which of these keys were seen" looks in
            models.UniqueConstraint(fields=["feed", "key"], name="feedentry_key_once_per_feed"),
        ]

    def __str__(self) -> str:
        return self.title or self.url
