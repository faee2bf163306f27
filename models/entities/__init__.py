"""ORM entities: every noun of the domain, in typed SQLAlchemy 2 mappings."""

from models.entities.accounts import AuditEvent, SignInSession, SignInThrottle, User
from models.entities.findings import FindingFollowUp, FindingLink, FindingResponse
from models.entities.funding import Budget, FundingTransaction
from models.entities.plan import (
    ActionPlan,
    Activity,
    ActivityAgency,
    ActivityObjective,
    ActivitySector,
    ContextStatistic,
    Finding,
    Framework,
    FrameworkAgency,
    Objective,
    Organisation,
    PlanDonor,
)
from models.entities.reporting import (
    LATEST_APPROVAL_FIRST,
    Indicator,
    IndicatorValue,
    PeriodLock,
    StatusUpdate,
)
from models.entities.translations import PlanTranslation
from models.entities.versions import DataChange

__all__ = [
    "LATEST_APPROVAL_FIRST",
    "ActionPlan",
    "Activity",
    "ActivityAgency",
    "ActivityObjective",
    "ActivitySector",
    "AuditEvent",
    "Budget",
    "DataChange",
    "ContextStatistic",
    "Finding",
    "FindingFollowUp",
    "FindingLink",
    "FindingResponse",
    "Framework",
    "FrameworkAgency",
    "FundingTransaction",
    "Indicator",
    "IndicatorValue",
    "Objective",
    "Organisation",
    "PeriodLock",
    "PlanDonor",
    "PlanTranslation",
    "SignInSession",
    "SignInThrottle",
    "StatusUpdate",
    "User",
]
