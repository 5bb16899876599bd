"""The feeds page: every feed with its last check, what it took and why it failed; for editors, the form
to add one and Pause / Resume."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..forms import FeedForm
from ..models import Feed
from ..services.feeds import FEED_MAX_FAILURES


@require_GET
def feed_list(request: HttpRequest) -> HttpResponse:
    return _page(request, FeedForm())


def _page(request: HttpRequest, form: FeedForm, *, status: int = 200) -> HttpResponse:
    context = {
        "feeds": Feed.objects.for_page(),
        "form": form,
        "poll_minutes": round(settings.FEED_POLL_SECONDS / 60),
        "max_failures": FEED_MAX_FAILURES,
    }
    return render(request, "attribution/feed_list.html", context, status=status)


@require_POST
@permission_required("attribution.add_feed", raise_exception=True)
def feed_add(request: HttpRequest) -> HttpResponse:
    form = FeedForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    feed, created = services.feed_add(
        url=form.cleaned_data["url"], publication_name=form.cleaned_data["publication"], user=request.user
    )
    if created:
        messages.success(request, f"{feed.url} added for {feed.publication_name}: it is checked now.")
    else:
        messages.warning(request, f"{feed.url} is here already, for {feed.publication_name}.")
    return redirect("feed_list")


@require_POST
@permission_required("attribution.change_feed", raise_exception=True)
def feed_pause(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=pk)
    if services.feed_pause(feed_id=feed.id, user=request.user):
        messages.success(request, f"{feed} is paused: it is not checked until it is resumed.")
    else:
        messages.info(request, f"{feed} was paused already.")
    return redirect("feed_list")


@require_POST
@permission_required("attribution.change_feed", raise_exception=True)
def feed_resume(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=pk)
    if services.feed_resume(feed_id=feed.id):
        messages.success(request, f"{feed} is resumed: it is checked now.")
    else:
        messages.info(request, f"{feed} was not paused.")
    return redirect("feed_list")
