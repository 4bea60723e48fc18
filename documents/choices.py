"""The kinds of written document (文书) a district office issues, with their number abbreviations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Notice of acceptance")
    NON_ACCEPTANCE = "non_acceptance", _("Notice of non-acceptance")
    SUPPLEMENT = "supplement", _("Notice to supplement material")
    REFERRAL = "referral", _("Notice of referral")
    ORDER = "order", _("Order to pay wages")
    CORRECTION_ORDER = "correction_order", _("Order to correct")
    HEARING_NOTICE = "hearing_notice", _("Notice of intended penalty")
    PENALTY_DECISION = "penalty_decision", _("Administrative penalty decision")
    CLOSING = "closing", _("Closing notice")
    MEDIATION_AGREEMENT = "mediation_agreement", _("Labour dispute mediation agreement")


class Addressee(models.TextChoices):
    COMPLAINANT = "complainant", _("Complainant")
    EMPLOYER = "employer", _("Employer")
    BOTH_PARTIES = "both", _("Both parties")


# The kind's part of the number (大甘人社监令〔2026〕12号: office 大甘人社, kind 监令).
KIND_ABBREVIATION = {
    DocumentKind.ACCEPTANCE: "监受",
    DocumentKind.NON_ACCEPTANCE: "监不受",
    DocumentKind.SUPPLEMENT: "监补",
    DocumentKind.REFERRAL: "监告",
    DocumentKind.ORDER: "监令",
    DocumentKind.CORRECTION_ORDER: "监改",
    DocumentKind.HEARING_NOTICE: "罚告",
    DocumentKind.PENALTY_DECISION: "罚决",
    DocumentKind.CLOSING: "监结",
    DocumentKind.MEDIATION_AGREEMENT: "调协",
}

ADDRESSEE = {
    DocumentKind.ACCEPTANCE: Addressee.COMPLAINANT,
    DocumentKind.NON_ACCEPTANCE: Addressee.COMPLAINANT,
    DocumentKind.SUPPLEMENT: Addressee.COMPLAINANT,
    DocumentKind.REFERRAL: Addressee.COMPLAINANT,
    DocumentKind.CLOSING: Addressee.COMPLAINANT,
    DocumentKind.ORDER: Addressee.EMPLOYER,
    DocumentKind.CORRECTION_ORDER: Addressee.EMPLOYER,
    DocumentKind.HEARING_NOTICE: Addressee.EMPLOYER,
    DocumentKind.PENALTY_DECISION: Addressee.EMPLOYER,
    DocumentKind.MEDIATION_AGREEMENT: Addressee.BOTH_PARTIES,
}

# Administrative acts a party may contest: 行政复议法 第二十条 (60 days), 行政诉讼法 第四十六条 (6 months).
APPEALABLE = frozenset(
    {
        DocumentKind.NON_ACCEPTANCE,
        DocumentKind.ORDER,
        DocumentKind.CORRECTION_ORDER,
        DocumentKind.PENALTY_DECISION,
        DocumentKind.CLOSING,
    }
)
