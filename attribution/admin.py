from django.contrib import admin

from .models import Article, Publication, Quote, Speaker


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


class QuoteInline(admin.TabularInline):
    model = Quote
    fields = ["start", "end", "text", "kind", "speaker", "confidence", "origin", "review_state"]
    raw_id_fields = ["speaker"]
    extra = 0
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
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
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "anonymous", "article", "created_at"]
    list_filter = ["kind", "anonymous"]
    search_fields = ["name", "normalized_name"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
    readonly_fields = ["normalized_name"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["short_text", "kind", "speaker", "article", "confidence", "origin", "review_state"]
    list_filter = ["kind", "origin", "review_state", "speaker__kind", "article__publication"]
    search_fields = ["text", "speaker__name", "article__title"]
    list_select_related = ["speaker", "article"]
    raw_id_fields = ["article", "speaker"]

    @admin.display(description="Quote")
    def short_text(self, quote: Quote) -> str:
        return quote.text[:100]
