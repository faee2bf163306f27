"""The one way a page writes: a service run for the signed-in person, its refusal shown.

    if st.form_submit_button("Approve"):
        act(services.reporting.approve, done="Approved.", report_ids=chosen)

`act` runs the service in one transaction (models.services.unit_of_work.perform). If the
service refuses (a DomainError), every message is shown where the page called it and nothing
is written; if it succeeds, the data version is read again, `done` is kept to be shown once
on the next run (`flash()`), and the page reruns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from models.i18n import _
from models.services.errors import DomainError
from models.services.unit_of_work import perform
from pages.ui.data import engine, refresh_version
from pages.ui.labels import md
from pages.ui.session import signed_in

FLASH_KEY = "action_done"


def act(
    service: Callable[..., Any],
    *,
    done: str | Callable[[Any], str],
    explain: Callable[[str], str] = str,
    on_refusal: Callable[[DomainError], None] | None = None,
    **arguments: Any,
) -> None:
    """Run `service(session=…, actor=…, **arguments)` as the signed-in person.

    `done` is the message to flash (or a function of the service's result that makes it);
    `explain` turns a refusal's message into what the page shows; `on_refusal`, if given,
    shows a refusal instead of the plain list of messages.
    """
    user = signed_in()
    if user is None:
        st.error(_("You are no longer signed in: sign in again. Nothing was saved."))
        return
    try:
        result = perform(engine(), service, user_id=user.id, **arguments)
    except DomainError as refused:
        if refused.keeps_work:
            refresh_version()
        if on_refusal is not None:
            on_refusal(refused)
        else:
            show_refusal(refused, explain)
        return
    refresh_version()
    st.session_state[FLASH_KEY] = done(result) if callable(done) else done
    st.rerun()


def show_refusal(refused: DomainError, explain: Callable[[str], str] = str) -> None:
    """Every problem of a refusal, one line each, as text (never as Markdown or HTML)."""
    lines = [md(explain(_(message))) for message in refused.messages]
    st.error(lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines))


def flash() -> None:
    """Show, once, what the last action on this page did."""
    if message := st.session_state.pop(FLASH_KEY, None):
        st.success(md(message))
