"""The one module domain code uses to reach websocket groups through the channel layer.

Group names (permissions.py): ``user-<id>``, ``district-<id>.<role>``, ``city.<role>`` and the page
groups ``<subject>-<id>`` the apps register. ``group_send`` is for live messages that are not stored (progress):
a failure to reach the layer (Redis down) is logged and swallowed. Stored events go out through
``group_send_all`` from delivery.py, which raises so that the task retries.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger("wagewatch.broadcast")

# The consumer method that relays a message to its websocket (StaffConsumer.relay).
RELAY = "relay"


class BroadcastUnavailable(Exception):
    """The channel layer could not be reached; the caller retries later."""


def _envelope(message: dict) -> dict:
    # Serialised once here rather than once per socket: a district group may hold hundreds of tablets.
    return {"type": RELAY, "message": message, "text": json.dumps(message, ensure_ascii=False)}


async def _send_all(layer, pairs: list[tuple[str, dict]]) -> None:
    for group, message in pairs:
        await layer.group_send(group, _envelope(message))


def group_send_all(pairs: Iterable[tuple[str, dict]]) -> None:
    """Send each (group, message) through the channel layer in one go; raise BroadcastUnavailable on failure."""
    pairs = list(pairs)
    layer = get_channel_layer()
    if layer is None or not pairs:
        return
    try:
        async_to_sync(_send_all)(layer, pairs)
    except Exception as exc:
        raise BroadcastUnavailable(str(exc)[:300]) from exc


def group_send(group: str, message: dict) -> bool:
    """Send a live, not stored ``message`` (a dict with a ``type``, e.g. ``progress``) to a group."""
    try:
        group_send_all([(group, message)])
    except BroadcastUnavailable:
        logger.warning("Channel layer unreachable; message to %s not sent live", group)
        return False
    return True
