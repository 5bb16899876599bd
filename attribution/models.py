import datetime
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

# Text search configuration made by migration 0005: English stemming after unaccent ("Élysée" ~ "elysee").
SEARCH_CONFIG = "newsroom"


def normalize_name(name: str) -> str:
    """The key under which a speaker's name is shared: case, accents, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(
        ch if ch.isalnum() else " " for ch in decomposed.casefold() if not unicodedata.combining(ch)
    )
    return " ".join(letters.split())


class Publication(models.Model):
    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _quotes_of_article(which: Q) -> Coalesce:
    """How many of an article's quotes are `which`, as a subquery run for each row that is kept."""
    quotes = Quote.objects.filter(which, article=OuterRef("pk")).order_by().values("article")
    return Coalesce(Subquery(quotes.annotate(n=Count("id")).values("n")), 0)


class ArticleQuerySet(models.QuerySet):
    def pending(self) -> "ArticleQuerySet":
        return self.filter(state__in=Article.PENDING_STATES)

    # Quotes are counted per article by a subquery, for the page's rows only: a join and GROUP BY would
    # count the quotes of every article before the page keeps 50 (415 ms at 100,000 quotes, and the text of
    # each article carried through the sort).
    def for_list(self) -> "ArticleQuerySet":
        return (
            self.select_related("publication", "uploaded_by")
            .defer("text")
            .annotate(quote_count=_quotes_of_article(~Q(review_state=ReviewState.REJECTED)))
            .order_by("-created_at", "-id")
        )

    def for_review(self) -> "ArticleQuerySet":
        """Extracted articles nobody has marked reviewed, newest first, with their quotes counted."""
        unreviewed = Q(review_state=ReviewState.UNREVIEWED)
        return (
            self.filter(state=ArticleState.DONE, reviewed_at__isnull=True)
            .select_related("publication")
            .defer("text")
            .annotate(
                quote_count=_quotes_of_article(~Q(review_state=ReviewState.REJECTED)),
                doubtful_count=_quotes_of_article(unreviewed & Q(confidence__lt=DOUBTFUL_BELOW)),
                unreviewed_count=_quotes_of_article(unreviewed),
            )
            .order_by("-created_at", "-id")
        )

    def in_batch(self, batch) -> "ArticleQuerySet":
        return self.filter(upload_batch=batch)

    def state_counts(self) -> dict[str, int]:
        rows = self.order_by().values("state").annotate(n=Count("id")).values_list("state", "n")
        return dict(rows)


class ArticleState(models.TextChoices):
    QUEUED = "queued", "Queued"
    EXTRACTING = "extracting", "Extracting"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


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


class SpeakerQuerySet(models.QuerySet):
    def named(self) -> "SpeakerQuerySet":
        """Speakers shared across stories, aliases left out."""
        return self.filter(article__isnull=True, merged_into__isnull=True)

    def without_quotes(self) -> "SpeakerQuerySet":
        return self.filter(~Exists(Quote.objects.filter(speaker=OuterRef("pk"))))

    def matching(self, text: str) -> "SpeakerQuerySet":
        """Speakers whose name is like ``text``: a part of it, or close to it despite typos and accents."""
        wanted = normalize_name(text)[:100]
        if not wanted:
            return self.none()
        # a part of the name first (LIKE, cheap); only when none has it, names close to it (typos), whose
        # similarity is computed name by name
        containing = self.filter(normalized_name__contains=wanted)
        found = (
            containing if containing.exists() else self.filter(normalized_name__trigram_word_similar=wanted)
        )
        return found.annotate(closeness=TrigramWordSimilarity(wanted, "normalized_name")).order_by(
            "-closeness", "name"
        )


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ANONYMOUS = "anonymous", "Anonymous"
    GROUP = "group", "Group"
    ORGANIZATION = "organization", "Organization"
    UNKNOWN = "unknown", "Unknown"


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


# ts_headline marks matches with these; the view escapes the quote, then turns them into <mark>.
HIT_START, HIT_END = "\x02", "\x03"


@dataclass(frozen=True)
class SearchFilters:
    words: str = ""  # web-style: "a phrase", -word, or
    speaker_ids: list[int] | None = None
    speaker_kind: str = ""
    anonymous: bool | None = None
    kind: str = ""
    publication_id: int | None = None
    article_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    review_state: str = ""
    sort: str = "relevance"  # or "date"

    def text_query(self) -> SearchQuery:
        return SearchQuery(self.words, search_type="websearch", config=SEARCH_CONFIG)

    @property
    def ranked(self) -> bool:
        """Listed by relevance: only the RANKED_MATCHES newest matches are (see search_views.Hits)."""
        return bool(self.words) and self.sort != "date"


# A machine quote below this confidence is marked doubtful for reviewers.
DOUBTFUL_BELOW = 0.6
# Search by relevance ranks this many of the newest matches (see QuoteQuerySet.search).
RANKED_MATCHES = 1000


class AnyOf(models.Lookup):
    """``column = ANY(array)``: a thousand ids are one parameter, where ``IN`` quotes each one."""

    lookup_name = "any_of"

    def __init__(self, column: F, values: list[int]) -> None:
        # no output field: psycopg sends the list as an array as it is (an ArrayField would convert each id)
        super().__init__(column, models.Value(values))

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


class QuoteQuerySet(models.QuerySet):
    def for_article_page(self) -> "QuoteQuerySet":
        return self.select_related("speaker").order_by("start", "end")

    def matching(self, filters: "SearchFilters") -> "QuoteQuerySet":
        """Every quote matching ``filters``, unordered: what an export of the search holds."""
        qs = self
        if filters.review_state:
            qs = qs.filter(review_state=filters.review_state)
        else:
            qs = qs.exclude(review_state=ReviewState.REJECTED)  # not quotes, by an editor's decision
        if filters.words:
            qs = qs.filter(search_vector=filters.text_query())
        if filters.speaker_ids is not None:
            qs = qs.filter(speaker_id__in=filters.speaker_ids)
        if filters.speaker_kind:
            qs = qs.filter(speaker__kind=filters.speaker_kind)
        if filters.anonymous is not None:
            qs = qs.filter(speaker__anonymous=filters.anonymous)
        if filters.kind:
            qs = qs.filter(kind=filters.kind)
        if filters.publication_id:
            qs = qs.filter(publication_id=filters.publication_id)
        if filters.article_id:
            qs = qs.filter(article_id=filters.article_id)
        if filters.date_from:
            qs = qs.filter(published_on__gte=filters.date_from)
        if filters.date_to:
            qs = qs.filter(published_on__lte=filters.date_to)
        return qs

    def newest(self, filters: "SearchFilters", window: slice) -> list[tuple[int, float]]:
        """The quotes matching ``filters``, newest first, cut to ``window``, as (id, relevance) pairs;
        relevance is 0 without words.

        They are read through the index of quotes by date, so a common word stops at the window's end, where
        counting or ranking all its matches would read a large part of the archive (800 ms at a million
        quotes). Relevance is computed as each match is read: ranking them takes no second look at the
        table."""
        rank = SearchRank(F("search_vector"), filters.text_query()) if filters.words else models.Value(0.0)
        rows = self.matching(filters).order_by(*NEWEST).annotate(rank=rank).values_list("id", "rank")
        return list(rows[window])

    def hits(self, filters: "SearchFilters", ids: list[int]) -> list["Quote"]:
        """The quotes of these ids in this order, as a page of the search shows them: the matching words
        marked, speaker, article and publication fetched (for these quotes only)."""
        qs = self.filter(AnyOf(F("id"), ids))
        if filters.words:
            qs = qs.annotate(
                headline=SearchHeadline(
                    "text",
                    filters.text_query(),
                    config=SEARCH_CONFIG,
                    start_sel=HIT_START,
                    stop_sel=HIT_END,
                    highlight_all=True,
                )
            )
        qs = qs.select_related("speaker", "article__publication").defer("article__text")
        found = {quote.id: quote for quote in qs}
        return [found[id] for id in ids if id in found]  # one deleted meanwhile is left out

    def speaker_counts(self, speaker_ids: list[int]) -> dict[int, dict]:
        """Quotes, articles, first and last quoted of these speakers (a page of the directory: counting only
        them uses the quotes' speaker index, where counting the whole directory would scan every quote)."""
        rows = (
            self.filter(speaker_id__in=speaker_ids)
            .exclude(review_state=ReviewState.REJECTED)
            .values("speaker_id")
            .annotate(
                quote_count=Count("id"),
                article_count=Count("article", distinct=True),
                first_quoted=Min("published_on"),
                last_quoted=Max("published_on"),
            )
        )
        return {row.pop("speaker_id"): row for row in rows}

    def quality_by_month(self) -> "QuoteQuerySet":
        """Per month of review, what editors did with the machine's quotes of reviewed articles."""
        machine = Q(origin=QuoteOrigin.MACHINE)
        return (
            self.filter(article__reviewed_at__isnull=False)
            .annotate(month=TruncMonth("article__reviewed_at"))
            .values("month")
            .annotate(
                articles=Count("article", distinct=True),
                machine=Count("id", filter=machine),
                confirmed=Count("id", filter=machine & Q(review_state=ReviewState.CONFIRMED)),
                corrected=Count("id", filter=machine & Q(review_state=ReviewState.EDITED)),
                speaker_corrected=Count("id", filter=machine & Q(speaker_corrected=True)),
                span_corrected=Count("id", filter=machine & Q(span_corrected=True)),
                kind_corrected=Count("id", filter=machine & Q(kind_corrected=True)),
                rejected=Count("id", filter=machine & Q(review_state=ReviewState.REJECTED)),
                added=Count("id", filter=Q(origin=QuoteOrigin.HUMAN)),
            )
            .order_by("-month")
        )

    def machine_untouched(self) -> "QuoteQuerySet":
        return self.filter(origin=Quote.Origin.MACHINE, review_state=Quote.ReviewState.UNREVIEWED)


# Quotes newest first, those of undated articles last: the order of search by date and of a speaker's page.
NEWEST_FIRST = models.OrderBy(F("published_on"), descending=True, nulls_last=True)
NEWEST = (NEWEST_FIRST, "-id")


class QuoteKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    INDIRECT = "indirect", "Indirect"
    MIXED = "mixed", "Mixed"
    PARTIAL = "partial", "Partial"


class QuoteOrigin(models.TextChoices):
    MACHINE = "machine", "Machine"
    HUMAN = "human", "Human"


class ReviewState(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    CONFIRMED = "confirmed", "Confirmed"
    EDITED = "edited", "Edited"
    REJECTED = "rejected", "Rejected"


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


class SpeakerMonthQuerySet(models.QuerySet):
    def per_month(self) -> "SpeakerMonthQuerySet":
        return self.filter(month__isnull=False).values("month").annotate(n=Sum("quotes")).order_by("month")

    def publications(self) -> "SpeakerMonthQuerySet":
        return (
            self.filter(publication__isnull=False)
            .values("publication__name")
            .annotate(n=Sum("quotes"))
            .order_by("-n", "publication__name")
        )


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


class AuditAction(models.TextChoices):
    QUOTE_CONFIRMED = "quote_confirmed", "Confirmed the quote"
    QUOTE_REJECTED = "quote_rejected", "Rejected the quote"
    QUOTE_CORRECTED = "quote_corrected", "Corrected the quote"
    QUOTE_ADDED = "quote_added", "Added the quote"
    QUOTE_RESET = "quote_reset", "Set the quote back to unreviewed"
    SPEAKER_REDESCRIBED = "speaker_redescribed", "Renamed or re-described a speaker in the article"
    ARTICLE_REVIEWED = "article_reviewed", "Marked the article reviewed"
    ARTICLE_REOPENED = "article_reopened", "Reopened the article for review"
    SPEAKER_MERGED = "speaker_merged", "Merged a speaker into another"
    SPEAKER_SPLIT = "speaker_split", "Split an alias back out of a speaker"
    EXPORTED = "exported", "Exported quotes"
    ADMIN_ADDED = "admin_added", "Added in the admin"
    ADMIN_CHANGED = "admin_changed", "Changed in the admin"
    ADMIN_DELETED = "admin_deleted", "Deleted in the admin"


class AuditEventQuerySet(models.QuerySet):
    def for_history(self) -> "AuditEventQuerySet":
        return self.select_related("user").order_by("-created_at", "-id")


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
