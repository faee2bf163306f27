"""The plan editor's translation form: a coordinator saves an Albanian title, with the source
beside it; the Overview in Albanian shows it, and the untranslated frameworks marked."""

from __future__ import annotations

from sqlalchemy import select

from models.db import make_engine
from models.entities import AuditEvent, Framework, PlanTranslation
from models.i18n import use_language

PAGE = "pages/plan_editor.py"


def _rows(url: str, statement):
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = [tuple(r) for r in connection.execute(statement).all()]
    engine.dispose()
    return rows


def _widget(widgets, label: str):
    (widget,) = [w for w in widgets if w.label == label]
    return widget


def test_coordinator_saves_an_albanian_title_that_the_overview_shows(app, seeded_url):
    ((prevention,),) = _rows(seeded_url, select(Framework.id).where(Framework.kind == "prevention"))
    at = app(seeded_url, PAGE)
    _widget(at.selectbox, "Element").set_value(f"framework:{prevention}")
    _widget(at.selectbox, "Translate into").set_value("sq").run()
    source = _widget(at.text_input, "Title (source)")
    assert (source.value, source.disabled) == ("Prevention", True)
    _widget(at.text_input, "Title in Shqip").set_value("  Parandalimi ")
    next(b for b in at.button if b.label == "Save translation").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Translation saved\\."]
    assert _rows(
        seeded_url,
        select(PlanTranslation.entity_kind, PlanTranslation.language, PlanTranslation.text),
    ) == [("framework", "sq", "Parandalimi")]
    assert _rows(
        seeded_url,
        select(AuditEvent.action).where(AuditEvent.entity_type == "plan_translation"),
    ) == [("create",)]
    # The form shows what was saved; the plan's own name is unchanged.
    assert _widget(at.text_input, "Title in Shqip").value == "Parandalimi"
    assert _rows(seeded_url, select(Framework.name).where(Framework.id == prevention)) == [
        ("Prevention",)
    ]

    overview = app(seeded_url, "pages/overview.py", params={"lang": "sq"})
    use_language("en")
    headings = [s.value for s in overview.subheader]
    assert "Parandalimi" in headings
    assert "Protection · EN" in headings and "Prevention" not in headings
    english = app(seeded_url, "pages/overview.py", params={"lang": "en"})
    use_language("en")
    assert {"Prevention", "Protection"} <= {s.value for s in english.subheader}


def test_an_empty_translation_removes_it(app, seeded_url):
    at = app(seeded_url, PAGE)
    _widget(at.selectbox, "Translate into").set_value("sr_Latn").run()
    title = _widget(at.text_input, "Title in Srpski (latinica)")
    title.set_value("x" * 10)
    next(b for b in at.button if b.label == "Save translation").click().run()
    assert len(_rows(seeded_url, select(PlanTranslation.id))) == 1
    _widget(at.text_input, "Title in Srpski (latinica)").set_value("")
    next(b for b in at.button if b.label == "Save translation").click().run()
    assert not at.exception
    assert _rows(seeded_url, select(PlanTranslation.id)) == []
    actions = select(AuditEvent.action).where(AuditEvent.entity_type == "plan_translation")
    assert _rows(seeded_url, actions.order_by(AuditEvent.id)) == [("create",), ("delete",)]
