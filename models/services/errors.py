"""What a write service raises when it refuses: one base class, every problem in `.messages`.

A page shows `.messages` (pages/ui/actions.py) and the CLI prints them; nothing else needs to
know which service refused. Programming errors (a bug, a broken invariant) are not
DomainErrors and are not shown to users.
"""

from __future__ import annotations

from collections.abc import Iterable


class DomainError(Exception):
    """A refusal fit to show to the person who asked: each message names what is wrong.

    Most refusals write nothing. One that must keep what the service did before refusing
    (a failed sign-in is counted; a report caught in a conflict is kept as a draft) says so
    with `keeps_work`, and the unit of work (models.services.unit_of_work) commits it.
    """

    keeps_work = False

    def __init__(self, messages: str | Iterable[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class PermissionDenied(DomainError):
    """The person is signed in but their role may not make this change."""


class ValidationError(DomainError, ValueError):
    """Input that cannot be accepted (accounts), fit to show to the person who typed it."""


class SignInError(DomainError):
    """A refused sign-in, with the message to show on the form. The attempt is recorded."""

    keeps_work = True


class FundingError(DomainError, ValueError):
    """Funding input that cannot be accepted; each message names its field."""


class PlanEditError(DomainError, ValueError):
    """A plan edit that cannot be accepted; `.messages` lists every problem, one a line."""


class FindingError(DomainError, ValueError):
    """A link, response or follow-up on a finding that cannot be accepted; every problem listed."""


class ReportError(DomainError, ValueError):
    """A report that cannot be accepted; `.messages` lists every problem, each naming its field."""


class ReportConflict(DomainError):
    """The activity's latest approved report is newer than the one a report was written against.

    `report_id` is the report held back; `draft_id` is the same id when the report was kept
    as a draft (a conflict at submission), None when it is still awaiting approval.
    """

    def __init__(self, message: str, *, report_id: int, newer_id: int | None, state: str) -> None:
        super().__init__(message)
        self.report_id = report_id
        self.newer_id = newer_id
        self.draft_id = report_id if state == "draft" else None
        self.keeps_work = self.draft_id is not None
