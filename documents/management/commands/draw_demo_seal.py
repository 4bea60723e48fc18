"""Draw a demo seal PNG (the one shipped is the demo district's; upload it or another in the admin)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from documents.seal import DEMO_SEAL, SEAL_FOOTER, seal_png


class Command(BaseCommand):
    help = "Draw the demo seal into documents/static/documents/demo-seal.png."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="大连市甘井子区人力资源和社会保障局")
        parser.add_argument("--footer", default=SEAL_FOOTER)

    def handle(self, *args, name: str, footer: str, **options):
        DEMO_SEAL.parent.mkdir(parents=True, exist_ok=True)
        DEMO_SEAL.write_bytes(seal_png(name, footer=footer))
        self.stdout.write(str(DEMO_SEAL))
