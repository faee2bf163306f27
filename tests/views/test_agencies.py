"""Agency reads on SQLite and PostgreSQL: role counts, links, and the glue that pivots them.

Expected figures are counted by hand from seed_data/kosovo (who leads and supports what).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import ActionPlan, Framework, Organisation
from models.queries import agencies as queries
from models.seeding.plan import seed_plan
from models.views import agencies
from models.views.overview import rated_activities


@pytest.fixture
def plan(session: Session) -> dict:
    seed_plan(session)
    session.commit()
    frameworks = dict(session.execute(select(Framework.code, Framework.id)).all())
    orgs = dict(session.execute(select(Organisation.acronym, Organisation.id)).all())
    return {"id": session.scalar(select(ActionPlan.id)), "fw": frameworks, "org": orgs}


def _counts(frame, agency: str) -> dict[tuple[str, str], int]:
    rows = frame[frame["agency"] == agency]
    return {(r.framework_code, r.role): r.activities for r in rows.itertuples()}


def test_role_counts_per_agency_framework_and_role(engine, plan):
    counts = queries.role_counts(engine, plan["id"])
    assert _counts(counts, "DoJ") == {
        ("PROT", "lead"): 1,
        ("PROT", "supporting"): 1,
        ("PROS", "lead"): 5,
        ("PROS", "supporting"): 2,
    }
    assert _counts(counts, "AOGG") == {("PREV", "lead"): 2, ("PREV", "supporting"): 1}
    # Every activity-level assignment in the seed is inferred: the report names none.
    assert (counts["inferred_links"] == counts["activities"]).all()
    # 26 activities, one lead each (5 + 5 + 16); supporting links 11 + 9 + 25 per file.
    totals = counts.groupby("role")["activities"].sum().to_dict()
    assert totals == {"lead": 26, "supporting": 45}


def test_filters_narrow_the_counts(engine, plan):
    prevention = queries.role_counts(engine, plan["id"], framework_ids=[plan["fw"]["PREV"]])
    assert set(prevention["framework_code"]) == {"PREV"}
    assert "DoJ" not in set(prevention["agency"])
    doj = queries.role_counts(engine, plan["id"], agency_id=plan["org"]["DoJ"])
    assert set(doj["agency"]) == {"DoJ"}
    assert doj["activities"].sum() == 9


def test_activity_links_in_plan_order(engine, plan):
    links = queries.activity_links(engine, plan["id"], agency_id=plan["org"]["AOGG"])
    assert list(zip(links["code"], links["role"], strict=True)) == [
        ("PREV-A1", "supporting"),
        ("PREV-A4", "lead"),
        ("PREV-A5", "lead"),
    ]
    assert links["inferred"].all()
    assert links["source"].str.startswith("inferred").all()


def test_matrix_pivot_and_table(engine, plan):
    matrix = agencies.framework_matrix(queries.role_counts(engine, plan["id"]))
    assert list(matrix.text.columns) == ["Prevention", "Protection", "Prosecution"]
    assert matrix.text.loc["MLSW"].tolist() == ["L 1", "L 2 · S 1", "L 1"]
    table = agencies.matrix_table(matrix).set_index("Agency")
    assert table.loc["DoJ", ["Led", "Supported"]].tolist() == [6, 3]


def test_delivery_record_without_reports(engine, plan):
    """The plan alone has no status reports: started activities have no approved report."""
    links = queries.activity_links(engine, plan["id"])
    rated = rated_activities(engine, plan["id"], date(2005, 12, 31))
    record = agencies.delivery_record(links, rated).set_index(["agency", "role"])
    # OPPK leads PROS-A6 and PROS-A8, which start 2006-01-01: not due yet.
    assert record.loc[("OPPK", "Lead"), ["not_due_yet", "no_report"]].tolist() == [2, 0]
    # AOGG: PREV-A5 started 2005-05-01 (no report), PREV-A4 starts 2006-01-01 (not due).
    assert record.loc[("AOGG", "Lead"), ["not_due_yet", "no_report"]].tolist() == [1, 1]
    assert record.loc[("AOGG", "Lead"), "reported_progress"] == 0.0


def test_acronyms_get_their_full_names():
    import pandas as pd

    from models.views.agencies import full_names, glossary, with_full_name

    agencies = pd.DataFrame(
        {
            "acronym": ["OPPK", "KJI", None, "IOM"],
            "name": ["Office of the Public Prosecutor", "Kosovo Judicial Institute", "X", "IOM"],
        }
    )
    names = full_names(agencies)
    assert names == {"OPPK": "Office of the Public Prosecutor", "KJI": "Kosovo Judicial Institute"}
    assert with_full_name("KJI", names) == "KJI — Kosovo Judicial Institute"
    assert with_full_name("IOM", names) == "IOM" and with_full_name(None, names) == ""
    shown = ["OPPK, KJI", "IOM", None, "KJI"]
    assert glossary(shown, names) == (
        "KJI: Kosovo Judicial Institute · OPPK: Office of the Public Prosecutor"
    )
    assert glossary(["IOM"], names) is None
