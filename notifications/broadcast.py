"""The one module domain code uses to reach websocket groups through the channel layer.

Group names: ``user-<id>``, ``district-<id>``, ``city``, ``case-<id>``, ``campaign-<id>``, ``job-<id>``.
A failure to reach the layer (Redis down) is logged and swallowed: the outbox replays what matters.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger("wagewatch.broadcast")


def group_send(group: str, message: dict) -> bool:
    """Send ``message`` (must contain a JSON-safe ``type`` handled by the consumer) to a group."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(group, {"type": "relay", "message": message})
    except Exception:
        logger.warning("Channel layer unreachable; message to %s not sent live", group)
        return False
    return True
