"""Fixtures for the notifications tests: a private channel-layer prefix and a channel-layer listener."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest
from channels.layers import InMemoryChannelLayer, channel_layers, get_channel_layer

from tests.threads import short_lived_db_connections


@pytest.fixture(autouse=True)
def _private_channel_layer(settings):
    """Give each test its own channel-layer prefix, so group members of other runs never mix in."""
    layers = {name: dict(conf) for name, conf in settings.CHANNEL_LAYERS.items()}
    if "CONFIG" in layers["default"]:
        layers["default"]["CONFIG"] = {
            **layers["default"]["CONFIG"],
            "prefix": f"ww-test-{uuid.uuid4().hex[:8]}",
        }
    settings.CHANNEL_LAYERS = layers
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


class Listener:
    """A channel joined to some groups; ``drain()`` returns the relayed messages it received so far.

    The channel layer's receive buffers belong to one event loop, so the listener keeps its own loop in
    a thread with one receive task that runs until ``close()`` (cancelling a receive would drop the
    channel's subscription on the Redis pub/sub layer).
    """

    def __init__(self, groups: list[str]) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.layer = get_channel_layer()
        self.groups = groups
        self.received: list[dict] = []
        self.channel = self._run(self.layer.new_channel())
        for group in groups:
            self._run(self.layer.group_add(group, self.channel))
        self.task = asyncio.run_coroutine_threadsafe(self._receive_forever(), self.loop)

    def _run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=30)

    async def _receive_forever(self) -> None:
        # The in-memory layer wakes its receivers without telling their loop when another thread sends;
        # poll it (cancelling an in-memory receive loses nothing).
        poll = 0.05 if isinstance(self.layer, InMemoryChannelLayer) else None
        while True:
            try:
                envelope = await asyncio.wait_for(self.layer.receive(self.channel), poll)
            except TimeoutError:
                continue
            self.received.append(envelope["message"])

    def drain(self, wait: float = 0.3) -> list[dict]:
        """Wait until nothing more arrives for ``wait`` seconds; return and forget what arrived."""
        seen = -1
        while seen != len(self.received):
            seen = len(self.received)
            time.sleep(wait)
        out, self.received = self.received, []
        return out

    def events(self) -> list[dict]:
        return [m for m in self.drain() if m["type"] == "event"]

    def close(self) -> None:
        self.task.cancel()
        for group in self.groups:
            self._run(self.layer.group_discard(group, self.channel))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


@pytest.fixture
def listen():
    listeners: list[Listener] = []

    def make(*groups: str) -> Listener:
        listener = Listener(list(groups))
        listeners.append(listener)
        return listener

    yield make
    for listener in listeners:
        listener.close()


@pytest.fixture
def short_lived_connections():
    with short_lived_db_connections():
        yield
