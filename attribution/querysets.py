"""The reads: one QuerySet class per table, with the questions the pages ask of it.

Kept beside models.py, which attaches them as managers (``objects``); a QuerySet that asks another table
takes its model from the app registry when it runs, so this module and models.py do not import each other.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.search import SearchHeadline, SearchRank, TrigramWordSimilarity
from django.db import connections, models, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, TruncMonth
from django.urls import reverse

from .choices import ArticleState, QuoteOrigin, ReviewState, SpeakerKind
from .role_words import ROLE_RULES, role_pattern
from .search import HIT_END, HIT_START, SEARCH_CONFIG, AnyOf, SearchFilters
from .text import normalize_name

# A machine quote below this confidence is marked doubtful for reviewers.
DOUBTFUL_BELOW = 0.6
# Quotes newest first, those of undated articles last: the order of search by date and of a speaker's page.
NEWEST_FIRST = models.OrderBy(F("published_on"), descending=True, nulls_last=True)
NEWEST = (NEWEST_FIRST, "-id")

# An export's columns and the fields they are read from, in the order of the file.
EXPORT_FIELDS = {
    "quote": "text",
    "kind": "kind",
    "speaker": "speaker__name",
    "speaker_kind": "speaker__kind",
    "anonymous": "speaker__anonymous",
    "anonymity_reason": "anonymity_reason",
    "cue": "cue",
    "article_title": "article__title",
    "publication": "article__publication__name",
    "published_on": "article__published_on",
    "url": "article__url",
    "review_state": "review_state",
    "confidence": "confidence",
    "start": "start",
    "end": "end",
    "quote_id": "id",
    "article_id": "article_id",
    "speaker_mention": "speaker_mention",
    "speaker_id": "speaker_id",
    "byline": "article__byline",
    "reviewed_by": "article__reviewed_by__username",
    "reviewed_at": "article__reviewed_at",
    "speaker_role": "speaker_role",
}
# and last, the quote's address in the app (the site's own URL before it): "link"
# the fields holding free text, where a formula can hide (the others: numbers, dates, booleans, choices)
TEXT_FIELDS = {
    "text",
    "speaker__name",
    "anonymity_reason",
    "cue",
    "article__title",
    "article__publication__name",
    "article__url",
    "speaker_mention",
    "article__byline",
    "article__reviewed_by__username",
    "speaker_role",
}


def role_category_case(field: str = "speaker_role") -> Case:
    """The role category (role_words.role_category) of the role in ``field``, computed by PostgreSQL: NULL
    for no role and for a role of no category. An empty role, the most common, is answered before any
    regular expression runs; ``\\m`` and ``\\M`` are PostgreSQL's word boundaries.

    Each rule is a regular expression of some twenty words, about 4 µs for each row it is tried on in
    PostgreSQL 15: over a million quotes of fill_archive's roles (a third of the quotes have one) a count by
    category took 16 to 23 s. Fine as a row is written or over a few thousand rows; an archive's counts
    want a summary kept as quotes change."""
    rules = [
        When(**{f"{field}__iregex": role_pattern(words, start=r"\m", end=r"\M")}, then=Value(key))
        for key, words in ROLE_RULES
    ]
    return Case(When(**{field: ""}, then=None), *rules, default=None, output_field=models.CharField())


def _quotes() -> models.QuerySet:
    return apps.get_model("attribution", "Quote").objects.all()


def _speaker_months() -> models.QuerySet:
    return apps.get_model("attribution", "SpeakerMonth").objects.all()


def _quotes_of_article(which: Q) -> Coalesce:
    """How many of an article's quotes are `which`, as a subquery run for each row that is kept."""
    quotes = _quotes().filter(which, article=OuterRef("pk")).order_by().values("article")
    return Coalesce(Subquery(quotes.annotate(n=Count("id")).values("n")), 0)


class ArticleQuerySet(models.QuerySet):
    def pending(self) -> "ArticleQuerySet":
        return self.filter(state__in=self.model.PENDING_STATES)

    # Quotes are counted per article by a subquery, for the page's rows only: a join and GROUP BY would
    # count the quotes of every article before the page keeps 50 (415 ms at 100,000 quotes, and the text of
    # each article carried through the sort).
    def for_list(
        self, *, reviewed: bool | None = None, publication_id: int | None = None, state: str = ""
    ) -> "ArticleQuerySet":
        """The article list's rows, newest first; ``reviewed``: only those marked reviewed (True) or only
        those not (False); ``publication_id``, ``state``: only that publication's, only in that state."""
        articles = self
        if reviewed is not None:
            articles = articles.filter(reviewed_at__isnull=not reviewed)
        if publication_id is not None:
            articles = articles.filter(publication_id=publication_id)
        if state:
            articles = articles.filter(state=state)
        return (
            articles.select_related("publication", "uploaded_by", "reviewed_by")
            .defer("text")
            .annotate(quote_count=_quotes_of_article(~Q(review_state=ReviewState.REJECTED)))
            .order_by("-created_at", "-id")
        )

    def publications(self) -> models.QuerySet:
        """The publications of these articles, by name (EXISTS: no DISTINCT over every article)."""
        publication = apps.get_model("attribution", "Publication")
        return publication.objects.filter(Exists(self.filter(publication=OuterRef("pk")))).order_by("name")

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

    def for_page(self) -> "ArticleQuerySet":
        """What the article page shows beside the text: who uploaded and who reviewed it."""
        return self.select_related("publication", "uploaded_by", "reviewed_by")

    def in_batch(self, batch) -> "ArticleQuerySet":
        return self.filter(upload_batch=batch)

    def state_counts(self) -> dict[str, int]:
        rows = self.order_by().values("state").annotate(n=Count("id")).values_list("state", "n")
        return dict(rows)


# The likely duplicates among named speakers, as (id, id, quotes, quotes) with the lower id first, the pairs
# with the most quotes first, by two rules:
# - the same name but for titles or suffixes: one of the two has one (its name_key is shorter than its
#   normalized name), so the pairs start from those few;
# - a surname alone ("raman") beside the fuller names ending with it ("priya raman"), for people only; a
#   surname more than SHARED_SURNAME fuller names end with is left out (none of them is likely, and its
#   quotes need sorting one by one), so each surname reads at most SHARED_SURNAME + 1 of them.
# The starting speakers are read from the index speaker_duplicate_starts, and each probes the index
# speaker_duplicates (kind, surname_key, name_key): a LATERAL subquery with OFFSET or LIMIT is planned as
# such probes, where a plain join lets the planner, which cannot tell how few speakers have a title (a
# comparison of two columns), join every named speaker with every other of its surname. Quotes are
# counted from SpeakerMonth (as the directory counts them, rejected ones left out), a few index rows per
# speaker of a pair. At 160,000 named speakers with 4,000 candidate pairs: about 100 ms.
DUPLICATE_PAIRS_SQL = """
WITH titled AS (
    SELECT LEAST(a.id, same.id) AS one_id, GREATEST(a.id, same.id) AS other_id
    FROM attribution_speaker a CROSS JOIN LATERAL (
        SELECT b.id FROM attribution_speaker b
        WHERE b.kind = a.kind AND b.surname_key = a.surname_key AND b.name_key = a.name_key AND b.id <> a.id
            AND b.article_id IS NULL AND b.merged_into_id IS NULL
        OFFSET 0
    ) same
    WHERE a.article_id IS NULL AND a.merged_into_id IS NULL AND a.name_key <> a.normalized_name
), surnamed AS (
    SELECT a.id AS short_id, fuller.id AS full_id, count(*) OVER (PARTITION BY a.id) AS fuller_names
    FROM attribution_speaker a CROSS JOIN LATERAL (
        SELECT b.id FROM attribution_speaker b
        WHERE b.kind = a.kind AND b.surname_key = a.name_key AND b.name_key <> b.surname_key
            AND b.article_id IS NULL AND b.merged_into_id IS NULL
        LIMIT %(shared)s + 1
    ) fuller
    WHERE a.article_id IS NULL AND a.merged_into_id IS NULL AND a.kind = %(person)s
        AND a.name_key = a.surname_key
), pairs AS (
    SELECT one_id, other_id FROM titled
    UNION
    SELECT LEAST(short_id, full_id), GREATEST(short_id, full_id) FROM surnamed
    WHERE fuller_names <= %(shared)s
)
SELECT one_id, other_id, one.n, other.n
FROM pairs
CROSS JOIN LATERAL (
    SELECT coalesce(sum(quotes), 0) AS n FROM attribution_speakermonth WHERE speaker_id = one_id
) one
CROSS JOIN LATERAL (
    SELECT coalesce(sum(quotes), 0) AS n FROM attribution_speakermonth WHERE speaker_id = other_id
) other
ORDER BY one.n + other.n DESC, one_id, other_id
LIMIT %(limit)s
"""
SHARED_SURNAME = 5


@dataclass(frozen=True)
class DuplicatePair:
    """Two named speakers that are likely one: ``source`` would be merged into ``target``, the fuller name
    (for the same name but for a title, the one with more quotes). Each has its ``quote_count``."""

    source: models.Model
    target: models.Model

    @property
    def same_but_for_titles(self) -> bool:
        return self.source.name_key == self.target.name_key


def _fuller_first(one, other) -> tuple:
    def fullness(speaker):
        return (len(speaker.name_key.split()), speaker.quote_count, -speaker.id)

    return (one, other) if fullness(one) >= fullness(other) else (other, one)


class SpeakerQuerySet(models.QuerySet):
    def named(self) -> "SpeakerQuerySet":
        """Speakers shared across stories, aliases left out."""
        return self.filter(article__isnull=True, merged_into__isnull=True)

    def without_quotes(self) -> "SpeakerQuerySet":
        return self.filter(~Exists(_quotes().filter(speaker=OuterRef("pk"))))

    def quoted(self) -> "SpeakerQuerySet":
        """Speakers with a quote as the directory counts them (rejected ones are not): SpeakerMonth has rows
        for those and no others, under an index that starts with the speaker, where probing the quotes
        would read past a speaker's rejected ones."""
        return self.filter(Exists(_speaker_months().filter(speaker=OuterRef("pk"))))

    def with_quote_counts(self) -> "SpeakerQuerySet":
        """Each speaker's ``quote_count`` (rejected quotes left out), from its few rows of SpeakerMonth."""
        months = _speaker_months().filter(speaker=OuterRef("pk")).order_by().values("speaker")
        total = Subquery(months.annotate(n=Sum("quotes")).values("n"))
        return self.annotate(quote_count=Coalesce(total, 0))

    def duplicates_of(self, speaker) -> "SpeakerQuerySet":
        """The named speakers that are likely ``speaker`` by the rules of ``duplicate_pairs``."""
        if speaker.article_id or speaker.merged_into_id:
            return self.none()
        same = Q(name_key=speaker.name_key)
        kin = self.named().filter(kind=speaker.kind, surname_key=speaker.surname_key)
        if speaker.kind == SpeakerKind.PERSON:
            fuller = kin.exclude(name_key=F("surname_key"))
            if fuller[: SHARED_SURNAME + 1].count() <= SHARED_SURNAME:
                # a surname alone is like every fuller name ending with it, a fuller name like its surname
                alone = speaker.name_key == speaker.surname_key
                same |= ~Q(name_key=F("surname_key")) if alone else Q(name_key=F("surname_key"))
        return kin.filter(same).exclude(id=speaker.id)

    def duplicate_pairs(self, limit: int) -> list[DuplicatePair]:
        """The ``limit`` pairs of likely duplicates with the most quotes (see DUPLICATE_PAIRS_SQL)."""
        params = {"person": SpeakerKind.PERSON, "shared": SHARED_SURNAME, "limit": limit}
        with transaction.atomic(using=self.db), connections[self.db].cursor() as cursor:
            # The planner's guess of the titled speakers (most of them) makes the query look costly enough
            # to compile (JIT): a second and a half spent on a query that runs in tens of milliseconds.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(DUPLICATE_PAIRS_SQL, params)
            rows = cursor.fetchall()
        speakers = self.model.objects.in_bulk({id for row in rows for id in row[:2]})
        pairs = []
        for one_id, other_id, one_n, other_n in rows:
            one, other = speakers.get(one_id), speakers.get(other_id)
            if one is None or other is None:  # deleted in between
                continue
            one.quote_count, other.quote_count = one_n, other_n
            target, source = _fuller_first(one, other)
            pairs.append(DuplicatePair(source=source, target=target))
        return pairs

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

    def named_in(self, article, normalized_name: str, kinds: list[str]):
        """The speaker an editor means by this name in this article: the article's own first, else a named
        one from any story; None when there is none yet."""
        local = self.filter(article=article, normalized_name=normalized_name, kind__in=kinds)
        shared = self.filter(article__isnull=True, normalized_name=normalized_name, kind__in=kinds)
        return local.first() or shared.order_by("kind").first()

    def suggested(self, wanted: str, article_id: int | None, limit: int) -> "SpeakerQuerySet":
        """The speaker field's suggestions: this article's speakers and named speakers of any story."""
        here = Q(article_id=article_id) if article_id is not None else Q(pk__in=[])
        return self.filter((here | Q(article__isnull=True)) & Q(normalized_name__contains=wanted)).order_by(
            "article", "name"
        )[:limit]


class QuoteQuerySet(models.QuerySet):
    def for_article_page(self) -> "QuoteQuerySet":
        return self.select_related("speaker").order_by("start", "end")

    def matching(self, filters: SearchFilters) -> "QuoteQuerySet":
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
        if filters.byline:
            qs = qs.filter(article__byline__icontains=filters.byline)
        if filters.article_id:
            qs = qs.filter(article_id=filters.article_id)
        if filters.date_from:
            qs = qs.filter(published_on__gte=filters.date_from)
        if filters.date_to:
            qs = qs.filter(published_on__lte=filters.date_to)
        return qs

    def for_export(self, filters: SearchFilters, *, fmt: str, site: str = "") -> "QuoteQuerySet":
        """The quotes matching ``filters`` as an export in ``fmt`` holds them, a values_list in the order they
        were stored (the primary key): the first rows leave at once, where the search's own order would
        first sort every row of the export.

        "csv": a row of EXPORT_FIELDS' cells, where every text a spreadsheet would run as a formula gets a
        leading ``'`` and booleans read ``true`` / ``false``. "jsonl": one column, each row's JSON object
        (EXPORT_FIELDS' columns as keys, in their order; the data exact: programs read it). Both end with
        "link", the quote in its article page: ``site`` (as "https://quotes.example.org") and its path."""
        before, after = reverse("article_detail", args=[0]).rsplit("0", 1)
        link = Concat(
            Value(site + before),
            Cast("article_id", TextField()),
            Value(f"{after}?quote="),
            Cast("id", TextField()),
            Value("#q"),
            Cast("id", TextField()),
            output_field=TextField(),
        )
        if fmt == "jsonl":
            pairs = []
            for name, field in EXPORT_FIELDS.items():
                pairs += [Cast(Value(name), TextField()), F(field)]
            pairs += [Cast(Value("link"), TextField()), link]
            line = Func(*pairs, function="json_build_object", output_field=TextField())
            return self.matching(filters).order_by("id").annotate(line=line).values_list("line")
        columns = {}
        for n, field in enumerate(EXPORT_FIELDS.values()):
            value = F(field)
            if field in TEXT_FIELDS:
                formula = When(**{f"{field}__regex": "^[-=+@\t\r]"}, then=Concat(Value("'"), field))
                value = Case(formula, default=field, output_field=TextField())
            elif field == "speaker__anonymous":
                value = Case(
                    When(**{field: True}, then=Value("true")), When(**{field: False}, then=Value("false"))
                )
            columns[f"c{n}"] = value
        columns["link"] = link
        return self.matching(filters).order_by("id").annotate(**columns).values_list(*columns)

    def newest(self, filters: SearchFilters, window: slice) -> list[tuple[int, float]]:
        """The quotes matching ``filters``, newest first, cut to ``window``, as (id, relevance) pairs;
        relevance is 0 without words.

        They are read through the index of quotes by date, so a common word stops at the window's end, where
        counting or ranking all its matches would read a large part of the archive (800 ms at a million
        quotes). Relevance is computed as each match is read: ranking them takes no second look at the
        table."""
        rank = SearchRank(F("search_vector"), filters.text_query()) if filters.words else models.Value(0.0)
        rows = self.matching(filters).order_by(*NEWEST).annotate(rank=rank).values_list("id", "rank")
        return list(rows[window])

    def hits(self, filters: SearchFilters, ids: list[int]) -> list:
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

    def said_by(self, speaker_id: int) -> "QuoteQuerySet":
        """A speaker's quotes, newest first, rejected ones left out, each with its article (text deferred)."""
        return (
            self.filter(speaker_id=speaker_id)
            .exclude(review_state=ReviewState.REJECTED)
            .select_related("article")
            .defer("article__text")
            .order_by(*NEWEST)
        )

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

    def with_role_category(self) -> "QuoteQuerySet":
        """Each quote's ``role_category``, the key of its speaker's role's category (or None)."""
        return self.annotate(role_category=role_category_case())

    def machine_untouched(self) -> "QuoteQuerySet":
        return self.filter(origin=QuoteOrigin.MACHINE, review_state=ReviewState.UNREVIEWED)


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


class AuditEventQuerySet(models.QuerySet):
    def for_history(self) -> "AuditEventQuerySet":
        return self.select_related("user").order_by("-created_at", "-id")


class FeedQuerySet(models.QuerySet):
    def for_page(self) -> "FeedQuerySet":
        return self.select_related("added_by")

    def due(self, *, now, checked_within, claim_lost_after) -> "FeedQuerySet":
        """The feeds to poll now: not paused, not being polled (unless their poller's claim is older than
        ``claim_lost_after``: it died), and not checked within ``checked_within``."""
        return (
            self.filter(paused_at__isnull=True)
            .filter(Q(polling_since__isnull=True) | Q(polling_since__lt=now - claim_lost_after))
            .filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=now - checked_within))
        )
