"""ASGI entry point: HTTP through Django, websockets through the notifications app's routing."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

from core.asgi_handler import get_threaded_asgi_application  # noqa: E402

django_asgi_app = get_threaded_asgi_application(int(os.environ.get("WEB_CONCURRENCY_PER_WORKER", "4")))

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from notifications.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
