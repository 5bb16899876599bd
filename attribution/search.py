"""The search machinery: what a search asks (SearchFilters), how PostgreSQL is asked it (the text search
configuration, the ``AnyOf`` lookup) and how matches come back marked (the hit markers). The QuerySet methods
that run a search (``QuoteQuerySet.matching``, ``newest``, ``hits``) take these; this module imports no model,
so models.py can import it."""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import models
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Text search configuration made by migration 0005: English stemming after unaccent ("Élysée" ~ "elysee").
SEARCH_CONFIG = "newsroom"

# ts_headline marks matches with these; highlighted() escapes the quote, then turns them into <mark>.
HIT_START, HIT_END = "\x02", "\x03"

# Search by relevance ranks this many of the newest matches (see paging.Hits).
RANKED_MATCHES = 1000


@dataclass(frozen=True)
class SearchFilters:
    words: str = ""  # web-style: "a phrase", -word, or
    speaker_ids: list[int] | None = None
    speaker_kind: str = ""
    anonymous: bool | None = None
    kind: str = ""
    publication_id: int | None = None
    byline: str = ""  # a part of the article's byline, any case
    article_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    review_state: str = ""
    sort: str = "relevance"  # or "date"

    def text_query(self) -> SearchQuery:
        return SearchQuery(self.words, search_type="websearch", config=SEARCH_CONFIG)

    @property
    def ranked(self) -> bool:
        """Listed by relevance: only the RANKED_MATCHES newest matches are (see paging.Hits)."""
        return bool(self.words) and self.sort != "date"


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


def highlighted(text: str) -> SafeString:
    """A hit's text as HTML: the quote is escaped first; only the markers ts_headline put around matches
    become markup."""
    return mark_safe(escape(text).replace(HIT_START, "<mark>").replace(HIT_END, "</mark>"))
