"""ASGI entry point: HTTP through Django, websockets through Channels' router."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courtside.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up first)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from courtside.routing import any_origin_urlpatterns, websocket_urlpatterns  # noqa: E402

_guarded = AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
_any_origin = URLRouter(any_origin_urlpatterns)


async def _websocket(scope, receive, send):
    """Browsers' sockets check their origin; a template's socket (its key is the credential,
    its page may be a file in CasparCG's templates folder) takes any origin."""
    if scope["path"].startswith("/ws/overlay/") and scope["path"].endswith("/graphic/"):
        return await _any_origin(scope, receive, send)
    return await _guarded(scope, receive, send)


application = ProtocolTypeRouter({"http": django_asgi_app, "websocket": _websocket})
