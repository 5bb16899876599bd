from django.urls import path, re_path
from django.views.generic.base import RedirectView

from . import review_views, search_views, views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="article_list"), name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/new/", views.article_upload, name="article_upload"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/retry/", views.article_retry, name="article_retry"),
    path("articles/<int:pk>/quotes/new/", review_views.quote_add, name="quote_add"),
    path(
        "articles/<int:pk>/speakers/<int:speaker_pk>/",
        review_views.speaker_redescribe,
        name="speaker_redescribe",
    ),
    path("articles/<int:pk>/reviewed/", review_views.article_mark_reviewed, name="article_mark_reviewed"),
    path("articles/<int:pk>/reopen/", review_views.article_reopen, name="article_reopen"),
    path("quotes/<int:pk>/confirm/", review_views.quote_confirm, name="quote_confirm"),
    path("quotes/<int:pk>/reject/", review_views.quote_reject, name="quote_reject"),
    path("quotes/<int:pk>/correct/", review_views.quote_correct, name="quote_correct"),
    path("quotes/<int:pk>/history/", review_views.quote_history, name="quote_history"),
    path("review/", review_views.review_queue, name="review_queue"),
    path("quality/", review_views.quality, name="quality"),
    path("speakers/suggest/", review_views.speaker_suggest, name="speaker_suggest"),
    path("search/", search_views.search, name="search"),
    re_path(r"^search/export\.(?P<fmt>csv|jsonl)$", search_views.export, name="search_export"),
    path("speakers/", search_views.speaker_directory, name="speaker_directory"),
    path("speakers/<int:pk>/", search_views.speaker_detail, name="speaker_detail"),
    path("speakers/<int:pk>/merge/", search_views.speaker_merge, name="speaker_merge"),
    path("speakers/<int:pk>/split/", search_views.speaker_split, name="speaker_split"),
    path("healthz", views.health, name="health"),
]
