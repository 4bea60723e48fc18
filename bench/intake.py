"""Benchmark: POST /api/v1/complaints/ against a one-row-insert ceiling, on uvicorn (2 workers) + PostgreSQL.

    /work/main/.venv/bin/python bench/intake.py [--seconds 20] [--port 8765] [--existing 0,100000,1000000]

Creates (drops and re-creates) the database ``wagewatch_bench_intake`` unless DATABASE_URL is given,
uses REDIS_URL if given (else redis://127.0.0.1:6379/1 when a Redis answers, else none), starts uvicorn
itself with bench/settings_intake.py (intake throttle off, ceiling URL on), measures throughput and
p50/p99 latency at concurrency 8 and 32 for each endpoint, prints them and the ratio, and writes
bench/results/intake.json. In the same run it measures ``bench/intake-checks/``, the intake endpoint's
door alone (the same body parsed, validated and cleaned; nothing looked up or written), which splits
intake's cost into its door and its filing (lookup, tracking number, the write, the dispatch).
``--existing`` measures all of it once per size of the complaints table, each on a fresh database filled
with that many complaints (bench/_existing.py), and prints intake's throughput at each beside the first.
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

import httpx
from _existing import parse_existing, seed_existing
from _setup import free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/wagewatch_bench_intake"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(n: int) -> str:
    """Return a valid 18-digit resident ID number (GB 11643-1999) for worker n."""
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=(n // 1000) % 20000)
    body = f"110105{birth:%Y%m%d}{n % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def redis_available(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def prepare(env: dict, own_db: bool) -> None:
    if own_db:
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-q",
                "-c",
                "DROP DATABASE IF EXISTS wagewatch_bench_intake",
                "-c",
                "CREATE DATABASE wagewatch_bench_intake",
            ],
            check=True,
        )
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    seed = (
        "from core.models import District, User\n"
        "from core.choices import Role\n"
        "city, _ = District.objects.get_or_create(code='2102', defaults={'name': '大连市'})\n"
        "d, _ = District.objects.get_or_create(code='210211', defaults={'name': '甘井子区', 'parent': city})\n"
        "for i in range(4):\n"
        "    User.objects.get_or_create(username=f'bench-insp{i}', defaults={'role': Role.INSPECTOR, 'district': d})\n"
        "User.objects.get_or_create(username='bench-mgr', defaults={'role': Role.MANAGER, 'district': d})\n"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-c", seed], cwd=ROOT, env=env, check=True)


def start_server(env: dict, port: int) -> subprocess.Popen:
    cmd = [
        str(BIN / "uvicorn"),
        "core.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "2",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code < 500:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit("uvicorn did not start")


class Counter:
    n = 0


def intake_request(counter: Counter, period: tuple[str, str]):
    counter.n += 1
    n = counter.n
    body = {
        "kind": "complaint",
        "category": "wage_arrears",
        "name": "测试工人",
        "id_number": resident_id(n),
        "mobile": f"138{n % 10**8:08d}",
        "employer_name": f"大连基准测试{n % 40}建筑工程有限公司",
        "district": "210211",
        "project_name": "基准测试项目",
        "amount_owed": "12345.67",
        "period_start": period[0],
        "period_end": period[1],
        "workers_affected": 2,
        "description": "基准测试：工资未发。",
        "members": [{"name": "李四", "mobile": "13900139000"}],
    }
    return "/api/v1/complaints/", body, {"Idempotency-Key": str(uuid.uuid4())}


class Http11:
    """A minimal keep-alive HTTP/1.1 client: one connection per simulated user.

    httpx cost 2 to 5 ms of CPU per request at concurrency 32 here, on the same two cores as the server
    (a third of the machine), which capped both endpoints and flattered their ratio; this costs about
    0.2 ms. It speaks only what the bench needs: POST with a JSON body, Content-Length responses.
    """

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: dict, headers: dict) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        data = json.dumps(body, ensure_ascii=False).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        )
        self.writer.write(head.encode() + data)
        status = int((await self.reader.readline()).split()[1])
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        if length:
            await self.reader.readexactly(length)
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def run(port: int, make, concurrency: int, seconds: float, warmup: float = 2.0) -> dict:
    per_connection: list[list[float]] = []
    statuses: dict[int, int] = {}
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + seconds

    async def worker():
        client = Http11("127.0.0.1", port)
        mine: list[float] = []
        per_connection.append(mine)
        try:
            while True:
                path, body, headers = make()
                t0 = time.perf_counter()
                if t0 >= stop:
                    return
                try:
                    code = await asyncio.wait_for(client.post(path, body, headers), timeout=30)
                except (OSError, ValueError, IndexError, asyncio.IncompleteReadError, TimeoutError):
                    client.close()
                    code = 0
                t1 = time.perf_counter()
                if t0 >= measure_from:
                    mine.append(t1 - t0)
                    statuses[code] = statuses.get(code, 0) + 1
        finally:
            client.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    ok = sum(v for k, v in statuses.items() if 200 <= k < 300)
    lat = sorted(x for mine in per_connection for x in mine)
    return {
        "concurrency": concurrency,
        "seconds": seconds,
        "requests": len(lat),
        "ok": ok,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "throughput_rps": round(ok / seconds, 1),
        "p50_ms": round(statistics.median(lat) * 1000, 1) if lat else None,
        "p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000, 1) if lat else None,
        # The spread of the connections' mean latencies: uvicorn's workers share one listening socket
        # and each accepts what it can, so the connections are rarely split evenly between the two, and
        # those on the busier worker wait longer (the tail of the whole).
        "connection_mean_ms": [
            round(min(means) * 1000, 1),
            round(max(means) * 1000, 1),
        ]
        if (means := [statistics.mean(m) for m in per_connection if m])
        else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--existing",
        default="0",
        help="complaints already in the table, comma-separated (e.g. 0,100000,1000000); each size gets a "
        "fresh database filled by bench/_existing.py",
    )
    args = parser.parse_args()

    own_db = "DATABASE_URL" not in os.environ
    redis_url = os.environ.get("REDIS_URL") or (
        "redis://127.0.0.1:6379/1" if redis_available("redis://127.0.0.1:6379/1") else ""
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings_intake",
        "DATABASE_URL": os.environ.get("DATABASE_URL", DEFAULT_DB),
        "REDIS_URL": redis_url,
        "WW_BENCH_CEILING": "1",
        "THROTTLE_INTAKE": "off",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The pool of bench/settings_intake.py keeps the connections (WW_BENCH_POOL=0: one per request).
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "0"),
    }
    by_existing = {}
    for existing in parse_existing(args.existing):
        prepare(env, own_db)
        seeded = seed_existing(env["DATABASE_URL"], existing) if existing else 0.0
        load = Path("/proc/loadavg").read_text().split()[:3]
        print(f"\n{existing:,} existing complaints (seeded in {seeded:.0f} s), load {' '.join(load)}")
        results = measure(env, args, redis_url)
        by_existing[str(existing)] = {"existing": existing, "loadavg": load, **report(results)}
        by_existing[str(existing)]["results"] = results
    write(by_existing, env, args, redis_url)


def measure(env: dict, args, redis_url: str) -> dict:
    port = args.port or free_port()
    server = start_server(env, port)
    today = datetime.date.today()
    period = (
        (today - datetime.timedelta(days=100)).isoformat(),
        (today - datetime.timedelta(days=10)).isoformat(),
    )
    counter = Counter()
    results: dict = {"intake": [], "ceiling": [], "checks": []}

    def checks_request():
        _, body, headers = intake_request(counter, period)
        return "/bench/intake-checks/", body, headers

    try:
        for concurrency in (8, 32):
            results["intake"].append(
                asyncio.run(run(port, lambda: intake_request(counter, period), concurrency, args.seconds))
            )
            results["ceiling"].append(
                asyncio.run(run(port, lambda: ("/bench/ceiling/", {}, {}), concurrency, args.seconds))
            )
            results["checks"].append(asyncio.run(run(port, checks_request, concurrency, args.seconds)))
    finally:
        server.terminate()
        server.wait(timeout=30)
        if redis_url:  # drop the delivery tasks no worker consumed
            try:
                import redis

                redis.Redis.from_url(redis_url).delete("celery")
            except Exception:
                pass

    return results


def report(results: dict) -> dict:
    rows = []
    for i, concurrency in enumerate((8, 32)):
        intake, ceiling, checks = results["intake"][i], results["ceiling"][i], results["checks"][i]
        ratio = intake["throughput_rps"] / ceiling["throughput_rps"] if ceiling["throughput_rps"] else 0
        # Time per request at saturation (1 / throughput), split into the door and the filing.
        per = {
            k: 1000 / r["throughput_rps"] if r["throughput_rps"] else 0
            for k, r in (("intake", intake), ("ceiling", ceiling), ("checks", checks))
        }
        rows.append(
            {
                "concurrency": concurrency,
                "ratio": round(ratio, 3),
                "ms_per_request": {k: round(v, 2) for k, v in per.items()},
            }
        )
        print(
            f"c={concurrency:>2}  intake {intake['throughput_rps']:>7.1f} req/s  p50 {intake['p50_ms']:>6} ms  "
            f"p99 {intake['p99_ms']:>6} ms  {intake['statuses']}\n"
            f"      ceiling {ceiling['throughput_rps']:>7.1f} req/s  p50 {ceiling['p50_ms']:>6} ms  "
            f"p99 {ceiling['p99_ms']:>6} ms  {ceiling['statuses']}\n"
            f"      checks  {checks['throughput_rps']:>7.1f} req/s  p50 {checks['p50_ms']:>6} ms  "
            f"p99 {checks['p99_ms']:>6} ms  {checks['statuses']}  (intake's door alone, nothing written)\n"
            f"      per-connection mean latency, fastest–slowest: intake {intake['connection_mean_ms']}, "
            f"ceiling {ceiling['connection_mean_ms']}, checks {checks['connection_mean_ms']} ms\n"
            f"      intake/ceiling throughput = {ratio:.0%}; per request (1/throughput): intake "
            f"{per['intake']:.2f} ms = door {per['checks']:.2f} + filing {per['intake'] - per['checks']:.2f}; "
            f"ceiling {per['ceiling']:.2f} ms"
        )
    c32 = results["intake"][1]
    verdict = {
        "target_ratio_at_32": 0.5,
        "target_p99_ms_at_32": 150,
        "ratio_at_32": rows[1]["ratio"],
        "p99_ms_at_32": c32["p99_ms"],
        "met": rows[1]["ratio"] >= 0.5 and (c32["p99_ms"] or 1e9) < 150,
    }
    print(f"target (c=32: ≥50% of ceiling, p99 < 150 ms): {'met' if verdict['met'] else 'NOT met'}")
    return {"ratios": rows, "verdict": verdict}


def write(by_existing: dict, env: dict, args, redis_url: str) -> None:
    sizes = sorted(by_existing, key=int)
    if len(sizes) > 1:
        base = by_existing[sizes[0]]["results"]["intake"]
        print("\nexisting complaints -> intake throughput (x the first size)")
        for n in sizes:
            runs = by_existing[n]["results"]["intake"]
            print(
                f"{int(n):>9,}: "
                + ", ".join(
                    f"c={r['concurrency']} {r['throughput_rps']:.1f} req/s "
                    f"({r['throughput_rps'] / b['throughput_rps'] if b['throughput_rps'] else 0:.2f}) "
                    f"p99 {r['p99_ms']} ms"
                    for r, b in zip(runs, base, strict=True)
                )
                + f"; load {' '.join(by_existing[n]['loadavg'])}"
            )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    out = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "setup": {
            "server": "uvicorn core.asgi:application --workers 2",
            "database": "PostgreSQL",
            "db_connections": "psycopg pool, 4-16 per worker"
            if env.get("WW_BENCH_POOL", "1") == "1"
            else f"CONN_MAX_AGE={env['CONN_MAX_AGE']}",
            "redis": bool(redis_url),
            "client": "asyncio HTTP/1.1 keep-alive, one connection per user, same machine",
            "threads_per_worker": env.get("WEB_CONCURRENCY_PER_WORKER", "4"),
            "seconds": args.seconds,
        },
        "by_existing": by_existing,
    }
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "intake.json").write_text(
        json.dumps(out, indent=2, ensure_ascii=False) + "\n"
    )
    print("written bench/results/intake.json")


if __name__ == "__main__":
    main()
