"""Benchmark the ledger import: a 100,000-row XLSX file, then the same file again (idempotent).

Run: /work/main/.venv/bin/python bench/ledger_import.py      (target: first import < 60 s)
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

from _setup import fresh_database, write_results

ROWS = 100_000


def write_xlsx(path: Path, rows: list[list]) -> None:
    """Write a minimal XLSX the way Excel and WPS do: shared strings and a <dimension> element.

    (openpyxl's write-only mode writes inline strings, which its reader parses far more slowly than
    the shared strings of the files a bureau actually receives.)
    """
    import zipfile
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    cols = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{cols[c]}{r}"
            if isinstance(v, str):
                idx = strings.setdefault(v, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{idx}</v></c>')
            elif v is not None:
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><dimension ref="A1:{cols[len(rows[0]) - 1]}{len(rows)}"/>'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )
    sst = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(k)}</t></si>" for k in strings)
        + "</sst>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", sst)


def make_workbook(path: Path, districts: list[str]) -> None:
    from core.demo import uscc_with_check
    from inspections.services.ledger import COLUMNS

    rng = random.Random(7)
    out = [[aliases[1] if len(aliases) > 1 else aliases[0] for aliases in COLUMNS.values()]]
    sectors = ["工程建设", "制造", "餐饮", "物流", "批发零售"]
    for i in range(ROWS):
        head = rng.choice([10, 30, 80, 200, 600])
        construction = rng.random() < 0.3
        code = uscc_with_check(f"91210200{i:09d}")
        if i % 1000 == 999:
            code = "BAD-CODE"  # 100 rows with a malformed code, reported by row and field
        out.append(
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
    write_xlsx(path, out)


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
        timings, cpu = [], []
        jobs = []
        for _attempt in range(2):
            with path.open("rb") as fh:
                job = LedgerImport(
                    original_name="ledger.xlsx", sha256="bench", job=Job.objects.create(kind="ledger")
                )
                job.file.save("bench-ledger.xlsx", File(fh), save=True)
            t0, c0 = time.perf_counter(), time.process_time()
            ledger_import_run(import_id=job.pk)
            timings.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
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
            "first_import_cpu_seconds": round(cpu[0], 1),
            "rows_per_second": int(first.total / timings[0]),
            "load_average_1min": round(os.getloadavg()[0], 1),
            "created": first.created_count,
            "errors_reported": first.error_count,
            "reimport_seconds": round(timings[1], 1),
            "reimport_cpu_seconds": round(cpu[1], 1),
            "reimport_changed": second.changed_count,
            "reimport_unchanged": second.unchanged_count,
            "ledger_records": LedgerRecord.objects.count(),
        },
    )


if __name__ == "__main__":
    main()
