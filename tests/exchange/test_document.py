import copy
import hashlib
import json

import pytest
from sqlalchemy.orm import Session

from models.exchange.document import (
    ExchangeError,
    dump_json,
    export_database,
    import_database,
    tables,
)
from models.ops.migrate import head_revision
from tests.factories import make_organisation, populate_every_table, row_counts


@pytest.fixture
def source_doc(session: Session) -> dict:
    populate_every_table(session)
    session.commit()
    return export_database(session)


def test_populated_database_covers_every_table(session, source_doc):
    assert all(source_doc["tables"][t.name] for t in tables()), row_counts(session)


def test_header_names_format_version_and_revision(source_doc):
    assert source_doc["format"] == "action-plan-monitor"
    assert source_doc["version"] == 1
    assert source_doc["schema_revision"] == head_revision()


def test_values_are_canonical(source_doc):
    budget = source_doc["tables"]["budget"][0]
    assert budget["amount"] == "25000.50"
    assert budget["illustrative"] is True
    indicator = source_doc["tables"]["indicator"][0]
    assert indicator["baseline_value"] == "1.5000"
    update = source_doc["tables"]["status_update"][1]
    assert update["reviewed_at"] == "2007-01-03T10:15:30.123456Z"
    assert update["report_date"] == "2006-12-31"
    text = dump_json(source_doc)
    assert text.endswith("}\n") and "Kosovë" in text


def test_records_are_ordered_by_primary_key(source_doc):
    for name, records in source_doc["tables"].items():
        table = next(t for t in tables() if t.name == name)
        keys = [[r[c.name] for c in table.primary_key.columns] for r in records]
        assert keys == sorted(keys), name


def test_round_trip_is_byte_identical(source_doc, db_url, request, tmp_path):
    target = new_session(db_url, request, tmp_path)
    with target.begin():
        counts = import_database(target, json.loads(dump_json(source_doc)))
    assert counts["status_update"] == 2
    assert dump_json(export_database(target)) == dump_json(source_doc)


def test_round_trip_of_the_seeded_plan_and_demo(session, db_url, request, tmp_path):
    from models.seeding.plan import seed_demo, seed_plan

    seed_plan(session)
    seed_demo(session)
    _follow_up_findings(session)
    session.commit()
    exported = export_database(session)
    findings_tables = ("finding", "finding_link", "finding_response", "finding_follow_up")
    assert all(exported["tables"][name] for name in findings_tables)
    assert any(link["inferred"] for link in exported["tables"]["finding_link"])
    assert not all(link["inferred"] for link in exported["tables"]["finding_link"])
    source = dump_json(exported)
    target = new_session(db_url, request, tmp_path)
    with target.begin():
        import_database(target, json.loads(source))
    assert dump_json(export_database(target)) == source


def _follow_up_findings(session: Session) -> None:
    """A response, two follow-up notes, a confirmed seeded link and an unlinked one."""
    from datetime import date

    from sqlalchemy import select

    from models.entities import Finding, FindingLink, Objective, Organisation
    from models.services.findings import (
        link_finding,
        record_follow_up,
        record_response,
        unlink_finding,
    )
    from tests.factories import make_user

    actor = make_user(session, "coordinator9", role="coordinator")
    finding = session.scalar(select(Finding).where(Finding.kind == "recommendation"))
    owner = session.scalar(select(Organisation.id).order_by(Organisation.id))
    common = {"session": session, "actor": actor, "finding_id": finding.id}
    record_response(
        **common,
        response="partially_accepted",
        reason="Kosovë: only the police data",
        owner_id=owner,
        due_date=date(2007, 6, 30),
        response_date=date(2006, 1, 15),
    )
    record_follow_up(**common, note_date=date(2006, 3, 1), status="limited", note="Begun")
    record_follow_up(**common, note_date=date(2007, 3, 1), status="substantial", note="Most")
    seeded = session.scalars(select(FindingLink).order_by(FindingLink.id)).all()
    unlink_finding(session=session, actor=actor, link_id=seeded[-1].id)
    first = seeded[0]
    link_finding(
        **common | {"finding_id": first.finding_id},
        target_kind=first.target_kind,
        target_id=first.target_id,
    )
    objective = session.scalar(select(Objective.id).order_by(Objective.id))
    link_finding(**common, target_kind="objective", target_id=objective)


def test_audited_import_adds_exactly_one_event_naming_the_document(
    source_doc, db_url, request, tmp_path
):
    target = new_session(db_url, request, tmp_path)
    with target.begin():
        import_database(target, source_doc, actor="cli")
    after = export_database(target)
    event = after["tables"]["audit_event"].pop()
    assert (event["actor"], event["action"], event["entity_type"]) == ("cli", "import", "database")
    new_value = json.loads(event["new_value"])
    assert new_value["sha256"] == hashlib.sha256(dump_json(source_doc).encode()).hexdigest()
    assert new_value["rows"]["activity"] == 1
    assert dump_json(after) == dump_json(source_doc)


def test_ids_continue_after_import(source_doc, db_url, request, tmp_path):
    target = new_session(db_url, request, tmp_path)
    with target.begin():
        import_database(target, source_doc)
    with target.begin():
        organisation = make_organisation(target, "IOM")
    assert organisation.id == max(o["id"] for o in source_doc["tables"]["organisation"]) + 1


def test_self_reference_points_forward_and_survives(source_doc):
    first, later = source_doc["tables"]["status_update"]
    assert first["based_on_id"] == later["id"] > first["id"]


def new_session(db_url, request, tmp_path) -> Session:
    # A second fresh database of the same dialect as `db_url`.
    from sqlalchemy.orm import Session as _Session

    from models.db import make_engine
    from tests.conftest import new_database_url

    dialect = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    engine = make_engine(new_database_url(dialect, request, tmp_path))
    request.addfinalizer(engine.dispose)
    session = _Session(engine)
    request.addfinalizer(session.close)
    return session


def broken(doc: dict, path: list, value, delete: bool = False) -> dict:
    doc = copy.deepcopy(doc)
    node = doc
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


REFUSALS = [
    (["format"], "other", False, "format is 'other'"),
    (["version"], 2, False, "version is 2; this version reads 1 only"),
    (["version"], True, False, "version is True"),
    (["schema_revision"], "0000", False, "schema_revision is '0000'"),
    (["tables"], None, True, "missing 'tables'"),
    (["extra"], 1, False, "unknown top-level key 'extra'"),
    (["tables", "victim"], [], False, "unknown table 'victim'"),
    (["tables", "activity"], {}, False, "table 'activity' must be a list of records"),
    (["tables", "activity", 0], "x", False, "table 'activity', record 1: not a JSON object"),
    (
        ["tables", "activity", 0, "colour"],
        "red",
        False,
        "table 'activity', record 1 (id 1): unknown field 'colour'",
    ),
    (
        ["tables", "activity", 0, "title"],
        None,
        True,
        "table 'activity', record 1 (id 1): field 'title' is required",
    ),
    (
        ["tables", "activity", 0, "planned_start"],
        "2006-13-01",
        False,
        "table 'activity', record 1 (id 1): field 'planned_start': month must be in 1..12",
    ),
    (["tables", "activity", 0, "planned_end"], "31/12/2007", False, "expected a date like"),
    (["tables", "activity", 0, "position"], "1", False, "field 'position': expected an integer"),
    (["tables", "activity", 0, "position"], True, False, "expected an integer"),
    (["tables", "activity", 0, "dates_inferred"], 1, False, "expected true or false"),
    (["tables", "budget", 0, "amount"], 25000.5, False, "expected a decimal number as a string"),
    (["tables", "budget", 0, "amount"], "1.234", False, "more than 2 decimal places"),
    (["tables", "budget", 0, "amount"], "1" * 13, False, "more than 12 digits before"),
    (["tables", "budget", 0, "currency"], "EURO", False, "longer than 3 characters"),
    (["tables", "user_account", 0, "created_at"], "2006-01-01 10:00", False, "UTC date-time"),
    (["tables", "organisation", 0, "name"], 7, False, "field 'name': expected a string"),
    # Consistency is the database's job: these pass the document check and hit a constraint.
    (
        ["tables", "activity", 0, "framework_id"],
        999,
        False,
        "table 'activity' could not be imported",
    ),
    (["tables", "budget", 0, "currency"], "eur", False, "table 'budget' could not be imported"),
    (["tables", "organisation", 1, "name"], "Organisation MLSW", False, "'organisation' could not"),
]


@pytest.mark.parametrize(("path", "value", "delete", "message"), REFUSALS)
def test_import_refusals_name_the_fault_and_write_nothing(
    source_doc, db_url, request, tmp_path, path, value, delete, message
):
    target = new_session(db_url, request, tmp_path)
    with pytest.raises(ExchangeError) as caught, target.begin():
        import_database(target, broken(source_doc, path, value, delete), actor="cli")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert set(row_counts(target).values()) == {0}


def test_import_into_non_empty_database_is_refused(session, source_doc):
    before = row_counts(session)
    with pytest.raises(ExchangeError, match="the database is not empty"):
        import_database(session, source_doc)
    session.rollback()
    assert row_counts(session) == before
