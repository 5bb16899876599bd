"""Every input, as Django ``Form``s; pages render their fields with one template (``FieldRenderer``)."""

import dataclasses
import datetime
import re

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from .choices import QuoteKind, ReviewState, SpeakerKind
from .documents import ALLOWED_EXTENSIONS, Document, DocumentError, document_from_text, document_from_upload
from .models import Article, Publication, Quote, Speaker
from .search import SearchFilters
from .services import ArticleMetadata, SpeakerChoice
from .services.imports import normalize_url


class FieldRenderer(DjangoTemplates):
    """Django's own widgets, and our one template around each field (label, widget, help, its errors):
    ``{{ form.name.as_field_group }}`` renders templates/attribution/_field.html."""

    field_template_name = "attribution/_field.html"

    def get_template(self, template_name):
        if template_name == self.field_template_name:  # a project template, where the widgets' are Django's
            return loader.get_template(template_name)
        return super().get_template(template_name)


# one renderer for every form: its template engine is made once
FIELD_RENDERER = FieldRenderer()


class Form(forms.Form):
    default_renderer = FIELD_RENDERER


def _over(size: int, limit: int) -> str:
    """ "5.2 MB; the limit is 4.8 MB", in bytes where the rounded sizes would read the same."""
    shown, most = filesizeformat(size), filesizeformat(limit)
    if shown == most:
        shown, most = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{shown}; the limit is {most}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once (Django's documented recipe)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}))
        # Empty files are refused by the form's clean(), with the file's name in the message.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ArticleUploadForm(Form):
    """Paste one article's text, or upload one or many files; the metadata applies to each article."""

    text = forms.CharField(
        label="Article text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="Paste the text of one article, or choose files below.",
    )
    files = MultipleFileField(
        label="Files",
        required=False,
        help_text="One or more .txt, .md or .html files, UTF-8.",
    )
    title = forms.CharField(
        max_length=500,
        required=False,
        help_text="Left blank, the title is the first line of the text (or the HTML <title>).",
    )
    publication = forms.CharField(max_length=200, required=False)
    url = forms.URLField(label="URL", max_length=1000, required=False, assume_scheme="https")
    byline = forms.CharField(max_length=300, required=False)
    published_on = forms.DateField(
        label="Publication date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text", "")
        files = cleaned.get("files") or []
        if text.strip() and files:
            raise forms.ValidationError("Paste a text or choose files, not both.")
        if not text.strip() and not files and not self.has_error("files"):
            raise forms.ValidationError("Paste an article's text or choose at least one file.")
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise forms.ValidationError(f"Upload at most {settings.UPLOAD_MAX_FILES} files at a time.")
        if len(files) > 1 and cleaned.get("title"):
            self.add_error(
                "title", "A title applies to one article: leave it blank when uploading several files."
            )
        limit = settings.UPLOAD_MAX_BYTES
        documents: list[tuple[str, Document]] = []
        errors = []
        if text.strip():
            if len(text.encode("utf-8")) > limit:
                errors.append(f"The pasted text is larger than {filesizeformat(limit)}.")
            else:
                try:
                    document = document_from_text(
                        text, title=cleaned.get("title", ""), filename="The pasted text"
                    )
                    documents.append(("", document))
                except DocumentError as exc:
                    errors.append(str(exc))
        for upload in files:
            name = upload.name or "unnamed file"
            if upload.size > limit:
                errors.append(f"{name} is {_over(upload.size, limit)}.")
                continue
            try:
                documents.append(
                    (name, document_from_upload(upload.read(), filename=name, title=cleaned.get("title", "")))
                )
            except DocumentError as exc:
                errors.append(str(exc))
        if errors and not (files and documents):
            # the pasted text, or every file, refused: nothing to store, the form comes back with the reasons
            raise forms.ValidationError(errors)
        # some files of a batch refused: the good ones are stored, each refused one is named with its reason
        cleaned["documents"] = documents
        cleaned["refused"] = errors
        return cleaned

    def metadata(self) -> ArticleMetadata:
        return ArticleMetadata(
            publication_name=self.cleaned_data.get("publication", ""),
            url=self.cleaned_data.get("url", ""),
            byline=self.cleaned_data.get("byline", ""),
            published_on=self.cleaned_data.get("published_on"),
        )


class PageImportForm(Form):
    """Articles by their web addresses, one a line: each fetched by a worker, then extracted."""

    urls = forms.CharField(
        label="Web addresses",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "placeholder": "https://…"}),
        help_text="One article's address a line; each page is fetched, its article text taken out of it.",
    )
    publication = forms.CharField(max_length=200, required=False, label="Publication (optional)")

    def clean_urls(self) -> list[str]:
        lines = list(dict.fromkeys(line.strip() for line in self.cleaned_data["urls"].splitlines()))
        lines = [line for line in lines if line]
        if len(lines) > settings.IMPORT_MAX_URLS:
            raise forms.ValidationError(f"Give at most {settings.IMPORT_MAX_URLS} addresses at a time.")
        urls, errors = [], []
        for line in lines:
            try:
                urls.append(normalize_url(line))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        if not urls:
            raise forms.ValidationError("Give at least one web address.")
        return urls


class ApiKeyForm(Form):
    """A new API key of one's own: its name, and where the API is to tell of the articles it creates."""

    name = forms.CharField(
        max_length=100,
        help_text="What uses it, so you can tell your keys apart: “Staging CMS”, “Sourcing notebook”.",
    )
    callback_url = forms.CharField(
        label="Callback URL (optional)",
        required=False,
        max_length=1000,
        widget=forms.URLInput(attrs={"placeholder": "https://…", "spellcheck": "false"}),
        help_text=(
            "An http or https address that receives a POST when an article this key created is extracted "
            "or fails."
        ),
    )

    def clean_callback_url(self) -> str:
        url = self.cleaned_data["callback_url"].strip()
        return normalize_url(url) if url else ""


class FeedForm(Form):
    """A feed to follow: its address, and the publication its stories are stored under."""

    url = forms.CharField(
        label="Feed address",
        max_length=1000,
        widget=forms.URLInput(attrs={"placeholder": "https://…/feed.xml", "spellcheck": "false"}),
        help_text="An RSS or Atom feed. Each new story it lists is imported by its address.",
    )
    publication = forms.CharField(max_length=200)

    def clean_url(self) -> str:
        return normalize_url(self.cleaned_data["url"])


# A speaker name field suggests names as one types: htmx asks speaker_suggest (the hx-get each form sets)
# for the options of the page's datalist.
SUGGESTED = {
    "list": "speaker-names",
    "autocomplete": "off",
    "hx-trigger": "input changed delay:250ms",
    "hx-target": "#speaker-names",
    "hx-swap": "innerHTML",
    "hx-sync": "this:replace",
}
# Kinds an editor gives a speaker; "unknown" is the extractor's only.
SPEAKER_KINDS = [(kind.value, kind.label) for kind in SpeakerKind if kind != SpeakerKind.UNKNOWN]


class ArticleTitleForm(Form):
    """An editor's own title for an article, in place of the one taken from its file."""

    title = forms.CharField(
        label="Title",
        max_length=Article._meta.get_field("title").max_length,
        error_messages={"required": "Give the article a title: it cannot be empty."},
    )


class SpeakerFieldsMixin(Form):
    """A speaker named by an editor: an existing one by name, or a new one with its kind.

    ``article_id``: the article whose speakers the name field suggests as the editor types."""

    speaker_name = forms.CharField(
        label="Speaker",
        max_length=300,
        help_text="This article's speakers and named speakers of every story are suggested as you type.",
        widget=forms.TextInput(attrs={**SUGGESTED, "data-speaker-field": True}),
    )
    speaker_kind = forms.ChoiceField(
        label="Kind of speaker",
        choices=[("", "As it is (existing speaker of that name)"), *SPEAKER_KINDS],
        required=False,
    )
    speaker_anonymous = forms.TypedChoiceField(
        label="Named in the text?",
        choices=[("", "As it is"), ("0", "Named"), ("1", "Anonymous (not named in the text)")],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
        help_text="For groups: “some analysts” are anonymous, “the Democrats” are not.",
    )

    def __init__(self, *args, article_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        suggest = reverse("speaker_suggest") + (f"?article={article_id}" if article_id else "")
        self.fields["speaker_name"].widget.attrs["hx-get"] = suggest

    def speaker_choice(self) -> SpeakerChoice:
        data = self.cleaned_data
        return SpeakerChoice(data["speaker_name"], data["speaker_kind"], data["speaker_anonymous"])


class QuoteFieldsMixin(SpeakerFieldsMixin):
    """A quote's span (character offsets into the article, filled from a selection), kind and speaker."""

    kind = forms.ChoiceField(label="Kind of quote", choices=QuoteKind.choices, initial=QuoteKind.DIRECT)
    speaker_role = forms.CharField(
        label="Role",
        max_length=200,
        required=False,
        help_text="The speaker's, as the article gives it: “Harbourview mayor”.",
    )
    anonymity_reason = forms.CharField(
        label="Reason for anonymity", max_length=300, required=False, help_text="As the article states it."
    )
    start = forms.IntegerField(
        label="Starts at character", min_value=0, widget=forms.NumberInput(attrs={"data-start-field": True})
    )
    end = forms.IntegerField(
        label="Ends at character", min_value=1, widget=forms.NumberInput(attrs={"data-end-field": True})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") is not None and data.get("end") is not None and data["end"] <= data["start"]:
            raise forms.ValidationError(
                "Select the quote's text in the article first: it must end after it starts."
            )
        return data


class QuoteCorrectForm(QuoteFieldsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_quote(cls, quote: Quote, data=None) -> "QuoteCorrectForm":
        """This quote's correction form: its current values (its speaker loaded), or ``data`` as sent. Its
        fields' ids are its own (``q<id>-…``), as several quotes' forms can be on one page."""
        initial = None
        if data is None:
            initial = {
                "version": quote.version,
                "speaker_name": quote.speaker.name if quote.speaker else "",
                "kind": quote.kind,
                "speaker_role": quote.speaker_role,
                "anonymity_reason": quote.anonymity_reason,
                "start": quote.start,
                "end": quote.end,
            }
        form = cls(data, initial=initial, auto_id=f"q{quote.id}-%s", article_id=quote.article_id)
        form.fields["speaker_role"].help_text += " Another speaker takes no role but the one you give here."
        return form


class QuoteAddForm(QuoteFieldsMixin):
    @classmethod
    def for_article(cls, article_id: int, data=None) -> "QuoteAddForm":
        return cls(data, initial={"kind": QuoteKind.DIRECT}, auto_id="add-%s", article_id=article_id)


class QuoteVersionForm(Form):
    """Confirm and reject carry only the version the editor saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class SpeakerRedescribeForm(SpeakerFieldsMixin):
    @classmethod
    def for_speaker(cls, speaker: Speaker, article_id: int, data=None) -> "SpeakerRedescribeForm":
        """The form re-describing this speaker in one article; ids of its own (``sp<id>-…``)."""
        initial = None if data is not None else {"speaker_name": speaker.name}
        return cls(data, initial=initial, auto_id=f"sp{speaker.id}-%s", article_id=article_id)


class ListedChoices(forms.models.ModelChoiceIterator):
    """The choices read by one plain query: Django's iterator() opens a server-side cursor on PostgreSQL,
    three round trips (DECLARE, FETCH, CLOSE) on every search page for a list of a few dozen names."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in list(self.queryset):
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoices


# "NOT police", as people write it: web-style search leaves a word out with "-police"
_NOT_RE = re.compile(r"(?<!\S)NOT\s+(?=[^\s-])")


class QuoteSearchForm(Form):
    """Every filter of the search page; all in the URL, so a search can be bookmarked and shared."""

    q = forms.CharField(
        label="Words",
        required=False,
        max_length=500,
        help_text='Web-style: "a phrase", -word or NOT word to leave out, or for either.',
        widget=forms.SearchInput,
    )
    speaker = forms.CharField(
        label="Speaker",
        required=False,
        max_length=200,
        help_text="Typos and accents are forgiven.",
        widget=forms.SearchInput(attrs={**SUGGESTED, "hx-push-url": "false"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].widget.attrs["hx-get"] = reverse("speaker_suggest")

    speaker_kind = forms.ChoiceField(
        label="Kind of speaker", required=False, choices=[("", "Any"), *SPEAKER_KINDS]
    )
    anonymous = forms.TypedChoiceField(
        label="Named or anonymous",
        required=False,
        choices=[("", "Either"), ("0", "Named"), ("1", "Anonymous")],
        coerce=lambda v: v == "1",
        empty_value=None,
    )
    kind = forms.ChoiceField(label="Kind of quote", required=False, choices=[("", "Any"), *QuoteKind.choices])
    publication = ListedModelChoiceField(
        label="Publication", required=False, queryset=Publication.objects.all(), empty_label="Any"
    )
    byline = forms.CharField(label="Byline", required=False, max_length=200, help_text="A name in it.")
    article = forms.IntegerField(label="Article", required=False, min_value=1, widget=forms.HiddenInput)
    date_from = forms.DateField(
        label="Published from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Published until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    review_state = forms.ChoiceField(
        label="Review state", required=False, choices=[("", "Any but rejected"), *ReviewState.choices]
    )
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[("relevance", "Relevance"), ("date", "Newest first")]
    )

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        speaker_ids = None
        if data["speaker"]:
            matches = Speaker.objects.matching(data["speaker"]).values_list("id", "merged_into_id")[:50]
            speaker_ids = sorted({merged or own for own, merged in matches})
        return SearchFilters(
            words=_NOT_RE.sub("-", data["q"]).strip(),
            speaker_ids=speaker_ids,
            speaker_kind=data["speaker_kind"],
            anonymous=data["anonymous"],
            kind=data["kind"],
            publication_id=data["publication"].id if data["publication"] else None,
            byline=data["byline"].strip(),
            article_id=data.get("article"),  # .get: a form made of this one may leave a field out
            date_from=data["date_from"],
            date_to=data["date_to"],
            review_state=data.get("review_state", ""),
            sort=data.get("sort") or "relevance",
        )


class ArticleListForm(Form):
    """The article list's filters; in the URL, so a filtered list pages on and can be shared."""

    reviewed = forms.TypedChoiceField(
        label="Review",
        required=False,
        choices=[("", "Any"), ("0", "Not reviewed"), ("1", "Reviewed")],
        coerce=lambda v: v == "1",
        empty_value=None,
    )
    publication = ListedModelChoiceField(
        label="Publication", required=False, queryset=Article.objects.publications(), empty_label="Any"
    )
    state = forms.ChoiceField(
        label="Extraction", required=False, choices=[("", "Any"), *Article.State.choices]
    )

    def filters(self) -> dict:
        """The keyword arguments of ``Article.objects.for_list`` this form asks for."""
        data = self.cleaned_data
        publication = data["publication"]
        return {
            "reviewed": data["reviewed"],
            "publication_id": publication.id if publication else None,
            "state": data["state"],
        }


class SpeakerDirectoryForm(Form):
    """The directory's name filter; only rendered: the view reads the name as it comes, a NUL byte and all
    (a filter that finds nobody, not an error)."""

    q = forms.CharField(label="Name", required=False, max_length=200, widget=forms.SearchInput)


class SpeakerMergeForm(Form):
    """A merge of the speaker in the URL into ``target``, asked on its confirmation page (GET) and done by
    its button (POST); ``back`` says which page the editor came from, to return there."""

    BACK_TO_QUEUE = "duplicates"

    target = forms.ModelChoiceField(
        label="Merge into", queryset=Speaker.objects.named(), widget=forms.HiddenInput
    )
    back = forms.ChoiceField(
        choices=[("", "the speaker's page"), (BACK_TO_QUEUE, "the duplicates queue")],
        required=False,
        widget=forms.HiddenInput,
    )


PERIODS = [("7", "Last 7 days"), ("30", "Last 30 days"), ("90", "Last 90 days"), ("365", "Last year"),
           ("dates", "Between dates")]  # fmt: skip


class InsightsForm(QuoteSearchForm):
    """A period (the last days, or between two dates) and the search page's filters, all in the URL: an
    insight can be bookmarked, shared and opened every Monday."""

    period = forms.ChoiceField(label="Period", required=False, choices=PERIODS)
    field_order = ["period", "date_from", "date_to", "publication", "byline", "q", "speaker"]
    MAX_DAYS = 3660  # ten years: a period, not the whole history in weeks

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("sort", "article", "review_state"):
            del self.fields[name]
        self.fields["date_from"].label, self.fields["date_to"].label = "From", "Until"
        self.fields["date_from"].help_text = self.fields["date_to"].help_text = "With “Between dates”."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == "dates":
            start, end = cleaned.get("date_from"), cleaned.get("date_to")
            if not start or not end:
                raise forms.ValidationError("Give both dates of the period, or choose one of the last days.")
            if end < start:
                raise forms.ValidationError("The period ends before it starts.")
            if (end - start).days > self.MAX_DAYS:
                raise forms.ValidationError("A period can be at most ten years long.")
        return cleaned

    def period_dates(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The period's first and last day; the last days end today (in the newsroom's time zone)."""
        data = self.cleaned_data
        if data.get("period") == "dates":
            return data["date_from"], data["date_to"]
        days = int(data.get("period") or "30")
        return today - datetime.timedelta(days=days - 1), today

    def filters(self) -> SearchFilters:
        # the period is the insights' own: the search's dates are not filters here
        return dataclasses.replace(super().filters(), date_from=None, date_to=None)
