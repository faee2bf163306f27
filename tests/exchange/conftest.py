"""What the reports workbook tests share: an IOM editor and a coordinator in the seeded plan."""

from __future__ import annotations

import pytest

from models.db import transaction
from tests.reporting_world import make_user


@pytest.fixture
def people(seeded_engine):
    """(the editor as the workbook's `user` argument, the coordinator's id)."""
    with transaction(seeded_engine) as s:
        editor = make_user(s, "editor.iom", "editor", "IOM")
        coordinator = make_user(s, "coord", "coordinator")
        return {"id": editor.id, "organisation": "IOM"}, coordinator.id
