"""The addressee block of a document: the complainant, the employer, or both parties in full."""

from __future__ import annotations

from django.utils.translation import gettext as _


def complainant_lines(*, name: str, id_number: str = "", mobile: str = "") -> list[str]:
    """Return the salutation and identity of a complainant (the full identity: the document is theirs)."""
    lines = [_("%(name)s:") % {"name": name or _("Complainant")}]
    details = []
    if id_number:
        details.append(_("ID number: %(value)s") % {"value": id_number})
    if mobile:
        details.append(_("Mobile: %(value)s") % {"value": mobile})
    if details:
        lines.append("　".join(details))
    return lines


def employer_lines(*, employer=None, name: str = "", credit_code: str = "", address: str = "") -> list[str]:
    """Return the employer's name, credit code, address and legal representative (as far as known)."""
    if employer is not None:
        name = employer.name or name
        credit_code = employer.credit_code or credit_code
        address = employer.address or address
        representative = employer.legal_representative
    else:
        representative = ""
    lines = [_("%(name)s:") % {"name": name or "-"}]
    if credit_code:
        lines.append(_("Unified social credit code: %(value)s") % {"value": credit_code})
    if address:
        lines.append(_("Address: %(value)s") % {"value": address})
    if representative:
        lines.append(_("Legal representative: %(value)s") % {"value": representative})
    return lines
