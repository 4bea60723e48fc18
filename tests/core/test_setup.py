"""The set-up itself: migrations apply on a fresh SQLite file and the run command's server answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sqlite_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        DJANGO_SETTINGS_MODULE="core.settings",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    return env


def _manage(env, *args, timeout=240):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_embedded_defaults_migrate_seed_and_serve(sqlite_env):
    """What `make run` does, on embedded defaults: migrate, load demo data, serve home, login and admin."""
    result = _manage(sqlite_env, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    result = _manage(sqlite_env, "seed_demo", "--employers", "30")
    assert result.returncode == 0, result.stderr
    assert "inspector" in result.stdout
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=sqlite_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        pages = {}
        deadline = time.monotonic() + 60
        for path in ("/", "/accounts/login/", "/admin/login/"):
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                        pages[path] = (response.status, response.read().decode())
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)
        assert all(status == 200 for status, _ in pages.values())
        assert "<html" in pages["/"][1]
    finally:
        server.terminate()
        server.wait(timeout=10)
