"""The overtime and holiday pay calculator (劳动法 第四十四条; 劳社部发〔2008〕3号), in Decimal throughout."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# 劳社部发〔2008〕3号: monthly pay-days = (365 − 104 rest days) ÷ 12 = 21.75; 8 hours a day.
PAY_DAYS_PER_MONTH = Decimal("21.75")
HOURS_PER_DAY = Decimal("8")
# 劳动法 第四十四条 (一)(二)(三).
OVERTIME_RATE = Decimal("1.5")
REST_DAY_RATE = Decimal("2")
HOLIDAY_RATE = Decimal("3")
MAX_HOURS = Decimal("10000")
MAX_DAYS = Decimal("3650")
FEN = Decimal("0.01")


def _yuan(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PayLine:
    key: str
    label: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    formula: str
    article: str


@dataclass(frozen=True)
class PayResult:
    monthly_wage: Decimal
    daily_wage: Decimal
    hourly_wage: Decimal
    lines: list[PayLine]
    total: Decimal
    already_paid: Decimal
    owed: Decimal
    daily_formula: str
    hourly_formula: str

    def as_dict(self) -> dict:
        return {
            "monthly_wage": str(self.monthly_wage),
            "daily_wage": str(self.daily_wage),
            "hourly_wage": str(self.hourly_wage),
            "daily_formula": self.daily_formula,
            "hourly_formula": self.hourly_formula,
            "lines": [
                {
                    "key": line.key,
                    "label": line.label,
                    "quantity": str(line.quantity),
                    "rate": str(line.rate),
                    "amount": str(line.amount),
                    "formula": line.formula,
                    "article": line.article,
                }
                for line in self.lines
            ],
            "total": str(self.total),
            "already_paid": str(self.already_paid),
            "owed": str(self.owed),
        }


def _number(value, key: str, upper: Decimal, errors: dict, *, required: bool = False) -> Decimal:
    if value in (None, ""):
        if required:
            errors[key] = _("This field is required.")
        return Decimal("0")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except ArithmeticError:
        errors[key] = _("Enter a number.")
        return Decimal("0")
    if not number.is_finite() or number < 0:
        errors[key] = _("Enter a number that is not negative.")
    elif number > upper:
        errors[key] = _("This number is too large; please check it.")
    elif number != number.quantize(FEN):
        errors[key] = _("Enter at most two decimal places.")
    return number


def pay_calculate(
    *, monthly_wage, overtime_hours=0, rest_days=0, holiday_days=0, already_paid=0
) -> PayResult:
    """Return what the law requires for extra work; raise ValidationError with field errors on bad input."""
    errors: dict = {}
    max_amount = settings.WAGEWATCH["MAX_AMOUNT"]
    wage = _number(monthly_wage, "monthly_wage", max_amount, errors, required=True)
    if "monthly_wage" not in errors and wage == 0:
        errors["monthly_wage"] = _("Enter your monthly wage (before tax), e.g. 5000.")
    hours = _number(overtime_hours, "overtime_hours", MAX_HOURS, errors)
    rest = _number(rest_days, "rest_days", MAX_DAYS, errors)
    holidays = _number(holiday_days, "holiday_days", MAX_DAYS, errors)
    paid = _number(already_paid, "already_paid", max_amount, errors)
    if errors:
        raise ValidationError(errors)
    daily = wage / PAY_DAYS_PER_MONTH
    hourly = daily / HOURS_PER_DAY
    daily_shown, hourly_shown = _yuan(daily), _yuan(hourly)
    lines = [
        PayLine(
            "overtime",
            _("Overtime on working days"),
            hours,
            OVERTIME_RATE,
            _yuan(hourly * OVERTIME_RATE * hours),
            _("hourly wage %(hourly)s × 150%% × %(n)s hours") % {"hourly": hourly_shown, "n": hours},
            _("Labour Law art. 44 (1): at least %(rate)s of the hourly wage") % {"rate": "150%"},
        ),
        PayLine(
            "rest_day",
            _("Rest days worked without time off in lieu"),
            rest,
            REST_DAY_RATE,
            _yuan(daily * REST_DAY_RATE * rest),
            _("daily wage %(daily)s × 200%% × %(n)s days") % {"daily": daily_shown, "n": rest},
            _("Labour Law art. 44 (2): at least %(rate)s of the daily wage") % {"rate": "200%"},
        ),
        PayLine(
            "holiday",
            _("Statutory holidays worked"),
            holidays,
            HOLIDAY_RATE,
            _yuan(daily * HOLIDAY_RATE * holidays),
            _("daily wage %(daily)s × 300%% × %(n)s days") % {"daily": daily_shown, "n": holidays},
            _("Labour Law art. 44 (3): at least %(rate)s of the daily wage") % {"rate": "300%"},
        ),
    ]
    total = sum((line.amount for line in lines), Decimal("0.00"))
    return PayResult(
        monthly_wage=wage,
        daily_wage=daily_shown,
        hourly_wage=hourly_shown,
        lines=lines,
        total=total,
        already_paid=_yuan(paid),
        owed=max(total - _yuan(paid), Decimal("0.00")),
        daily_formula=_("daily wage = monthly wage %(wage)s ÷ 21.75 = %(daily)s")
        % {"wage": wage, "daily": daily_shown},
        hourly_formula=_("hourly wage = daily wage ÷ 8 = %(hourly)s") % {"hourly": hourly_shown},
    )
