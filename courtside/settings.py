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
    # Collected static files in production: daphne serves none by itself (the demo
    # wraps the app in Channels' static handler instead).
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

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
            ],
        },
    },
]


def _database() -> dict:
    url = env_str("DATABASE_URL", "")
    if not url:
        # A file for the test database too, so that processes the tests start share it.
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "courtside.sqlite3",
            "TEST": {"NAME": BASE_DIR / "test_courtside.sqlite3"},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} is not a database URL: {exc}") from None
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("COURTSIDE_LOG_LEVEL", "INFO")},
}
