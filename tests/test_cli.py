import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models.cli import main
from models.db import make_engine
from models.entities import AuditEvent, Organisation, User
from models.exchange.document import export_database
from models.ops.migrate import head_revision
from models.services.accounts import verify_password
from tests.conftest import new_database_url
from tests.factories import (
    make_activity,
    make_framework,
    make_organisation,
    make_plan,
    make_transaction,
    populate_every_table,
    row_counts,
)

PASSWORD = "a long enough secret"
# The audit trail names the command line with the operating-system user running it.
OPERATOR = "cli:ops"


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def cli(db_url, monkeypatch, capsys):
    """Run `actionplan ...` in-process against the test database: (exit code, out, err)."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setattr("getpass.getuser", lambda: "ops")

    def run(*args: str, stdin: str | io.StringIO = "") -> tuple[int, str, str]:
        capsys.readouterr()
        monkeypatch.setattr(
            sys, "stdin", stdin if isinstance(stdin, io.StringIO) else io.StringIO(stdin)
        )
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def db(db_url):
    engine = make_engine(db_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def one_line_error(err: str, message: str) -> None:
    assert err.startswith("actionplan: error: "), err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert message in err, err


def test_user_add_reads_password_from_stdin(cli, db):
    code, out, err = cli("user", "add", "natcoord", "--role", "coordinator", stdin=PASSWORD + "\n")
    assert (code, out, err) == (0, "created user natcoord (coordinator)\n", "")
    user = db.scalars(select(User)).one()
    assert user.password_hash.startswith("$argon2id$")
    event = db.scalars(select(AuditEvent)).one()
    assert (event.actor, event.action, event.entity_id) == (OPERATOR, "create", str(user.id))


def test_without_a_login_name_the_operator_is_unknown(cli, db, monkeypatch):
    def no_login_name():
        raise KeyError("getpwuid(): uid not found: 4242")

    monkeypatch.setattr("getpass.getuser", no_login_name)
    assert cli("user", "add", "natcoord", "--role", "coordinator", stdin=PASSWORD)[0] == 0
    assert db.scalars(select(AuditEvent.actor)).one() == "cli:unknown"


def test_user_add_prompts_twice_on_a_terminal(cli, db, monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert cli("user", "add", "admin1", "--role", "admin", stdin=Tty())[0] == 0
    assert db.scalar(select(User.username)) == "admin1"


def test_user_add_refuses_passwords_that_differ(cli, db, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    code, _, err = cli("user", "add", "admin1", "--role", "admin", stdin=Tty())
    assert code == 1
    one_line_error(err, "the two passwords do not match")
    assert set(row_counts(db).values()) == {0}


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "boss"], PASSWORD, "unknown role 'boss': choose one of coordinator, editor"),
        (["--role", "editor"], PASSWORD, "an editor reports for one agency"),
        (["--role", "editor", "--organisation", "XYZ"], PASSWORD, "unknown organisation 'XYZ'"),
        (["--role", "admin"], "short", "password must be at least 10 characters"),
        (["--role", "admin"], "", "password must be at least 10 characters"),
        (["--role", "admin", "--name", "x"], PASSWORD, "unrecognized arguments: --name x"),
    ],
)
def test_user_add_refusals(cli, db, args, stdin, message):
    make_organisation(db, "MLSW")
    db.commit()
    before = row_counts(db)
    code, out, err = cli("user", "add", "someone", *args, stdin=stdin)
    assert code in (1, 2) and out == ""
    one_line_error(err, message)
    db.expire_all()
    assert row_counts(db) == before


def test_duplicate_user_is_refused(cli, db):
    cli("user", "add", "natcoord", "--role", "coordinator", stdin=PASSWORD)
    before = row_counts(db)
    code, _, err = cli("user", "add", "natcoord", "--role", "admin", stdin=PASSWORD)
    assert code == 1
    one_line_error(err, "username 'natcoord' is already taken")
    assert row_counts(db) == before


@pytest.fixture
def accounts(cli, db):
    """An admin and an editor of MLSW, made through the command line; OSCE exists too."""
    make_organisation(db, "MLSW")
    make_organisation(db, "OSCE")
    db.commit()
    cli("user", "add", "root", "--role", "admin", stdin=PASSWORD)
    cli("user", "add", "zed", "--role", "editor", "--organisation", "MLSW", stdin=PASSWORD)


def user_state(db, username):
    db.expire_all()
    user = db.scalars(select(User).where(User.username == username)).one()
    return user.role, user.organisation_id, user.active


def test_user_deactivate_and_reactivate(cli, db, accounts):
    assert cli("user", "deactivate", "zed") == (0, "deactivated user zed\n", "")
    assert cli("user", "list")[1] == "root\tadmin\t-\tactive\nzed\teditor\tMLSW\tinactive\n"
    assert cli("user", "reactivate", "zed") == (0, "reactivated user zed\n", "")
    assert user_state(db, "zed")[2] is True
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.actor == OPERATOR)).all()
    assert actions[-2:] == ["deactivate", "reactivate"]


def test_user_reset_password(cli, db, accounts):
    new = "another long secret"
    assert cli("user", "reset-password", "zed", "--password-stdin", stdin=new + "\n") == (
        0,
        "set a new password for zed\n",
        "",
    )
    db.expire_all()
    zed = db.scalars(select(User).where(User.username == "zed")).one()
    assert verify_password(password_hash=zed.password_hash, password=new)


def test_user_set_role(cli, db, accounts):
    osce = db.scalar(select(Organisation.id).where(Organisation.acronym == "OSCE"))
    code, out, _ = cli("user", "set-role", "zed", "donor", "--organisation", "OSCE")
    assert (code, out) == (0, "zed is now donor of OSCE\n")
    assert user_state(db, "zed") == ("donor", osce, True)


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["deactivate", "nobody"], "", "unknown user 'nobody'"),
        (["reactivate", "zed"], "", "user 'zed' is already active"),
        (["deactivate", "root"], "", "cannot deactivate 'root', the last active admin"),
        (["set-role", "nobody", "donor"], "", "unknown user 'nobody'"),
        (["set-role", "root", "boss"], "", "unknown role 'boss': choose one of coordinator"),
        (["set-role", "root", "editor"], "", "an editor reports for one agency"),
        (["set-role", "zed", "editor", "--organisation", "XYZ"], "", "unknown organisation"),
        (["reset-password", "zed"], "short", "password must be at least 10 characters"),
        (["reset-password", "nobody"], PASSWORD, "unknown user 'nobody'"),
        (["set-role", "zed"], "", "the following arguments are required: role"),
    ],
)
def test_user_administration_refusals(cli, db, accounts, args, stdin, message):
    before = row_counts(db), user_state(db, "root"), user_state(db, "zed")
    code, out, err = cli("user", *args, stdin=stdin)
    assert code in (1, 2) and out == ""
    one_line_error(err, message)
    assert (row_counts(db), user_state(db, "root"), user_state(db, "zed")) == before


def test_user_list(cli, db):
    make_organisation(db, "MLSW")
    db.commit()
    cli("user", "add", "zed", "--role", "editor", "--organisation", "MLSW", stdin=PASSWORD)
    cli("user", "add", "amy", "--role", "donor", stdin=PASSWORD)
    assert cli("user", "list") == (0, "amy\tdonor\t-\tactive\nzed\teditor\tMLSW\tactive\n", "")


def test_export_import_export_gives_the_same_file(cli, db, db_url, request, tmp_path):
    populate_every_table(db)
    db.commit()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert cli("export", "--out", str(first))[0] == 0
    target = new_database_url(
        "postgresql" if "postgresql" in db_url else "sqlite", request, tmp_path
    )
    code, out, _ = cli("--database-url", target, "import", str(first), "--no-audit")
    assert (code, out) == (0, "imported 27 rows into 24 tables\n")
    assert cli("--database-url", target, "export", "--out", str(second))[0] == 0
    assert second.read_bytes() == first.read_bytes()


def test_import_is_audited_by_default(cli, db, tmp_path):
    document = tmp_path / "doc.json"
    cli("export", "--out", str(document))
    assert cli("import", str(document))[0] == 0
    event = db.scalars(select(AuditEvent)).one()
    assert (event.actor, event.action, event.entity_type) == (OPERATOR, "import", "database")


def test_export_to_stdout_and_unknown_format(cli):
    code, out, _ = cli("export", "--out", "-")
    assert code == 0 and json.loads(out)["format"] == "action-plan-monitor"
    code, _, err = cli("export", "--out", "x.csv", "--format", "csv")
    assert code == 2
    one_line_error(err, "export format 'csv' is not supported yet; use: json, iati")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        (
            "{not json",
            "is not valid JSON: Expecting property name enclosed in double quotes at line 1",
        ),
        ("[1, 2]", "the document is not a JSON object"),
        (b"\xff\xfe", "is not UTF-8 text"),
        ('{"format": "x"}', "missing 'version': not an Action Plan Monitor export"),
    ],
)
def test_import_refuses_bad_files(cli, db, tmp_path, content, message):
    path = tmp_path / "in.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code, _, err = cli("import", str(path))
    assert code == 1
    one_line_error(err, message)
    assert set(row_counts(db).values()) == {0}


def test_import_refuses_a_database_with_data(cli, db, tmp_path):
    document = tmp_path / "doc.json"
    cli("export", "--out", str(document))
    make_plan(db)
    db.commit()
    before = row_counts(db)
    code, _, err = cli("import", str(document))
    assert code == 1
    one_line_error(err, "the database is not empty (table 'action_plan' has 1 row)")
    assert row_counts(db) == before


def test_check_exit_code_follows_errors(cli, db):
    assert cli("check") == (0, "0 errors, 0 warnings\n", "")
    plan = make_plan(db, code="KOS")
    activity = make_activity(db, make_framework(db, plan), code="1.1")
    donor = make_organisation(db, "OSCE")
    make_transaction(db, activity, donor, type="disbursement")
    db.commit()
    code, out, _ = cli("check")
    assert code == 1
    assert "error: KOS activity 1.1: OSCE disbursed 1000.00 EUR but committed only 0.00 EUR" in out
    assert out.endswith("1 errors, 3 warnings\n")


def test_commands_refuse_a_database_behind_the_schema(cli, db):
    db.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    db.commit()
    for args in (["user", "list"], ["export", "--out", "-"], ["seed"]):
        code, _, err = cli(*args)
        assert code == 1
        one_line_error(
            err, f"database is at revision 0000, not {head_revision()}: run `actionplan init` first"
        )
    code, out, _ = cli("check")
    assert code == 1 and "database schema is at 0000 revision" in out


def test_init_migrates_a_new_database(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["user", "list"]) == 1
    one_line_error(capsys.readouterr().err, "no database at")
    assert main(["init"]) == 0
    assert main(["user", "list"]) == 0
    assert capsys.readouterr().out.endswith("no users\n")


def test_usage_errors_are_one_line(cli):
    code, _, err = cli("user")
    assert code == 2
    one_line_error(err, "the following arguments are required: ACTION")


DEMO_ACCOUNTS_BLOCK = """\
demo accounts created, one per role:
  username     role         organisation  password
  coordinator  coordinator  -             demo-coordinator-2007
  editor.iom   editor       IOM           demo-editor-iom-2007
  editor.kps   editor       KPS           demo-editor-kps-2007
  donor        donor        OSCE          demo-donor-2007
  admin        admin        -             demo-admin-2007
These are demo accounts for trying the roles, with published passwords: never for real use.
"""


def test_seed_is_idempotent(cli, db):
    # What `make run` does on a new database: the demo accounts are made and shown once.
    code, out, _ = cli("seed", "--demo", "--if-empty")
    assert code == 0 and "activity: " in out and "user_account: 5\n" in out
    assert out.endswith("\n" + DEMO_ACCOUNTS_BLOCK)
    assert out[: -len(DEMO_ACCOUNTS_BLOCK)].rstrip().split("\n")[-1].startswith("created")
    assert db.scalars(select(User.username).where(User.demo).order_by(User.id)).all() == [
        "coordinator",
        "editor.iom",
        "editor.kps",
        "donor",
        "admin",
    ]
    first = export_database(db)["tables"]
    assert first["action_plan"] and first["status_update"]
    assert cli("seed", "--demo") == (0, "nothing to create: already loaded\n", "")
    assert cli("seed", "--if-empty") == (
        0,
        "the database already holds a plan: nothing loaded\n",
        "",
    )
    db.expire_all()
    assert export_database(db)["tables"] == first


def test_installed_command_runs_in_its_own_process(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    command = [sys.executable, "-m", "models.cli"]
    root = Path(__file__).resolve().parent.parent

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [*command, *args], input=stdin, capture_output=True, text=True, env=env, cwd=root
        )

    assert run("init").returncode == 0
    added = run("user", "add", "natcoord", "--role", "coordinator", stdin=PASSWORD + "\n")
    assert (added.returncode, added.stdout) == (0, "created user natcoord (coordinator)\n")
    refused = run("user", "add", "natcoord", "--role", "coordinator", stdin=PASSWORD + "\n")
    assert refused.returncode == 1
    assert refused.stderr == "actionplan: error: username 'natcoord' is already taken\n"
    installed = root / ".venv" / "bin" / "actionplan"
    assert subprocess.run(
        [installed, "user", "list"], capture_output=True, text=True, env=env
    ).stdout == ("natcoord\tcoordinator\t-\tactive\n")


def _plan_with_money(db, code: str) -> None:
    plan = make_plan(db, code=code)
    activity = make_activity(db, make_framework(db, plan), code="PREV-A1", title="Awareness")
    make_transaction(db, activity, make_organisation(db, f"OSCE {code}"))
    db.commit()


def _complete(db, code: str, identifier: str) -> None:
    """What a coordinator fills in before publishing: identifier, country, sectors."""
    from models.entities import ActionPlan, Activity, ActivitySector

    plan = db.scalar(select(ActionPlan).where(ActionPlan.code == code))
    plan.recipient_country = code[:2]
    db.scalar(
        select(Organisation).where(Organisation.acronym == "AOGG")
    ).iati_identifier = identifier
    for activity in db.scalars(select(Activity).where(Activity.plan_id == plan.id)):
        db.add(
            ActivitySector(activity_id=activity.id, vocabulary="1", code="15180", percentage=100)
        )
    db.commit()


def test_export_iati_refuses_an_incomplete_plan_listing_what_to_fill_in(cli, db, tmp_path):
    _plan_with_money(db, "XK-2005-2007")
    out = tmp_path / "plan.xml"
    code, stdout, err = cli("export", "--format", "iati", "--out", str(out))
    assert (code, stdout) == (1, "")
    listed, last = err.splitlines()[:-1], err.splitlines()[-1]
    assert listed[:3] == [
        "  - the reporting organisation (acronym AOGG, not in the database) has no IATI "
        "organisation identifier: set it in Edit the plan → IATI settings → "
        "Organisation identifiers",
        "  - plan XK-2005-2007 has no recipient country: set it in Edit the plan → IATI settings → "
        "Recipient country",
        "  - activity PREV-A1 has no sector: set it in Edit the plan → IATI settings → Sectors",
    ]
    assert all(line.startswith("  - IATI rule error ") for line in listed[3:])
    assert last.startswith("actionplan: error: the IATI export of XK-2005-2007 is refused")
    assert "(--allow-incomplete writes it anyway)" in last and not out.exists()
    code, stdout, err = cli("export", "--format", "iati", "--allow-incomplete", "--out", str(out))
    assert code == 0 and stdout.startswith("exported 1 activities")
    assert [line.removeprefix("warning: ") for line in err.splitlines()][:3] == [
        line.removeprefix("  - ") for line in listed[:3]
    ]
    assert b"<iati-identifier>XK-AP-XK-2005-2007-PREV-A1</iati-identifier>" in out.read_bytes()


def test_export_iati_writes_a_complete_plan_that_validates(cli, db, tmp_path):
    from models.exchange.iati import validate_iati
    from models.exchange.iati_rules import check_iati

    _plan_with_money(db, "XK-2005-2007")
    make_organisation(db, "AOGG", kind="government")
    _complete(db, "XK-2005-2007", "XK-COA-7")
    out = tmp_path / "plan.xml"
    code, stdout, err = cli("export", "--format", "iati", "--out", str(out))
    assert (code, err) == (0, "")
    assert stdout == f"exported 1 activities of XK-2005-2007 as IATI 2.03 to {out}\n"
    xml = out.read_bytes()
    assert validate_iati(xml) == [] and check_iati(xml) == []
    assert b"<iati-identifier>XK-COA-7-XK-2005-2007-PREV-A1</iati-identifier>" in xml
    assert b'<transaction-type code="11"/>' in xml and b">1000.00</value>" in xml


def test_the_demo_plan_exports_to_iati_once_a_coordinator_sets_the_identifier(cli, db, tmp_path):
    """The issue's acceptance on the command line: the seeded plan and demo set lack only the
    reporting office's identifier, which the seed does not invent. Refused, the list names
    exactly that and where to set it; --allow-incomplete writes the file with the same list as
    warnings; once a coordinator sets the identifier (as the IATI settings form does, through
    the service) the file has no error and no warning under the rulesets and the schema."""
    from models.exchange.iati import validate_iati
    from models.exchange.iati_rules import check_iati
    from models.seeding.plan import seed_demo, seed_plan
    from models.services.iati_settings import set_organisation_identifier

    seed_plan(db)
    seed_demo(db)
    db.commit()
    office = db.scalar(select(Organisation).where(Organisation.acronym == "AOGG"))
    assert office.iati_identifier is None
    gap = (
        f"the reporting organisation {office.name} (AOGG) has no IATI organisation identifier: "
        "set it in Edit the plan → IATI settings → Organisation identifiers"
    )
    out = tmp_path / "demo.xml"
    code, stdout, err = cli("export", "--format", "iati", "--out", str(out))
    assert (code, stdout) == (1, "") and not out.exists()
    assert err.splitlines()[:-1] == [f"  - {gap}"]
    assert err.splitlines()[-1] == (
        "actionplan: error: the IATI export of XK-2005-2007 is refused, nothing written: "
        "1 problem listed above (--allow-incomplete writes it anyway)"
    )
    code, stdout, err = cli("export", "--format", "iati", "--allow-incomplete", "--out", str(out))
    assert code == 0 and stdout.startswith("exported 26 activities of XK-2005-2007")
    warnings = err.splitlines()
    # The same list first, then what the placeholder reference costs under the rules.
    assert warnings[0] == f"warning: {gap}"
    assert all(w.startswith("warning: IATI rule warning ") for w in warnings[1:]) and out.exists()

    coordinator = User(username="coord", password_hash="x", role="coordinator")
    db.add(coordinator)
    db.flush()
    set_organisation_identifier(
        session=db, actor=coordinator, organisation_id=office.id, identifier="XK-COA-1"
    )
    db.commit()
    code, stdout, err = cli("export", "--format", "iati", "--out", str(out))
    assert (code, err) == (0, "")
    assert stdout == f"exported 26 activities of XK-2005-2007 as IATI 2.03 to {out}\n"
    xml = out.read_bytes()
    assert validate_iati(xml) == [] and check_iati(xml) == []
    assert b"<iati-identifier>XK-COA-1-XK-2005-2007-PREV-A1</iati-identifier>" in xml


def test_export_iati_chooses_the_plan_and_refuses_an_unknown_one(cli, db, tmp_path):
    _plan_with_money(db, "XK-2005-2007")
    _plan_with_money(db, "AL-2005-2007")
    out = tmp_path / "plan.xml"
    code, _, err = cli("export", "--format", "iati", "--out", str(out))
    assert code == 1
    one_line_error(err, "choose a plan with --plan (plans: AL-2005-2007, XK-2005-2007)")
    code, _, err = cli("export", "--format", "iati", "--plan", "XX-1", "--out", str(out))
    assert code == 1
    one_line_error(err, "no plan has code 'XX-1' (plans: AL-2005-2007, XK-2005-2007)")
    assert not out.exists()
    args = ("export", "--format", "iati", "--plan", "AL-2005-2007", "--allow-incomplete")
    code, _, _ = cli(*args, "--out", str(out))
    assert code == 0 and b"AL-AP-AL-2005-2007-PREV-A1" in out.read_bytes()


def test_export_iati_refuses_a_document_that_does_not_validate(cli, db, tmp_path, monkeypatch):
    import models.exchange.iati_check

    _plan_with_money(db, "XK-2005-2007")
    # A document the schema rejects (no iati-identifier) must never reach the file, even
    # with --allow-incomplete.
    monkeypatch.setattr(
        models.exchange.iati_check,
        "build_iati",
        lambda *a, **k: (b'<iati-activities version="2.03"><iati-activity/></iati-activities>', []),
    )
    out = tmp_path / "plan.xml"
    code, _, err = cli("export", "--format", "iati", "--allow-incomplete", "--out", str(out))
    assert code == 1
    assert err.startswith("  - IATI schema: line 1: ")
    assert err.splitlines()[-1].startswith(
        "actionplan: error: the IATI export of XK-2005-2007 is refused, nothing written"
    )
    assert not out.exists()


def test_plan_is_only_for_the_iati_export(cli, db):
    code, _, err = cli("export", "--out", "-", "--plan", "XK-2005-2007")
    assert code == 2
    one_line_error(err, "--plan is for --format iati")
    code, _, err = cli("export", "--out", "-", "--allow-incomplete")
    assert code == 2
    one_line_error(err, "--allow-incomplete is for --format iati")


def test_export_leaves_hashes_out_and_is_readable_by_its_owner_only(cli, db, tmp_path):
    cli("user", "add", "natcoord", "--role", "coordinator", stdin=PASSWORD)
    out = tmp_path / "backup.json"
    out.write_text("an older, world-readable export")
    out.chmod(0o644)
    code, stdout, _ = cli("export", "--out", str(out))
    assert code == 0 and "password hashes left out (--include-secrets keeps them)" in stdout
    assert (out.stat().st_mode & 0o777) == 0o600
    (account,) = json.loads(out.read_text())["tables"]["user_account"]
    assert account["username"] == "natcoord" and account["password_hash"] is None
    code, stdout, _ = cli("export", "--out", str(out), "--include-secrets")
    assert code == 0 and "with password hashes: keep the file secret" in stdout
    (account,) = json.loads(out.read_text())["tables"]["user_account"]
    assert account["password_hash"].startswith("$argon2id$")
    assert (out.stat().st_mode & 0o777) == 0o600
    code, _, err = cli("export", "--format", "iati", "--out", "-", "--include-secrets")
    assert code == 2
    one_line_error(err, "--include-secrets is for --format json")


def test_check_reports_a_password_hash_that_is_not_argon2(cli, db):
    cli("user", "add", "natcoord", "--role", "coordinator", stdin=PASSWORD)
    db.execute(text("UPDATE user_account SET password_hash = 'plain-text-password'"))
    db.commit()
    code, out, _ = cli("check")
    assert code == 1
    assert (
        "error: account natcoord has a password hash that is not a valid argon2"
        " hash: reset its password" in out
    )
