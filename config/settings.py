"""Tadafur settings: one module, driven by environment variables (see docs/operations.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url
from django.conf import locale as django_locale
from django.utils.translation import gettext_lazy as _

from config.env import email_settings, env_bool, env_int, env_list, env_str, local_secret

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules or env_bool("TADAFUR_TESTING")

SECRET_KEY = local_secret("SECRET_KEY", BASE_DIR)
PII_HASH_KEY = local_secret("PII_HASH_KEY", BASE_DIR)
FIELD_ENCRYPTION_KEY = local_secret("FIELD_ENCRYPTION_KEY", BASE_DIR)

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# An https:// SITE_URL is the public origin: trusted for CSRF unless the list is given.
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", [SITE_URL.rstrip("/")] if SITE_URL.startswith("https://") else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_rq",
    "tadafur.core",
    "tadafur.territories",
    "tadafur.accounts",
    "tadafur.associations",
    "tadafur.petitions",
    "tadafur.budgets",
    "tadafur.bodies",
    "tadafur.programmes",
    "tadafur.notifications",
    "tadafur.comments",
    "tadafur.reach",
    "tadafur.council",
    "tadafur.news",
    "tadafur.inforequests",
    "tadafur.feedback",
    "tadafur.steering",
    "tadafur.dashboards",
    "tadafur.opendata",
    "tadafur.cocreation",
    "tadafur.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tadafur.core.middleware.RequestIdMiddleware",
    "tadafur.core.observability.MetricsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tadafur.core.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tadafur.reach.middleware.AssistedSessionMiddleware",
    "tadafur.accounts.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tadafur.core.context_processors.site",
                "tadafur.notifications.context_processors.unread",
            ],
        },
    }
]

# --- Data -----------------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{BASE_DIR / 'var' / 'tadafur.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # Django's SQLite backend with the write transactions queued on a lock instead of SQLite's
    # sleeping busy handler (tadafur/core/sqlite/base.py, decision 0111).
    DATABASES["default"]["ENGINE"] = "tadafur.core.sqlite"
    # Persistent connections (one per app-server thread): opening a connection costs the five
    # PRAGMAs below, and closing the last one checkpoints the WAL and deletes it, so that the
    # next commit recreates it; together ~20 ms of every request (decision 0111).
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("SQLITE_CONN_MAX_AGE", 600)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA temp_store=MEMORY;"
            "PRAGMA cache_size=-20000;"
        ),
    }
    # synchronous=NORMAL in WAL mode keeps every committed transaction across an application
    # crash; only a power loss can lose the last commits. TADAFUR_SQLITE_FULL_SYNC=1 trades
    # write speed for durability across power loss too.
    if env_bool("TADAFUR_SQLITE_FULL_SYNC"):
        DATABASES["default"]["OPTIONS"]["init_command"] = DATABASES["default"]["OPTIONS"]["init_command"].replace(
            "synchronous=NORMAL", "synchronous=FULL"
        )
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "tadafur"),
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/0"}}
# Workers (`manage.py rqworker`) must run django-tasks' job class, or every task fails.
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends with a precompiled user read per request (decision 0114).
AUTHENTICATION_BACKENDS = [
    "tadafur.accounts.backends.ModelBackend",
    "tadafur.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The database session engine, read with one plain SELECT per request (decision 0112).
SESSION_ENGINE = "tadafur.core.session_store"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
SMS_BACKEND = env_str("SMS_BACKEND", "tadafur.accounts.sms.ConsoleSmsBackend")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN")
SMS_GATEWAY_TIMEOUT = int(env_str("SMS_GATEWAY_TIMEOUT", "10"))

# --- Internationalisation -------------------------------------------------------------------
# Amazigh in Tifinagh (ISO 639-3 `zgh`, Standard Moroccan Tamazight) is unknown to Django.
django_locale.LANG_INFO["zgh"] = {
    "bidi": False,
    "code": "zgh",
    "name": "Standard Moroccan Tamazight",
    "name_local": "ⵜⴰⵎⴰⵣⵉⵖⵜ",
}
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("zgh", _("Amazigh (Tifinagh)")),
    ("en", _("English")),
]
LANGUAGES_BIDI = ["ar"]
# Our catalogues first; locale/vendor/ fills Django's and allauth's own strings for zgh (none
# upstream) and Moroccan month names for ar.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Email ----------------------------------------------------------------------------------
globals().update(email_settings(env_str("EMAIL_URL", "locmem:" if TESTING else "console:")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tadafur <no-reply@tadafur.ma>")

# --- Security -------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
# Served over HTTPS: said explicitly (HTTPS=1), or implied by an https:// SITE_URL, so that a
# production site never sends its cookies in clear because one variable was forgotten.
HTTPS = env_bool("HTTPS", SITE_URL.startswith("https://"))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading is a promise to browsers that is slow to undo: only on request (HSTS_PRELOAD=1).
SECURE_HSTS_PRELOAD = HTTPS and env_bool("HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging --------------------------------------------------------------------------------
# Personal data never reaches the logs: the request-id filter adds correlation, and request
# bodies are never logged. LOG_FORMAT=json (the default) writes one JSON object per line for
# log collectors; LOG_FORMAT=plain is easier to read on a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "tadafur.core.middleware.RequestIdLogFilter"},
        "redact_personal_data": {"()": "tadafur.core.pii.RedactPersonalData"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "tadafur.core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if LOG_FORMAT == "plain" else "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One INFO line per task start and end drowns the useful lines; failures still show.
        "django_tasks": {"level": env_str("TASKS_LOG_LEVEL", "WARNING")},
        # RQ logs every job with its arguments (an email task's recipient): redacted at the source.
        "rq.worker": {"filters": ["redact_personal_data"]},
        "rq.job": {"filters": ["redact_personal_data"]},
        "rq.queue": {"filters": ["redact_personal_data"]},
    },
}
# /metrics (Prometheus text format) answers only `Authorization: Bearer <METRICS_TOKEN>`; off when unset.
METRICS_TOKEN = env_str("METRICS_TOKEN")

# --- Libraries ------------------------------------------------------------------------------
from tadafur.accounts.allauth_settings import *  # noqa: E402,F403

NINJA_PAGINATION_PER_PAGE = 50

# --- Abuse controls -------------------------------------------------------------------------
# Signatures per account and per IP address per minute (tadafur/petitions/ratelimit.py).
PETITION_SIGN_RATE_PER_ACCOUNT = env_int("PETITION_SIGN_RATE_PER_ACCOUNT", 10)
PETITION_SIGN_RATE_PER_IP = env_int("PETITION_SIGN_RATE_PER_IP", 60)
# Ballots cast or changed online per account and per IP address per minute (budgets).
BALLOT_RATE_PER_ACCOUNT = env_int("BALLOT_RATE_PER_ACCOUNT", 10)
BALLOT_RATE_PER_IP = env_int("BALLOT_RATE_PER_IP", 60)
