"""Measure the inspector's "my day" and visit pages on a tablet: bytes and time to usable offline.

Run: /work/main/.venv/bin/python bench/tablet.py [--runs 5]
Targets: first load <= 300 KB, repeat load with the cache warm <= 30 KB of network, usable from the
device's cache with the network off in <= 1 s.

Sets up its own PostgreSQL database (an inspector's day: 4 visits today and 2 tomorrow across two
teams, 20 open cases assigned, earlier findings), collects the static files, starts uvicorn (as in
the Procfile, DEBUG off: WhiteNoise serves compressed static files) behind a counting TCP relay, and
drives Debian's chromium (CHROMIUM_PATH) with Playwright.

- bytes on the wire: every byte the server sent through the relay, headers included, as sent
  (compressed where the server compresses), also what the service worker fetches for itself
  (its precache, the day's pages) and the websocket;
- page CDP bytes: the sum of Network.loadingFinished encodedDataLength over the page's own requests
  (Chrome DevTools Protocol), which does not see the service worker's fetches;
- first load: a fresh browser context (no HTTP cache, no service worker), signed in, opens the page
  and waits until the service worker controls it, the day is kept (the visits' pages are in the
  worker's cache) and the network has been quiet for 1.5 s;
- repeat load: the same context opens the page again (a navigation, the cache warm);
- offline: the network switched off in the context (Playwright set_offline, which also holds for the
  service worker), the page opened again; time from navigation start to usable (the visit form filled
  from the tablet, or "my day" with its sync bar drawn), read from performance.now() in the page.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

from _setup import ROOT, free_port, fresh_database, write_results

BIN = Path(sys.executable).parent
PASSWORD = "bench-tablet-2026"


class CountingRelay:
    """A TCP relay to the server that counts the bytes the server sends back (everything, as sent)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.down = 0
        self.last = time.monotonic()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self.ready.wait()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", self.port))
        self.ready.set()
        self.loop.run_forever()

    async def _pipe(self, reader, writer, count: bool) -> None:
        try:
            while data := await reader.read(65536):
                if count:
                    self.down += len(data)
                    self.last = time.monotonic()
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _client(self, reader, writer) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(self._pipe(reader, up_writer, False), self._pipe(up_reader, writer, True))

    def reset(self) -> None:
        self.down = 0
        self.last = time.monotonic()

    def wait_quiet(self, seconds: float = 1.5, limit: float = 60) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and time.monotonic() - self.last < seconds:
            time.sleep(0.1)


def setup_data() -> dict:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from core.choices import Role
    from core.models import District, User
    from inspections.choices import Outcome, VisitStatus
    from inspections.models import Campaign, Team, Visit
    from tests.complaints.factories import case_in
    from tests.factories import EmployerFactory

    city = District.objects.create(code="2102", name="大连市")
    district = District.objects.create(code="210211", name="甘井子区", parent=city)
    users = [
        User.objects.create_user(f"insp{i}", password=PASSWORD, role=Role.INSPECTOR, district=district)
        for i in range(3)
    ]
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="冬季根治欠薪专项行动",
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=60),
    )
    campaign.districts.set([district])
    teams = [
        Team.objects.create(
            campaign=campaign, name=n, inspector_a=users[0], inspector_b=users[i], home_district=district
        )
        for i, n in ((1, "一组"), (2, "二组"))
    ]
    visits = []
    for i in range(6):
        employer = EmployerFactory(
            name=f"大连基准建筑工程有限公司第{i}项目部",
            address=f"大连市甘井子区华北路{100 + i}号",
            district=district,
            headcount=120 + i,
            migrant_worker_count=90 + i,
            is_construction_project=True,
            latitude=Decimal("38.9") + Decimal(i) / 1000,
            longitude=Decimal("121.6") + Decimal(i) / 1000,
        )
        day = today if i < 4 else today + datetime.timedelta(days=1)
        visits.append(
            Visit.objects.create(
                campaign=campaign,
                employer=employer,
                district=district,
                team=teams[i % 2],
                date=day,
                risk=60 - i,
            )
        )
        earlier = Visit.objects.create(
            campaign=campaign,
            employer=employer,
            district=district,
            team=teams[i % 2],
            date=today - datetime.timedelta(days=14),
        )
        Visit.objects.filter(pk=earlier.pk).update(
            status=VisitStatus.COMPLETED, outcome=Outcome.ORDER, findings="工资台账缺失两个月，已责令改正。"
        )
    for _i in range(20):
        case_in("investigating", inspectors=(users[0], users[1]), district=district)
    session = SessionStore()
    session[SESSION_KEY] = str(users[0].pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = users[0].get_session_auth_hash()
    session.create()
    return {"session": session.session_key, "visit": visits[0].pk, "visits": [v.pk for v in visits]}


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    log = open("/tmp/ww-bench-tablet-web.log", "w")  # noqa: SIM115
    web = subprocess.Popen(
        [
            str(BIN / "uvicorn"),
            "core.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
            "--ws",
            "websockets-sansio",
            "--ws-per-message-deflate",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            return web, port
        except httpx.HTTPError:
            time.sleep(0.3)
    web.terminate()
    raise SystemExit("uvicorn did not start: see /tmp/ww-bench-tablet-web.log")


KEPT = """urls => caches.open('wagewatch-pages').then(c => Promise.all(urls.map(u => c.match(u))))
  .then(all => all.every(Boolean))"""
READY = {
    "visit": "() => { const f = document.querySelector('form[data-visit-form]'); "
    "return f && f.dataset.ready === '1' ? performance.now() : false; }",
    "my_day": "() => { const b = document.querySelector('[data-sync-bar]'); "
    "return b && b.hasAttribute('data-pending') ? performance.now() : false; }",
}


def measure(browser, base: str, data: dict, page_name: str, url: str, runs: int) -> dict:
    relay = data["relay"]
    first, repeat, page_first, page_repeat, offline_ms = [], [], [], [], []
    kept = [f"/staff/visits/{pk}/" for pk in data["visits"][:4]]
    for _run in range(runs):
        context = browser.new_context(viewport={"width": 820, "height": 1180}, locale="zh-CN")
        context.add_cookies([{"name": "sessionid", "value": data["session"], "url": base}])
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        counted = {"bytes": 0}
        cdp.on(
            "Network.loadingFinished",
            lambda e, c=counted: c.__setitem__("bytes", c["bytes"] + e["encodedDataLength"]),
        )
        relay.reset()
        page.goto(base + url)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
        page.wait_for_function(KEPT, arg=kept, timeout=60_000)
        relay.wait_quiet()
        first.append(relay.down)
        page_first.append(counted["bytes"])

        relay.reset()
        counted["bytes"] = 0
        page.goto(base + url)
        page.wait_for_function(READY[page_name], timeout=60_000)
        relay.wait_quiet()
        repeat.append(relay.down)
        page_repeat.append(counted["bytes"])

        context.set_offline(True)
        page.goto(base + url)
        offline_ms.append(page.wait_for_function(READY[page_name], timeout=60_000).json_value())
        context.close()
    return {
        f"{page_name}_first_load_kb": round(statistics.median(first) / 1024, 1),
        f"{page_name}_first_load_page_cdp_kb": round(statistics.median(page_first) / 1024, 1),
        f"{page_name}_repeat_load_kb": round(statistics.median(repeat) / 1024, 1),
        f"{page_name}_repeat_load_page_cdp_kb": round(statistics.median(page_repeat) / 1024, 1),
        f"{page_name}_offline_usable_ms_median": round(statistics.median(offline_ms)),
        f"{page_name}_offline_usable_ms_max": round(max(offline_ms)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    os.environ["DEBUG"] = "false"
    os.environ.pop("REDIS_URL", None)
    fresh_database("wagewatch_bench_tablet")
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("compile_translations", verbosity=0)
    data = setup_data()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "core.settings", "DEBUG": "false"}
    web, port = start_server(env)
    relay = CountingRelay(port)
    data["relay"] = relay
    base = f"http://localhost:{relay.port}"
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    figures: dict = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "runs": args.runs,
    }
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic"],
            )
            figures |= measure(browser, base, data, "my_day", "/staff/visits/today/", args.runs)
            figures |= measure(browser, base, data, "visit", f"/staff/visits/{data['visit']}/", args.runs)
            browser.close()
    finally:
        web.terminate()
        web.wait(timeout=10)
    figures["load_average_before"] = " ".join(load_before)
    figures["load_average_after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    figures["targets"] = "first <= 300 KB, repeat <= 30 KB, offline usable <= 1000 ms"
    write_results("tablet", figures)


if __name__ == "__main__":
    main()
