"""One user action, one transaction: how every write from the pages reaches a service.

    perform(engine, services.reporting.approve, user_id=7, report_ids=[3, 4])

opens a transaction, loads the acting user in it (re-read, so a deactivated or re-roled
account is refused at once), calls the service with `session=` and `actor=`, and commits.
A DomainError rolls everything back, unless it says the service's work must be kept
(`keeps_work`: a report caught in a conflict is kept as a draft), in which case that work is
committed before the error is raised again. Any other exception rolls back too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine

from models.db import transaction
from models.i18n import _
from models.services.auth import active_user
from models.services.errors import DomainError, PermissionDenied

Result = TypeVar("Result")


def perform(
    engine: Engine, service: Callable[..., Result], *, user_id: int, **arguments: Any
) -> Result:
    """The service's result, committed; or its DomainError, with nothing written."""
    kept: DomainError | None = None
    with transaction(engine) as session:
        actor = active_user(session, user_id)
        if actor is None:
            raise PermissionDenied(_("your account is no longer active: sign in again"))
        try:
            return service(session=session, actor=actor, **arguments)
        except DomainError as refused:
            if not refused.keeps_work:
                raise
            kept = refused
    raise kept
