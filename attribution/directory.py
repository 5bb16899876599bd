"""Writes on the speaker directory: merging two named speakers into one, and splitting an alias back out.

A merged speaker is kept as an alias of the one it went into (``merged_into``): its name keeps leading there,
for new extractions too, and the merge can be undone.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import AuditEvent, Quote, Speaker


def speaker_merge(*, source_id: int, target_id: int, user) -> int:
    """Move every quote of ``source`` to ``target``; returns how many moved."""
    if source_id == target_id:
        raise ValidationError("A speaker cannot be merged into itself.")
    with transaction.atomic():
        source, target = (
            Speaker.objects.select_for_update().get(id=source_id),
            Speaker.objects.select_for_update().get(id=target_id),
        )
        if source.article_id or target.article_id:
            raise ValidationError("Only named speakers (people, organisations) are merged across stories.")
        if source.merged_into_id or target.merged_into_id:
            raise ValidationError("One of these speakers is already an alias of another.")
        moved = list(source.quotes.values_list("id", flat=True))
        _move_quotes(moved, target)
        Speaker.objects.filter(merged_into=source).update(merged_into=target)  # its aliases follow it
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        AuditEvent.objects.create(
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
        AuditEvent.objects.create(
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
