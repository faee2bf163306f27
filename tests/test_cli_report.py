"""`actionplan report`: the progress report PDF from the command line; refusals in one line,
and no file written when it refuses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.cli import main
from tests.conftest import new_seeded_url

PLAN = "XK-2005-2007"


@pytest.fixture
def report(request, tmp_path, monkeypatch, capsys):
    """Run `actionplan report ...` on a seeded SQLite copy: (exit code, out, err)."""
    monkeypatch.setenv("DATABASE_URL", new_seeded_url("sqlite", request, tmp_path))

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["report", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_writes_the_coordinators_and_the_donors_edition(report, tmp_path):
    out = tmp_path / "report.pdf"
    code, stdout, err = report(
        "--plan", PLAN, "--as-of", "2007-06-30", "--out", str(out), "--no-charts"
    )
    assert (code, err) == (0, "")
    assert stdout.strip() == (
        f"wrote the progress report of {PLAN} as of 2007-06-30 (coordinator's edition) to {out}"
    )
    pages = _pages(out)
    assert "Reporting date (as of)" in pages[0] and "30 Jun 2007" in pages[0]
    assert "Changes since 30 Mar 2007" in " ".join(pages)
    assert any("Internal notes of the Secretariat" in page for page in pages)

    donor = tmp_path / "donor.pdf"
    args = ["--as-of", "2007-06-30", "--since", "2007-01-01", "--for", "donor", "--no-charts"]
    code, _, err = report("--plan", PLAN, *args, "--out", str(donor))
    assert (code, err) == (0, "")
    text = " ".join(_pages(donor))
    assert "Changes since 1 Jan 2007" in text
    assert "Internal notes" not in text and "<5" in text
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--plan", PLAN, "--as-of", "2007-02-30"], 2, "argument --as-of: not a date"),
        (["--plan", PLAN, "--as-of", "30/06/2007"], 2, "argument --as-of: not a date"),
        (["--plan", PLAN, "--as-of", "2007-06-30", "--since", "June"], 2, "--since: not a date"),
        (["--plan", "XK-1999", "--as-of", "2007-06-30"], 1, "no plan has code 'XK-1999'"),
        (
            ["--plan", PLAN, "--as-of", "2007-06-30", "--since", "2007-07-01"],
            1,
            "must be before the reporting date 2007-06-30",
        ),
        (["--plan", PLAN, "--as-of", "2007-06-30", "--for", "editor"], 2, "invalid choice"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(report, tmp_path, args, code, message):
    out = tmp_path / "report.pdf"
    result, stdout, err = report(*args, "--out", str(out), "--no-charts")
    assert result == code
    assert stdout == ""
    assert err.startswith("actionplan: error: ") and message in err
    assert err.count("\n") == 1
    assert not out.exists()
    assert not list(tmp_path.glob(".*.partial"))


def test_refuses_a_folder_that_does_not_exist(report, tmp_path):
    out = tmp_path / "missing" / "report.pdf"
    code, _, err = report("--plan", PLAN, "--as-of", "2007-06-30", "--out", str(out))
    assert code == 1
    assert err.strip() == f"actionplan: error: no folder {out.parent} to write report.pdf into"
    assert not out.parent.exists()


def test_writes_the_report_in_the_language_asked_for(report, tmp_path):
    """`--lang sq`: the document in Albanian, the command's own message in English, and the
    language of the process as it was."""
    from models.i18n import current_language

    out = tmp_path / "raporti.pdf"
    args = ["--plan", PLAN, "--as-of", "2007-06-30", "--lang", "sq", "--no-charts"]
    code, stdout, err = report(*args, "--out", str(out))
    assert (code, err) == (0, "") and stdout.startswith("wrote the progress report of")
    text = " ".join(_pages(out))
    assert "Raport i progresit për Grupin Punues" in text and "Përmbledhje" in text
    assert "Ndryshimet që nga 30 mar 2007" in text
    assert "Summary" not in text and "Changes since" not in text
    assert current_language() == "en"

    code, _, err = report(*args[:-3], "--lang", "xx", "--out", str(out))
    assert code != 0 and "--lang" in err
