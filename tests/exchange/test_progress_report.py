"""The progress report PDF says what the dashboard's own functions say, for any reporting date.

Every expected figure here is computed by the functions the pages call, never written down:
the text pypdf extracts from the document must contain it. Documents are built once per
module (without charts, which need a browser); one test builds the full report with charts.
"""

from __future__ import annotations

import io
import re
import shutil
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from models.charts.context import sections
from models.db import make_engine
from models.entities import Activity, StatusUpdate
from models.exchange.progress_report import ProgressReportError, build_progress_report
from models.exchange.report_pdf import font_dir
from models.queries import funding as funding_queries
from models.queries.context import statistics
from models.queries.plan import plan_outline, plans
from models.rules import coverage as cov
from models.rules.disclosure import suppress_small_counts
from models.views import overview as ov
from tests.conftest import unavailable

PLAN = "XK-2005-2007"
DATES = [date(2007, 9, 30), date(2006, 3, 31)]
TITLE = "Kosovë: çështja e trafikimit — Srbija: čćšžđ ČĆŠŽĐ — Србија: чћшжђ ЧЋШЖЂ"


def _text(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace made single spaces."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pages]


@pytest.fixture(scope="module")
def engine(seeded_sqlite_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "seeded.db"
    shutil.copyfile(seeded_sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def documents(engine) -> dict:
    """(edition, as_of) -> list of page texts, without charts."""
    built = {}
    for as_of in DATES:
        for edition in ("coordinator", "donor"):
            pdf = build_progress_report(
                engine,
                plan_code=PLAN,
                as_of=as_of,
                edition=edition,
                generated_by="tester",
                charts=False,
                title=TITLE if as_of == DATES[0] else None,
            )
            built[edition, as_of] = _text(pdf)
    return built


def _plan_id(engine) -> int:
    found = plans(engine)
    return int(found.loc[found["code"] == PLAN, "id"].iloc[0])


def _section(pages: list[str], start: str, end: str | None = None) -> str:
    text = " ".join(pages)
    part = text.split(start, 1)[1]
    return part.split(end, 1)[0] if end else part


@pytest.mark.parametrize("as_of", DATES)
def test_summary_holds_the_dashboards_figures(engine, documents, as_of):
    plan_id = _plan_id(engine)
    rated = ov.rated_activities(engine, plan_id, as_of)
    summary = ov.framework_summary(rated, plan_outline(engine, plan_id).frameworks)
    text = _section(documents["coordinator", as_of], "Summary", "Watch-list")
    for fw in summary.itertuples():
        card = ov.progress_card(fw.reported_progress, fw.expected_progress)
        assert f"({card.value} reported against {fw.expected_progress:.0f}% expected)" in text
        assert f"{fw.rating_overdue} of its {fw.activities} activities are overdue" in text
        assert f"{fw.name} {card.value} {fw.expected_progress:.0f}% {fw.activities}" in text
        gap = round(fw.reported_progress - fw.expected_progress)
        if gap < 0:
            assert f"{fw.name} is {-gap} points behind the expected path" in text


@pytest.mark.parametrize("as_of", DATES)
def test_watch_list_and_activities_match_the_dashboard(engine, documents, as_of):
    plan_id = _plan_id(engine)
    rated = ov.rated_activities(engine, plan_id, as_of)
    watch = ov.watch_list(rated)
    pages = documents["coordinator", as_of]
    listed = _section(pages, "Watch-list", "objectives and activities")
    for row in watch.itertuples():
        assert f"{row.code} " in listed
        assert f"{row.expected_percent:.0f}%" in listed
    assert not (set(rated["code"]) - set(watch["code"])) & set(re.findall(r"\S+-A\d+", listed))
    detail = _section(pages, "objectives and activities", "Funding")
    for act in rated.itertuples():
        reported = "—" if pd.isna(act.reported_percent) else f"{act.reported_percent:.0f}%"
        assert f"{act.code} {act.title}" in detail
        assert f"{reported} complete (expected {act.expected_percent:.0f}%)" in detail
        assert f"Rating: {act.rating_label}" in detail


@pytest.mark.parametrize("as_of", DATES)
def test_funding_matches_the_funding_page(engine, documents, as_of):
    money = funding_queries.activity_money(engine, _plan_id(engine), as_of)
    coverage = cov.activity_coverage(money)
    text = _section(documents["donor", as_of], "Funding", "Changes since")
    for fw in cov.by_framework(coverage).itertuples():
        amounts = " ".join(f"{getattr(fw, k):,.0f}" for k in cov.MONEY)
        ratios = f"{cov.format_ratio(fw.coverage)} {cov.format_ratio(fw.disbursement_rate)}"
        assert f"{fw.framework} {amounts} {ratios}" in text
    total = cov.plan_total(coverage).iloc[0]
    assert f"Whole plan {total['costed']:,.0f} {total['pledged']:,.0f}" in text


@pytest.mark.parametrize("as_of", DATES)
def test_changes_count_the_reports_approved_since_three_months_earlier(engine, documents, as_of):
    since = (pd.Timestamp(as_of) - pd.DateOffset(months=3)).date()
    with engine.connect() as connection:
        approved = connection.scalar(
            select(func.count())
            .select_from(StatusUpdate)
            .join(Activity, Activity.id == StatusUpdate.activity_id)
            .where(
                Activity.plan_id == _plan_id(engine),
                StatusUpdate.state == "approved",
                StatusUpdate.report_date > since,
                StatusUpdate.report_date <= as_of,
            )
        )
    text = " ".join(documents["coordinator", as_of])
    assert f"Changes since {since.day} {since:%b %Y}" in text
    assert f"{approved} reports were approved" in text
    plan_id = _plan_id(engine)
    then = ov.framework_summary(
        ov.rated_activities(engine, plan_id, since), plan_outline(engine, plan_id).frameworks
    )
    for fw in then.itertuples():
        assert f"{fw.name} {fw.reported_progress:.0f}%" in text


def test_the_annex_shows_each_role_what_the_context_page_shows_it(engine, documents):
    stats = statistics(engine, _plan_id(engine))
    assert suppress_small_counts(stats, "donor")["suppressed"].any()
    for edition in ("coordinator", "donor"):
        annex = _section(documents[edition, DATES[0]], "Annex: context statistics")
        for section in sections(stats, edition):
            assert section.title in annex
            for row in section.table.astype(str).itertuples(index=False):
                assert " ".join(row) in annex
    donor = _section(documents["donor", DATES[0]], "Annex: context statistics")
    coordinator_rows = {
        " ".join(row)
        for section in sections(stats, "coordinator")
        for row in section.table.astype(str).itertuples(index=False)
    }
    donor_rows = {
        " ".join(row)
        for section in sections(stats, "donor")
        for row in section.table.astype(str).itertuples(index=False)
    }
    hidden = coordinator_rows - donor_rows
    assert hidden, "the demo statistics hold small counts"
    for row in hidden:
        assert row not in donor
    assert "<5" in donor
    assert "it is not shown in this edition" in donor


def test_internal_notes_are_for_the_coordinator_only(documents):
    for as_of in DATES:
        assert "Internal notes of the Secretariat" in " ".join(documents["coordinator", as_of])
        assert "Internal notes" not in " ".join(documents["donor", as_of])
        assert "Donors' edition" in " ".join(documents["donor", as_of])


def test_every_page_has_its_number_the_reporting_date_and_the_generation_date(documents):
    for (_, as_of), pages in documents.items():
        for number, page in enumerate(pages, start=1):
            assert f"Page {number} of {len(pages)}" in page
            assert f"As of {as_of.day} {as_of:%b %Y}" in page
            assert "Generated " in page


def test_albanian_and_serbian_latin_and_cyrillic_round_trip(documents):
    pages = documents["coordinator", DATES[0]]
    assert TITLE in pages[0]
    assert all(TITLE in page for page in pages)  # the running header carries it too


def test_cover_names_plan_dates_and_who_generated_it(engine, documents):
    cover = documents["donor", DATES[1]][0]
    plan = plans(engine).set_index("code").loc[PLAN]
    target = plan["target_date"]
    for fact in (
        PLAN,
        plan["country"],
        plan["title"],
        f"Target date {target.day} {target:%b %Y}",
        "Reporting date (as of) 31 Mar 2006",
        "Generated by tester",
    ):
        assert fact in cover


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"plan_code": "NOPE", "as_of": DATES[0]}, "no plan has code 'NOPE'"),
        ({"plan_code": PLAN, "as_of": date(2004, 1, 1)}, "before the plan's start"),
        (
            {"plan_code": PLAN, "as_of": DATES[1], "since": DATES[0]},
            "must be before the reporting date",
        ),
        ({"plan_code": PLAN, "as_of": DATES[0], "edition": "editor"}, "no 'editor' edition"),
    ],
)
def test_refusals_are_one_line(engine, kwargs, message):
    with pytest.raises(ProgressReportError) as refused:
        build_progress_report(engine, charts=False, **kwargs)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_missing_font_is_a_one_line_error(tmp_path: Path):
    with pytest.raises(ProgressReportError, match="apt-get install fonts-dejavu-core"):
        font_dir([tmp_path])
    assert font_dir().joinpath("DejaVuSans.ttf").is_file()


def test_full_report_with_charts(engine):
    if not Path("/usr/bin/chromium").exists():
        unavailable("REQUIRE_BROWSER", "/usr/bin/chromium not installed")
    started = time.monotonic()
    pdf = build_progress_report(engine, plan_code=PLAN, as_of=DATES[0], generated_by="tester")
    took = time.monotonic() - started
    reader = PdfReader(io.BytesIO(pdf))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 3  # progress lines, statuses, coverage
    assert all(image.image.width >= 1800 for image in images)  # about 260 dpi in print
    assert reader.metadata.title.startswith("Progress report")
    # The budget is 15 s; a shared CI machine gets some slack before this fails.
    assert took < 45, f"the report took {took:.1f} s"


def test_builds_on_both_dialects(seeded_engine):
    """The report's own reads (reports between two dates) run on SQLite and PostgreSQL."""
    as_of, since = date(2007, 6, 30), date(2006, 12, 31)
    pdf = build_progress_report(
        seeded_engine, plan_code=PLAN, as_of=as_of, since=since, charts=False
    )
    text = " ".join(_text(pdf))
    with seeded_engine.connect() as connection:
        approved = connection.scalar(
            select(func.count())
            .select_from(StatusUpdate)
            .where(
                StatusUpdate.state == "approved",
                StatusUpdate.report_date > since,
                StatusUpdate.report_date <= as_of,
            )
        )
        waiting = connection.scalar(
            select(func.count())
            .select_from(StatusUpdate)
            .where(
                StatusUpdate.state.in_(("submitted", "returned")),
                StatusUpdate.report_date > since,
                StatusUpdate.report_date <= as_of,
            )
        )
    assert approved and f"{approved} reports were approved" in text
    internal = text.split("Internal notes of the Secretariat", 1)[1].split("Annex", 1)[0]
    assert len(re.findall(r"Awaiting review|Returned", internal)) == waiting


@pytest.mark.parametrize(
    ("browser", "message"),
    [
        ("/nonexistent/chromium", "the report's charts need Chromium: run `apt-get install"),
        ("/bin/false", "the report's charts could not be drawn: "),
    ],
)
def test_a_missing_or_broken_browser_is_a_one_line_error(engine, monkeypatch, browser, message):
    monkeypatch.setenv("BROWSER_PATH", browser)
    with pytest.raises(ProgressReportError) as refused:
        build_progress_report(engine, plan_code=PLAN, as_of=DATES[0])
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)


def test_the_findings_and_their_follow_up_are_listed_by_kind(seeded_engine):
    """The section lists every finding by kind with its source, and for a recommendation the
    response, owner agency, due date and latest follow-up status as of the reporting date."""
    from models.db import transaction
    from models.entities import Finding, Organisation
    from models.services.findings import record_follow_up, record_response
    from tests.factories import make_user

    with transaction(seeded_engine) as session:
        actor = make_user(session, "report-coordinator", role="coordinator")
        finding = session.scalar(
            select(Finding).where(Finding.kind == "recommendation", Finding.position == 6)
        )
        owner = session.scalar(select(Organisation).where(Organisation.acronym == "DoJ"))
        common = {"session": session, "actor": actor, "finding_id": finding.id}
        record_response(
            **common,
            response="accepted",
            reason="The Working Group agrees",
            owner_id=owner.id,
            due_date=date(2007, 6, 30),
            response_date=date(2006, 1, 15),
        )
        record_follow_up(**common, note_date=date(2006, 2, 1), status="limited", note="Begun")
        record_follow_up(
            **common, note_date=date(2007, 12, 1), status="complete", note="Done later"
        )
    pdf = build_progress_report(seeded_engine, plan_code=PLAN, as_of=DATES[0], charts=False)
    # Table cells wrap, and the extracted text joins their lines without a space.
    section = re.sub(r"\s+", "", _section(_text(pdf), "Findings of the report and their follow-up"))

    def has(text: str, where: str = section) -> bool:
        return re.sub(r"\s+", "", text) in where

    assert all(has(h) for h in ("Best practices", "Deficiencies", "Recommendations"))
    assert all(has(t) for t in ("Advocacy on repatriation", "Lack of funds", "system of data"))
    assert has("VI. Deficiencies") and has("VII. Needs assessment - Recommendations")
    recommendations = section.split("Recommendations", 1)[1]
    row = recommendations.split("witnessprotectionsystem", 1)[1]
    assert has("Accepted", row) and has("Department of Justice", row)
    assert has("30 Jun 2007 (overdue)", row)
    # The note dated after the reporting date does not count yet.
    assert has("Limited (1 Feb 2006)", row) and not has("Complete", row)
    assert has("None recorded", recommendations)
