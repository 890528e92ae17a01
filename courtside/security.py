"""Security headers with a per-request CSP nonce, and a login that limits failed attempts.

``SecurityHeadersMiddleware`` gives every request a fresh nonce (``request.csp_nonce``,
and ``csp_nonce`` in templates, which django-htmx's ``{% htmx_script %}`` puts on its
tags) and every response a Content-Security-Policy and a Permissions-Policy. Scripts
load only from this origin or with the nonce; ``json_script`` data blocks are not
scripts and need nothing. A few inline things cannot carry a nonce and are allowed by
hash: the ``<style>`` htmx inserts for its indicators, the style of the overlay's empty
page, and the one inline event handler of the coach's season page. Django's
``SecurityMiddleware`` and ``XFrameOptionsMiddleware`` send the rest (nosniff,
Referrer-Policy, COOP, HSTS, X-Frame-Options).

``RateLimitedLoginView`` is Django's login with a cap on failures: per username (across
addresses) and per client address, in a fixed window kept in the ``login`` cache
(Redis when ``REDIS_URL`` is set, so every web process counts together). Once capped,
the form answers 429 without checking the password, until the window ends. The client's
address is read through ``COURTSIDE_TRUSTED_PROXIES`` proxies (``X-Forwarded-For``), so
behind a TLS proxy one client's failures do not lock out the others.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

log = logging.getLogger(__name__)

NONCE_BYTES = 18
# htmx 2 adds this <style> to <head> at load (htmx.config.includeIndicatorStyles); it
# cannot take our nonce without a template change, so it is allowed by its hash.
HTMX_INDICATOR_STYLE = (
    ".htmx-indicator{opacity:0;visibility: hidden} "
    ".htmx-request .htmx-indicator, .htmx-request.htmx-indicator"
    "{opacity:1;visibility: visible;transition: opacity 200ms ease-in}"
)
# The empty page an overlay gets for a revoked or unknown key (dashboard/overlay/views.py's
# GONE_PAGE): it must stay transparent on air, so its one style is allowed by hash too.
OVERLAY_GONE_STYLE = "html,body{margin:0;background:transparent;overflow:hidden}"
INLINE_STYLES = (HTMX_INDICATOR_STYLE, OVERLAY_GONE_STYLE)
# Inline event handlers in templates ('unsafe-hashes' allows exactly these sources).
INLINE_HANDLERS = ("this.form.requestSubmit()",)  # templates/coach/season.html, scope radios
# The games page asks for the browser's position ("Near me"); nothing asks for more.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"


def source_hash(text: str) -> str:
    """A CSP hash source (``'sha256-…'``) for an inline script, handler or style."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


_HANDLER_HASHES = " ".join(source_hash(h) for h in INLINE_HANDLERS)
_STYLE_HASHES = " ".join(source_hash(s) for s in INLINE_STYLES)


def content_security_policy(nonce: str, *, framable: bool = False) -> str:
    """The policy of one response: this origin, the request's nonce, the hashes above."""
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}' 'unsafe-hashes' {_HANDLER_HASHES}",
        "style-src": f"'self' {_STYLE_HASHES}",
        "img-src": "'self' data:",
        "font-src": "'self'",
        # 'self' covers ws:/wss: to this host (the browser sockets) in CSP 3.
        "connect-src": "'self'",
        "frame-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        # The operator's panel shows an output's preview in a frame of this origin.
        "frame-ancestors": "'self'" if framable else "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware(MiddlewareMixin):
    """A nonce per request; CSP and Permissions-Policy on every response (a view's own win)."""

    def process_request(self, request: HttpRequest) -> None:
        request.csp_nonce = secrets.token_urlsafe(NONCE_BYTES)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        nonce = getattr(request, "csp_nonce", None) or secrets.token_urlsafe(NONCE_BYTES)
        framable = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
        response.headers.setdefault(
            "Content-Security-Policy", content_security_policy(nonce, framable=framable)
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def csp_nonce(request: HttpRequest) -> dict[str, str]:
    """Template context processor: ``csp_nonce`` for script tags (django-htmx reads it)."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


def home(request: HttpRequest) -> dict:
    """Template context processor: ``home_url``, the user's own home (asked only when shown)."""
    user = getattr(request, "user", None)
    return {"home_url": lambda: landing_url(user) if user is not None else "/"}


# -- login attempts ------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginLimits:
    """Failed logins allowed per window, per username and per client address."""

    per_username: int
    per_address: int
    window_s: int


def login_limits() -> LoginLimits:
    """The limits from settings."""
    return LoginLimits(
        per_username=settings.COURTSIDE_LOGIN_FAILURES_PER_USERNAME,
        per_address=settings.COURTSIDE_LOGIN_FAILURES_PER_ADDRESS,
        window_s=settings.COURTSIDE_LOGIN_WINDOW_S,
    )


def _key(kind: str, value: str) -> str:
    # Hashed: usernames and addresses may hold characters a cache key may not.
    return f"login-failures:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def _keys(username: str, address: str, limits: LoginLimits) -> Iterable[tuple[str, int]]:
    yield _key("user", username.strip().lower()), limits.per_username
    yield _key("addr", address), limits.per_address


class LoginThrottle:
    """Counts failed logins in the ``login`` cache; a cache that fails lets logins through."""

    def __init__(self, limits: LoginLimits | None = None, cache_alias: str = "login") -> None:
        self.limits = limits or login_limits()
        self.cache = caches[cache_alias]

    def blocked(self, username: str, address: str) -> bool:
        """Whether this username or this address used up its failures for the window."""
        try:
            counts = self.cache.get_many([key for key, _ in _keys(username, address, self.limits)])
        except Exception:
            log.warning("the login cache failed; not limiting logins meanwhile", exc_info=True)
            return False
        return any(counts.get(key, 0) >= cap for key, cap in _keys(username, address, self.limits))

    def failed(self, username: str, address: str) -> None:
        """Count one failure against the username and the address."""
        try:
            for key, _cap in _keys(username, address, self.limits):
                # add() starts the window; incr() keeps its expiry.
                self.cache.add(key, 0, timeout=self.limits.window_s)
                self.cache.incr(key)
        except Exception:
            log.warning("the login cache failed; a failed login was not counted", exc_info=True)

    def succeeded(self, username: str) -> None:
        """A good password clears the username's count (not the address's)."""
        try:
            self.cache.delete(_key("user", username.strip().lower()))
        except Exception:
            log.warning("the login cache failed", exc_info=True)


def client_address(request: HttpRequest) -> str:
    """The client's address, seen through ``COURTSIDE_TRUSTED_PROXIES`` proxies.

    Behind a TLS proxy every request comes from the proxy's address, so counting failures
    per peer would lock every user out at once. Each trusted proxy appends the address it
    received the request from to ``X-Forwarded-For``; the client is the address the
    outermost trusted proxy saw, counted from the right. Anything further left was written
    by the client itself and is not believed. With no trusted proxy (the default) the
    header is ignored and the peer's address is the client.
    """
    peer = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = settings.COURTSIDE_TRUSTED_PROXIES
    if proxies <= 0:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [part.strip() for part in forwarded.split(",") if part.strip()]
    chain = [*hops, peer]
    # chain[-1] is the nearest proxy, chain[-1 - proxies] the client the outermost one saw.
    if len(chain) > proxies:
        return chain[-1 - proxies]
    log.warning(
        "a request through fewer proxies than COURTSIDE_TRUSTED_PROXIES=%d: %s", proxies, chain
    )
    return chain[0]


def landing_url(user) -> str:
    """Where a user lands after logging in: each role on its own home."""
    from dashboard.roles import COACH, OPERATOR, has_role

    if has_role(user, OPERATOR):
        return "/"
    if has_role(user, COACH):
        return "/coach/"
    if user.is_staff:
        return "/admin/"
    return "/"


class RateLimitedLoginView(LoginView):
    """Django's login page; too many failures answer 429 without checking the password.

    Without a ``next`` page, or with the site's root as ``next`` (where a coach who opened
    the site's address was sent from), the user lands on their role's home (``landing_url``).
    """

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if url in ("", "/"):
            return landing_url(self.request.user)
        return url

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        throttle = LoginThrottle()
        username = request.POST.get("username", "")[:150]
        address = client_address(request)
        if throttle.blocked(username, address):
            log.warning("login refused: too many failures for %r from %s", username, address)
            minutes = max(1, throttle.limits.window_s // 60)
            # base.html shows messages above the page; the form comes back unchecked.
            messages.error(request, f"Too many failed logins. Try again in {minutes} minutes.")
            form = self.get_form_class()(request, initial={"username": username})
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(throttle.limits.window_s)
            return response
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302:
            throttle.succeeded(username)
        else:
            throttle.failed(username, address)
        return response
