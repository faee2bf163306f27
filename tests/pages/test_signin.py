"""Sign-in gate and role-filtered navigation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from models.rules.access import ROLE_PAGES
from pages.ui.navigation import PAGES
from tests.pages.conftest import APP, account


def _anonymous(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("PUBLIC_SUMMARY", raising=False)
    return AppTest.from_file(APP, default_timeout=60).run()


def _sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at


def test_anonymous_visitor_sees_only_the_sign_in_form(monkeypatch, seeded_url):
    at = _anonymous(monkeypatch, seeded_url)
    assert at.title[0].value == "Action Plan Monitor"
    assert [s.value for s in at.subheader] == ["Sign in"]
    assert not at.metric and not at.dataframe


def test_wrong_password_is_refused_with_a_generic_message(monkeypatch, seeded_url):
    account(seeded_url, "coordinator")
    at = _sign_in(_anonymous(monkeypatch, seeded_url), "test.coordinator.none", "wrong-one!")
    assert [e.value for e in at.error] == ["Wrong username or password."]
    unknown = _sign_in(_anonymous(monkeypatch, seeded_url), "nobody.here", "wrong-one!")
    assert [e.value for e in unknown.error] == ["Wrong username or password."]


def test_five_failures_lock_the_account(monkeypatch, seeded_url):
    account(seeded_url, "coordinator")
    at = _anonymous(monkeypatch, seeded_url)
    for _ in range(5):
        _sign_in(at, "test.coordinator.none", "wrong-one!")
    _sign_in(at, "test.coordinator.none", "test-password-1")
    assert "locked after 5 failed sign-ins" in at.error[0].value
    assert "user" not in at.session_state


def test_an_unknown_name_is_locked_like_a_known_one(monkeypatch, seeded_url):
    at = _anonymous(monkeypatch, seeded_url)
    answers = [_sign_in(at, "nobody.here", "wrong-one!").error[0].value for _ in range(6)]
    assert answers[:4] == ["Wrong username or password."] * 4
    assert all("locked after 5 failed sign-ins" in answer for answer in answers[4:])


def test_signing_in_opens_the_overview_and_signing_out_closes_it(monkeypatch, seeded_url):
    account(seeded_url, "coordinator")
    at = _sign_in(_anonymous(monkeypatch, seeded_url), "test.coordinator.none", "test-password-1")
    assert not at.error
    assert at.title[0].value.startswith("Overview, as of")
    assert any("Signed in as" in c.value for c in at.caption)
    at.button(key="sign_out").click().run()
    assert at.title[0].value == "Action Plan Monitor"


def test_idle_session_is_signed_out(monkeypatch, seeded_url):
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = account(seeded_url, "coordinator")
    at.session_state["last_seen"] = datetime.now(UTC) - timedelta(minutes=31)
    at.run()
    assert "without activity" in at.info[0].value
    assert [s.value for s in at.subheader] == ["Sign in"]


def _page_files() -> dict[str, str]:
    return {key: entry[0] for key, entry in PAGES.items()}


def _refused(at: AppTest, path: str, home_title: str) -> bool:
    """Opening `path` is refused: AppTest will not switch, or the page sends the person home."""
    try:
        at.switch_page(path)
    except ValueError:
        return True
    at.run()
    return not at.exception and [t.value for t in at.title][:1] == [home_title]


@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_each_role_reaches_its_pages_and_no_others(app, seeded_url, role):
    at = app(seeded_url, user=role)
    home_title = at.title[0].value
    for key, path in _page_files().items():
        if key in ROLE_PAGES[role]:
            at.switch_page(path).run()
            assert not at.exception, (role, key, at.exception)
            assert key == ROLE_PAGES[role][0] or at.title[0].value != home_title, (role, key)
        else:
            assert _refused(at, path, home_title), (role, key)


def test_donor_cannot_reach_any_editing_page(app, seeded_url):
    editing = {"my_activities", "approvals", "plan_editor", "accounts", "audit"}
    assert not editing & set(ROLE_PAGES["donor"])
    at = app(seeded_url, user="donor")
    home_title = at.title[0].value
    for key, path in _page_files().items():
        if key in editing:
            assert _refused(at, path, home_title), key
