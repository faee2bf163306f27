"""My activities as an editor of IOM on the seeded plan and demo set: the agency's activities,
submitting, refusals that save nothing, a returned report, a conflict, and the spreadsheet
round trip. Expected rows come from plain SQL against the same file."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import text
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from models.db import make_engine, transaction
from models.entities import User
from models.rules.text import escape_markdown
from models.services.reporting import approve, return_report, save_report
from tests.pages.conftest import account

PAGE = "pages/my_activities.py"


def sql(url: str, statement: str, **params) -> list:
    engine = make_engine(url)
    with engine.begin() as connection:
        rows = connection.execute(text(statement), params).all()
    engine.dispose()
    return rows


def activity(url: str, code: str) -> int:
    return sql(url, "SELECT id FROM activity WHERE code = :c", c=code)[0][0]


def counts(url: str) -> tuple:
    """Reports, indicator values and audit events: what any write would change."""
    return sql(
        url,
        "SELECT (SELECT count(*) FROM status_update), (SELECT count(*) FROM "
        "indicator_value), (SELECT count(*) FROM audit_event)",
    )[0]


def widget(elements, label: str):
    (found,) = [w for w in elements if w.label.startswith(label)]
    return found


def open_activity(at, url: str, code: str):
    at.selectbox(key="activity").set_value(activity(url, code)).run()
    assert not at.exception, at.exception
    return at


def fill(at, *, status=None, percent=None, day=None, narrative=None, evidence=None):
    if status is not None:
        widget(at.selectbox, "Implementation status").set_value(status)
    if percent is not None:
        widget(at.number_input, "Percent complete").set_value(percent)
    if day is not None:
        widget(at.date_input, "Report date").set_value(day)
    if narrative is not None:
        widget(at.text_area, "Narrative").set_value(narrative)
    if evidence is not None:
        widget(at.text_input, "Evidence link").set_value(evidence)
    return at


def press(at, label: str):
    (button,) = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, at.exception
    return at


def your_report(at, code: str) -> str:
    table = at.dataframe[0].value
    return table.set_index("code").loc[code, "your_report"]


def services(url: str, role: str, organisation: str | None = None):
    """A transaction and the real account of `role`, to write as another person would."""
    user_id = account(url, role, organisation).id
    engine = make_engine(url)
    return engine, user_id


def test_lists_only_the_agencys_activities_with_latest_approved(app, seeded_url):
    at = app(seeded_url, PAGE, user="editor")
    expected = sql(
        seeded_url,
        "SELECT a.code, aa.role FROM activity a JOIN activity_agency aa "
        "ON aa.activity_id = a.id JOIN organisation o ON o.id = aa.organisation_id "
        "WHERE o.acronym = 'IOM' ORDER BY a.code",
    )
    table = at.dataframe[0].value
    # The role in words: "Lead" / "Supporting" (translated like every label).
    shown = {"lead": "Lead", "supporting": "Supporting"}
    expected = [(code, shown[role]) for code, role in expected]
    assert sorted(zip(table["code"], table["role"], strict=True)) == expected
    latest = sql(
        seeded_url,
        "SELECT percent_complete FROM status_update WHERE activity_id = :a "
        "AND state = 'approved' ORDER BY report_date DESC, id DESC LIMIT 1",
        a=activity(seeded_url, "PROT-A5"),
    )[0][0]
    assert table.set_index("code").loc["PROT-A5", "approved_percent"] == latest
    assert your_report(at, "PROT-A5") == "No report in progress"


def test_submitting_a_report_saves_it_and_lists_it_awaiting_approval(app, seeded_url):
    at = open_activity(app(seeded_url, PAGE, user="editor"), seeded_url, "PROT-A5")
    fill(at, status="substantial", percent=95, day=date(2007, 10, 31), narrative="Two courses.")
    widget(at.number_input, "PROT-A5-I1").set_value(230)
    press(at, "Submit for approval")
    (report,) = sql(
        seeded_url,
        "SELECT su.id, su.state, su.percent_complete, su.narrative, "
        "iv.value FROM status_update su JOIN organisation o ON o.id = "
        "su.organisation_id JOIN indicator_value iv ON iv.status_update_id = su.id "
        "WHERE o.acronym = 'IOM' AND su.state <> 'approved'",
    )
    assert report[1:] == ("submitted", 95, "Two courses.", 230)
    assert at.success[0].value == escape_markdown(f"Report {report[0]} submitted for approval.")
    assert your_report(at, "PROT-A5") == "Submitted, awaiting approval"


TOMORROW = date.today() + timedelta(days=1)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"status": "complete", "percent": 100, "evidence": ""},
            "Evidence link: a complete activity needs a link to evidence",
        ),
        ({"day": TOMORROW}, f"Report date: {TOMORROW} is in the future"),
        (
            {"percent": 50, "narrative": ""},
            "Narrative: 50% is lower than the 90% of the approved "
            "report of 2007-09-30; explain the drop",
        ),
    ],
    ids=["complete-without-evidence", "future-date", "drop-without-narrative"],
)
def test_a_refused_report_shows_why_and_saves_nothing(app, seeded_url, values, message):
    at = open_activity(app(seeded_url, PAGE, user="editor"), seeded_url, "PROT-A5")
    before = counts(seeded_url)
    press(fill(at, **values), "Submit for approval")
    # Shown through md(): Markdown characters come back escaped.
    assert [e.value.replace("\\", "") for e in at.error] == [message]
    assert counts(seeded_url) == before
    assert not at.success


def test_a_returned_report_shows_its_reason_and_can_be_resubmitted(app, seeded_url):
    engine, editor_id = services(seeded_url, "editor", "IOM")
    _, coordinator_id = services(seeded_url, "coordinator")
    a5 = activity(seeded_url, "PROT-A5")
    basis = sql(
        seeded_url,
        "SELECT max(id) FROM status_update WHERE activity_id = :a AND state = 'approved'",
        a=a5,
    )[0][0]
    with transaction(engine) as s:
        returned = save_report(
            session=s,
            actor=s.get(User, editor_id),
            activity_id=a5,
            report_date=date(2007, 10, 31),
            status="complete",
            percent_complete=100,
            narrative="All trained.",
            evidence_url="https://example.org/list.pdf",
            based_on_id=basis,
            submit=True,
        ).id
        return_report(
            session=s,
            actor=s.get(User, coordinator_id),
            report_id=returned,
            reason="Only 230 of 250 officers are on the list",
        )
    engine.dispose()
    at = open_activity(app(seeded_url, PAGE, user="editor"), seeded_url, "PROT-A5")
    assert "Only 230 of 250 officers are on the list" in at.error[0].value
    assert widget(at.number_input, "Percent complete").value == 100
    assert widget(at.text_area, "Narrative").value == "All trained."
    press(
        fill(at, status="substantial", percent=92, narrative="230 of 250 trained."),
        "Submit for approval",
    )
    rows = sql(
        seeded_url,
        "SELECT id, state, percent_complete FROM status_update WHERE "
        "activity_id = :a AND state <> 'approved' ORDER BY id",
        a=a5,
    )
    assert [r[1:] for r in rows] == [("returned", 100), ("submitted", 92)]
    assert your_report(at, "PROT-A5") == "Submitted, awaiting approval"


def test_a_report_approved_meanwhile_is_a_conflict_and_the_draft_is_kept(app, seeded_url):
    at = open_activity(app(seeded_url, PAGE, user="editor"), seeded_url, "PROT-A5")
    engine, editor_id = services(seeded_url, "editor", "IOM")
    _, coordinator_id = services(seeded_url, "coordinator")
    a5 = activity(seeded_url, "PROT-A5")
    basis = sql(
        seeded_url,
        "SELECT max(id) FROM status_update WHERE activity_id = :a AND state = 'approved'",
        a=a5,
    )[0][0]
    with transaction(engine) as s:
        newer = save_report(
            session=s,
            actor=s.get(User, editor_id),
            activity_id=a5,
            report_date=date(2007, 10, 15),
            status="substantial",
            percent_complete=93,
            narrative="Course three held in Peja.",
            based_on_id=basis,
            submit=True,
        )
        approve(session=s, actor=s.get(User, coordinator_id), report_ids=[newer.id])
        newer_id = newer.id
    engine.dispose()
    press(fill(at, percent=95, narrative="Two courses."), "Submit for approval")
    assert "newer approved report than the one report" in at.warning[-1].value
    assert f"report {newer_id} of 2007" in at.warning[-1].value.replace("\\", "")
    assert "Course three held in Peja." in [t.value for t in at.text]
    (draft,) = sql(
        seeded_url,
        "SELECT id, state, percent_complete, based_on_id FROM "
        "status_update WHERE activity_id = :a AND state = 'draft'",
        a=a5,
    )
    assert draft[1:] == ("draft", 95, basis)
    assert at.info[-1].value.startswith(f"Your report was kept as draft {draft[0]}")


@pytest.mark.parametrize("page", ["pages/funding.py", "pages/approvals.py"])
def test_an_editor_cannot_open_coordinator_pages(app, seeded_url, page):
    at = app(seeded_url, user="editor")
    # Not in an editor's menu; reached by its address, the page sends the editor home.
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["My activities"]
    # Nor by a session that had it: the page itself sends an editor home.
    at = app(seeded_url, page, user="coordinator")
    at.session_state["user"] = account(seeded_url, "editor")
    at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["My activities"]


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """What the page offers for download, by file name (AppTest keeps the bytes in memory)."""
    stored: dict = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        stored[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return stored


def upload(at, book, label: str):
    buffer = io.BytesIO()
    book.save(buffer)
    at.file_uploader[0].set_value(("filled.xlsx", buffer.getvalue(), "application/octet-stream"))
    return press(at.run(), label)


def rows_by_code(sheet) -> dict[str, int]:
    return {sheet.cell(row=r, column=2).value: r for r in range(2, sheet.max_row + 1)}


def test_workbook_download_fill_and_upload(app, seeded_url, downloads):
    at = app(seeded_url, PAGE, user="editor")
    book = openpyxl.load_workbook(io.BytesIO(downloads["reports-IOM-XK-2005-2007.xlsx"]))
    sheet = book["Reports"]
    headers = [c.value for c in sheet[1]]
    at_row = rows_by_code(sheet)
    assert sorted(at_row) == ["PREV-A1", "PROT-A1", "PROT-A4", "PROT-A5"]
    for column, value in {
        "Report date": date(2007, 10, 31),
        "Status": "Substantial",
        "Percent complete": 96,
        "PROT-A5-I1": 240,
    }.items():
        sheet.cell(row=at_row["PROT-A5"], column=headers.index(column) + 1, value=value)
    before = counts(seeded_url)
    upload(at, book, "Upload and submit")
    assert at.success[0].value == escape_markdown("1 report(s) saved from the workbook.")
    rows = sql(
        seeded_url,
        "SELECT su.state, su.percent_complete, iv.value FROM status_update su "
        "JOIN activity a ON a.id = su.activity_id JOIN indicator_value iv ON "
        "iv.status_update_id = su.id WHERE a.code = 'PROT-A5' AND su.state = "
        "'submitted'",
    )
    assert rows == [("submitted", 96, 240)]
    assert counts(seeded_url)[0] == before[0] + 1


def test_one_bad_row_saves_nothing_and_lists_problems(app, seeded_url, downloads):
    at = app(seeded_url, PAGE, user="editor")
    book = openpyxl.load_workbook(io.BytesIO(downloads["reports-IOM-XK-2005-2007.xlsx"]))
    sheet = book["Reports"]
    headers = [c.value for c in sheet[1]]
    at_row = rows_by_code(sheet)

    def put(code, column, value):
        sheet.cell(row=at_row[code], column=headers.index(column) + 1, value=value)

    for column, value in {
        "Report date": "2007-10-31",
        "Status": "Limited",
        "Percent complete": 30,
        "Narrative": "Fine.",
    }.items():
        put("PROT-A4", column, value)
    for column, value in {
        "Report date": "2007-10-31",
        "Status": "Substantial",
        "Percent complete": 120,
        "Narrative": "x" * 4001,
    }.items():
        put("PROT-A5", column, value)
    before = counts(seeded_url)
    upload(at, book, "Upload as drafts")
    assert counts(seeded_url) == before
    problems = at.dataframe[-1].value
    row = at_row["PROT-A5"]
    assert list(problems.itertuples(index=False, name=None)) == [
        (row, "Percent complete", "120 is outside 0 to 100"),
        (row, "Narrative", "4,001 characters is too long; at most 4,000"),
    ]
    assert at.error[0].value == "Nothing was saved: 2 problem(s) in the file."


def test_an_activity_of_another_agency_in_the_file_is_refused(app, seeded_url, downloads):
    at = app(seeded_url, PAGE, user="editor")
    book = openpyxl.load_workbook(io.BytesIO(downloads["reports-IOM-XK-2005-2007.xlsx"]))
    sheet = book["Reports"]
    headers = [c.value for c in sheet[1]]
    row = rows_by_code(sheet)["PROT-A4"]
    sheet.protection.sheet = False
    sheet.cell(row=row, column=2, value="PROS-A7")  # led by DoJ: not IOM's
    for column, value in {
        "Report date": "2007-10-31",
        "Status": "Limited",
        "Percent complete": 30,
    }.items():
        sheet.cell(row=row, column=headers.index(column) + 1, value=value)
    before = counts(seeded_url)
    upload(at, book, "Upload and submit")
    assert counts(seeded_url) == before
    assert list(at.dataframe[-1].value.itertuples(index=False, name=None)) == [
        (
            row,
            "Activity code",
            "PROS-A7 is not an activity of plan XK-2005-2007 that IOM leads or supports",
        ),
    ]


def test_a_damaged_or_tampered_workbook_gets_a_message_and_saves_nothing(
    app, seeded_url, downloads
):
    at = app(seeded_url, PAGE, user="editor")
    data = downloads["reports-IOM-XK-2005-2007.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Reports"]
    headers = [c.value for c in sheet[1]]
    row = rows_by_code(sheet)["PROT-A5"]
    for column, value in {
        "Report date": "2007-10-31",
        "Status": "Substantial",
        "Percent complete": 96,
        "Based on report": 1e20,
    }.items():
        sheet.cell(row=row, column=headers.index(column) + 1, value=value)
    before = counts(seeded_url)
    upload(at, book, "Upload and submit")
    assert not at.exception
    assert list(at.dataframe[-1].value.itertuples(index=False, name=None)) == [
        (row, "Based on report", "1e+20 was changed; download a fresh workbook")
    ]
    truncated = data[: len(data) // 2]
    at.file_uploader[0].set_value(("filled.xlsx", truncated, "application/octet-stream"))
    press(at.run(), "Upload as drafts")
    assert not at.exception
    assert at.error[0].value == "Nothing was saved: 1 problem(s) in the file."
    assert counts(seeded_url) == before


def test_after_submitting_the_report_is_read_only_until_withdrawn_to_edit(app, seeded_url):
    at = open_activity(app(seeded_url, PAGE, user="editor"), seeded_url, "PROT-A5")
    fill(at, status="substantial", percent=95, day=date(2007, 10, 31), narrative="Two courses.")
    press(at, "Submit for approval")
    # No form to submit a second time: the submitted report, read-only, and one way out.
    assert not [b for b in at.button if b.label == "Submit for approval"]
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "95%" in shown and "Two courses." in shown
    before = counts(seeded_url)
    press(at, "Withdraw to edit")
    rows = sql(
        seeded_url,
        "SELECT su.state FROM status_update su JOIN organisation o ON o.id = "
        "su.organisation_id WHERE o.acronym = 'IOM' AND su.state <> 'approved'",
    )
    assert rows == [("withdrawn",)]
    assert counts(seeded_url)[2] == before[2] + 1  # audited
    # The form is back, starting from the withdrawn report; the history keeps it.
    assert widget(at.number_input, "Percent complete").value == 95
    assert widget(at.text_area, "Narrative").value == "Two courses."
    assert your_report(at, "PROT-A5") == "No report in progress"
    history = at.dataframe[1].value
    assert "Withdrawn by its agency" in list(history["State"])


def test_a_returned_report_without_evidence_prefills_an_empty_link(app, seeded_url):
    engine, editor_id = services(seeded_url, "editor", "IOM")
    _, coordinator_id = services(seeded_url, "coordinator")
    a5 = activity(seeded_url, "PROT-A5")
    basis = sql(
        seeded_url,
        "SELECT max(id) FROM status_update WHERE activity_id = :a AND state = 'approved'",
        a=a5,
    )[0][0]
    with transaction(engine) as s:
        returned = save_report(
            session=s,
            actor=s.get(User, editor_id),
            activity_id=a5,
            report_date=date(2007, 10, 31),
            status="substantial",
            percent_complete=95,
            narrative="More courses.",
            based_on_id=basis,
            submit=True,
        ).id
        return_report(
            session=s, actor=s.get(User, coordinator_id), report_id=returned, reason="Dates?"
        )
    engine.dispose()
    at = open_activity(app(seeded_url, PAGE, user="editor"), seeded_url, "PROT-A5")
    assert widget(at.text_input, "Evidence link").value == ""
    history = at.dataframe[1].value
    for column in ("Evidence", "Reviewed by", "Reason returned", "Narrative"):
        assert not {"nan", "None", "NaT"} & {str(v) for v in history[column]}, column
    # A returned report may be withdrawn by its agency, kept in the history.
    press(at, "Withdraw this returned report")
    assert sql(seeded_url, "SELECT state FROM status_update WHERE id = :i", i=returned) == [
        ("withdrawn",)
    ]


def headings(table) -> list[str]:
    """A table's column headings as the browser gets them (st.column_config labels)."""
    config = json.loads(table.proto.columns)
    return [column.get("label", key) for key, column in config.items()]


@pytest.mark.parametrize(
    ("lang", "title", "button", "heading", "history"),
    [
        ("sq", "Aktivitetet e mia", "Ruaj draftin", "Raporti juaj i fundit", "Data e raportit"),
        (
            "sr_Latn",
            "Moje aktivnosti",
            "Sačuvaj nacrt",
            "Vaš poslednji izveštaj",
            "Datum izveštaja",
        ),
    ],
)
def test_my_activities_reads_in_the_chosen_language(
    app, seeded_url, lang, title, button, heading, history
):
    at = app(seeded_url, PAGE, user="editor", params={"lang": lang})
    assert at.title[0].value == title
    assert button in [b.label for b in at.button]
    assert heading in headings(at.dataframe[0])
    assert history in at.dataframe[1].value.columns  # the history's own headings
