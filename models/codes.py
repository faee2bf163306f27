"""Code lists: the values the database accepts for each coded column.

Implementation status follows the OGP IRM completion scale plus IATI's `suspended` and
`cancelled`; transaction types and activity-date types map to IATI 2.03 codelists.
"""

from __future__ import annotations

from models.i18n import N_, _

ROLES = ("coordinator", "editor", "donor", "admin")
# How a role is named to people (lower case, as in "only a coordinator may …").
ROLE_LABELS = {
    "coordinator": N_("coordinator"),
    "editor": N_("editor"),
    "donor": N_("donor"),
    "admin": N_("admin"),
}
# Who holds a role, in the plural ("Approvals is for coordinators").
ROLE_PLURALS = {
    "coordinator": N_("coordinators"),
    "editor": N_("editors"),
    "donor": N_("donors"),
    "admin": N_("admins"),
}

ORGANISATION_KINDS = (
    "government",
    "unmik",
    "justice_police",
    "international",
    "ngo",
    "donor",
    "other",
)

FRAMEWORK_KINDS = ("prevention", "protection", "prosecution")

# Role of an agency on one activity of the plan.
ACTIVITY_ROLES = ("lead", "supporting")
ACTIVITY_ROLE_LABELS = {"lead": N_("Lead"), "supporting": N_("Supporting")}

IMPLEMENTATION_STATUSES = (
    "not_started",
    "limited",
    "substantial",
    "complete",
    "suspended",
    "cancelled",
)
# Marked for translation (N_): show them with status_label(code), in the run's language.
STATUS_LABELS = {
    "not_started": N_("Not started"),
    "limited": N_("Limited"),
    "substantial": N_("Substantial"),
    "complete": N_("Complete"),
    "suspended": N_("Suspended"),
    "cancelled": N_("Cancelled"),
}

REPORT_STATES = ("draft", "submitted", "approved", "returned", "withdrawn")
# A report's state as a word in a sentence ("report 3 is submitted"), lower case.
STATE_LABELS = {
    "draft": N_("draft"),
    "submitted": N_("submitted"),
    "approved": N_("approved"),
    "returned": N_("returned"),
    "withdrawn": N_("withdrawn"),
}

INDICATOR_MEASURES = ("unit", "milestone")
INDICATOR_DIRECTIONS = ("increase", "decrease")

# IATI 2.03 TransactionType, seen from the plan's side (the reporting organisation
# receives the money): 13 incoming pledge, 11 incoming commitment, 1 incoming funds.
TRANSACTION_TYPES = ("pledge", "commitment", "disbursement")
IATI_TRANSACTION_TYPE = {"pledge": "13", "commitment": "11", "disbursement": "1"}

FINDING_KINDS = ("deficiency", "recommendation", "best_practice")
# What a finding can be linked to in the plan.
FINDING_LINK_KINDS = ("framework", "objective", "activity")
# The management response to a recommendation or deficiency.
FINDING_RESPONSES = ("accepted", "partially_accepted", "not_accepted")
RESPONSE_LABELS = {
    "accepted": N_("Accepted"),
    "partially_accepted": N_("Partially accepted"),
    "not_accepted": N_("Not accepted"),
}
# Follow-up of a finding: the activities' completion scale.
FOLLOW_UP_STATUSES = ("not_started", "limited", "substantial", "complete")

# Plan content that may carry translations (models/entities/translations.py): the kinds of
# element, and the fields of each (an indicator's title is its name; it has no description).
TRANSLATED_KINDS = ("framework", "objective", "activity", "indicator")
TRANSLATED_FIELDS = ("title", "description")
# The languages plan content can be written in: models.i18n.LANGUAGES, as codes.
CONTENT_LANGUAGES = ("en", "sq", "sr_Latn")

STATISTIC_SERIES = (
    # Foreign women registered in TPIU's database after contact with the police.
    "women_registered",
    "victims_identified",
    "traffickers_arrested",
)


def status_label(code: str | None) -> str:
    """An implementation status's label in this run's language ("Limited" → "I kufizuar")."""
    return _(STATUS_LABELS[code]) if code in STATUS_LABELS else (code or "")


def response_label(code: str | None) -> str:
    """A management response's label in this run's language."""
    return _(RESPONSE_LABELS[code]) if code in RESPONSE_LABELS else (code or "")


def state_label(code: str | None) -> str:
    """A report's state in this run's language, lower case ("submitted" → "dorëzuar")."""
    return _(STATE_LABELS[code]) if code in STATE_LABELS else (code or "")


def activity_role_label(code: str | None) -> str:
    """ "Lead" or "Supporting" (an agency's role on an activity), in this run's language."""
    return _(ACTIVITY_ROLE_LABELS[code]) if code in ACTIVITY_ROLE_LABELS else (code or "")


def role_label(code: str | None) -> str:
    """A role's name in this run's language, lower case ("coordinator" → "koordinatori")."""
    return _(ROLE_LABELS[code]) if code in ROLE_LABELS else (code or "")


def in_list(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK constraint limiting `column` to `values`."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


# ISO 4217 currency codes a donor can pay in. Source: ISO 4217 "List one: current currency
# & funds", maintained for ISO by SIX Group (six-group.com, list-one.xml), as it stood in
# 2024, plus the codes introduced since for currencies in circulation (XCG, ZWG). No
# installed library carries the list (pycountry is not a dependency), so it is spelt out here.
#
# Left out on purpose, although they are in list one: precious metals (XAU, XAG, XPD, XPT), the
# European bond-market units (XBA, XBB, XBC, XBD), the testing code XTS and "no currency" XXX —
# nobody funds an activity in them. Withdrawn codes (e.g. HRK since 2023) are not accepted.
ISO_4217 = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD
    EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD
    IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL
    MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
    PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN
    SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES
    VND VUV WST XAF XCD XCG XDR XOF XPF XSU XUA YER ZAR ZMW ZWG
    """.split()
)


def is_currency(code: str) -> bool:
    """True for an active ISO 4217 code, written in capitals as the standard writes it."""
    return code in ISO_4217
