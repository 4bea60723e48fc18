"""Risk scores: each factor normalised by hand, the weighted sum, editable weights, the explanation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from complaints.choices import CaseStatus
from inspections.choices import RiskFactor
from inspections.models import EmployerProfile, RiskScore
from inspections.services import campaigns
from inspections.services.risk import explain, risk_compute, visit_units
from tests.factories import EmployerFactory

from .factories import complaint


def test_score_is_the_weighted_sum_of_hand_computed_factors(campaign, district, city_manager):
    e = EmployerFactory(
        district=district,
        headcount=100,
        migrant_worker_count=50,
        is_construction_project=True,
        has_wage_account=False,
        has_wage_deposit=True,
    )
    EmployerProfile.objects.create(employer=e, subcontract_depth=3, blacklisted_before=True)
    complaint(district=district, employer=e, status=CaseStatus.RECEIVED, amount=Decimal("999"))
    complaint(district=district, employer=e, status=CaseStatus.CLOSED)
    risk_compute(campaign=campaign)
    s = RiskScore.objects.get(campaign=campaign, employer=e)
    f = s.factors
    assert f[RiskFactor.OPEN_COMPLAINTS] == pytest.approx(1 / 3, abs=1e-3)
    assert f[RiskFactor.PAST_COMPLAINTS] == pytest.approx(1 / 5)
    assert f[RiskFactor.ARREARS] == pytest.approx(0.5, abs=1e-3)  # log10(1000)/log10(1e6)
    assert f[RiskFactor.MIGRANT_SHARE] == pytest.approx(0.5)
    assert f[RiskFactor.CONSTRUCTION_GAPS] == pytest.approx(0.5)
    assert f[RiskFactor.SUBCONTRACTING] == 1.0
    assert f[RiskFactor.BLACKLIST] == 1.0
    expected = 25 / 3 + 10 / 5 + 15 * 0.5 + 10 * 0.5 + 10 * 0.5 + 5 + 10
    assert s.score == pytest.approx(expected, abs=0.01)
    parts = explain(s, campaign.weights)
    assert parts[0]["factor"] == RiskFactor.BLACKLIST
    assert sum(p["points"] for p in parts) == pytest.approx(expected, abs=0.05)
    assert not s.must_visit
    # Each factor is shown as the fact it counted, with its weight, not as a normalised number.
    facts = {p["factor"]: (p["fact"], p["weight"]) for p in parts}
    assert facts[RiskFactor.OPEN_COMPLAINTS] == ("1 complaints under way", 25)
    assert facts[RiskFactor.PAST_COMPLAINTS] == ("1 complaints dealt with in the last 12 months", 10)
    assert facts[RiskFactor.ARREARS][0] == "999 yuan owed in complaints under way"
    assert facts[RiskFactor.MIGRANT_SHARE][0] == "50 migrant workers of 100 employees"
    assert facts[RiskFactor.CONSTRUCTION_GAPS][0] == "construction project without a dedicated wage account"
    assert facts[RiskFactor.SUBCONTRACTING][0] == "subcontracting depth 3"


def test_the_employer_page_shows_facts_in_chinese_with_their_weights(
    campaign, district, city_manager, client
):
    from django.utils import translation

    e = EmployerFactory(district=district, headcount=100, migrant_worker_count=50)
    EmployerProfile.objects.create(employer=e, wage_payment_status="arrears", arrears_amount=Decimal("12000"))
    for _i in range(3):
        complaint(district=district, employer=e, status=CaseStatus.RECEIVED)
    risk_compute(campaign=campaign)
    client.force_login(city_manager)
    with translation.override("zh-hans"):
        html = client.get(
            f"/staff/campaigns/{campaign.pk}/employers/{e.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
        ).content.decode()
    assert "在办投诉 3 件" in html
    assert "台账显示拖欠工资 12,000 元" in html and "台账显示拖欠工资" in html
    row = html.split('data-factor="open_complaints"')[1].split("</tr>")[0]
    assert ">25<" in row  # the weight beside the fact
    assert "factor-bar" not in html  # no normalised bars


def test_editing_weights_recomputes_the_ranking(campaign, district, city_manager):
    migrants = EmployerFactory(
        district=district, headcount=10, migrant_worker_count=10, is_construction_project=False
    )
    site = EmployerFactory(
        district=district, headcount=10, migrant_worker_count=0, is_construction_project=True
    )
    risk_compute(campaign=campaign)
    weights = dict(campaign.weights) | {RiskFactor.MIGRANT_SHARE: 0, RiskFactor.CONSTRUCTION_GAPS: 50}
    campaigns.campaign_set_weights(campaign=campaign, weights=weights, changed_by=city_manager)
    top = RiskScore.objects.filter(campaign=campaign).order_by("-score").first()
    assert top.employer_id == site.pk
    assert RiskScore.objects.get(campaign=campaign, employer=migrants).score == 0
    with pytest.raises(ValidationError):
        campaigns.campaign_set_weights(
            campaign=campaign, weights={RiskFactor.ARREARS: 500}, changed_by=city_manager
        )


def test_visit_length_by_size_and_sector():
    assert visit_units(sector="catering", headcount=50) == 1
    assert visit_units(sector="construction", headcount=150) == 2
    assert visit_units(sector="manufacturing", headcount=300) == 2
