from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.template.defaultfilters import pluralize

from . import services
from .models import ApiKey, Article, AuditEvent, Feed, Publication, Quote, Speaker

ADMIN_ACTIONS = {
    ADDITION: AuditEvent.Action.ADMIN_ADDED,
    CHANGE: AuditEvent.Action.ADMIN_CHANGED,
}
# never copied into the audit trail, not even hashed
SECRET_FIELDS = {"password", "password1", "password2", "key_hash", "callback_secret"}


def _shown(value) -> str:
    if isinstance(value, list | tuple) or hasattr(value, "model"):  # many-to-many: a list or a queryset
        return ", ".join(sorted(str(item) for item in value))
    return "" if value is None else str(value)


class AuditedAdmin(admin.ModelAdmin):
    """Every addition, change and deletion made in the admin goes into our audit trail, beside Django's own
    LogEntry: who, when, which object, and each changed field from what to what."""

    def save_model(self, request, obj, form, change) -> None:
        # the values before the save are the form's initial ones; kept on the request (admins are shared)
        request.audit_changes = {
            name: [_shown(form.initial.get(name)) if change else "", _shown(form.cleaned_data.get(name))]
            for name in form.changed_data
            if name not in SECRET_FIELDS
        }
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._audit(request, [entry], [obj])
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._audit(request, [entry], [obj])
        return entry

    def log_deletions(self, request, queryset):
        objects = list(queryset)  # called before the deletion: the objects are still there
        entries = super().log_deletions(request, objects)
        self._audit(request, entries, objects, deleted=True)
        return entries

    def _audit(self, request, entries: list[LogEntry], objects: list, *, deleted: bool = False) -> None:
        fields = getattr(request, "audit_changes", {})
        changes = []
        for entry, obj in zip(entries, objects, strict=True):
            what = f"{obj._meta.verbose_name} #{obj.pk}: {entry.object_repr}"
            change = {"object": [what, ""] if deleted else ["", what]}
            if message := entry.get_change_message():
                change["admin"] = ["", message]
            if not deleted:
                change |= fields
            changes.append(change)
        actions = [
            AuditEvent.Action.ADMIN_DELETED if deleted else ADMIN_ACTIONS[e.action_flag] for e in entries
        ]
        services.audit_record_admin(
            user=request.user, objects=objects, actions=actions, changes=changes, deleted=deleted
        )


@admin.register(Publication)
class PublicationAdmin(AuditedAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


class QuoteInline(admin.TabularInline):
    model = Quote
    fields = ["start", "end", "text", "kind", "speaker", "confidence", "origin", "review_state"]
    raw_id_fields = ["speaker"]
    extra = 0
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(AuditedAdmin):
    list_display = ["title", "publication", "published_on", "state", "extractor_version", "created_at"]
    list_filter = ["state", "publication", "extractor_version", ("published_on", admin.DateFieldListFilter)]
    search_fields = ["title", "url", "byline"]
    date_hierarchy = "created_at"
    list_select_related = ["publication"]
    raw_id_fields = ["uploaded_by"]
    readonly_fields = [
        "content_hash", "claim_token", "queued_at", "enqueued_at", "extraction_attempts",
        "extraction_started_at", "extraction_finished_at", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [QuoteInline]


@admin.register(Speaker)
class SpeakerAdmin(AuditedAdmin):
    list_display = ["name", "kind", "anonymous", "article", "created_at"]
    list_filter = ["kind", "anonymous"]
    search_fields = ["name", "normalized_name"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
    readonly_fields = ["normalized_name"]


@admin.register(Quote)
class QuoteAdmin(AuditedAdmin):
    list_display = ["short_text", "kind", "speaker", "article", "confidence", "origin", "review_state"]
    list_filter = ["kind", "origin", "review_state", "speaker__kind", "article__publication"]
    search_fields = ["text", "speaker__name", "article__title"]
    list_select_related = ["speaker", "article"]
    raw_id_fields = ["article", "speaker"]

    @admin.display(description="Quote")
    def short_text(self, quote: Quote) -> str:
        return quote.text[:100]


class RevokedFilter(admin.SimpleListFilter):
    title = "revoked"
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("yes", "Revoked"), ("no", "Active")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(revoked_at__isnull=self.value() == "no")
        return queryset


@admin.register(ApiKey)
class ApiKeyAdmin(AuditedAdmin):
    """Every user's keys. None is added here: a key is shown once, to its owner, on the API keys page. Only
    the name may be changed; the hash and the callback's secret are never shown, and the callback URL not
    edited (a key without a secret has no way to sign)."""

    list_display = ["name", "user", "shown_prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [RevokedFilter]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    fields = [
        "name", "user", "shown_prefix", "callback_url", "signing_secret", "created_at", "last_used_at",
        "revoked_at",
    ]  # fmt: skip
    readonly_fields = [name for name in fields if name != "name"]
    actions = ["revoke_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="Key", ordering="prefix")
    def shown_prefix(self, key: ApiKey) -> str:
        return f"{key.prefix}…"

    @admin.display(description="Callback signing secret")
    def signing_secret(self, key: ApiKey) -> str:
        return "set (shown once, to its owner)" if key.callback_secret else "none"

    @admin.action(
        description="Revoke this key",
        description_plural="Revoke selected keys",
        permissions=["change"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def revoke_selected(self, request, queryset) -> None:
        revoked = services.api_key_revoke_many(key_ids=queryset.values_list("id", flat=True))
        for key in revoked:
            # recorded like a change made in the form: Django's log and our trail, field by field
            request.audit_changes = {"revoked_at": ["", _shown(key.revoked_at)]}
            self.log_change(request, key, "Revoked")
        if revoked:
            self.message_user(request, f"Revoked {len(revoked)} API key{pluralize(len(revoked))}.")
        else:
            self.message_user(request, "No active key was selected: nothing revoked.", messages.WARNING)


@admin.register(Feed)
class FeedAdmin(AuditedAdmin):
    """Feeds are added on the feeds page, which checks them at once, and paused and resumed there; here an
    admin corrects a feed's publication, or deletes it (its entries go with it, its articles stay)."""

    list_display = ["__str__", "publication_name", "last_checked_at", "items_taken", "failures", "paused_at"]
    list_filter = [("paused_at", admin.EmptyFieldListFilter)]
    search_fields = ["url", "title", "publication_name"]
    raw_id_fields = ["added_by"]
    readonly_fields = [
        "url", "title", "created_at", "etag", "last_modified", "polling_since", "last_checked_at",
        "last_success_at", "last_error", "last_note", "failures", "items_taken", "paused_at", "paused_reason",
    ]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False


# Accounts are changed in the admin too: those changes go into the trail as well.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(AuditedAdmin, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(AuditedAdmin, auth_admin.GroupAdmin):
    pass


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The trail, read-only: nobody adds, edits or deletes an event, admins included."""

    list_display = ["created_at", "user", "action", "article", "quote", "speaker"]
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["user__username", "changes"]
    list_select_related = ["user", "article", "quote", "speaker"]
    date_hierarchy = "created_at"
    fields = ["created_at", "user", "action", "article", "quote", "speaker", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Sign-in lockouts (django-axes): an admin lifts one by deleting its attempts, which the trail records like
# any other deletion. Axes' logs of every sign-in and of each failure are switched off (settings), so their
# empty pages are not offered.
admin.site.unregister([AccessAttempt, AccessLog, AccessFailureLog])


@admin.register(AccessAttempt)
class SignInLockoutAdmin(AuditedAdmin, AccessAttemptAdmin):
    pass
