"""Validators and masking of identifiers (docs/law/identifiers.md); all checks come from python-stdnum.

These values are personal data: every template and serializer that shows one uses a mask helper.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric, uscc

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_OLD_RIC_RE = re.compile(r"^\d{15}$")
_SPACES_RE = re.compile(r"[\s\-]+")

# Suffixes and words that people leave out or add when they type an employer's name loosely.
_NAME_NOISE = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "分公司",
    "集团",
    "公司",
    "(",
    ")",
    "（",
    "）",
    "co.,ltd.",
    "co.,ltd",
    "co., ltd.",
    "company",
    "limited",
    "ltd.",
    "ltd",
    "inc.",
)
_PUNCT_RE = re.compile(r"[\s\.,，。·・\-_'\"“”‘’/\\]+")


def compact(value: str) -> str:
    """Return the value upper-cased, full-width folded and without spaces or dashes."""
    value = unicodedata.normalize("NFKC", value or "")
    return _SPACES_RE.sub("", value).upper()


def _old_ric_birth_date(number: str) -> datetime.date | None:
    try:
        return datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return None


def validate_resident_id(value: str) -> str:
    """Return the compact resident ID number (GB 11643-1999, 18 or old 15 digits) or raise ValidationError."""
    number = compact(value)
    if _OLD_RIC_RE.match(number):
        if _old_ric_birth_date(number) is None:
            raise ValidationError(
                _("The birth date in this ID number is not a real date."), code="invalid_id"
            )
        return number
    try:
        return ric.validate(number)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(
            _("The check character of this ID number is wrong; please check each digit."), code="invalid_id"
        ) from exc
    except stdnum_exceptions.InvalidComponent as exc:
        return _ric_with_unlisted_place(number, exc)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            _("Enter an 18-digit resident ID number (the last character may be X)."), code="invalid_id"
        ) from exc


def _ric_with_unlisted_place(number: str, exc: Exception) -> str:
    """Accept a number whose area code stdnum dates after the birth year.

    python-stdnum also requires the area code to have existed in the birth year, but numbers were issued
    from 1985 on with the codes of that time, so people born earlier carry newer codes: only a birth
    date that is not a real date, or an area code unknown in every year, is an error.
    """
    from stdnum import numdb

    try:
        ric.get_birth_date(number)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("The birth date in this ID number is not a real date."), code="invalid_id"
        ) from exc
    if not any(props for _part, props in numdb.get("cn/loc").info(number[:6])):
        raise ValidationError(
            _("The first six digits of this ID number are not a known area code."), code="invalid_id"
        ) from exc
    return number


@dataclass(frozen=True)
class CreditCodeCheck:
    """A credit code that passed the format check; checksum_ok is False for the early codes that fail it."""

    code: str
    checksum_ok: bool


def check_credit_code(value: str) -> CreditCodeCheck:
    """Check a unified social credit code (GB 32100-2015); a bad checksum is a warning, not an error."""
    code = compact(value)
    try:
        return CreditCodeCheck(uscc.validate(code), True)
    except stdnum_exceptions.InvalidChecksum:
        return CreditCodeCheck(code, False)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters of digits and capital letters (no I, O, Z, S, V)."
            ),
            code="invalid_credit_code",
        ) from exc


def validate_mobile(value: str) -> str:
    """Return the 11-digit mainland mobile number or raise ValidationError."""
    number = compact(value)
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("86") and len(number) == 13:
        number = number[2:]
    if not _MOBILE_RE.match(number):
        raise ValidationError(_("Enter an 11-digit mobile number starting with 1."), code="invalid_mobile")
    return number


def mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    """Return value with everything but the first keep_start and last keep_end characters starred."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_resident_id(value: str) -> str:
    """Mask an ID number as 2102**********123X."""
    return mask_middle(value, 4, 4)


def mask_mobile(value: str) -> str:
    """Mask a mobile number as 138****5678."""
    return mask_middle(value, 3, 4)


def mask_name(value: str) -> str:
    """Mask a personal name as 张* / 欧阳** (family name kept)."""
    value = value or ""
    if len(value) <= 1:
        return value
    return value[0] + "*" * (len(value) - 1)


def normalise_employer_name(value: str) -> str:
    """Fold an employer name so that loose typing finds the same employer again."""
    name = unicodedata.normalize("NFKC", value or "").lower()
    for noise in _NAME_NOISE:
        name = name.replace(noise, "")
    return _PUNCT_RE.sub("", name)[:200]
