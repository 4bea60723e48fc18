"""Numbers of law that differ by province or are disputed ("configurable" in docs/law/).

Each one is read from the environment with the national or Liaoning default, never a literal in code.
"""

from __future__ import annotations

from decimal import Decimal

from .env import env

WAGEWATCH = {
    # 关于实施《劳动保障监察条例》若干规定 第十八条: accept within 5 working days.
    "ACCEPTANCE_WORKING_DAYS": env.int("WW_ACCEPTANCE_WORKING_DAYS", default=5),
    # Local practice, no national figure: the period a supplement notice (补正通知书) gives the worker
    # to send the missing material.
    "SUPPLEMENT_WORKING_DAYS": env.int("WW_SUPPLEMENT_WORKING_DAYS", default=10),
    # 劳动保障监察条例 第十七条: 60 working days, one extension of 30.
    "INVESTIGATION_WORKING_DAYS": env.int("WW_INVESTIGATION_WORKING_DAYS", default=60),
    "EXTENSION_WORKING_DAYS": env.int("WW_EXTENSION_WORKING_DAYS", default=30),
    # 劳动保障监察条例 第二十条: two years; whether counting starts the next day is disputed.
    "LIMITATION_YEARS": env.int("WW_LIMITATION_YEARS", default=2),
    "LIMITATION_STARTS_NEXT_DAY": env.bool("WW_LIMITATION_STARTS_NEXT_DAY", default=True),
    # 法释〔2013〕3号 第三条, Liaoning values.
    "CRIMINAL_SINGLE_WORKER_AMOUNT": Decimal(env.str("WW_CRIMINAL_SINGLE_WORKER_AMOUNT", default="10000")),
    "CRIMINAL_SINGLE_WORKER_MONTHS": env.int("WW_CRIMINAL_SINGLE_WORKER_MONTHS", default=3),
    "CRIMINAL_GROUP_WORKERS": env.int("WW_CRIMINAL_GROUP_WORKERS", default=10),
    "CRIMINAL_GROUP_AMOUNT": Decimal(env.str("WW_CRIMINAL_GROUP_AMOUNT", default="50000")),
    # 保障农民工工资支付条例 第四十八条: listed for 3 years.
    "BLACKLIST_YEARS": env.int("WW_BLACKLIST_YEARS", default=3),
    # Local rule: wage deposit as a share of contract value.
    "WAGE_DEPOSIT_RATE": Decimal(env.str("WW_WAGE_DEPOSIT_RATE", default="0.03")),
    # 劳动争议调解仲裁法 第十四条: 15 calendar days.
    "MEDIATION_CALENDAR_DAYS": env.int("WW_MEDIATION_CALENDAR_DAYS", default=15),
    "DEADLINE_WARNING_WORKING_DAYS": env.int("WW_DEADLINE_WARNING_WORKING_DAYS", default=3),
    "SESSION_REMINDER_HOURS": env.int("WW_SESSION_REMINDER_HOURS", default=24),
    # Campaign planning (a bureau's own practice, not law): a must-visit (an open case, the follow-up
    # of an order) is planned within this many working days of the day it may first take place, and a
    # re-plan proposal compares coverage over this many working days from its first day.
    "MUST_VISIT_WINDOW_WORKING_DAYS": env.int("WW_MUST_VISIT_WINDOW_WORKING_DAYS", default=10),
    "PLAN_NEAR_TERM_WORKING_DAYS": env.int("WW_PLAN_NEAR_TERM_WORKING_DAYS", default=10),
    # Upper bound on any amount of money typed at the door (yuan).
    # A document's number: office abbreviation, kind abbreviation, 〔year〕, serial, 号 (大甘人社监令〔2026〕12号).
    "DOCUMENT_NUMBER_PATTERN": env.str(
        "WW_DOCUMENT_NUMBER_PATTERN", default="{office}{kind}〔{year}〕{serial}号"
    ),
    "MAX_AMOUNT": Decimal(env.str("WW_MAX_AMOUNT", default="100000000")),
    "EVIDENCE_MAX_FILE_BYTES": env.int("WW_EVIDENCE_MAX_FILE_BYTES", default=10 * 1024 * 1024),
    "EVIDENCE_MAX_TOTAL_BYTES": env.int("WW_EVIDENCE_MAX_TOTAL_BYTES", default=50 * 1024 * 1024),
    "EVIDENCE_MAX_FILES": env.int("WW_EVIDENCE_MAX_FILES", default=20),
    # A complaint staff record (a letter, a hotline call) is dated by its receipt, which may lie in the
    # past; not law, a guard against a mistyped year: how many calendar days back a receipt may be dated.
    "RECEIPT_BACKDATE_DAYS": env.int("WW_RECEIPT_BACKDATE_DAYS", default=60),
    # How long the staff member who recorded a complaint can print its receipt (with the access code).
    "COUNTER_RECEIPT_MINUTES": env.int("WW_COUNTER_RECEIPT_MINUTES", default=30),
    # A clue import's size: rows per file and bytes.
    "CLUE_IMPORT_MAX_ROWS": env.int("WW_CLUE_IMPORT_MAX_ROWS", default=2000),
    "CLUE_IMPORT_MAX_BYTES": env.int("WW_CLUE_IMPORT_MAX_BYTES", default=5 * 1024 * 1024),
}

# Outside world, behind backend interfaces (notifications/backends.py).
SMS_BACKEND = env.str("SMS_BACKEND", default="notifications.backends.sms.RecordingSmsBackend")
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=5.0)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="wagewatch@localhost")
