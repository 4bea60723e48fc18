"""The staff websocket: authenticate, join groups, relay; all reads go through selectors."""

from __future__ import annotations

import json
from collections import deque

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.rules import is_staff_member

from . import selectors
from .delivery import event_message
from .permissions import base_groups, covered_by_base, group_allowed

# Close codes (4000–4999 are the application's): the client does not reconnect after a refusal.
CLOSE_FORBIDDEN = 4403
MAX_PAGE_GROUPS = 20
SEEN_WINDOW = 500


@database_sync_to_async
def _unread(user_id: int) -> dict:
    return {"type": "unread", "count": selectors.notification_unread_count(user_id=user_id)}


@database_sync_to_async
def _missed(user, groups: list[str], after_id: int) -> list[dict]:
    return [
        event_message(e) for e in selectors.event_list_missed(user=user, groups=groups, after_id=after_id)
    ]


class StaffConsumer(AsyncJsonWebsocketConsumer):
    """``/ws/staff/``: one per open staff page; the message contract is docs/websocket.md."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if not is_staff_member(user):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.user = user
        self.base = base_groups(user)
        self.page_groups: set[str] = set()
        self.seen: set[int] = set()
        self.seen_order: deque[int] = deque()
        for group in self.base:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json(await _unread(user.pk))

    async def disconnect(self, code: int) -> None:
        for group in [*getattr(self, "base", []), *getattr(self, "page_groups", set())]:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        group = content.get("group")
        if kind == "subscribe" and isinstance(group, str):
            await self._subscribe(group)
        elif kind == "unsubscribe" and isinstance(group, str) and group in self.page_groups:
            self.page_groups.discard(group)
            await self.channel_layer.group_discard(group, self.channel_name)
        elif kind == "resume":
            await self._resume(content.get("last_id"))
        elif kind == "ping":
            await self.send_json({"type": "pong"})

    async def _subscribe(self, group: str) -> None:
        if group in self.page_groups or group in self.base or covered_by_base(self.user, group):
            await self.send_json({"type": "subscribed", "group": group})
            return
        allowed = len(self.page_groups) < MAX_PAGE_GROUPS and await database_sync_to_async(group_allowed)(
            self.user, group
        )
        if not allowed:
            await self.send_json({"type": "error", "error": "forbidden", "group": group})
            return
        self.page_groups.add(group)
        await self.channel_layer.group_add(group, self.channel_name)
        await self.send_json({"type": "subscribed", "group": group})

    async def _resume(self, last_id) -> None:
        """Replay from the database what this connection missed; live messages wait until it is done."""
        try:
            after = int(last_id)
        except (TypeError, ValueError):
            return
        missed = await _missed(self.user, sorted(self.page_groups), max(after, 0))
        for message in missed:
            await self._send_event(message)
        await self.send_json({"type": "resumed", "last_id": missed[-1]["id"] if missed else after})
        await self.send_json(await _unread(self.user.pk))

    async def _send_event(self, message: dict, text: str | None = None) -> None:
        event_id = message.get("id")
        if event_id in self.seen:
            return  # the same event through another group, or already replayed
        self.seen.add(event_id)
        self.seen_order.append(event_id)
        if len(self.seen_order) > SEEN_WINDOW:
            self.seen.discard(self.seen_order.popleft())
        await self._send_text(message, text)

    async def _send_text(self, message: dict, text: str | None) -> None:
        await self.send(text_data=text if text is not None else json.dumps(message, ensure_ascii=False))

    async def relay(self, envelope: dict) -> None:
        """Relay a message from the channel layer (broadcast.py) to the websocket."""
        message = envelope.get("message") or {}
        if message.get("type") == "event":
            await self._send_event(message, envelope.get("text"))
        else:
            await self._send_text(message, envelope.get("text"))
