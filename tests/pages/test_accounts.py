"""The Accounts page: an administrator lists, creates and changes accounts through the
services; refusals show the service's message and write nothing. Checked with plain SQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from models.db import make_engine
from models.rules.text import escape_markdown
from models.services.accounts import USERNAME_RULE, verify_password
from tests.pages.conftest import account

PAGE = "pages/accounts.py"
SECRET = "a long enough secret"


def sql(url: str, statement: str, **params) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(statement), params).all()
    engine.dispose()
    return rows


def counts(url: str) -> tuple[int, int]:
    users, events = "SELECT count(*) FROM user_account", "SELECT count(*) FROM audit_event"
    return sql(url, f"SELECT ({users}), ({events})")[0]


def field(at, label: str):
    (widget,) = [w for w in at.text_input if w.label == label]
    return widget


def click(at, label: str):
    (button,) = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, at.exception


def listed(at) -> list[str]:
    return list(at.dataframe[0].value["username"])


def create(at, username: str, role: str, org: int | None, password=SECRET, again=SECRET):
    field(at, "Username").input(username)
    at.selectbox(key="new_role").set_value(role)
    at.selectbox(key="new_org").set_value(org)
    field(at, "Password").input(password)
    field(at, "Password, again").input(again)
    click(at, "Create account")


def everything_shown(at) -> str:
    return " ".join(
        str(e.value)
        for kind in ("markdown", "success", "error", "caption")
        for e in getattr(at, kind)
    )


@pytest.fixture
def iom(seeded_url) -> int:
    return sql(seeded_url, "SELECT id FROM organisation WHERE acronym = 'IOM'")[0][0]


def test_admin_creates_an_account(app, seeded_url, iom):
    at = app(seeded_url, PAGE, user="admin")
    assert at.title[0].value == "Accounts"
    names = sql(seeded_url, "SELECT username FROM user_account ORDER BY username")
    assert listed(at) == [name for (name,) in names]
    create(at, "drita.iom", "editor", iom)
    assert at.success[0].value == escape_markdown("Account drita.iom created.")
    assert "drita.iom" in listed(at)
    row = at.dataframe[0].value.set_index("username").loc["drita.iom"]
    assert (row["role"], row["organisation"], bool(row["active"])) == ("editor", "IOM", True)
    (user_id, hashed, org) = sql(
        seeded_url,
        "SELECT id, password_hash, organisation_id FROM user_account WHERE username = 'drita.iom'",
    )[0]
    assert org == iom and verify_password(password_hash=hashed, password=SECRET)
    events = sql(
        seeded_url,
        "SELECT actor, action FROM audit_event WHERE entity_type ="
        " 'user_account' AND entity_id = :id",
        id=str(user_id),
    )
    assert events == [("test.admin.none", "create")]
    assert SECRET not in everything_shown(at)
    # …and it is in the audit trail the admin can open.
    at.switch_page("pages/audit.py").run()
    frame = at.dataframe[0].value
    assert ("test.admin.none", "create", str(user_id)) in set(
        frame[["actor", "action", "entity_id"]].itertuples(index=False, name=None)
    )


@pytest.mark.parametrize(
    ("username", "again", "shown"),
    [
        ("test.admin.none", SECRET, escape_markdown("username 'test.admin.none' is already taken")),
        (
            "Bad Name",
            SECRET,
            escape_markdown(f"username 'Bad Name' is not valid: use {USERNAME_RULE}"),
        ),
        ("erion", "another secret", "The two passwords differ: nothing was saved."),
    ],
)
def test_refusals_show_the_message_and_write_nothing(app, seeded_url, username, again, shown):
    at = app(seeded_url, PAGE, user="admin")
    before = counts(seeded_url)
    create(at, username, "coordinator", None, again=again)
    assert [e.value for e in at.error] == [shown]
    assert counts(seeded_url) == before
    assert not at.success and SECRET not in everything_shown(at)


def test_admin_deactivates_and_reactivates_a_user(app, seeded_url):
    editor = account(seeded_url, "editor")
    at = app(seeded_url, PAGE, user="admin")
    at.selectbox(key="account_pick").set_value(editor.username).run()
    click(at, "Deactivate…")
    # Nothing happens before the confirmation, which says what it does to open sessions.
    active = "SELECT active FROM user_account WHERE id = :id"
    assert sql(seeded_url, active, id=editor.id)[0][0]
    assert "signs the person out everywhere at once" in everything_shown(at)
    click(at, "Cancel")
    assert sql(seeded_url, active, id=editor.id)[0][0]
    assert "signs the person out" not in everything_shown(at)
    click(at, "Deactivate…")
    click(at, "Deactivate")
    assert at.success[0].value == escape_markdown(f"Account {editor.username} deactivated.")
    assert not sql(seeded_url, active, id=editor.id)[0][0]
    row = at.dataframe[0].value.set_index("username").loc[editor.username]
    assert not row["active"]
    click(at, "Reactivate")
    assert sql(seeded_url, active, id=editor.id)[0][0]
    actions = sql(
        seeded_url,
        "SELECT action FROM audit_event WHERE entity_id = :id AND actor ="
        " 'test.admin.none' ORDER BY id",
        id=str(editor.id),
    )
    assert [a for (a,) in actions] == ["deactivate", "reactivate"]


def test_an_admin_cannot_deactivate_themselves(app, seeded_url):
    at = app(seeded_url, PAGE, user="admin")
    before = counts(seeded_url)
    click(at, "Deactivate…")  # the only account: the admin's own
    click(at, "Deactivate")
    assert at.error[0].value == escape_markdown(
        "you cannot deactivate your own account: ask another admin"
    )
    assert counts(seeded_url) == before


def test_reset_password_and_change_role(app, seeded_url):
    editor = account(seeded_url, "editor")
    at = app(seeded_url, PAGE, user="admin")
    at.selectbox(key="account_pick").set_value(editor.username).run()
    field(at, "New password").input("a brand new secret")
    field(at, "New password, again").input("a brand new secret")
    click(at, "Reset password")
    (hashed,) = sql(
        seeded_url, "SELECT password_hash FROM user_account WHERE id = :id", id=editor.id
    )[0]
    assert verify_password(password_hash=hashed, password="a brand new secret")
    # An editor made coordinator with no organisation: both changes, in one transaction.
    (role,) = [s for s in at.selectbox if s.label == "Role" and s.key != "new_role"]
    role.set_value("coordinator")
    (org,) = [s for s in at.selectbox if s.label == "Organisation"]
    org.select_index(0)  # "No organisation"
    click(at, "Change role and organisation")
    now = f"Account {editor.username} is now coordinator."
    assert at.success[0].value == escape_markdown(now)
    stored = sql(
        seeded_url, "SELECT role, organisation_id FROM user_account WHERE id = :id", id=editor.id
    )
    assert stored == [("coordinator", None)]


def test_a_coordinator_cannot_open_accounts(app, seeded_url):
    at = app(seeded_url)
    # Not in the menu; reached by its address, the page sends them home.
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value != "Accounts"
    # Nor does an admin's session keep the page once the account is a coordinator's.
    at = app(seeded_url, PAGE, user="admin")
    at.session_state["user"] = account(seeded_url, "coordinator")
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value != "Accounts"
    assert not [b for b in at.button if b.label == "Create account"]


def headings(table) -> list[str]:
    """A table's column headings as the browser gets them (st.column_config labels)."""
    config = json.loads(table.proto.columns)
    return [column.get("label", key) for key, column in config.items()]


@pytest.mark.parametrize(
    ("lang", "title", "button", "heading", "role"),
    [
        ("sq", "Llogaritë", "Krijo llogarinë", "Emri i përdoruesit", "administrator"),
        ("sr_Latn", "Nalozi", "Kreiraj nalog", "Korisničko ime", "administrator"),
    ],
)
def test_accounts_read_in_the_chosen_language(app, seeded_url, lang, title, button, heading, role):
    editor = account(seeded_url, "editor")
    at = app(seeded_url, PAGE, user="admin", params={"lang": lang})
    assert at.title[0].value == title
    assert button in [b.label for b in at.button]
    assert heading in headings(at.dataframe[0])
    shown = at.dataframe[0].value.set_index("username")["role"]
    assert shown["test.admin.none"] == role
    assert shown[editor.username] == {"sq": "redaktor", "sr_Latn": "urednik"}[lang]
