from django.urls import path, re_path
from django.views.generic.base import RedirectView

from .views import articles, health, review, search, speakers

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="article_list"), name="home"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/new/", articles.article_upload, name="article_upload"),
    path("articles/import/", articles.article_import, name="article_import"),
    path("imports/<int:pk>/retry/", articles.page_import_retry, name="page_import_retry"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/retry/", articles.article_retry, name="article_retry"),
    path("articles/<int:pk>/quotes/new/", review.quote_add, name="quote_add"),
    path("articles/<int:pk>/quotes/new/form/", review.quote_add_form, name="quote_add_form"),
    path(
        "articles/<int:pk>/speakers/<int:speaker_pk>/",
        review.speaker_redescribe,
        name="speaker_redescribe",
    ),
    path(
        "articles/<int:pk>/speakers/<int:speaker_pk>/form/",
        review.speaker_redescribe_form,
        name="speaker_redescribe_form",
    ),
    path("articles/<int:pk>/reviewed/", review.article_mark_reviewed, name="article_mark_reviewed"),
    path("articles/<int:pk>/reopen/", review.article_reopen, name="article_reopen"),
    path("articles/<int:pk>/title/", review.article_retitle, name="article_retitle"),
    path("quotes/<int:pk>/confirm/", review.quote_confirm, name="quote_confirm"),
    path("quotes/<int:pk>/reject/", review.quote_reject, name="quote_reject"),
    path("quotes/<int:pk>/restore/", review.quote_restore, name="quote_restore"),
    path("quotes/<int:pk>/correct/", review.quote_correct, name="quote_correct"),
    path("quotes/<int:pk>/correct/form/", review.quote_correct_form, name="quote_correct_form"),
    path("quotes/<int:pk>/history/", review.quote_history, name="quote_history"),
    path("review/", review.review_queue, name="review_queue"),
    path("quality/", review.quality, name="quality"),
    path("speakers/suggest/", speakers.speaker_suggest, name="speaker_suggest"),
    path("search/", search.search, name="search"),
    re_path(r"^search/export\.(?P<fmt>csv|jsonl)$", search.export, name="search_export"),
    path("speakers/", speakers.speaker_directory, name="speaker_directory"),
    path("speakers/<int:pk>/", speakers.speaker_detail, name="speaker_detail"),
    path("speakers/duplicates/", speakers.speaker_duplicates, name="speaker_duplicates"),
    path("speakers/<int:pk>/merge/", speakers.speaker_merge, name="speaker_merge"),
    path("speakers/<int:pk>/merge/confirm/", speakers.speaker_merge_confirm, name="speaker_merge_confirm"),
    path("speakers/<int:pk>/split/", speakers.speaker_split, name="speaker_split"),
    path("healthz", health.health, name="health"),
]
