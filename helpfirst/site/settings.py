"""Django settings for helpfirst, read from the environment (see ``config.SETTINGS``)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from helpfirst.operations.startup import fail_on_bad_environment
from helpfirst.site.config import REPO_ROOT, home_dir, setting

fail_on_bad_environment()  # wrong settings stop here with a message naming each variable

HOME = home_dir()
BASE_DIR = REPO_ROOT
# Production mode (HELPFIRST_PRODUCTION=1, set by `serve --production`): HTTPS only, secure
# cookies, HSTS, no debug pages, a real secret key. `manage.py check --deploy` passes with it.
PRODUCTION = setting("HELPFIRST_PRODUCTION") == "1"


def _secret_key() -> str:
    configured = setting("HELPFIRST_SECRET_KEY")
    if PRODUCTION and (len(configured) < 50 or len(set(configured)) < 5):
        raise ImproperlyConfigured(
            "HELPFIRST_PRODUCTION=1 needs HELPFIRST_SECRET_KEY: 50 or more random characters, "
            "e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    if configured:
        return configured
    key_file = HOME / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = setting("HELPFIRST_DEBUG") == "1" and not PRODUCTION
ALLOWED_HOSTS = [h.strip() for h in setting("HELPFIRST_ALLOWED_HOSTS").split(",") if h.strip()]
if not PRODUCTION:
    ALLOWED_HOSTS += ["testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from our static files (no CDN; CSP 'self')
    "helpfirst.team",
    "helpfirst.playbook",
    "helpfirst.accounts",
    "helpfirst.journeys",
    "helpfirst.interactions",
    "helpfirst.web",
    "helpfirst.debriefs",
    "helpfirst.success",
    "helpfirst.calls",
    "helpfirst.plans",
    "helpfirst.briefs",
    "helpfirst.fit",
    "helpfirst.queue",
    "helpfirst.capture",
    "helpfirst.tracking",
    "helpfirst.mail",
    "helpfirst.calendars",
    "helpfirst.crm",
    "helpfirst.audit",
    "helpfirst.privacy",
    "helpfirst.operations",
]

MIDDLEWARE = [
    "helpfirst.operations.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "helpfirst.site.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "helpfirst.site.middleware.RejectNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "helpfirst.audit.middleware.AuditActorMiddleware",
    "helpfirst.team.sessions.SessionExpiryMiddleware",
    "helpfirst.site.security.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "helpfirst.web.middleware.LoginRequiredEverywhereMiddleware",
]

ROOT_URLCONF = "helpfirst.site.urls"
WSGI_APPLICATION = "helpfirst.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "helpfirst.web.context.navigation",
            ],
        },
    },
]


def _database() -> dict:
    url = setting("DATABASE_URL")
    if not url:
        url = f"sqlite:///{HOME / 'helpfirst.sqlite3'}"
    # Health checks: a connection the server dropped is replaced at the next request.
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
        config.setdefault("TEST", {})["NAME"] = None  # in-memory for tests unless overridden
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "team.User"
# Loads the signed-in user together with their team (docs/decisions/2026-11-23-page-speed.md).
AUTHENTICATION_BACKENDS = ["helpfirst.team.backends.TeamUserBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 1000
NINJA_PAGINATION_MAX_OFFSET = 100_000_000

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Security (issue #9; docs/decisions/2026-11-23-security.md). Sessions end after
# HELPFIRST_SESSION_IDLE_MINUTES without a request or HELPFIRST_SESSION_MAX_HOURS after sign-in
# (helpfirst.team.sessions); sign-in locks out after repeated failures (helpfirst.team.lockout).
HELPFIRST_SESSION_IDLE_MINUTES = int(setting("HELPFIRST_SESSION_IDLE_MINUTES"))
HELPFIRST_SESSION_MAX_HOURS = int(setting("HELPFIRST_SESSION_MAX_HOURS"))
HELPFIRST_PAGE_CACHE_SECONDS = int(setting("HELPFIRST_PAGE_CACHE_SECONDS"))  # page_cache
HELPFIRST_LOGIN_FAILURE_LIMIT = int(setting("HELPFIRST_LOGIN_FAILURE_LIMIT"))
HELPFIRST_LOGIN_IP_FAILURE_LIMIT = int(setting("HELPFIRST_LOGIN_IP_FAILURE_LIMIT"))
HELPFIRST_LOGIN_LOCKOUT_MINUTES = int(setting("HELPFIRST_LOGIN_LOCKOUT_MINUTES"))
HELPFIRST_API_RATE_LIMIT = int(setting("HELPFIRST_API_RATE_LIMIT"))
HELPFIRST_PUBLIC_RATE_LIMIT = int(setting("HELPFIRST_PUBLIC_RATE_LIMIT"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * HELPFIRST_SESSION_MAX_HOURS
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    # Hashed, pre-compressed static files with far-future caching (`serve --production` runs
    # collectstatic once before starting the workers).
    STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    WHITENOISE_USE_FINDERS = False
    WHITENOISE_MANIFEST_STRICT = False
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # Health checks from the load balancer may come over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|livez|health|ready)\b"]
    SECURE_HSTS_SECONDS = int(setting("HELPFIRST_HSTS_SECONDS"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if setting("HELPFIRST_BEHIND_PROXY") == "1":
        # The reverse proxy terminates TLS and must set (not pass through) X-Forwarded-Proto.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

import warnings  # noqa: E402

warnings.filterwarnings("ignore", message=".*default scheme will be changed.*")

from helpfirst.operations.logs import logging_config  # noqa: E402

LOGGING = logging_config(setting("HELPFIRST_LOG_FORMAT"), setting("HELPFIRST_LOG_LEVEL").upper())

Path(MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
