"""The REST API, /api/v1/ (django-ninja): programs (a CMS, a researcher's notebook) send articles and read
quotes and speakers with an API key, acting with its user's permissions. Its OpenAPI schema is at
/api/v1/openapi.json, its documentation page (Swagger UI, from our own static files) at /api/v1/docs.

Every error is JSON, ``{"detail": "..."}``, with ``errors`` for the fields of a 422."""

import logging
import math
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.template.defaultfilters import filesizeformat
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from .. import services

__all__ = ["api", "urls"]

logger = logging.getLogger(__name__)


class ApiKeyAuth(HttpBearer):
    """``Authorization: Bearer nrk_...``: the key, active, of an active user. The request then acts as
    that user, with their permissions: one without ``permission`` is refused (403) before its body is read."""

    def __init__(self, permission: str = "", doing: str = "") -> None:
        super().__init__()
        self.permission, self.doing = permission, doing

    def authenticate(self, request: HttpRequest, token: str):
        api_key = services.api_key_authenticate(key=token.strip())
        if api_key is None:
            return None
        request.user = api_key.user
        if self.permission and not api_key.user.has_perm(f"attribution.{self.permission}"):
            raise HttpError(403, f"This key's user ({api_key.user.get_username()}) may not {self.doing}.")
        return api_key


class KeyRateThrottle(SimpleRateThrottle):
    """At most API_RATE_LIMIT requests per key (counted in the cache, so across every web process)."""

    scope = "api_key"

    def __init__(self) -> None:
        super().__init__(rate=settings.API_RATE_LIMIT)

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(settings.API_RATE_LIMIT)  # a changed setting
        try:
            return super().allow_request(request)
        except Exception as error:  # Redis is down: the API goes on answering, uncounted, rather than fail
            logger.warning("API rate limit not counted (the cache is unavailable): %s", error)
            return True

    def get_cache_key(self, request: HttpRequest) -> str | None:
        api_key = getattr(request, "auth", None)
        return None if api_key is None else f"throttle_api_key_{api_key.id}"

    def wait(self) -> float:
        # until the oldest request counted leaves the window: then one more may go
        return max(1.0, self.duration - (self.now - self.history[-1])) if self.history else self.duration


api = NinjaAPI(
    title="Newsroom quotes API",
    version="1",
    description="Send articles; read their quotes, speakers and states; confirm or reject quotes. "
    "Authenticate with an API key from your account page: `Authorization: Bearer nrk_...`.",
    urls_namespace="api",
    auth=ApiKeyAuth(),
    throttle=[KeyRateThrottle()],
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError):
    detail = (
        "This API key is not valid: it is wrong, revoked, or its user is inactive."
        if request.headers.get("Authorization")
        else "Send your API key in the Authorization header: 'Authorization: Bearer nrk_...'. "
        "Make one on your account page (/account/api-keys/)."
    )
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled):
    detail = f"Too many requests with this key: the limit is {settings.API_RATE_LIMIT}. Wait and try again."
    response = api.create_response(request, {"detail": detail}, status=429)
    if exc.wait:
        response["Retry-After"] = str(math.ceil(exc.wait))
    return response


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError):
    errors = []
    for error in exc.errors:
        where = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")
        ]
        message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
        errors.append({"field": ".".join(where) or None, "message": message})
    shown = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    return api.create_response(
        request, {"detail": f"The request is not valid: {shown}", "errors": errors}, status=422
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    detail = exc.message
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = "The body is not JSON: send a JSON object, with Content-Type: application/json."
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig):
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return api.create_response(request, {"detail": f"The request is larger than {limit}."}, status=413)


from . import endpoints  # noqa: E402, F401 - the operations register themselves on ``api``


def urls():
    """The API's URL patterns, for include(): a key signs each request in, so none asks for the site's
    sign-in page (LoginRequiredMiddleware); the schema and the documentation page are open."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(_json_405(pattern.callback))
    return patterns, app_name, namespace


def _json_405(view):
    """django-ninja answers a method an operation does not take in plain text: here, JSON as every error."""

    @wraps(view)
    def answered(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        allowed = response["Allow"]
        refused = JsonResponse(
            {"detail": f"{request.method} is not answered here: use {allowed}."}, status=405
        )
        refused["Allow"] = allowed
        return refused

    return answered
