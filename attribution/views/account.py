"""One's own account: the API keys page, where any signed-in user makes and revokes keys of their own (a key
acts with its owner's permissions, so it needs none of its own)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import ApiKeyForm
from ..models import ApiKey


# never_cache: the answer to a POST holds the new key, which no browser or proxy cache may keep
@never_cache
@require_http_methods(["GET", "POST"])
def api_keys(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm()
    new_key = None
    if request.method == "POST":
        form = ApiKeyForm(request.POST)
        if not form.is_valid():
            return _page(request, form, status=400)
        # Shown in this answer only, not redirected to: a redirect would have to carry the key in the
        # session or the URL. Reloading asks the browser to send the form again, which makes another key.
        new_key = services.api_key_create(
            user=request.user, name=form.cleaned_data["name"], callback_url=form.cleaned_data["callback_url"]
        )
        form = ApiKeyForm()
    return _page(request, form, new_key=new_key)


def _page(
    request: HttpRequest, form: ApiKeyForm, *, new_key: services.NewKey | None = None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "new_key": new_key, "keys": request.user.api_keys.all()}
    return render(request, "attribution/api_keys.html", context, status=status)


@require_POST
def api_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # another user's key is missing here, as a key that never was: its id tells nothing
    key = get_object_or_404(ApiKey, pk=pk, user=request.user)
    if services.api_key_revoke(key_id=key.id, user=request.user):
        messages.success(
            request, f"{key.name} ({key.prefix}…) is revoked: requests that carry it are refused."
        )
    else:  # revoked before, or meanwhile in another tab
        messages.info(request, f"{key.name} ({key.prefix}…) was revoked already.")
    return redirect("api_keys")
