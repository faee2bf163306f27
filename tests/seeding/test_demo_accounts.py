import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import AuditEvent, Organisation, User
from models.seeding.demo_accounts import DEMO_ACCOUNTS, demo_accounts_notice, seed_demo_accounts
from models.services.accounts import PASSWORD_MIN, create_user
from models.services.auth import sign_in
from models.services.authz import Operator
from tests.factories import make_organisation, row_counts

PASSWORD = "a long enough secret"


@pytest.fixture
def agencies(session):
    for acronym in ("IOM", "KPS", "OSCE"):
        make_organisation(session, acronym)


def test_one_account_per_role_marked_demo(session, agencies):
    created = seed_demo_accounts(session)
    assert created == list(DEMO_ACCOUNTS)
    query = (
        select(User.username, User.role, Organisation.acronym, User.demo)
        .outerjoin(Organisation, User.organisation_id == Organisation.id)
        .order_by(User.id)
    )
    assert [tuple(row) for row in session.execute(query)] == [
        ("coordinator", "coordinator", None, True),
        ("editor.iom", "editor", "IOM", True),
        ("editor.kps", "editor", "KPS", True),
        ("donor", "donor", "OSCE", True),
        ("admin", "admin", None, True),
    ]
    assert {e.actor for e in session.scalars(select(AuditEvent))} == {"seed:demo"}


def test_passwords_are_recognisably_demo_values():
    for account in DEMO_ACCOUNTS:
        assert len(account.password) >= PASSWORD_MIN
        assert account.password.startswith("demo-") and account.password.endswith("-2007")


def test_seeding_again_creates_nothing_and_keeps_existing_accounts(session, agencies):
    # A real account already named "admin" is left exactly as it is.
    real = create_user(
        session=session, username="admin", password=PASSWORD, role="admin", actor=Operator("cli")
    )
    real_hash = real.password_hash
    created = seed_demo_accounts(session)
    assert [a.username for a in created] == ["coordinator", "editor.iom", "editor.kps", "donor"]
    before = row_counts(session)
    assert seed_demo_accounts(session) == []
    assert row_counts(session) == before
    assert (real.password_hash, real.demo) == (real_hash, False)


def test_demo_accounts_sign_in_with_their_published_passwords(engine):
    with Session(engine) as session:
        for acronym in ("IOM", "KPS", "OSCE"):
            make_organisation(session, acronym)
        seed_demo_accounts(session)
        session.commit()
    editor = next(a for a in DEMO_ACCOUNTS if a.username == "editor.kps")
    signed_in = sign_in(engine=engine, username=editor.username, password=editor.password)
    assert (signed_in.role, signed_in.organisation) == ("editor", "KPS")


def test_notice_is_empty_when_nothing_was_created():
    assert demo_accounts_notice([]) == []
    lines = demo_accounts_notice([DEMO_ACCOUNTS[3]])
    assert lines[1:3] == [
        "  username  role   organisation  password",
        "  donor     donor  OSCE          demo-donor-2007",
    ]
    assert "never for real use" in lines[-1]
