"""What the API takes and gives, as pydantic models (django-ninja Schemas): the OpenAPI schema is made from
these, so each field says what it is."""

import datetime

from ninja import Field, Schema
from pydantic import model_validator

from ..choices import ArticleState, ImportState, QuoteKind, QuoteOrigin, ReviewState, SpeakerKind


class FieldError(Schema):
    field: str | None = Field(
        description="The field refused (dotted for a nested one); null: the whole body."
    )
    message: str


class Error(Schema):
    detail: str = Field(description="What went wrong, for the developer reading it.")
    errors: list[FieldError] | None = Field(None, description="On 422: each field refused, and why.")


class ArticleIn(Schema):
    text: str | None = Field(None, description="The article's plain text. Give text, html or url.")
    html: str | None = Field(None, description="The article's HTML (a CMS body); its markup is removed.")
    url: str | None = Field(
        None,
        max_length=1000,
        description="The article's address. Alone, the page is fetched and read (the answer is an import, "
        "202); beside text or html it is stored as the article's address.",
    )
    title: str = Field("", max_length=500, description="Left out: the HTML's <title> or the text's headline.")
    publication: str = Field("", max_length=200, description="The publication's name, created if new.")
    byline: str = Field("", max_length=300)
    published_on: datetime.date | None = Field(None, description="The publication date, YYYY-MM-DD.")
    external_id: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="Your id of the story: sending it again returns the article already made (200).",
    )

    @model_validator(mode="after")
    def _one_source(self) -> "ArticleIn":
        if self.text is not None and self.html is not None:
            raise ValueError("Give the article as text or as html, not both.")
        if self.text is None and self.html is None and not self.url:
            raise ValueError("Give the article's text, its html, or its url to fetch it from.")
        return self


class SpeakerBrief(Schema):
    id: int
    name: str
    kind: SpeakerKind
    anonymous: bool


class QuoteOut(Schema):
    id: int
    article: int

    @staticmethod
    def resolve_article(obj) -> int:
        return obj.article_id

    text: str
    start: int = Field(description="Where the quote starts in the article's text (a character offset).")
    end: int
    kind: QuoteKind
    cue: str = Field(description='The word that introduces it: "said", "told", ...')
    speaker: SpeakerBrief | None
    speaker_mention: str = Field(description="How the article names the speaker here.")
    speaker_role: str = Field(description='The role the article gives the speaker: "French President".')
    anonymity_reason: str = Field(description="Why the source is anonymous, as the article says.")
    confidence: float = Field(description="The extractor's confidence that the speaker is right, 0 to 1.")
    origin: QuoteOrigin
    review_state: ReviewState
    version: int = Field(description="Send it back with confirm or reject: a change since gives a 409.")
    published_on: datetime.date | None


class ArticleOut(Schema):
    id: int
    state: ArticleState = Field(description="queued, extracting, done or failed.")
    error: str = Field(description="Why extraction failed, when it did.")
    title: str
    publication: str | None = Field(None, description="The publication's name.")
    url: str
    byline: str
    published_on: datetime.date | None
    external_id: str | None
    created_at: datetime.datetime
    extraction_finished_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None

    @staticmethod
    def resolve_publication(obj) -> str | None:
        return obj.publication.name if obj.publication_id else None


class ArticleDetail(ArticleOut):
    text: str
    quotes: list[QuoteOut] = Field(description="In text order; rejected quotes are left out.")
    speakers: list[SpeakerBrief] = Field(description="Everyone the quotes are attributed to.")

    @staticmethod
    def resolve_quotes(obj) -> list:
        return obj.quotes_shown

    @staticmethod
    def resolve_speakers(obj) -> list:
        return obj.speakers_shown


class ImportOut(Schema):
    id: int
    url: str
    state: ImportState = Field(description="queued, fetching, done or failed.")
    error: str = Field(description="Why the page could not be fetched or read.")
    article: int | None = Field(description="The article made of the page, once done.")
    external_id: str | None
    created_at: datetime.datetime
    fetched_at: datetime.datetime | None

    @staticmethod
    def resolve_article(obj) -> int | None:
        return obj.article_id


class QuotePage(Schema):
    items: list[QuoteOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last.")


class ReviewIn(Schema):
    version: int | None = Field(
        None, description="The quote's version as you read it; left out, whatever it is now."
    )


class SpeakerOut(SpeakerBrief):
    merged_into: int | None = Field(description="Set when merged into another: that one has its quotes.")
    quote_count: int = 0
    article_count: int = 0
    first_quoted: datetime.date | None = None
    last_quoted: datetime.date | None = None

    @staticmethod
    def resolve_merged_into(obj) -> int | None:
        return obj.merged_into_id


class SpeakerPage(Schema):
    items: list[SpeakerOut]
    next_cursor: str | None
