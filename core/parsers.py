"""The API's body parsers: bounded in size and depth, an object at the top, no NUL characters.

Every request body the API reads goes through these (settings REST_FRAMEWORK DEFAULT_PARSER_CLASSES),
so that a hostile body is a 400 or a 413 with a clear message whichever endpoint it reaches:

- larger than DATA_UPLOAD_MAX_MEMORY_SIZE: RequestDataTooBig (413, like Django's own form parsing);
- not JSON, nested deeper than MAX_JSON_DEPTH, or so deep that the decoder recurses out: 400;
- a JSON array, string or number at the top where every endpoint expects an object: 400;
- a NUL character in any text (PostgreSQL cannot store it in a text column): 400.

Multipart bodies keep Django's parser, which bounds fields, field count and file count itself.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No request body of ours is more than a few levels deep (a complaint's members, a payment's rows).
MAX_JSON_DEPTH = 32


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def read_bounded(stream, parser_context: dict | None) -> bytes:
    """Read a whole body, refusing one over DATA_UPLOAD_MAX_MEMORY_SIZE before and while reading."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if stream is None:
        return b""
    request = (parser_context or {}).get("request")
    meta = getattr(request, "META", {}) if request is not None else {}
    try:
        declared = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if limit is not None and declared > limit:
        raise RequestDataTooBig(_("The request body is too large."))
    body = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(body) > limit:
        raise RequestDataTooBig(_("The request body is too large."))
    return body


def check_parsed(value) -> None:
    """Raise ParseError if a parsed body nests too deeply or holds a NUL character (walked iteratively)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise ParseError(_("The JSON body is nested too deeply."))
        if isinstance(item, str):
            if "\x00" in item:
                raise ParseError(_("Text may not contain NUL characters."))
        elif isinstance(item, dict):
            for key, child in item.items():
                if "\x00" in key:
                    raise ParseError(_("Text may not contain NUL characters."))
                pending.append((child, depth + 1))
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the bounds above; the top level must be an object."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        body = read_bounded(stream, parser_context)
        try:
            data = json.loads(body.decode(encoding), parse_constant=_refuse_constant if self.strict else None)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        except ValueError as exc:
            raise ParseError(_("The request body is not valid JSON: %(error)s") % {"error": exc}) from None
        if not isinstance(data, dict):
            raise ParseError(_("The request body must be a JSON object."))
        check_parsed(data)
        return data


class FormParser(parsers.FormParser):
    """DRF's form parser, bounded in size like Django's own (it reads the stream itself)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        data = QueryDict(read_bounded(stream, parser_context), encoding=encoding)
        check_parsed(dict(data.lists()))
        return data
