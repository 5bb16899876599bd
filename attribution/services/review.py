"""The review desk's writes: confirm, reject and correct quotes, add missed ones, re-describe a speaker across
an article, mark articles reviewed. Each change names the quote version it was made on (optimistic locking)
and leaves an AuditEvent saying who changed what, from what to what."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Article, AuditEvent, Quote, Speaker
from .audit import audit_record, audit_record_quotes
from .speakers import SpeakerChoice, speaker_get_or_create


class Conflict(Exception):
    """The quote changed since the editor loaded it; ``quote`` holds its current values."""

    def __init__(self, quote: Quote) -> None:
        super().__init__(f"Quote {quote.id} is at version {quote.version}")
        self.quote = quote


def _locked(quote_id: int, version: int) -> Quote:
    quote = (
        Quote.objects.select_for_update(of=("self",)).select_related("speaker", "article").get(id=quote_id)
    )
    if quote.version != version:
        raise Conflict(quote)
    return quote


def _speaker_label(speaker: Speaker | None) -> str:
    if speaker is None:
        return "(none)"
    named = "anonymous" if speaker.anonymous else "named"
    return f"{speaker.name} ({speaker.get_kind_display().lower()}, {named})"


def _save(quote: Quote, fields: list[str]) -> None:
    quote.version += 1
    quote.save(update_fields=[*fields, "version", "updated_at"])


def quote_confirm(*, quote_id: int, version: int, user) -> Quote:
    """The quote is right as it stands (also brings back a rejected one)."""

    def state(quote: Quote) -> str:
        corrected = quote.speaker_corrected or quote.span_corrected or quote.kind_corrected
        return Quote.ReviewState.EDITED if corrected else Quote.ReviewState.CONFIRMED

    return _set_review_state(quote_id, version, user, state, AuditEvent.Action.QUOTE_CONFIRMED)


def quote_restore(*, quote_id: int, version: int, user) -> Quote:
    """A rejected quote is a quote after all: back to unreviewed, for someone to confirm or correct."""

    def state(quote: Quote) -> str:
        if quote.review_state != Quote.ReviewState.REJECTED:
            raise ValidationError("Only a rejected quote can be restored.")
        return Quote.ReviewState.UNREVIEWED

    return _set_review_state(quote_id, version, user, state, AuditEvent.Action.QUOTE_RESET)


def quote_reject(*, quote_id: int, version: int, user) -> Quote:
    """Not a quote. It stays stored, so that a later extraction does not bring it back."""
    return _set_review_state(
        quote_id, version, user, lambda quote: Quote.ReviewState.REJECTED, AuditEvent.Action.QUOTE_REJECTED
    )


def _set_review_state(quote_id: int, version: int, user, state, action: str) -> Quote:
    with transaction.atomic():
        quote = _locked(quote_id, version)
        before, after = quote.review_state, state(quote)
        quote.review_state = after
        _save(quote, ["review_state"])
        audit_record(
            user=user,
            action=action,
            article=quote.article,
            quote=quote,
            changes={"review state": [before, after]},
        )
    return quote


def _check_span(article: Article, start: int, end: int, *, ignore_quote: int | None = None) -> str:
    if not (0 <= start < end <= len(article.text)):
        raise ValidationError("The selection is outside the article's text.")
    text = article.text[start:end]
    if not text.strip():
        raise ValidationError("The selection holds no words.")
    same = Quote.objects.filter(article=article, start=start, end=end).exclude(id=ignore_quote)
    if same.exclude(review_state=Quote.ReviewState.REJECTED).exists():
        raise ValidationError("Another quote already covers exactly this text.")
    return text


def quote_correct(
    *,
    quote_id: int,
    version: int,
    user,
    speaker: SpeakerChoice | None = None,
    kind: str | None = None,
    anonymity_reason: str | None = None,
    speaker_role: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Quote:
    """Change what is given; ``None`` leaves a field as it is. Raises Conflict or ValidationError.

    The role belongs to the speaker the article gave it to: a new speaker takes ``speaker_role`` when one is
    given that differs from the old one, and no role otherwise (a form sends the old role back as it was).
    """
    role = speaker_role.strip()[:200] if speaker_role is not None else None
    with transaction.atomic():
        quote = _locked(quote_id, version)
        article = quote.article
        changes: dict[str, list] = {}
        fields: list[str] = []
        if speaker is not None:
            new_speaker = speaker_get_or_create(article=article, choice=speaker)
            if new_speaker.id != quote.speaker_id:
                changes["speaker"] = [_speaker_label(quote.speaker), _speaker_label(new_speaker)]
                quote.speaker = new_speaker
                quote.speaker_corrected = quote.origin == Quote.Origin.MACHINE
                fields += ["speaker", "speaker_corrected"]
                if role is None or role == quote.speaker_role:
                    role = ""  # the old speaker's role does not follow the quote to the new one
        if role is not None and role != quote.speaker_role:
            changes["role"] = [quote.speaker_role, role]
            quote.speaker_role = role
            fields.append("speaker_role")
        if kind is not None and kind != quote.kind:
            if kind not in Quote.Kind.values:
                raise ValidationError(f"Unknown kind of quote: {kind}.")
            changes["kind"] = [quote.kind, kind]
            quote.kind = kind
            quote.kind_corrected = quote.origin == Quote.Origin.MACHINE
            fields += ["kind", "kind_corrected"]
        if anonymity_reason is not None and anonymity_reason.strip() != quote.anonymity_reason:
            changes["anonymity reason"] = [quote.anonymity_reason, anonymity_reason.strip()]
            quote.anonymity_reason = anonymity_reason.strip()[:300]
            fields.append("anonymity_reason")
        if start is not None and end is not None and (start, end) != (quote.start, quote.end):
            text = _check_span(article, start, end, ignore_quote=quote.id)
            # a rejected quote on exactly this span would block the unique constraint: this one replaces it
            Quote.objects.filter(
                article=article, start=start, end=end, review_state=Quote.ReviewState.REJECTED
            ).exclude(id=quote.id).delete()
            changes["text"] = [quote.text, text]
            quote.start, quote.end, quote.text = start, end, text
            quote.span_corrected = quote.origin == Quote.Origin.MACHINE
            fields += ["start", "end", "text", "span_corrected"]
        if not changes:
            return quote
        quote.review_state = Quote.ReviewState.EDITED
        _save(quote, [*fields, "review_state"])
        audit_record(
            user=user,
            action=AuditEvent.Action.QUOTE_CORRECTED,
            article=article,
            quote=quote,
            changes=changes,
        )
        article.local_speakers.without_quotes().delete()
    return quote


def quote_add(
    *,
    article_id: int,
    user,
    start: int,
    end: int,
    speaker: SpeakerChoice,
    kind: str,
    anonymity_reason: str = "",
    speaker_role: str = "",
) -> Quote:
    """A quote the machine missed, from a selection of the article's text."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(id=article_id)
        text = _check_span(article, start, end)
        if kind not in Quote.Kind.values:
            raise ValidationError(f"Unknown kind of quote: {kind}.")
        row = speaker_get_or_create(article=article, choice=speaker)
        # the machine's rejected guess for this very span gives way to the person's quote
        Quote.objects.filter(article=article, start=start, end=end).delete()
        quote = Quote.objects.create(
            article=article,
            start=start,
            end=end,
            text=text,
            kind=kind,
            speaker=row,
            anonymity_reason=anonymity_reason.strip()[:300],
            speaker_role=speaker_role.strip()[:200],
            confidence=1.0,
            origin=Quote.Origin.HUMAN,
            review_state=Quote.ReviewState.CONFIRMED,
        )
        audit_record(
            user=user,
            action=AuditEvent.Action.QUOTE_ADDED,
            article=article,
            quote=quote,
            changes={
                "text": ["", text],
                "speaker": ["", _speaker_label(row)],
                "kind": ["", kind],
                **({"role": ["", quote.speaker_role]} if quote.speaker_role else {}),
            },
        )
    return quote


def speaker_redescribe(*, article_id: int, speaker_id: int, user, choice: SpeakerChoice) -> int:
    """Give every quote of this speaker in this article the speaker ``choice`` names; returns how many.

    The quotes keep their roles: this names or describes the same person better ("Macron" as "Emmanuel
    Macron"), and the article's words for their role still hold. A quote given to someone else is
    quote_correct's, which drops the role."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(id=article_id)
        old = Speaker.objects.get(id=speaker_id)
        quotes = list(article.quotes.select_for_update().filter(speaker=old))
        if not quotes:
            raise ValidationError("This speaker has no quotes in this article.")
        new = speaker_get_or_create(article=article, choice=choice)
        if new.id == old.id and new.anonymous == old.anonymous:
            return 0
        # ``old`` was read before speaker_get_or_create changed anything, so its label is the one before
        label_before, label_after = _speaker_label(old), _speaker_label(new)
        ids = [q.id for q in quotes]
        article.quotes.filter(id__in=ids).update(
            speaker=new,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        article.quotes.filter(id__in=ids, origin=Quote.Origin.MACHINE).update(speaker_corrected=True)
        article.quotes.filter(id__in=ids).exclude(review_state=Quote.ReviewState.REJECTED).update(
            review_state=Quote.ReviewState.EDITED
        )
        audit_record_quotes(
            user=user,
            action=AuditEvent.Action.SPEAKER_REDESCRIBED,
            article=article,
            quote_ids=ids,
            changes={"speaker": [label_before, label_after]},
        )
        article.local_speakers.without_quotes().delete()
    return len(ids)


def article_mark_reviewed(*, article_id: int, user) -> int:
    """The article has been read through: the quotes nobody touched are confirmed as they stand."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(id=article_id)
        if article.state != Article.State.DONE:
            raise ValidationError("Only an article whose extraction is done can be marked reviewed.")
        if article.reviewed_at is not None:
            return 0
        untouched = article.quotes.filter(review_state=Quote.ReviewState.UNREVIEWED)
        confirmed = untouched.update(
            review_state=Quote.ReviewState.CONFIRMED, version=F("version") + 1, updated_at=timezone.now()
        )
        article.reviewed_at = timezone.now()
        article.reviewed_by = user
        article.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
        audit_record(
            user=user,
            action=AuditEvent.Action.ARTICLE_REVIEWED,
            article=article,
            changes={"quotes confirmed as they stood": [0, confirmed]},
        )
    return confirmed


def article_reopen(*, article_id: int, user) -> None:
    with transaction.atomic():
        article = Article.objects.select_for_update().get(id=article_id)
        if article.reviewed_at is None:
            return
        before = f"{article.reviewed_at:%Y-%m-%d %H:%M}"
        article.reviewed_at = None
        article.reviewed_by = None
        article.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
        audit_record(
            user=user,
            action=AuditEvent.Action.ARTICLE_REOPENED,
            article=article,
            changes={"reviewed": [before, ""]},
        )
