from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_catalogue_is_fully_translated():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated and not fuzzy, (untranslated[:10], fuzzy[:10])


def test_pages_speak_chinese_by_default(client, db, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    body = client.get("/").content.decode()
    assert "被拖欠工资" in body
    assert 'lang="zh-hans"' in body


def test_english_is_available(client, db):
    client.cookies["django_language"] = "en"
    assert "Unpaid wages" in client.get("/").content.decode()


def test_no_message_id_carries_an_escape_sequence():
    r"""xgettext copies ``\u201c`` from the source as it is written, while Python turns it into “ at run
    time: such a message never finds its translation. Write the character itself."""
    po = polib.pofile(str(PO))
    escaped = [e.msgid for e in po if "\\u" in e.msgid or "\\x" in e.msgid]
    assert escaped == []
