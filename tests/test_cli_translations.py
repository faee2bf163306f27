"""`actionplan translations`: per language, what is translated and what is left to do."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from models import i18n
from models.cli import main


def test_each_catalog_is_counted(capsys):
    assert main(["translations"]) == 0
    lines = capsys.readouterr().out.splitlines()
    counted = [line for line in lines if not line.startswith("  ")]
    assert [line.split(" (")[0] for line in counted] == ["sq", "sr_Latn"]
    assert counted[0].startswith("sq (Shqip): ")
    assert "untranslated" in counted[0] and "fuzzy" in counted[0]


def test_untranslated_and_fuzzy_entries_are_listed(tmp_path, monkeypatch, capsys):
    catalog = Catalog(locale="sq")
    catalog.add("Overview", "Pasqyra")
    catalog.add("Sign in", "")
    catalog.add("Sign out", "Dil", flags=["fuzzy"])
    folder = tmp_path / "sq" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert main(["translations", "--language", "sq"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "sq (Shqip): 1 translated, 1 untranslated, 1 fuzzy",
        "  untranslated: Sign in",
        "  fuzzy: Sign out",
    ]
