"""The states and kinds the tables hold, as ``TextChoices``: models.py and the QuerySets share them (the
database checks each column against them, see the models' constraints)."""

from django.db import models


class ArticleState(models.TextChoices):
    QUEUED = "queued", "Queued"
    EXTRACTING = "extracting", "Extracting"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportState(models.TextChoices):
    QUEUED = "queued", "Queued"
    FETCHING = "fetching", "Fetching"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ANONYMOUS = "anonymous", "Anonymous"
    GROUP = "group", "Group"
    ORGANIZATION = "organization", "Organization"
    UNKNOWN = "unknown", "Unknown"


class QuoteKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    INDIRECT = "indirect", "Indirect"
    MIXED = "mixed", "Mixed"
    PARTIAL = "partial", "Partial"


class QuoteOrigin(models.TextChoices):
    MACHINE = "machine", "Machine"
    HUMAN = "human", "Human"


class ReviewState(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    CONFIRMED = "confirmed", "Confirmed"
    EDITED = "edited", "Edited"
    REJECTED = "rejected", "Rejected"


class AuditAction(models.TextChoices):
    QUOTE_CONFIRMED = "quote_confirmed", "Confirmed the quote"
    QUOTE_REJECTED = "quote_rejected", "Rejected the quote"
    QUOTE_CORRECTED = "quote_corrected", "Corrected the quote"
    QUOTE_ADDED = "quote_added", "Added the quote"
    QUOTE_RESET = "quote_reset", "Set the quote back to unreviewed"
    SPEAKER_REDESCRIBED = "speaker_redescribed", "Renamed or re-described a speaker in the article"
    ARTICLE_REVIEWED = "article_reviewed", "Marked the article reviewed"
    ARTICLE_REOPENED = "article_reopened", "Reopened the article for review"
    ARTICLE_RETITLED = "article_retitled", "Changed the article's title"
    SPEAKER_MERGED = "speaker_merged", "Merged a speaker into another"
    SPEAKER_SPLIT = "speaker_split", "Split an alias back out of a speaker"
    EXPORTED = "exported", "Exported quotes"
    ADMIN_ADDED = "admin_added", "Added in the admin"
    ADMIN_CHANGED = "admin_changed", "Changed in the admin"
    ADMIN_DELETED = "admin_deleted", "Deleted in the admin"
