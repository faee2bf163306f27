"""The coordinator's IATI forms: recipient country and identifiers on the Plan editor, budget
lines on the Funding page. Each save is audited; a refusal shows every problem."""

from __future__ import annotations

from sqlalchemy import select

from models.db import make_engine
from models.entities import ActionPlan, Activity, AuditEvent, Budget, Organisation

EDITOR, FUNDING = "pages/plan_editor.py", "pages/funding.py"


def _rows(url: str, statement):
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    engine.dispose()
    return rows


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_proposed_sectors_are_shown_as_inferred(app, seeded_url):
    at = app(seeded_url, EDITOR)
    assert not at.exception
    assert any("Inferred: a proposal" in c.value for c in at.caption)
    assert any(b.label == "Save sectors" for b in at.button)


def test_a_coordinator_sets_the_recipient_country(app, seeded_url):
    engine = make_engine(seeded_url)
    with engine.begin() as conn:
        conn.execute(ActionPlan.__table__.update().values(recipient_country=None))
    engine.dispose()
    at = app(seeded_url, EDITOR)
    box = next(s for s in at.selectbox if s.label.startswith("Recipient country"))
    box.set_value("XK")
    _button(at, "Save recipient country").click().run()
    assert not at.error, [e.value for e in at.error]
    assert _rows(seeded_url, select(ActionPlan.recipient_country)) == [("XK",)]
    assert _rows(seeded_url, select(AuditEvent.entity_type).order_by(AuditEvent.id.desc()))[0] == (
        "action_plan",
    )


def test_an_identifier_without_agency_prefix_is_refused_and_a_good_one_saved(app, seeded_url):
    (aogg,) = _rows(seeded_url, select(Organisation.id).where(Organisation.acronym == "AOGG"))[0]
    at = app(seeded_url, EDITOR)
    at.selectbox(key="iati_org").set_value(aogg).run()
    field = next(t for t in at.text_input if t.label == "IATI organisation identifier")
    field.input("XK-AP")
    _button(at, "Save identifier").click().run()
    assert len(at.error) == 1 and "registration agency prefix" in at.error[0].value
    field = next(t for t in at.text_input if t.label == "IATI organisation identifier")
    field.input("XK-COA-1")
    _button(at, "Save identifier").click().run()
    assert not at.error, [e.value for e in at.error]
    identifier = select(Organisation.iati_identifier).where(Organisation.id == aogg)
    assert _rows(seeded_url, identifier) == [("XK-COA-1",)]


def test_saving_the_budget_lines_makes_them_the_coordinators_figures(app, seeded_url):
    (a1,) = _rows(seeded_url, select(Activity.id).where(Activity.code == "PREV-A1"))[0]
    lines = select(Budget.amount, Budget.illustrative).where(Budget.activity_id == a1)
    before = _rows(seeded_url, lines.order_by(Budget.period_start))
    assert len(before) == 3 and all(illustrative for _, illustrative in before)
    at = app(seeded_url, FUNDING)
    at.selectbox(key="bl_a").set_value(a1).run()
    _button(at, "Save budget lines").click().run()
    # The only error left is the IATI download's (the reporting office has no identifier).
    assert [e.value for e in at.error if "IATI export not offered" not in e.value] == []
    assert [s.value.replace("\\", "") for s in at.success] == ["Budget lines of PREV-A1 saved."]
    after = _rows(seeded_url, lines.order_by(Budget.period_start))
    assert [a for a, _ in after] == [a for a, _ in before]
    assert not any(illustrative for _, illustrative in after)


def test_other_roles_see_no_iati_forms(app, seeded_url):
    at = app(seeded_url, FUNDING, user="donor")
    assert not any(b.label == "Save budget lines" for b in at.button)


def test_where_a_refused_iati_export_says_to_go_is_where_the_forms_are(app, seeded_url):
    """Each gap names a page title, then the tabs or expander leading to its form: all shown."""
    from models.exchange import iati
    from pages.ui.navigation import PAGES

    files = {title: file for file, title, _ in PAGES.values()}
    wheres = [iati.WHERE_IDENTIFIERS, iati.WHERE_COUNTRY, iati.WHERE_SECTORS, iati.WHERE_BUDGETS]
    for where in wheres:
        title, *steps = where.split(" → ")
        at = app(seeded_url, files[title])
        shown = {t.label for t in at.tabs} | {e.label for e in at.expander}
        assert set(steps) <= shown, (where, shown)
