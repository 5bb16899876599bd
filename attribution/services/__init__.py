"""Every write with side effects, one module per entity: views, tasks, the admin and commands call these;
nothing else changes the tables (PostgreSQL's triggers aside, see the models).

The services are named ``<entity>_<action>`` and take keyword-only arguments; they are imported here so
that callers say ``services.quote_confirm(...)`` whatever module holds it."""

from .api_keys import NewKey, api_key_authenticate, api_key_create, api_key_revoke, api_key_revoke_many
from .articles import (
    ArticleMetadata,
    ExternalIdTaken,
    article_create,
    article_retitle,
    publication_get_or_create,
)
from .audit import audit_record, audit_record_admin, audit_record_export, audit_record_quotes
from .callbacks import callback_send
from .extraction import (
    MAX_EXTRACTION_ATTEMPTS,
    Claim,
    extraction_claim,
    extraction_enqueue,
    extraction_fail,
    extraction_requeue_stranded,
    extraction_retry,
    extraction_save,
)
from .feeds import feed_add, feed_pause, feed_poll, feed_resume, feeds_poll_due
from .imports import (
    page_import_request,
    page_import_requeue_stranded,
    page_import_retry,
    page_import_run,
)
from .review import (
    Conflict,
    article_mark_reviewed,
    article_reopen,
    quote_add,
    quote_confirm,
    quote_correct,
    quote_reject,
    quote_restore,
    speaker_redescribe,
)
from .speakers import SpeakerChoice, speaker_get_or_create, speaker_merge, speaker_merge_check, speaker_split

__all__ = [
    "NewKey",
    "api_key_authenticate",
    "api_key_create",
    "api_key_revoke",
    "api_key_revoke_many",
    "MAX_EXTRACTION_ATTEMPTS",
    "ArticleMetadata",
    "Claim",
    "Conflict",
    "ExternalIdTaken",
    "SpeakerChoice",
    "article_create",
    "callback_send",
    "article_mark_reviewed",
    "article_reopen",
    "article_retitle",
    "audit_record",
    "audit_record_admin",
    "audit_record_export",
    "audit_record_quotes",
    "extraction_claim",
    "extraction_enqueue",
    "extraction_fail",
    "extraction_requeue_stranded",
    "extraction_retry",
    "extraction_save",
    "feed_add",
    "feed_pause",
    "feed_poll",
    "feed_resume",
    "feeds_poll_due",
    "page_import_request",
    "page_import_requeue_stranded",
    "page_import_retry",
    "page_import_run",
    "publication_get_or_create",
    "quote_add",
    "quote_confirm",
    "quote_correct",
    "quote_reject",
    "quote_restore",
    "speaker_get_or_create",
    "speaker_merge",
    "speaker_merge_check",
    "speaker_redescribe",
    "speaker_split",
]
