"""Settings for the export credit insurance portal.

Everything that differs between a laptop, CI and production is read from the environment.
With no environment at all the portal runs on an embedded default: SQLite and a file-based
Celery broker under ``var/``. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis.
"""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


# Production is the default: DEBUG is off unless asked for, and then the portal refuses to start
# without its own secret key (there is no public fallback that would sign sessions and tokens).
DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value (or DJANGO_DEBUG=true on a laptop)."
        )
    SECRET_KEY = "dev-only-insecure-key-for-debug-" + "0123456789abcdef" * 2
ALLOWED_HOSTS = [
    h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
# The Django admin's address (read-only ledger views for staff); a deployment may move it away
# from the well-known /admin/ that scanners try first.
PORTAL_ADMIN_PATH = os.environ.get("PORTAL_ADMIN_PATH", "admin/").strip("/") + "/"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    # the shared kernel
    "sinosure_portal.core",
    "sinosure_portal.accounts",
    "sinosure_portal.audit",
    "sinosure_portal.money",
    "sinosure_portal.workdays",
    "sinosure_portal.notifications",
    "sinosure_portal.ledger",
    "sinosure_portal.outbox",
    "sinosure_portal.webhooks",
    # one app per lifecycle stage
    "creditinfo",
    "policies",
    "limits",
    "declarations",
    "claims",
    "financing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sinosure_portal.core.middleware.SessionIdleTimeoutMiddleware",
    "sinosure_portal.core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sinosure_portal.core.throttles.PageDownloadThrottleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sinosure_portal.core.middleware.DomainErrorMiddleware",
    # API writes with an Idempotency-Key: a repeat gets the first answer (core/idempotency.py)
    "sinosure_portal.core.idempotency.IdempotencyMiddleware",
    # last, so that it sees the outcome of authentication
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sinosure_portal.urls"
WSGI_APPLICATION = "sinosure_portal.wsgi.application"

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
                "sinosure_portal.core.context_processors.portal",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # several processes (web, worker, beat) share the file (make run's embedded default):
    # write-ahead logging lets readers go on while one writes; a writer waits up to 20 s for the
    # lock; a transaction takes the write lock when it starts (BEGIN IMMEDIATE), so two never
    # deadlock upgrading read locks, which SQLite answers at once with "database is locked".
    # synchronous stays FULL: a committed write survives a power cut.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's cost of a random page read: PostgreSQL's default (4) assumes spinning disks and
    # made it scan all 1,000,000 declarations rather than look up a bank's 21,700 by index (150 ms
    # against 45 ms to count them; bench/bank_dashboard.py). 1.1 suits SSDs and data in memory.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={os.environ.get('PORTAL_PG_RANDOM_PAGE_COST', '1.1')}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- people -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"
# Login throttling: after this many failures for one username from one address, lock for a while.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# a locked-out sign-in is a 429 with Retry-After and the lock's remaining time (page and API)
AXES_LOCKOUT_CALLABLE = "sinosure_portal.accounts.lockout.lockout_response"
# Users are reminded to change a password older than this.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 180)

# --- language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("PORTAL_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Evidence, uploads and generated PDFs go to an S3-compatible object store when a bucket is named
# (several nodes then read the same files); local disk under MEDIA_ROOT otherwise (`make run`).
# The bucket stays private: every download goes through the view of the object it belongs to.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": None,  # the bucket's own (private) policy
            "querystring_auth": True,  # a URL, if one were ever made, would expire
            "file_overwrite": False,  # a second file of the same name gets a name of its own
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
        },
    }
WHITENOISE_USE_FINDERS = True

# --- e-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@sinosure.example")

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # first: an unauthenticated or bad-key call is a 401 with WWW-Authenticate: Bearer
        "sinosure_portal.accounts.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "sinosure_portal.core.throttles.UserRateThrottle",
        "sinosure_portal.core.throttles.KeyRateThrottle",
        "sinosure_portal.core.throttles.HeavyRateThrottle",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "sinosure_portal.core.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "sinosure_portal.base.api.PortalAutoSchema",
    "EXCEPTION_HANDLER": "sinosure_portal.base.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    # JSON bodies only (uploads name their own parsers), so the schema offers one body per operation
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API keys (accounts/keys.py): stored as SHA-256, valid this many days at most (and by default),
# at most this many active keys per user
PORTAL_API_KEY_DAYS = env_int("PORTAL_API_KEY_DAYS", 90)
PORTAL_API_KEYS_PER_USER = env_int("PORTAL_API_KEYS_PER_USER", 20)
# free text (a reason, a note, a description) the API and the pages accept, in characters; every
# other bound is the field's own or its column's (sinosure_portal/base/bounds.py)
PORTAL_TEXT_MAX_LENGTH = env_int("PORTAL_TEXT_MAX_LENGTH", 10_000)
PORTAL_API_MAX_PAGE_SIZE = env_int("PORTAL_API_MAX_PAGE_SIZE", 500)
# Idempotency-Key on API writes (core/idempotency.py): a success is replayed for this long; a first
# request still unanswered after this many seconds (its process died) is taken over by a repeat
PORTAL_IDEMPOTENCY_HOURS = env_int("PORTAL_IDEMPOTENCY_HOURS", 24)
PORTAL_IDEMPOTENCY_STALE_SECONDS = env_int("PORTAL_IDEMPOTENCY_STALE_SECONDS", 600)
# requests per user (and per API key) and scope; 429 with Retry-After beyond (core/throttles.py)
PORTAL_THROTTLE_RATES = {
    "read": os.environ.get("PORTAL_THROTTLE_READ", "1200/min"),
    "write": os.environ.get("PORTAL_THROTTLE_WRITE", "300/min"),
    "upload": os.environ.get("PORTAL_THROTTLE_UPLOAD", "60/hour"),
    "export": os.environ.get("PORTAL_THROTTLE_EXPORT", "120/hour"),
    "pdf": os.environ.get("PORTAL_THROTTLE_PDF", "300/hour"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Export credit insurance portal API",
    "DESCRIPTION": "Policies, credit limits, shipment declarations, claims, financing and credit information.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sinosure_portal.base.bounds.schema_bounds",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ApiKeyStatusEnum": "sinosure_portal.accounts.models.ApiKey.Status",
        "ReconciliationStatusEnum": "sinosure_portal.ledger.models.ReconciliationRun.Status",
        "StatsColumnKindEnum": "sinosure_portal.core.stats.KINDS",
        "DeductionKindEnum": "claims.models.ClaimDeduction.Kind",
    },
}

# --- Celery -------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# the cache holds the request-rate counters: shared by every web process through Redis
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    # Embedded default: a broker made of folders, so that `make run` needs no service.
    _broker_dir = VAR_DIR / "celery"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    # kombu's folder transport, but a message file appears only once it is whole (written aside,
    # then renamed): a worker polling the folder never reads half a message
    CELERY_BROKER_TRANSPORT = "sinosure_portal.base.filebroker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged when it has finished, and a task whose worker died (kill -9, out of
# memory) goes back to the queue for another worker: every task is idempotent, so running one
# again is safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No code reads a task's result. Storing none also keeps a send from subscribing to the result
# store first: with Redis down, that subscription retried for 19 s before the send even started.
CELERY_TASK_IGNORE_RESULT = True
# Redis redelivers a message not acknowledged within this many seconds (its worker is presumed
# dead). It must be longer than the longest task (time_limit 1800 s: declaration batches and the
# reconciliation) or a running task would be handed to a second worker; tests check the margin.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
# A send to an unreachable broker fails fast: the outbox keeps the message and the periodic relay
# sends it later, so nothing is gained by a request waiting on retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
    }
    # One beat, however many beat processes run: celery-redbeat keeps the schedule in Redis and
    # only the holder of its lock sends anything; another beat waits for the lock and takes over
    # within CELERY_REDBEAT_LOCK_TIMEOUT seconds (plus a 5 s poll) when the holder dies.
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = REDIS_URL
    CELERY_REDBEAT_REDIS_OPTIONS = {"socket_connect_timeout": 5}
    CELERY_REDBEAT_KEY_PREFIX = os.environ.get("CELERY_REDBEAT_KEY_PREFIX", "redbeat:")
    CELERY_BEAT_MAX_LOOP_INTERVAL = 5
    CELERY_REDBEAT_LOCK_TIMEOUT = env_int("CELERY_REDBEAT_LOCK_TIMEOUT", 30)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Every schedule sits here. Each daily sweep is set-based and idempotent, so a sweep that runs
# twice, or late after a missed day, sends nothing twice. SWEEP_EVERY_SECONDS replaces the daily
# time with a short interval (used by the end-to-end Celery test and handy in a demo).
_SWEEP_EVERY = env_int("SWEEP_EVERY_SECONDS", 0)


def _daily(hour: int, minute: int = 0):
    return _SWEEP_EVERY or crontab(hour=hour, minute=minute)


CELERY_BEAT_SCHEDULE = {
    # 06:00 Shanghai: before people start work, remind those whose password has grown old.
    "accounts.remind_old_passwords": {
        "task": "accounts.remind_old_passwords",
        "schedule": _daily(6, 0),
    },
    # 03:40 Shanghai: at night, remove stored files no row names (left by uploads whose transaction
    # rolled back), once they are a day old.
    "core.remove_orphaned_files": {
        "task": "core.remove_orphaned_files",
        "schedule": _daily(3, 40),
    },
}
# Every OUTBOX_RELAY_SECONDS: the outbox's pending messages (those the after-commit relay could not
# send: broker away, process killed between commit and send) go to the broker, oldest first.
OUTBOX_RELAY_SECONDS = env_int("OUTBOX_RELAY_SECONDS", 10)
OUTBOX_RELAY_BATCH = env_int("OUTBOX_RELAY_BATCH", 500)
# after a failed send, a process leaves its messages to the periodic relay for this long
OUTBOX_BROKER_PAUSE_SECONDS = env_int("OUTBOX_BROKER_PAUSE_SECONDS", 10)
# sent messages are kept this many days (what was sent, when), failed ones until an administrator acts
OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 7)
CELERY_BEAT_SCHEDULE["outbox.relay"] = {"task": "outbox.relay", "schedule": OUTBOX_RELAY_SECONDS}
# 03:50 Shanghai: forget sent messages older than OUTBOX_KEEP_DAYS
CELERY_BEAT_SCHEDULE["outbox.purge_sent"] = {"task": "outbox.purge_sent", "schedule": _daily(3, 50)}
# Later apps add their sweeps to this table in their own module, merged here so that every
# schedule is still read in one place (see sinosure_portal/schedules.py).
from sinosure_portal.schedules import APP_SCHEDULES  # noqa: E402

for _name, _entry in APP_SCHEDULES.items():
    CELERY_BEAT_SCHEDULE[_name] = {"task": _entry["task"], "schedule": _daily(*_entry["at"])}

# --- portal behaviour ---------------------------------------------------------------------------
# traffic-light look-up answers are kept this long in the shared cache; any change to what they
# show moves the cache on at once (creditinfo/cache.py), so this only bounds a missed change. 0: off
LOOKUP_CACHE_SECONDS = env_int("LOOKUP_CACHE_SECONDS", 60)
# an indemnity above this many USD is paid only after a second claims officer (not the one who
# decided the claim) has approved it (claims/services/indemnity.py)
PORTAL_INDEMNITY_SECOND_APPROVAL_USD = Decimal(
    os.environ.get("PORTAL_INDEMNITY_SECOND_APPROVAL_USD", "500000")
)
from sinosure_portal.settings_acts import *  # noqa: E402,F403 - four-eyes settings

# Uploaded files: a file larger than PORTAL_UPLOAD_MAX_BYTES is refused while the body is read (the
# capped handler keeps nothing past the cap; reading the file then raises a 400 "too_large").
PORTAL_UPLOAD_MAX_BYTES = env_int("PORTAL_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# declaration and payment files: rows after the header; an XLSX's uncompressed size (from the zip
# directory, checked before anything is expanded) and its compression ratio (a zip bomb)
PORTAL_UPLOAD_MAX_ROWS = env_int("PORTAL_UPLOAD_MAX_ROWS", 100_000)
PORTAL_XLSX_MAX_UNCOMPRESSED_BYTES = env_int("PORTAL_XLSX_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
PORTAL_XLSX_MAX_RATIO = env_int("PORTAL_XLSX_MAX_RATIO", 100)
DATA_UPLOAD_MAX_MEMORY_SIZE = PORTAL_UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# an upload queued or running with no progress for this long is queued again by the sweep
DECLARATION_BATCH_STUCK_MINUTES = env_int("DECLARATION_BATCH_STUCK_MINUTES", 10)
FILE_UPLOAD_HANDLERS = [
    "sinosure_portal.core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # PDF rendering reports each layout step and font subset at INFO: not news for an operator
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- transport and browser security (OWASP ASVS 5.0 level 2, what applies to a web portal) -----------
# Production runs behind a TLS proxy. PORTAL_HTTPS=false (what `make run` sets for plain http on
# 127.0.0.1, and the test settings) turns off what only makes sense over https.
PORTAL_HTTPS = env_bool("PORTAL_HTTPS", default=not DEBUG)
_proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO=https")
SECURE_PROXY_SSL_HEADER = tuple(_proxy_header.split("=", 1)) if _proxy_header else None
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=PORTAL_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container's own health check speaks http
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PORTAL_HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000 if PORTAL_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# a money portal's session: at most PORTAL_SESSION_HOURS after sign-in, and it ends after
# PORTAL_SESSION_IDLE_MINUTES without a request (SessionIdleTimeoutMiddleware)
SESSION_COOKIE_AGE = env_int("PORTAL_SESSION_HOURS", 8) * 3600
PORTAL_SESSION_IDLE_MINUTES = env_int("PORTAL_SESSION_IDLE_MINUTES", 30)
# scripts only from the portal's own static files: no inline script anywhere (see static/js)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # style attributes (progress bars' widths)
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
}
