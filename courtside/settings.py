"""Django settings for Courtside, read from the environment (see DESIGN.md's contract)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff

from courtside.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-courtside"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

# The ShotTracker API. The defaults are the embedded emulator and the mock
# credentials printed in the spec; the secret never leaves the server.
SHOTTRACKER_API_URL = env_url(
    "SHOTTRACKER_API_URL", "http://127.0.0.1:8080", schemes=("http", "https")
)
SHOTTRACKER_WS_URL = env_url("SHOTTRACKER_WS_URL", "ws://127.0.0.1:8081/", schemes=("ws", "wss"))
SHOTTRACKER_USERNAME = env_str("SHOTTRACKER_USERNAME", "2e4118d42e5011e6b4a4deecc6e6f587")
SHOTTRACKER_SECRET = env_str("SHOTTRACKER_SECRET", "2d64b892e8d434100001")
# Where ShotTracker can reach this server's notify callback (the relay registers it).
COURTSIDE_PUBLIC_URL = env_url(
    "COURTSIDE_PUBLIC_URL", "http://127.0.0.1:8000", schemes=("http", "https")
)
# /healthz calls the relay stale when its last heartbeat (every 5 s) is older than this.
COURTSIDE_RELAY_HEARTBEAT_MAX_AGE_S = env_int("COURTSIDE_RELAY_HEARTBEAT_MAX_AGE_S", 30, minimum=5)
# Position frames: all sensors merged into one frame at most this often.
COURTSIDE_FRAME_HZ = env_int("COURTSIDE_FRAME_HZ", 25, minimum=1, maximum=120)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "broadcast",
    "dashboard",
]

MIDDLEWARE = [
    # /healthz answers before anything else (courtside/health.py): probes come by address.
    "courtside.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CSP (with a nonce per request) and Permissions-Policy: courtside/security.py.
    "courtside.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if not DEBUG:
    # Collected static files in production: the ASGI server serves none by itself (the demo
    # wraps the app in Channels' static handler instead).
    MIDDLEWARE.insert(3, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "courtside.urls"
ASGI_APPLICATION = "courtside.asgi.application"

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
                "courtside.security.csp_nonce",
                "courtside.security.home",
            ],
        },
    },
]


# SQLite (the embedded default) takes the relay's continuous writes and an admin's at once:
# WAL lets readers run beside the one writer, the busy timeout makes a second writer wait
# for the lock instead of failing at once ("database is locked"), and IMMEDIATE transactions
# take the write lock when they begin, so no transaction fails halfway when it upgrades from
# reading to writing (a busy timeout cannot help there). NORMAL sync is durable in WAL mode
# up to the last checkpoint, which is what the demo needs.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
# PostgreSQL through psycopg's pool, per process: under ASGI each request and each relay
# write may run in another thread, and Django's docs advise against persistent connections
# there (CONN_MAX_AGE must be 0 with a pool). A process holds at most this many connections.
DATABASE_POOL_MIN = env_int("COURTSIDE_DB_POOL_MIN", 1, minimum=0)
DATABASE_POOL_MAX = env_int("COURTSIDE_DB_POOL_MAX", 10, minimum=1)
DATABASE_POOL_TIMEOUT_S = env_int("COURTSIDE_DB_POOL_TIMEOUT_S", 10, minimum=1)


def _database() -> dict:
    url = env_str("DATABASE_URL", "")
    if not url:
        # A file for the test database too, so that processes the tests start share it.
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "courtside.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
            "TEST": {"NAME": BASE_DIR / "test_courtside.sqlite3"},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} is not a database URL: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        if DATABASE_POOL_MIN > DATABASE_POOL_MAX:
            raise ImproperlyConfigured("COURTSIDE_DB_POOL_MIN is above COURTSIDE_DB_POOL_MAX")
        config["OPTIONS"] = {
            **config.get("OPTIONS", {}),
            "pool": {
                "min_size": DATABASE_POOL_MIN,
                "max_size": DATABASE_POOL_MAX,
                "timeout": DATABASE_POOL_TIMEOUT_S,
            },
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    env_url("REDIS_URL", REDIS_URL, schemes=("redis", "rediss", "unix"))
    # Reconnect to a restarted Redis within a quarter second: redis-py's default retry backs
    # off from 1 s, and channels_redis's subscriber sleeps 1 s after each failed attempt,
    # which held browsers out of sync for over a second after Redis came back (see
    # tests/reliability). Retrying for about 10 s keeps the subscriber out of that sleep.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "retry": Retry(ExponentialBackoff(cap=0.25, base=0.025), retries=40),
                    }
                ]
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# The default cache is this process's memory (coach views keep short-lived figures in it).
# Failed logins are counted in the "login" cache, shared by every web process over Redis
# when there is one (courtside/security.py; a failing cache never blocks a login).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "login": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "courtside",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "login"},
}
COURTSIDE_LOGIN_FAILURES_PER_USERNAME = env_int(
    "COURTSIDE_LOGIN_FAILURES_PER_USERNAME", 10, minimum=1
)
COURTSIDE_LOGIN_FAILURES_PER_ADDRESS = env_int(
    "COURTSIDE_LOGIN_FAILURES_PER_ADDRESS", 30, minimum=1
)
COURTSIDE_LOGIN_WINDOW_S = env_int("COURTSIDE_LOGIN_WINDOW_S", 900, minimum=1)
# How many proxies in front of the web processes append to X-Forwarded-For (a TLS proxy
# or load balancer: 1). 0 trusts no header: the peer's address is the client's.
COURTSIDE_TRUSTED_PROXIES = env_int("COURTSIDE_TRUSTED_PROXIES", 0, minimum=0, maximum=5)

# HTTPS. On by default when DEBUG is off (so `manage.py check --deploy` is clean): plain
# HTTP is redirected, cookies are Secure, browsers are told to use HTTPS only (HSTS).
# DJANGO_HTTPS=0 serves plain HTTP (a local production-shaped stack, a benchmark).
# Behind a TLS proxy, DJANGO_SECURE_PROXY_SSL_HEADER names the header it sets to "https"
# (e.g. X-Forwarded-Proto); only set it when the proxy always sets or strips that header.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
_proxy_header = env_str("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
# After login each role lands on its own home (courtside/security.py's landing_url).
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where collectstatic puts the files (the image collects them at build time).
STATIC_ROOT = Path(env_str("COURTSIDE_STATIC_ROOT", "") or BASE_DIR / "staticfiles")
# In production every file is served under a name with its content's hash, cached for a
# year: a browser source in OBS gets new scripts after a deploy because their names change.
# That needs `manage.py collectstatic` before the web process starts (its manifest maps
# names to hashed names). With DEBUG on (the demo, the tests) files keep their plain names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Logs: one line per event. Refusals (403 and other 4xx) are one line without a traceback;
# httpx's line per REST call shows only at DEBUG; COURTSIDE_LOG_JSON=1 writes JSON lines
# (time, level, logger, message, and the status and path of a refused request).
LOG_LEVEL = env_str("COURTSIDE_LOG_LEVEL", "INFO").upper()
LOG_JSON = env_bool("COURTSIDE_LOG_JSON", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "courtside.logs.OneLineRefusals"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "courtside.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_JSON else "plain",
            "filters": ["refusals"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "httpx": {"level": "DEBUG" if LOG_LEVEL == "DEBUG" else "WARNING"},
        "httpcore": {"level": "WARNING"},
        # Only the root's handler writes: Django's own console handler would print the
        # same record again, traceback and all.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # uvicorn (courtside.webserver) configures handlers of its own before it loads the
        # application; here its lines go through the root's handler too (plain or JSON).
        # Its access log keeps its own handler (one line per request, as daphne's), which
        # ``--no-access-log`` turns off.
        "uvicorn": {"handlers": [], "propagate": True},
    },
}
