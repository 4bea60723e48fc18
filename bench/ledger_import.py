"""Benchmark the ledger import: a 100,000-row XLSX file, then the same file again (idempotent).

Run: /work/main/.venv/bin/python bench/ledger_import.py      (target: first import < 60 s)
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from _setup import fresh_database, write_results

ROWS = 100_000


def make_workbook(path: Path, districts: list[str]) -> None:
    from openpyxl import Workbook

    from core.demo import uscc_with_check
    from inspections.services.ledger import COLUMNS

    rng = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append([aliases[1] if len(aliases) > 1 else aliases[0] for aliases in COLUMNS.values()])
    sectors = ["工程建设", "制造", "餐饮", "物流", "批发零售"]
    for i in range(ROWS):
        head = rng.choice([10, 30, 80, 200, 600])
        construction = rng.random() < 0.3
        code = uscc_with_check(f"91210200{i:09d}")
        if i % 1000 == 999:
            code = "BAD-CODE"  # 100 rows with a malformed code, reported by row and field
        ws.append(
            [
                code,
                f"大连基准{i}有限公司",
                rng.choice(districts),
                f"大连市某区{i}号",
                "工程建设" if construction else rng.choice(sectors),
                head,
                int(head * rng.random()),
                rng.randint(0, 20),
                rng.randint(0, 10),
                rng.choice(["按时", "延迟", "拖欠"]),
                rng.choice([0, 0, 0, 5000, 120000]),
                "是" if construction else "否",
                "大连总包建设集团" if construction else "",
                f"项目{i}" if construction else "",
                "是" if rng.random() < 0.7 else "否",
                "是" if rng.random() < 0.6 else "否",
                rng.randint(0, 3) if construction else 0,
                "否",
            ]
        )
    wb.save(path)


def main() -> None:
    fresh_database("wagewatch_bench_ledger")
    from django.core.files import File

    from core.models import District
    from inspections.models import Job, LedgerImport, LedgerRecord
    from inspections.services.ledger import ledger_import_run

    city = District.objects.create(code="2102", name="大连市")
    codes = [f"2102{i:02d}" for i in range(10)]
    for c in codes:
        District.objects.create(code=c, name=f"区{c}", parent=city)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.xlsx"
        t0 = time.perf_counter()
        make_workbook(path, codes)
        t_make = time.perf_counter() - t0
        timings = []
        jobs = []
        for _attempt in range(2):
            with path.open("rb") as fh:
                job = LedgerImport(
                    original_name="ledger.xlsx", sha256="bench", job=Job.objects.create(kind="ledger")
                )
                job.file.save("bench-ledger.xlsx", File(fh), save=True)
            t0 = time.perf_counter()
            ledger_import_run(import_id=job.pk)
            timings.append(time.perf_counter() - t0)
            job.refresh_from_db()
            jobs.append(job)
    first, second = jobs
    write_results(
        "ledger_import",
        {
            "rows": first.total,
            "file_bytes": path.stat().st_size if path.exists() else "deleted",
            "make_file_seconds": round(t_make, 1),
            "first_import_seconds": round(timings[0], 1),
            "rows_per_second": int(first.total / timings[0]),
            "created": first.created_count,
            "errors_reported": first.error_count,
            "reimport_seconds": round(timings[1], 1),
            "reimport_changed": second.changed_count,
            "reimport_unchanged": second.unchanged_count,
            "ledger_records": LedgerRecord.objects.count(),
        },
    )


if __name__ == "__main__":
    main()
