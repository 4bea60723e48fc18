"""Benchmark the clue import: a file of handed-down clues (1000 rows, the per-file limit), then again.

Run: .venv/bin/python bench/clue_import.py [--rows 1000]
The second import of the same file must create nothing (every row already imported).
"""

from __future__ import annotations

import argparse
import io
import os
import time

from _setup import fresh_database, write_results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    fresh_database("wagewatch_bench_clues")
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from complaints.models import Complaint
    from complaints.services.clue_import import clue_template_xlsx, clues_import
    from core.choices import Role
    from core.models import District, User

    city = District.objects.create(code="2102", name="大连市")
    codes = [f"2102{i:02d}" for i in range(10, 20)]
    for code in codes:
        District.objects.create(code=code, name=f"区{code}", parent=city)
    manager = User.objects.create(username="bench-city", role=Role.MANAGER, district=None)
    today = timezone.localdate().isoformat()
    wb = openpyxl.load_workbook(io.BytesIO(clue_template_xlsx()))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for i in range(args.rows):
        row = {
            "来源": "全国根治欠薪线索反映平台" if i % 3 else "12345热线",
            "线索编号": f"BENCH{i:07d}",
            "交办日期": today,
            "被反映单位名称": f"大连基准{i % 300}建筑有限公司",
            "区划代码": codes[i % len(codes)],
            "涉及人数": 1 + i % 20,
            "欠薪金额（元）": 1000 * (1 + i % 50),
            "线索内容": "反映该单位拖欠农民工工资。",
        }
        ws.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    wb.save(out)
    content = out.getvalue()
    figures: dict = {"rows": args.rows, "file_bytes": len(content)}
    for label in ("first_import", "reimport"):
        upload = SimpleUploadedFile("clues.xlsx", content)
        t0, c0 = time.perf_counter(), time.process_time()
        result = clues_import(upload=upload, name="clues.xlsx", by=manager)
        figures[f"{label}_seconds"] = round(time.perf_counter() - t0, 2)
        figures[f"{label}_cpu_seconds"] = round(time.process_time() - c0, 2)
        figures[f"{label}_created"] = len(result.created)
        figures[f"{label}_already"] = result.already
        figures[f"{label}_errors"] = len(result.errors)
    figures["clues_in_database"] = Complaint.objects.count()
    figures["load_average_1min"] = round(os.getloadavg()[0], 1)
    write_results("clue_import", figures)


if __name__ == "__main__":
    main()
