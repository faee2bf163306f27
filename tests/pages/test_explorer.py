"""The framework explorer, run in-process against the seeded plan plus reports of our own."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from models.codes import STATUS_LABELS
from models.db import make_engine, transaction
from models.entities import ActionPlan, Activity, Framework, Organisation
from models.rules.progress import expected_percent
from tests.factories import make_activity, make_status_update

PAGE = "pages/explorer.py"
COORDINATOR = {"role": "coordinator", "username": "nc", "id": 1, "organisation_id": None}
HIDDEN = ("DRAFT NOT FOR DISPLAY", "SUBMITTED NOT FOR DISPLAY", "RETURNED NOT FOR DISPLAY")

LATEST_SQL = text("""
    SELECT s.status, s.percent_complete, s.narrative, s.report_date
    FROM status_update s JOIN activity a ON a.id = s.activity_id
    WHERE a.code = :code AND s.state = 'approved' AND s.report_date <= :as_of
    ORDER BY s.report_date DESC, s.id DESC LIMIT 1
""")


@pytest.fixture
def url(seeded_url):
    """Seeded plan, plus PREV-A1 reports that must never show: the newest by date are a
    draft, a submitted and a returned one; one approved report carries unsafe evidence."""
    engine = make_engine(seeded_url)
    with transaction(engine) as s:
        a1 = s.scalar(select(Activity).where(Activity.code == "PREV-A1"))
        a3 = s.scalar(select(Activity).where(Activity.code == "PREV-A3"))
        iom = s.scalar(select(Organisation).where(Organisation.acronym == "IOM"))
        for state, narrative in zip(("draft", "submitted", "returned"), HIDDEN, strict=True):
            make_status_update(
                s,
                a1,
                iom,
                report_date=date(2007, 9, 29),
                state=state,
                percent_complete=3,
                status="limited",
                narrative=narrative,
                return_reason="Why." if state == "returned" else None,
            )
        make_status_update(
            s,
            a3,
            iom,
            report_date=date(2007, 9, 1),
            state="approved",
            status="complete",
            percent_complete=100,
            narrative="Law passed.",
            evidence_url="javascript:alert(1)",
        )
    engine.dispose()
    return seeded_url


def latest(url, code, as_of):
    engine = make_engine(url)
    with engine.connect() as c:
        row = c.execute(LATEST_SQL, {"code": code, "as_of": as_of}).one()
    engine.dispose()
    return row


def activity_row(at, code):
    for frame in at.dataframe:
        table = frame.value
        if "status_label" in table.columns and code in set(table["code"]):
            return table.set_index("code").loc[code]
    raise AssertionError(f"{code} is not listed")


def activity_codes(at) -> set[str]:
    return {c for d in at.dataframe if "status_label" in d.value.columns for c in d.value["code"]}


def shown_text(at) -> str:
    parts = [m.value for m in at.metric] + [t.value for t in at.text]
    parts += [e.label for e in at.expander] + [d.value.to_csv() for d in at.dataframe]
    return "\n".join(str(p) for p in parts)


def test_activity_shows_its_latest_approved_report(app, url):
    at = app(url, PAGE, user=COORDINATOR)
    report = latest(url, "PREV-A1", date(2007, 9, 30))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Status"] == STATUS_LABELS[report.status]
    assert metrics["Complete"] == f"{report.percent_complete}%"
    assert metrics["Report date"] == str(report.report_date)
    assert [t.value for t in at.text] == [report.narrative]
    row = activity_row(at, "PREV-A1")
    assert (row["status_label"], row["reported_percent"], row["narrative"]) == (
        STATUS_LABELS[report.status],
        report.percent_complete,
        report.narrative,
    )
    assert at.warning[0].value.startswith("Illustrative demo data")


def test_drafts_submitted_and_returned_reports_never_show(app, url):
    shown = shown_text(app(url, PAGE, user=COORDINATOR))
    assert "PREV-A1" in shown
    assert not [h for h in HIDDEN if h in shown]


def test_rewinding_the_date_shows_the_earlier_report(app, url):
    at = app(url, PAGE, user=COORDINATOR, params={"asof": "2006-01-31"})
    report = latest(url, "PREV-A1", date(2006, 1, 31))
    assert str(report.report_date) == "2005-12-31"  # raw SQL: SQLite gives text
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Status"], metrics["Complete"]) == (
        STATUS_LABELS[report.status],
        f"{report.percent_complete}%",
    )
    assert activity_row(at, "PREV-A1")["reported_percent"] == report.percent_complete
    history = at.get("plotly_chart")[0].proto.spec
    assert "2007-03-31" not in history and "2005-12-31" in history


def test_unsafe_evidence_is_not_offered_as_a_link(app, url):
    at = app(url, PAGE, user=COORDINATOR)
    row = activity_row(at, "PREV-A3")
    assert row["narrative"] == "Law passed." and row["evidence"] == ""
    assert "javascript" not in shown_text(at)


def objective_by_hand(url, code, as_of):
    """Mean reported and expected progress of an objective's activities, and counts."""
    engine = make_engine(url)
    with engine.connect() as c:
        acts = c.execute(
            text("""
            SELECT a.code, a.planned_start, a.planned_end FROM activity a
            JOIN activity_objective ao ON ao.activity_id = a.id
            JOIN objective o ON o.id = ao.objective_id WHERE o.code = :code
        """),
            {"code": code},
        ).all()
    engine.dispose()
    reported, expected, complete = [], [], 0
    for act in acts:
        report = latest(url, act.code, as_of)
        assert report.status not in ("suspended", "cancelled")  # the objective chosen has none
        done = report.status == "complete" or report.percent_complete >= 100
        complete += done
        reported.append(100.0 if done else float(report.percent_complete))
        start, end = (date.fromisoformat(str(d)[:10]) for d in (act.planned_start, act.planned_end))
        expected.append(expected_percent(as_of, start, end))
    return len(acts), sum(reported) / len(acts), sum(expected) / len(acts), complete


def test_objective_rollup_matches_a_hand_computation(app, url):
    at = app(url, PAGE, user=COORDINATOR)
    count, reported, expected, complete = objective_by_hand(url, "PREV-O3", date(2007, 9, 30))
    table = at.dataframe[0].value.set_index("code").loc["PREV-O3"]
    assert table["activities"] == count == 4
    assert table["reported_progress"] == pytest.approx(reported)
    assert table["expected_progress"] == pytest.approx(expected)
    assert table["rating_complete"] == complete
    label = next(e.label for e in at.expander if "PREV\\-O3" in e.label)
    assert f"{reported:.0f}% reported vs {expected:.0f}% expected" in label


def test_activity_without_report_and_without_objective(app, url):
    engine = make_engine(url)
    with transaction(engine) as s:
        prevention = s.scalar(select(Framework).where(Framework.code == "PREV"))
        new = make_activity(s, prevention, code="PREV-A99", title="New shelter").id
    engine.dispose()
    at = app(url, PAGE, user=COORDINATOR)
    assert at.dataframe[0].value.iloc[-1]["title"] == "Not linked to an objective"
    assert activity_row(at, "PREV-A99")["status_label"] == "No approved report yet"
    at.selectbox(key="explorer_activity").set_value(new).run()
    assert [i.value for i in at.info] == ["No approved report yet"]
    assert {m.label: m.value for m in at.metric}["Complete"] == "—"


def test_framework_filter_limits_the_choice(app, url):
    at = app(url, PAGE, user=COORDINATOR, params={"fw": "PROS"})
    assert at.radio(key="explorer_framework").options == ["Prosecution"]
    assert set(at.dataframe[0].value["code"]) >= {"PROS-O1", "PROS-O4"}
    assert all(code.startswith("PROS-") for code in activity_codes(at))


def test_plan_with_no_activity_says_so(app, url):
    engine = make_engine(url)
    with transaction(engine) as s:  # a later plan, with nothing in it yet, becomes the default
        later = {"period_start": date(2008, 1, 1), "target_date": date(2010, 12, 31)}
        s.add(ActionPlan(code="XK-2008", country="Kosovo", title="Next plan", **later))
    engine.dispose()
    at = app(url, PAGE, user=COORDINATOR)
    assert "No activity matches" in at.info[0].value
