"""Validators and masking of identifiers (docs/law/identifiers.md).

The credit code's checks come from python-stdnum; the resident ID number's structure is checked here,
because stdnum's table of area codes is historical and incomplete and fails on some codes.

These values are personal data: every template and serializer that shows one uses a mask helper.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc

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


# GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits.
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
_RIC_RE = re.compile(r"^\d{17}[\dX]$")


def resident_id_check_character(first17: str) -> str:
    """Return the check character of the first 17 digits of a resident ID number (ISO 7064 MOD 11-2)."""
    return _RIC_CHECK[sum(int(d) * w for d, w in zip(first17, _RIC_WEIGHTS, strict=True)) % 11]


def _birth_date(digits: str) -> datetime.date | None:
    """Return the birth date ``YYYYMMDD`` if it is a real date not in the future, else None."""
    try:
        born = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return born if born <= timezone.localdate() else None


def resident_id_area_known(number: str) -> bool:
    """Whether python-stdnum's table of area codes knows the first six digits of an ID number.

    The table is historical and incomplete (codes of new districts, of Hong Kong, Macao and Taiwan
    residence permits are missing), so an unknown code is only a note for staff, never a refusal.
    """
    from stdnum import numdb

    return any(props.get("county") for _part, props in numdb.get("cn/loc").info(number[:6]))


@dataclass(frozen=True)
class ResidentIdCheck:
    """A resident ID number of valid structure; area_known is False when the table lacks its area code."""

    number: str
    area_known: bool


def check_resident_id(value: str) -> ResidentIdCheck:
    """Check a resident ID number (GB 11643-1999, 18 or old 15 digits); raise ValidationError if invalid.

    The structure is checked here (length, real birth date not in the future, check character); the
    area code is looked up only to flag an unknown one for staff.
    """
    number = compact(value)
    if _OLD_RIC_RE.match(number):
        # 15 digits: area code, YYMMDD of a 20th-century birth date, sequence; no check character.
        if _birth_date("19" + number[6:12]) is None:
            raise ValidationError(
                _("The birth date in this ID number is not a real date."), code="invalid_id"
            )
        return ResidentIdCheck(number, resident_id_area_known(number))
    if not _RIC_RE.match(number):
        raise ValidationError(
            _("Enter an 18-digit resident ID number (the last character may be X)."), code="invalid_id"
        )
    if _birth_date(number[6:14]) is None:
        raise ValidationError(_("The birth date in this ID number is not a real date."), code="invalid_id")
    if resident_id_check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("The check character of this ID number is wrong; please check each digit."), code="invalid_id"
        )
    return ResidentIdCheck(number, resident_id_area_known(number))


def validate_resident_id(value: str) -> str:
    """Return the compact resident ID number (GB 11643-1999, 18 or old 15 digits) or raise ValidationError."""
    return check_resident_id(value).number


def resident_id_note_for_staff(number: str) -> str:
    """Return a note for staff when a stored ID number's area code is not in the table (kept, not refused)."""
    if number and not resident_id_area_known(number):
        return str(
            _("The area code of this ID number is not in our table: check the number with the person.")
        )
    return ""


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
