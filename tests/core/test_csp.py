"""Every HTML page carries a Content-Security-Policy, and no template has inline script."""

from __future__ import annotations

import pathlib
import re

import pytest
from django.test import Client
from django.urls import reverse

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
# A <script> without src that is not a JSON data block (data blocks are never executed).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I | re.S)
JSON_BLOCK = re.compile(r"<script\b[^>]*type=\"application/json\"[^>]*>(.*?)</script>", re.I | re.S)


def _templates():
    for folder in TEMPLATE_DIRS:
        yield from folder.rglob("*.html")


def test_templates_have_no_inline_script_or_handler():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
            offenders.append(str(path.relative_to(ROOT)))
        for block in JSON_BLOCK.findall(text):
            # Data blocks hold data only: no markup that could close the block early.
            assert "<" not in block, path
    assert offenders == []


def test_policy_forbids_inline_script(client: Client, db):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


PUBLIC_PAGES = ["core:home", "core:login", "complaints:complaint-new", "complaints:track", "api-docs"]
STAFF_PAGES = [
    "core:staff-home",
    "complaints:staff-cases",
    "inspections:campaign-list",
    "inspections:my-day",
    "notifications:page",
    "admin:index",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_carry_the_policy(client: Client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_carry_the_policy(client: Client, admin_user, name):
    client.force_login(admin_user)
    response = client.get(reverse(name))
    assert response.status_code == 200, name
    assert "script-src 'self'" in response["Content-Security-Policy"]
