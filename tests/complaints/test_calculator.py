"""The pay calculator: 劳动法 第四十四条 rates, 21.75 pay days, ÷8 hours, Decimal throughout."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.calculator import pay_calculate


def test_rates_and_divisors():
    # 4350 / 21.75 = 200 a day, 25 an hour.
    r = pay_calculate(monthly_wage="4350", overtime_hours="10", rest_days="2", holiday_days="1")
    assert r.daily_wage == Decimal("200.00") and r.hourly_wage == Decimal("25.00")
    amounts = {line.key: line.amount for line in r.lines}
    assert amounts == {
        "overtime": Decimal("375.00"),
        "rest_day": Decimal("800.00"),
        "holiday": Decimal("600.00"),
    }
    assert r.total == Decimal("1775.00") and r.owed == Decimal("1775.00")


def test_formula_and_article_are_shown():
    r = pay_calculate(monthly_wage="4350", overtime_hours="10")
    line = r.lines[0]
    assert "25.00" in line.formula and "150%" in line.formula and "10" in line.formula
    assert "44" in line.article
    assert "21.75" in r.daily_formula and "8" in r.hourly_formula


def test_rounding_happens_once_at_the_end():
    # 5000 / 21.75 / 8 = 28.7356…; 1.5 × 28.7356… × 3 = 129.31 (not 1.5 × 28.74 × 3 = 129.33).
    r = pay_calculate(monthly_wage="5000", overtime_hours="3")
    assert r.lines[0].amount == Decimal("129.31")
    assert r.hourly_wage == Decimal("28.74")


def test_already_paid_is_subtracted_never_below_zero():
    assert pay_calculate(monthly_wage="4350", rest_days="1", already_paid="100").owed == Decimal("300.00")
    assert pay_calculate(monthly_wage="4350", rest_days="1", already_paid="9999").owed == Decimal("0.00")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"monthly_wage": ""}, "monthly_wage"),
        ({"monthly_wage": "0"}, "monthly_wage"),
        ({"monthly_wage": "-5"}, "monthly_wage"),
        ({"monthly_wage": "abc"}, "monthly_wage"),
        ({"monthly_wage": "100000000.01"}, "monthly_wage"),
        ({"monthly_wage": "5000", "overtime_hours": "10001"}, "overtime_hours"),
        ({"monthly_wage": "5000", "rest_days": "1.001"}, "rest_days"),
        ({"monthly_wage": "5000", "holiday_days": "-1"}, "holiday_days"),
        ({"monthly_wage": "5000", "already_paid": "NaN"}, "already_paid"),
    ],
)
def test_bad_input(kwargs, field):
    with pytest.raises(ValidationError) as exc:
        pay_calculate(**kwargs)
    assert field in exc.value.message_dict


@settings(deadline=None, max_examples=60)
@given(
    wage=st.decimals(min_value=1, max_value=1_000_000, places=2),
    hours=st.decimals(min_value=0, max_value=500, places=1),
    days=st.integers(min_value=0, max_value=60),
)
def test_amounts_are_exact_decimals_and_monotonic(wage, hours, days):
    r = pay_calculate(monthly_wage=wage, overtime_hours=hours, rest_days=days, holiday_days=days)
    for line in r.lines:
        assert isinstance(line.amount, Decimal) and line.amount == line.amount.quantize(Decimal("0.01"))
    assert r.total == sum(line.amount for line in r.lines)
    more = pay_calculate(monthly_wage=wage, overtime_hours=hours + 1, rest_days=days, holiday_days=days)
    assert more.total >= r.total


def test_calculator_page_carries_the_figure_into_the_form(client, db):
    r = client.post("/calculator/", {"monthly_wage": "4350", "overtime_hours": "10"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "375.00" in html and "/complaints/new/?amount_owed=375.00&amp;category=overtime_pay" in html
    form = client.get("/complaints/new/?amount_owed=375.00&category=overtime_pay").content.decode()
    assert 'value="375.00"' in form
    assert 'value="overtime_pay" id="id_category_1" checked' in form or 'value="overtime_pay"' in form


def test_calculator_page_shows_field_errors(client, db):
    r = client.post("/calculator/", {"monthly_wage": "-1"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
