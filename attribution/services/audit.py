"""The audit trail: who changed what, when, from what to what. Rows are only ever added, by these."""

from collections.abc import Iterable

from ..models import Article, AuditEvent, Quote, Speaker


def audit_record(
    *,
    user,
    action: str,
    changes: dict[str, list],
    article: Article | None = None,
    quote: Quote | None = None,
    speaker: Speaker | None = None,
    undo_data: dict | None = None,
) -> AuditEvent:
    """One event; ``changes`` is {field: [before, after]}, values as shown to people."""
    return AuditEvent.objects.create(
        user=user,
        action=action,
        article=article,
        quote=quote,
        speaker=speaker,
        changes=changes,
        undo_data=undo_data or {},
    )


def audit_record_quotes(
    *, user, action: str, article: Article, quote_ids: Iterable[int], changes: dict[str, list]
) -> None:
    """The same change on many quotes of an article: an event for each, in one statement."""
    AuditEvent.objects.bulk_create(
        AuditEvent(user=user, action=action, article=article, quote_id=quote_id, changes=changes)
        for quote_id in quote_ids
    )


def audit_record_export(*, user, search: str, fmt: str) -> AuditEvent:
    return audit_record(
        user=user, action=AuditEvent.Action.EXPORTED, changes={"search": ["", search], "format": ["", fmt]}
    )


def audit_record_admin(
    *, user, objects: list, actions: list[str], changes: list[dict[str, list]], deleted: bool
) -> None:
    """What an admin added, changed or deleted in the admin: one event per object, its action and changes
    at the same place in ``actions`` and ``changes``. A deleted object is not linked: the link would vanish
    with it."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=user,
            action=action_of,
            changes=change,
            article=obj if isinstance(obj, Article) and not deleted else None,
            quote=obj if isinstance(obj, Quote) and not deleted else None,
            speaker=obj if isinstance(obj, Speaker) and not deleted else None,
        )
        for obj, action_of, change in zip(objects, actions, changes, strict=True)
    )
