"""A private redis-server that a test may stop and start again on the same port.

Never the shared server on 6379: each one listens on a free port of its own, keeps nothing on disk and
is shut down when the test ends. Used through the ``redis_server`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import socket
import subprocess
import time
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    """A redis-server on ``port`` with no persistence, started and stopped by the test."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"

    def _cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, timeout=10
        )

    def running(self) -> bool:
        return self._cli("ping").stdout.strip() == "PONG"

    def start(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                "/tmp",
                "--logfile",
                "",
            ],
            check=True,
            capture_output=True,
            timeout=10,
        )
        for _ in range(200):
            if self.running():
                return
            time.sleep(0.05)
        raise RuntimeError("throwaway redis-server did not start")

    def stop(self) -> None:
        self._cli("shutdown", "nosave")
        for _ in range(200):
            if self._cli("ping").returncode != 0:
                return
            time.sleep(0.05)
        raise RuntimeError("throwaway redis-server did not stop")


def _forget_broker_connections(app) -> None:
    """Make the Celery app connect afresh to the (changed) broker URL."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_broker_at(url: str):
    """Publish tasks to a real broker at ``url`` (not run in process) until the block ends."""
    from core.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    _forget_broker_connections(app)
    try:
        yield
    finally:
        app.conf.update(saved)
        _forget_broker_connections(app)
