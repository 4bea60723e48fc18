"""Every write of the campaign: ledger import, risk, planning, visits, cases, dashboard figures."""
