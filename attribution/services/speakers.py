"""Writes on speakers: the speaker an editor names (found or created), merging two named speakers into one,
and splitting an alias back out.

A merged speaker is kept as an alias of the one it went into (``merged_into``): its name keeps leading there,
for new extractions too, and the merge can be undone.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Article, AuditEvent, Quote, Speaker
from ..text import normalize_name
from .audit import audit_record


@dataclass(frozen=True)
class SpeakerChoice:
    """A speaker as an editor names it: an existing one of the article or a named one from any story by
    name, or a new one when ``kind`` says what it is."""

    name: str
    kind: str = ""  # "" = whatever speaker of that name exists
    anonymous: bool | None = None  # for groups and unknowns; people and organisations are named


def speaker_get_or_create(*, article: Article, choice: SpeakerChoice) -> Speaker:
    """The Speaker row for ``choice`` (``Speaker.objects.named_in`` finds it), created when none fits; a
    speaker local to the article takes the description the editor gave it."""
    normalized = normalize_name(choice.name)[:300]
    if not normalized:
        raise ValidationError("Give the speaker a name.")
    kinds = [choice.kind] if choice.kind else Speaker.Kind.values
    found = Speaker.objects.named_in(article, normalized, kinds)
    if found is not None:
        if choice.anonymous is not None and found.article_id and found.anonymous != choice.anonymous:
            found.anonymous = choice.anonymous  # local to this article: its description is ours to change
            found.save(update_fields=["anonymous"])
        return found
    if not choice.kind:
        raise ValidationError(f"No speaker called “{choice.name}” yet: choose what kind of speaker it is.")
    shared_kind = choice.kind in Speaker.SHARED_KINDS
    anonymous = False if shared_kind else (choice.anonymous if choice.anonymous is not None else True)
    speaker, _ = Speaker.objects.get_or_create(
        kind=choice.kind,
        normalized_name=normalized,
        article=None if shared_kind else article,
        defaults={"name": " ".join(choice.name.split())[:300], "anonymous": anonymous},
    )
    return speaker


def speaker_merge_check(*, source: Speaker, target: Speaker) -> None:
    """Raise the ValidationError ``speaker_merge`` would raise for these two as they are now: the
    confirmation page asks only about a merge that can be done."""
    if source.id == target.id:
        raise ValidationError("A speaker cannot be merged into itself.")
    if source.article_id or target.article_id:
        raise ValidationError("Only named speakers (people, organisations) are merged across stories.")
    if source.merged_into_id or target.merged_into_id:
        raise ValidationError("One of these speakers is already an alias of another.")


def speaker_merge(*, source_id: int, target_id: int, user) -> int:
    """Move every quote of ``source`` to ``target``; returns how many moved."""
    if source_id == target_id:
        raise ValidationError("A speaker cannot be merged into itself.")
    with transaction.atomic():
        source, target = (
            Speaker.objects.select_for_update().get(id=source_id),
            Speaker.objects.select_for_update().get(id=target_id),
        )
        speaker_merge_check(source=source, target=target)  # on the rows as locked
        moved = list(source.quotes.values_list("id", flat=True))
        _move_quotes(moved, target)
        Speaker.objects.filter(merged_into=source).update(merged_into=target)  # its aliases follow it
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        audit_record(
            user=user,
            action=AuditEvent.Action.SPEAKER_MERGED,
            speaker=source,
            changes={"speaker": [source.name, target.name], "quotes": [len(moved), 0]},
            undo_data={"target": target.id, "quotes": moved},
        )
    return len(moved)


def speaker_split(*, alias_id: int, user) -> int:
    """Undo a merge: the alias becomes a speaker of its own again, with the quotes that were its own (those
    the merge moved, and those extracted since under its name). Returns how many moved back."""
    with transaction.atomic():
        alias = Speaker.objects.select_for_update().get(id=alias_id)
        target = alias.merged_into
        if target is None:
            raise ValidationError(f"{alias.name} is not an alias of another speaker.")
        merge = (
            AuditEvent.objects.filter(action=AuditEvent.Action.SPEAKER_MERGED, speaker=alias)
            .order_by("-created_at", "-id")
            .first()
        )
        moved = set(merge.undo_data.get("quotes", [])) if merge else set()
        back = Quote.objects.filter(speaker=target).filter(id__in=moved) | Quote.objects.filter(
            speaker=target, attributed_name=alias.normalized_name
        )
        ids = list(back.values_list("id", flat=True))
        _move_quotes(ids, alias)
        alias.merged_into = None
        alias.save(update_fields=["merged_into"])
        audit_record(
            user=user,
            action=AuditEvent.Action.SPEAKER_SPLIT,
            speaker=alias,
            changes={"speaker": [target.name, alias.name], "quotes": [0, len(ids)]},
        )
    return len(ids)


def _move_quotes(ids: list[int], speaker: Speaker) -> None:
    # a new version: an editor's open form on one of these quotes must not overwrite the move
    Quote.objects.filter(id__in=ids).update(
        speaker=speaker, version=F("version") + 1, updated_at=timezone.now()
    )
