"""Fan-out benchmark: 500 staff websocket clients in one district, case transitions through the API.

Starts its own uvicorn (the Procfile's production web command) and Celery worker against its own
PostgreSQL database and Redis db (channel layer and broker), connects N staff websocket clients with
session cookies, then alternates:

- a case transition through the HTTP API (``POST /api/v1/cases/{id}/accept/``, session + CSRF as a
  browser would); the event goes through the outbox, the after-commit Celery task and the Redis
  channel layer; latency = receipt at each client minus the moment the API response was received;
- a bare channel-layer group_send to the same district group (the ceiling); latency = receipt minus
  the moment before group_send.

Writes bench/results/fanout.json and prints the figures. Usage (from the repository root):

    .venv/bin/python bench/fanout.py --clients 500 --transitions 60

Uses redis db 12 on 127.0.0.1:6379 (its own key prefix, deleted at the end; never flushed) and the
PostgreSQL database wagewatch_bench_fanout (created and migrated when missing).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from _setup import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PREFIX = "ww-bench-fanout"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--transitions", type=int, default=60)
    parser.add_argument("--db", default="wagewatch_bench_fanout")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--web-workers", type=int, default=1)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument(
        "--ws", default="websockets-sansio", help="uvicorn --ws implementation (as in the Procfile)"
    )
    parser.add_argument(
        "--deflate",
        action="store_true",
        help="let uvicorn negotiate permessage-deflate (the Procfile does not)",
    )
    parser.add_argument(
        "--timeout", type=float, default=5.0, help="seconds to wait for every client per message"
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "fanout.json"))
    return parser.parse_args()


def environment(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "core.settings",
            "DATABASE_URL": f"{args.pg}/{args.db}",
            "REDIS_URL": args.redis,
            "CHANNELS_PREFIX": PREFIX,
            "CACHE_KEY_PREFIX": PREFIX,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def prepare_database(args: argparse.Namespace, env: dict[str, str]) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{args.db}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


def setup_data(clients: int, cases: int) -> dict:
    """Create the district, N inspectors with sessions, an actor and the cases (in this process)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from complaints.models import Complaint
    from core.choices import Role
    from core.models import District, Employer, User

    district, _ = District.objects.get_or_create(code="219999", defaults={"name": "压测区"})
    run = uuid.uuid4().hex[:6]
    actor, _ = User.objects.get_or_create(
        username="bench-actor", defaults={"role": Role.INSPECTOR, "district": district}
    )
    password = f"bench-{uuid.uuid4().hex}"
    actor.set_password(password)
    actor.save()
    existing = {u.username: u for u in User.objects.filter(username__startswith="bench-i-")}
    fresh = []
    for i in range(clients):
        name = f"bench-i-{i:04d}"
        if name not in existing:
            user = User(username=name, role=Role.INSPECTOR, district=district, display_name=f"压测{i}")
            user.set_unusable_password()
            fresh.append(user)
    User.objects.bulk_create(fresh)
    users = list(User.objects.filter(username__startswith="bench-i-").order_by("username")[:clients])
    cookies = []
    for user in users:
        # What django.contrib.auth.login() stores, without a password round trip per user.
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    employer, _ = Employer.objects.get_or_create(
        name="压测建筑工程有限公司", defaults={"district": district, "address": "压测路1号"}
    )
    today = timezone.localdate()
    case_ids = [
        Complaint.objects.create(
            tracking_number=f"B{run}-{i:06d}",
            access_code_hash="0" * 64,
            district=district,
            employer=employer,
            employer_name_given=employer.name,
            description="压测：工地拖欠工资",
            period_start=today - datetime.timedelta(days=90),
            period_end=today - datetime.timedelta(days=10),
            acceptance_due=today + datetime.timedelta(days=7),
            next_deadline=today + datetime.timedelta(days=7),
        ).pk
        for i in range(cases)
    ]
    return {
        "district_id": district.pk,
        "actor": actor.username,
        "password": password,
        "cookies": cookies,
        "case_ids": case_ids,
    }


def start(cmd: list[str], env: dict[str, str], name: str) -> subprocess.Popen:
    log = open(f"/tmp/ww-bench-fanout-{name}.log", "w")  # noqa: SIM115
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_http(url: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def cpu_seconds(root_pid: int) -> float:
    """Return user+system CPU seconds of a process and all its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    total, todo = 0.0, [root_pid]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0.0))[1]
        todo += [child for child, (parent, _) in stats.items() if parent == pid]
    return total


class ApiActor:
    """The inspector who acts: logged in through the login form; calls the case API with CSRF."""

    def __init__(self, base: str, username: str, password: str) -> None:
        import httpx

        self.base = base
        self.http = httpx.Client(base_url=base, timeout=10, headers={"Referer": base + "/"})
        self.http.get("/accounts/login/")
        response = self.http.post(
            "/accounts/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.http.cookies["csrftoken"],
            },
        )
        if "sessionid" not in self.http.cookies:
            raise RuntimeError(f"login failed: {response.status_code}")

    def transition(self, case_id: int) -> tuple[float, float]:
        """Perform one case transition; return the perf_counter times the request left and its response came."""
        sent = time.perf_counter()
        response = self.http.post(
            f"/api/v1/cases/{case_id}/accept/",
            json={"note": ""},
            headers={"X-CSRFToken": self.http.cookies["csrftoken"]},
        )
        at = time.perf_counter()
        response.raise_for_status()
        return sent, at


class Receipts:
    def __init__(self) -> None:
        self.times: dict[tuple, list[float]] = {}
        self.waiters: dict[tuple, tuple[int, asyncio.Event]] = {}

    def expect(self, key: tuple, count: int) -> asyncio.Event:
        event = asyncio.Event()
        self.times.setdefault(key, [])
        self.waiters[key] = (count, event)
        if len(self.times[key]) >= count:
            event.set()
        return event

    def add(self, key: tuple, at: float) -> None:
        bucket = self.times.setdefault(key, [])
        bucket.append(at)
        waiter = self.waiters.get(key)
        if waiter and len(bucket) >= waiter[0]:
            waiter[1].set()


async def run_client(url: str, cookie: str, origin: str, receipts: Receipts, ready: asyncio.Event, stop):
    from websockets.asyncio.client import connect

    async with connect(
        url, additional_headers={"Cookie": cookie}, origin=origin, ping_interval=None, max_size=2**20
    ) as ws:
        first = json.loads(await ws.recv())
        assert first["type"] == "unread", first
        ready.set()
        while not stop.is_set():
            try:
                raw = await ws.recv()
            except Exception:
                return
            at = time.perf_counter()
            message = json.loads(raw)
            if message.get("type") != "event":
                continue
            if message["kind"] == "bench.bare":
                receipts.add(("bare", message["id"]), at)
            else:
                receipts.add(("case", message["payload"]["case_id"]), at)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(samples: list[float], per_message_last: list[float]) -> dict:
    ms = [s * 1000 for s in samples]
    last = [s * 1000 for s in per_message_last]
    return {
        "receipts": len(ms),
        "p50_ms": round(percentile(ms, 0.50), 1),
        "p90_ms": round(percentile(ms, 0.90), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "max_ms": round(max(ms), 1) if ms else None,
        "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
        "last_client_p50_ms": round(percentile(last, 0.50), 1) if last else None,
        "last_client_p99_ms": round(percentile(last, 0.99), 1) if last else None,
    }


async def measure(args, data, port: int, pids: dict[str, int]) -> dict:
    from channels.layers import get_channel_layer

    receipts = Receipts()
    stop = asyncio.Event()
    url = f"ws://127.0.0.1:{port}/ws/staff/"
    origin = f"http://127.0.0.1:{port}"
    readies = []
    tasks = []
    started = time.perf_counter()
    for batch in range(0, len(data["cookies"]), 50):
        batch_ready = []
        for cookie in data["cookies"][batch : batch + 50]:
            ready = asyncio.Event()
            batch_ready.append(ready)
            tasks.append(asyncio.create_task(run_client(url, cookie, origin, receipts, ready, stop)))
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in batch_ready)), 60)
        readies += batch_ready
    connect_seconds = time.perf_counter() - started
    print(f"{len(readies)} clients connected in {connect_seconds:.1f} s", flush=True)

    actor = await asyncio.to_thread(ApiActor, origin, data["actor"], data["password"])
    layer = get_channel_layer()
    # The clients' base group: their district and role (notifications/permissions.py).
    group = f"district-{data['district_id']}.inspector"
    n = len(data["cookies"])
    api_samples: list[float] = []
    from_request: list[float] = []
    api_durations: list[float] = []
    api_last: list[float] = []
    bare_samples: list[float] = []
    bare_last: list[float] = []
    lost_api = lost_bare = 0
    early = 0
    case_ids = data["case_ids"]
    warmup = 3
    cpu_before: dict[str, float] = {}
    load_before = os.getloadavg()[0]
    for i, case_id in enumerate(case_ids):
        measured = i >= warmup
        if i == warmup:
            cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        # Through the API, outbox, Celery and the channel layer.
        waiter = receipts.expect(("case", case_id), n)
        requested, responded = await asyncio.to_thread(actor.transition, case_id)
        try:
            await asyncio.wait_for(waiter.wait(), args.timeout)
        except TimeoutError:
            pass
        times = receipts.times[("case", case_id)]
        if measured:
            lost_api += n - len(times)
            early += sum(1 for t in times if t < responded)
            lat = [max(0.0, t - responded) for t in times]
            api_samples += lat
            from_request += [t - requested for t in times]
            api_durations.append(responded - requested)
            if lat:
                api_last.append(max(lat))
        # Bare group_send to the same clients: the ceiling.
        bare_id = -(i + 1)
        waiter = receipts.expect(("bare", bare_id), n)
        sent = time.perf_counter()
        await layer.group_send(
            group,
            {
                "type": "relay",
                "message": {"type": "event", "id": bare_id, "kind": "bench.bare", "text": "", "payload": {}},
            },
        )
        try:
            await asyncio.wait_for(waiter.wait(), args.timeout)
        except TimeoutError:
            pass
        times = receipts.times[("bare", bare_id)]
        if measured:
            lost_bare += n - len(times)
            lat = [t - sent for t in times]
            bare_samples += lat
            if lat:
                bare_last.append(max(lat))
        await asyncio.sleep(0.05)
    fanouts = 2 * (len(case_ids) - warmup)
    cpu_ms = {
        name: round(1000 * (cpu_seconds(pid) - cpu_before[name]) / fanouts, 1) for name, pid in pids.items()
    }
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    api = summary(api_samples, api_last)
    bare = summary(bare_samples, bare_last)
    return {
        "clients": n,
        "transitions_measured": len(case_ids) - warmup,
        "connect_seconds": round(connect_seconds, 1),
        "api": {**api, "lost": lost_api, "received_before_response": early},
        "api_request_to_receipt": summary(from_request, []),
        "api_call_duration_ms": {
            "p50": round(1000 * percentile(api_durations, 0.5), 1),
            "p99": round(1000 * percentile(api_durations, 0.99), 1),
        },
        "bare_group_send": {**bare, "lost": lost_bare},
        "cpu_ms_per_fanout": cpu_ms,
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
    }


def cleanup_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for pattern in (f"{PREFIX}*", f":1:{PREFIX}*"):
        keys = list(client.scan_iter(match=pattern, count=1000))
        for start_at in range(0, len(keys), 500):
            client.delete(*keys[start_at : start_at + 500])


def main() -> None:
    args = parse_args()
    env = environment(args)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    prepare_database(args, env)
    data = setup_data(args.clients, args.transitions + 3)
    port = free_port()
    web = start(
        [
            str(BIN / "uvicorn"),
            "core.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.web_workers),
            "--proxy-headers",
            "--log-level",
            "warning",
            "--ws",
            args.ws,
            "--ws-per-message-deflate",
            "true" if args.deflate else "false",
        ],
        env,
        "web",
    )
    worker = start(
        [
            str(BIN / "celery"),
            "-A",
            "core",
            "worker",
            "--loglevel",
            "WARNING",
            "--concurrency",
            str(args.worker_concurrency),
            "-n",
            f"bench-fanout-{port}@%h",
        ],
        env,
        "worker",
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/accounts/login/")
        time.sleep(2)  # let the worker finish booting; the warm-up transitions absorb the rest
        try:  # the same event loop uvicorn uses; the clients' own overhead is part of every figure
            import uvloop

            uvloop.install()
        except ImportError:
            pass
        pids = {"web": web.pid, "celery_worker": worker.pid, "bench_clients": os.getpid()}
        result = asyncio.run(measure(args, data, port, pids))
    finally:
        for proc in (web, worker):
            proc.terminate()
        for proc in (web, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        cleanup_redis(args.redis)
    api, bare = result["api"], result["bare_group_send"]
    ratio = api["p99_ms"] / bare["p99_ms"] if bare["p99_ms"] else None
    result.update(
        {
            "ratio_p99_api_to_bare": round(ratio, 2) if ratio else None,
            "targets": {
                "p99_under_250ms": api["p99_ms"] < 250,
                "within_2x_of_bare": ratio is not None and ratio <= 2.0,
                "no_message_lost": api["lost"] == 0 and bare["lost"] == 0,
            },
            "setup": {
                "path": "POST /api/v1/cases/{id}/accept/ (lifecycle service: transition, audit, notice, "
                "event_record) -> after-commit Celery task -> channel layer group_send -> uvicorn consumers",
                "web": f"uvicorn --workers {args.web_workers} --ws {args.ws} "
                f"--ws-per-message-deflate {'true' if args.deflate else 'false'}",
                "worker": f"celery prefork --concurrency {args.worker_concurrency}",
                "channel_layer": os.environ.get("CHANNEL_LAYER", "pubsub"),
                "database": "PostgreSQL",
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "command": " ".join(["python", "bench/fanout.py", *sys.argv[1:]]),
            },
        }
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
