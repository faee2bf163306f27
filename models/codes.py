"""Code lists: the values the database accepts for each coded column.

Implementation status follows the OGP IRM completion scale plus IATI's `suspended` and
`cancelled`; transaction types and activity-date types map to IATI 2.03 codelists.
"""

from __future__ import annotations

ROLES = ("coordinator", "editor", "donor", "admin")

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

IMPLEMENTATION_STATUSES = (
    "not_started",
    "limited",
    "substantial",
    "complete",
    "suspended",
    "cancelled",
)
STATUS_LABELS = {
    "not_started": "Not started",
    "limited": "Limited",
    "substantial": "Substantial",
    "complete": "Complete",
    "suspended": "Suspended",
    "cancelled": "Cancelled",
}

REPORT_STATES = ("draft", "submitted", "approved", "returned")

INDICATOR_MEASURES = ("unit", "milestone")
INDICATOR_DIRECTIONS = ("increase", "decrease")

# IATI 2.03 TransactionType, seen from the plan's side (the reporting organisation
# receives the money): 13 incoming pledge, 11 incoming commitment, 1 incoming funds.
TRANSACTION_TYPES = ("pledge", "commitment", "disbursement")
IATI_TRANSACTION_TYPE = {"pledge": "13", "commitment": "11", "disbursement": "1"}

FINDING_KINDS = ("deficiency", "recommendation", "best_practice")

STATISTIC_SERIES = (
    # Foreign women registered in TPIU's database after contact with the police.
    "women_registered",
    "victims_identified",
    "traffickers_arrested",
)


def in_list(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK constraint limiting `column` to `values`."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
