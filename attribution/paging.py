"""Paging through a search's hits without counting them all: ``Hits`` (what the paginator slices) and
``CappedPaginator`` (counts up to COUNT_CAP, and pages on past it in date order)."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

from .models import Quote
from .search import RANKED_MATCHES, SearchFilters

# date order pages on past the count; no archive has this many pages
MAX_OPEN_PAGE = 10**9
# Matches are counted up to this many; as many of the newest are ranked by relevance.
COUNT_CAP = RANKED_MATCHES


class Hits:
    """A search's hits as its paginator sees them: slicing gives a page of quotes.

    The newest COUNT_CAP + 1 matches are read once, with their relevance: that counts them (up to the cap)
    and, by relevance, ranks the COUNT_CAP newest; a page is then its quotes fetched by id. Past the cap,
    relevance stops (the page says so) while date order pages on through the index of quotes by date."""

    def __init__(self, filters: SearchFilters) -> None:
        self.filters = filters
        newest = Quote.objects.newest(filters, slice(0, COUNT_CAP + 1))
        self.counted = len(newest)
        if filters.ranked:
            newest = sorted(newest[:COUNT_CAP], key=lambda row: (-row[1], -row[0]))  # the ranked ones
        self.ids = [id for id, _ in newest]

    def __len__(self) -> int:
        """The matches, counted up to COUNT_CAP + 1 (one more tells that there are more)."""
        return self.counted

    def __getitem__(self, window: slice) -> list[Quote]:
        ids = self.ids[window]
        if window.stop > len(self.ids) and not self.filters.ranked:
            ids = [id for id, _ in Quote.objects.newest(self.filters, window)]
        return Quote.objects.hits(self.filters, ids) if ids else []


class CappedPaginator(Paginator):
    """Counts matches only up to COUNT_CAP: counting every match of a common word costs more than the page.

    Past the cap, an open-ended paginator goes on page after page while pages are full (date order reaches
    every match); a closed one stops at the cap (relevance ranks only the newest COUNT_CAP matches)."""

    def __init__(self, object_list: Hits, per_page, *, open_ended: bool) -> None:
        super().__init__(object_list, per_page)
        self._counted = len(object_list)  # up to COUNT_CAP + 1
        self.open_ended = open_ended

    @property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self._counted > COUNT_CAP

    @property
    def unbounded(self) -> bool:
        return self.capped and self.open_ended

    def validate_number(self, number) -> int:
        if not self.unbounded:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer.") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1.")
        if number > MAX_OPEN_PAGE:  # an offset PostgreSQL cannot even hold
            raise EmptyPage("That page is past the end.")
        return number

    def page(self, number) -> Page:
        if not self.unbounded:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])  # one more: is there a next page?
        return OpenPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class OpenPage(Page):
    """A page of a paginator that does not know how many pages there are."""

    def __init__(self, object_list, number, paginator, *, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more
