"""The Audit trail page: who may open it, its filters and count, and the CSV download.
Expected rows come from plain SQL against the same database file."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from models.db import make_engine, transaction
from models.services.accounts import create_user
from models.services.authz import Operator
from tests.pages.conftest import account

PAGE = "pages/audit.py"


def sql(url: str, statement: str, **params) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(statement), params).all()
    engine.dispose()
    return rows


@pytest.fixture
def url(seeded_url: str) -> str:
    """The seeded database with three accounts made from the command line."""
    engine = make_engine(seeded_url)
    with transaction(engine) as session:
        for name, role, org in [
            ("amira", "coordinator", None),
            ("besnik", "editor", "IOM"),
            ("clara", "donor", "OSCE"),
        ]:
            create_user(
                session=session,
                username=name,
                password="long enough secret",
                role=role,
                organisation_acronym_or_id=org,
                actor=Operator("cli"),
            )
    engine.dispose()
    return seeded_url


@pytest.fixture
def downloads(monkeypatch) -> list:
    """(file name, bytes) of every download offered, in order (AppTest keeps them in memory)."""
    stored: list = []
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        stored.append((filename, path_or_data))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return stored


def shown(at) -> list[tuple]:
    frame = at.dataframe[0].value
    return list(frame[["actor", "action", "entity_id"]].itertuples(index=False, name=None))


def expected(url: str, where: str = "1 = 1", **params) -> list[tuple]:
    return [
        tuple(r)
        for r in sql(
            url,
            f"SELECT actor, action, entity_id FROM audit_event WHERE {where} "
            "ORDER BY occurred_at DESC, id DESC",
            **params,
        )
    ]


def count_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Showing"))


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinator_and_admin_see_every_event_newest_first(app, url, role):
    at = app(url, PAGE, user=role)
    assert at.title[0].value == "Audit trail"
    rows = expected(url)
    # Three accounts from the command line, and the test's own account of `role`.
    assert len(rows) == 4 and rows[0] == ("test", "create", rows[0][2])
    assert shown(at) == rows
    assert count_line(at) == "Showing **4** matching events."
    assert at.multiselect(key="audit_actor").options == ["cli", "test"]


def test_filters_narrow_the_table_and_the_count(app, url):
    at = app(url, PAGE)
    at.multiselect(key="audit_actor").set_value(["cli"]).run()
    assert shown(at) == expected(url, "actor = 'cli'")
    assert count_line(at) == "Showing **3** matching events."
    at.text_input(key="audit_text").input("editor").run()
    (besnik,) = sql(url, "SELECT id FROM user_account WHERE username = 'besnik'")[0]
    assert shown(at) == [("cli", "create", str(besnik))]
    assert count_line(at) == "Showing **1** matching event."
    at.text_input(key="audit_text").input("no such thing").run()
    assert not at.dataframe and at.info[0].value == "No audit events match these filters."


def test_the_date_range_filters(app, url):
    at = app(url, PAGE)
    (latest,) = sql(url, "SELECT max(occurred_at) FROM audit_event")[0]
    day = date.fromisoformat(str(latest)[:10])
    before = (day - timedelta(days=30), day - timedelta(days=1))
    at.date_input(key="audit_dates").set_value(before).run()
    assert at.info[0].value == "No audit events match these filters."
    at.date_input(key="audit_dates").set_value((day, day)).run()
    assert count_line(at) == "Showing **4** matching events."


def test_csv_download_holds_the_filtered_events(app, url, downloads):
    at = app(url, PAGE)
    at.multiselect(key="audit_actor").set_value(["cli"]).run()
    name, data = [d for d in downloads if d[0].startswith("audit-trail-")][-1]
    assert name.endswith(".csv") and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["actor"], r["action"], r["entity_id"]) for r in rows] == expected(
        url, "actor = 'cli'"
    )
    assert any(b.proto.label == "Download CSV" for b in at.get("download_button"))


@pytest.mark.parametrize("role", ["editor", "donor"])
def test_other_roles_are_sent_home(app, url, role):
    at = app(url, user=role)
    # Not in their menu; reached by its address, the page sends them home.
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value != "Audit trail"
    # Nor does a session that had the page open keep it once its role changes.
    at = app(url, PAGE)
    at.session_state["user"] = account(url, role)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value != "Audit trail"
    assert not [b for b in at.get("download_button") if b.proto.label == "Download CSV"]


def test_an_activity_save_reads_as_one_action_in_words(app, url):
    """Saving an activity writes three events (the activity, its objectives, its agencies):
    the page shows one row naming the activity by code and title, with the changed dates."""
    from models.services import audit

    (activity_id, title) = sql(url, "SELECT id, title FROM activity WHERE code = 'PREV-A4'")[0]
    engine = make_engine(url)
    with transaction(engine) as session:
        old = {"code": "PREV-A4", "planned_end": "2007-06-30", "planned_start": "2005-06-01"}
        new = {**old, "planned_end": "2007-12-31"}
        audit.record(
            session,
            actor="amira",
            action="update",
            entity_type="activity",
            entity_id=activity_id,
            old=old,
            new=new,
        )
        for kind in ("activity_objective", "activity_agency"):
            audit.record(
                session,
                actor="amira",
                action="replace",
                entity_type=kind,
                entity_id=activity_id,
                old={"ids": [1]},
                new={"ids": [1]},
            )
    engine.dispose()
    at = app(url, PAGE)
    rows = at.dataframe[0].value
    mine = rows[rows["actor"] == "amira"]
    assert len(mine) == 1
    row = mine.iloc[0]
    assert row["record"] == f"activity PREV-A4 {title}"
    assert row["changes"].startswith("planned end: 2007-06-30 → 2007-12-31")
    assert row["events"] == 3 and row["action"] == "update, replace"
    assert "{" not in row["changes"]
    # The action in full: every event, field by field, before and after.
    (picker,) = [b for b in at.selectbox if b.label == "Show one action in full"]
    # Its options are the actions, numbered from 1 in the order shown.
    picker.set_value(1 + next(i for i, o in enumerate(picker.options) if "amira" in o)).run()
    labels = [e.label for e in at.expander]
    assert f"update · activity PREV-A4 {title}" in labels
    full = next(e for e in at.expander if e.label.startswith("update")).dataframe[0].value
    assert full.values.tolist() == [["planned end", "2007-06-30", "2007-12-31"]]
    # …and the CSV keeps the raw values of all three events.
    events = sql(url, "SELECT count(*) FROM audit_event WHERE actor = 'amira'")[0][0]
    assert events == 3


@pytest.mark.parametrize(
    ("lang", "title", "heading", "action", "count"),
    [
        ("sq", "Gjurma e auditimit", "Kush", "krijim", "Shfaqen **4** ngjarje që përputhen."),
        (
            "sr_Latn",
            "Revizorski trag",
            "Ko",
            "kreiranje",
            "Prikazana su **4** odgovarajuća događaja.",
        ),
    ],
)
def test_the_trail_reads_in_the_chosen_language(app, url, lang, title, heading, action, count):
    at = app(url, PAGE, user="admin", params={"lang": lang})
    assert at.title[0].value == title
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [{"sq": "Shkarko CSV", "sr_Latn": "Preuzmi CSV"}[lang]]
    config = json.loads(at.dataframe[0].proto.columns)
    assert heading in [column.get("label") for column in config.values()]
    assert {a for _, a, _ in shown(at)} == {action}
    assert next(m.value for m in at.markdown if "**4**" in m.value) == count
