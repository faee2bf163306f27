"""The Findings page: the report's twelve findings in its wording, and their follow-up."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

PAGE = "pages/findings.py"
SEED = Path(__file__).parents[2] / "seed_data" / "kosovo" / "findings.yaml"


def _seeded() -> list[dict]:
    return yaml.safe_load(SEED.read_text(encoding="utf-8"))["findings"]


def _plain(text: str) -> str:
    """Markdown as read: the escapes md() adds to stored text removed."""
    return re.sub(r"\\(.)", r"\1", text)


def _markdown(at) -> str:
    return _plain("\n".join(m.value for m in at.markdown))


def _captions(at) -> str:
    return _plain("\n".join(c.value for c in at.caption))


def test_the_twelve_findings_show_in_the_reports_wording_with_sources(seeded_url, app):
    at = app(seeded_url, PAGE, user="donor")
    seeded = _seeded()
    assert len(seeded) == 12
    shown = _markdown(at)
    for finding in seeded:
        assert finding["text"] in shown, finding["title"]
        assert f"Source: {finding['source']}" in _captions(at)
    assert [h.value for h in at.header] == ["Best practices", "Deficiencies", "Recommendations"]
    assert not at.get("expander")  # no forms for a donor


def test_an_editor_reads_but_has_no_forms(seeded_url, app):
    at = app(seeded_url, PAGE, user={"role": "editor", "organisation_id": 1})
    assert len([c for c in at.caption if c.value.startswith("Source: ")]) == 12
    assert not at.get("form")


def test_the_public_summary_shows_the_findings(seeded_url, app):
    at = app(seeded_url, PAGE, user=None)
    assert _seeded()[0]["text"] in _markdown(at)


def test_a_coordinator_records_a_response_then_a_follow_up(seeded_url, app):
    at = app(seeded_url, PAGE, user="coordinator")
    form = at.get("form")
    assert form, "the coordinator sees the follow-up forms"
    at.text_area[0].input("The Working Group agrees")
    owner = at.selectbox[1]
    owner.set_value(owner.options[1])  # the first agency after "—"
    at.date_input[0].set_value(date(2007, 12, 31))
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "Response (" in _markdown(at), [e.value for e in at.error]
    assert "Accepted" in _markdown(at)


def test_a_refused_response_lists_every_problem_and_saves_nothing(seeded_url, app):
    at = app(seeded_url, PAGE, user="coordinator")
    at.button[0].click().run()
    errors = _plain(" ".join(e.value for e in at.error))
    assert "Reason: must not be empty" in errors
    assert "Owner agency: name the agency that owns the follow-up" in errors
    assert "Response (" not in _markdown(at)


def _coordinator_does(url, service, **arguments):
    from models.db import make_engine
    from models.services.unit_of_work import perform
    from tests.pages.conftest import account

    engine = make_engine(url)
    try:
        return perform(engine, service, user_id=account(url, "coordinator").id, **arguments)
    finally:
        engine.dispose()


def _first(url, sql):
    from sqlalchemy import text

    from models.db import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        value = connection.execute(text(sql)).scalar()
    engine.dispose()
    return value


def test_the_overview_summary_moves_with_a_response_and_a_follow_up(seeded_url, app):
    from models.services.findings import record_follow_up, record_response

    def metrics():
        at = app(seeded_url, "pages/overview.py", user="coordinator")
        [line] = [c.value for c in at.caption if c.value.startswith("Accepted: ")]
        return dict(part.split(": ") for part in line.split(" · "))

    before = metrics()
    assert (before["Accepted"], before["Acted on"]) == ("0 of 6", "0 of 6")
    finding = _first(seeded_url, "SELECT id FROM finding WHERE kind = 'recommendation'")
    owner = _first(seeded_url, "SELECT id FROM organisation ORDER BY id")
    _coordinator_does(
        seeded_url,
        record_response,
        finding_id=finding,
        response="accepted",
        reason="Agreed",
        owner_id=owner,
        due_date=date(2006, 1, 31),
        response_date=date(2005, 9, 1),
    )
    _coordinator_does(
        seeded_url,
        record_follow_up,
        finding_id=finding,
        note_date=date(2005, 10, 1),
        status="limited",
        note="Begun",
    )
    after = metrics()
    assert (after["Accepted"], after["Acted on"], after["Overdue follow-ups"]) == (
        "1 of 6",
        "1 of 6",
        "1",
    )


def test_the_explorer_shows_a_finding_about_the_framework_in_view(seeded_url, app):
    from models.services.findings import link_finding

    finding = _first(seeded_url, "SELECT id FROM finding WHERE kind = 'deficiency'")
    framework = _first(
        seeded_url,
        "SELECT f.id FROM framework f JOIN finding d ON d.plan_id = f.plan_id "
        f"WHERE d.id = {finding} ORDER BY f.position",
    )
    _coordinator_does(
        seeded_url, link_finding, finding_id=finding, target_kind="framework", target_id=framework
    )
    at = app(seeded_url, "pages/explorer.py", user={"role": "editor", "organisation_id": 1})
    assert "The report's findings about this" in [s.value for s in at.subheader]
    title = _first(seeded_url, f"SELECT title FROM finding WHERE id = {finding}")
    assert title in _markdown(at)


def _unlink_buttons(at) -> list:
    return [b for b in at.button if str(b.key).startswith("unlink-")]


def test_editors_and_donors_see_the_links_but_no_unlink_control(seeded_url, app):
    for user in ({"role": "editor", "organisation_id": 1}, "donor"):
        at = app(seeded_url, PAGE, user=user)
        assert "PROS-A3 (inferred)" in _captions(at)
        assert not _unlink_buttons(at)


def test_a_coordinator_can_link_a_finding_to_an_objective(seeded_url, app):
    at = app(seeded_url, PAGE, user="coordinator")
    concerns = at.selectbox(key="l_t")
    labels = concerns.options
    assert any(label.startswith("Framework ") for label in labels)
    assert any(label.startswith("Objective PREV-O1 · ") for label in labels)
    assert any(label.startswith("Activity PROS-A7 · ") for label in labels)
    best = at.selectbox(key="l_f")
    assert any(label.startswith("Best practice 2") for label in best.options)
    objective = _first(seeded_url, "SELECT id FROM objective WHERE code = 'PREV-O1'")
    concerns.set_value(("objective", objective))
    at.button(key="FormSubmitter:finding_link-Link").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    kind = _first(
        seeded_url,
        f"SELECT target_kind FROM finding_link WHERE target_id = {objective} AND NOT inferred",
    )
    assert kind == "objective"
    assert "objective PREV-O1" in _captions(at)


def test_a_coordinator_unlinks_a_seeded_link_and_it_is_audited(seeded_url, app):
    before = _first(seeded_url, "SELECT count(*) FROM finding_link")
    at = app(seeded_url, PAGE, user="coordinator")
    buttons = _unlink_buttons(at)
    assert len(buttons) == before
    link_id = int(buttons[0].key.removeprefix("unlink-"))
    buttons[0].click().run()
    assert not at.exception, at.exception
    assert _first(seeded_url, "SELECT count(*) FROM finding_link") == before - 1
    assert _first(seeded_url, f"SELECT count(*) FROM finding_link WHERE id = {link_id}") == 0
    action = _first(
        seeded_url,
        "SELECT action FROM audit_event WHERE entity_type = 'finding_link' "
        f"AND entity_id = '{link_id}'",
    )
    assert action == "unlink"
    assert "Link removed." in [_plain(s.value) for s in at.success]


@pytest.mark.parametrize(
    ("lang", "title", "headers", "button"),
    [
        (
            "sq",
            "Gjetjet: vlerësimi i vetë raportit",
            ["Praktikat e mira", "Mangësitë", "Rekomandimet"],
            "Regjistro përgjigjen",
        ),
        (
            "sr_Latn",
            "Nalazi: sopstvena procena izveštaja",
            ["Dobre prakse", "Nedostaci", "Preporuke"],
            "Evidentiraj odgovor",
        ),
    ],
)
def test_the_findings_read_in_the_chosen_language(seeded_url, app, lang, title, headers, button):
    at = app(seeded_url, PAGE, user="coordinator", params={"lang": lang})
    assert at.title[0].value == title
    assert [h.value for h in at.header] == headers
    assert button in [b.label for b in at.button]
    source = {"sq": "Burimi: ", "sr_Latn": "Izvor: "}[lang]
    assert len([c for c in at.caption if c.value.startswith(source)]) == 12
