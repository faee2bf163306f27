"""Accounts: who may sign in, in which role and for which organisation. Administrators only."""

from __future__ import annotations

import streamlit as st

from models.codes import ROLES
from models.services import accounts as svc
from models.views.base import blank_missing
from pages.ui.actions import act, flash
from pages.ui.data import accounts_list
from pages.ui.labels import md
from pages.ui.sidebar import page_setup

WHEN = "YYYY-MM-DD HH:mm"
PENDING = "deactivation_asked_for"
DEACTIVATION_EFFECT = (
    "Deactivating **{name}** signs the person out everywhere at once (every open session "
    "ends) and stops them signing in until an administrator reactivates the account. "
    "Their reports, approvals and audit history are kept."
)
HEADINGS = {
    "username": "Username",
    "role": "Role",
    "organisation": "Organisation",
    "active": st.column_config.CheckboxColumn("Active"),
    "demo": st.column_config.CheckboxColumn("Demo", help="Made with the illustrative demo set"),
    "locked_until": st.column_config.DatetimeColumn(
        "Locked until (UTC)",
        format=WHEN,
        help="Sign-ins with this name from one address are refused until then (5 failures)",
    ),
    "last_login_at": st.column_config.DatetimeColumn("Last sign-in (UTC)", format=WHEN),
}


def passwords(form, label: str) -> str | None:
    """Two password fields; the password if they agree (never shown back), else None."""
    first = form.text_input(label, type="password", autocomplete="new-password")
    second = form.text_input(f"{label}, again", type="password", autocomplete="new-password")
    return first if first == second else None


def forget_deactivation() -> None:
    st.session_state.pop(PENDING, None)


@st.dialog("Deactivate this account?", on_dismiss=forget_deactivation)
def confirm_deactivation(name: str) -> None:
    """Deactivation acts at once: it is asked for once more, saying what it does."""
    st.markdown(DEACTIVATION_EFFECT.format(name=md(name)))
    left, right = st.columns(2)
    if left.button("Deactivate", type="primary", key="deactivate_confirmed"):
        forget_deactivation()
        act(svc.deactivate_user, done=f"Account {name} deactivated.", username_or_id=name)
    if right.button("Cancel", key="deactivate_cancelled"):
        forget_deactivation()
        st.rerun()


page_setup()
st.title("Accounts")
flash()
people, orgs = accounts_list()
org_ids = [None, *orgs["id"].astype(int)]
org_label = dict(zip(orgs["id"], orgs["label"], strict=True))
pick_org = {"format_func": lambda i: "No organisation" if i is None else org_label[i]}
st.dataframe(
    blank_missing(people[list(HEADINGS)]), hide_index=True, column_config=HEADINGS, placeholder="—"
)
if people["demo"].any():
    st.caption("Demo accounts come with the illustrative demo set; a real deployment has none.")

with (
    st.expander("New account", icon=":material/person_add:"),
    st.form("create_account", clear_on_submit=True, border=False),
):
    username = st.text_input("Username", max_chars=60, help=svc.USERNAME_RULE.capitalize())
    role = st.selectbox("Role", ROLES, key="new_role")
    org = st.selectbox("Organisation (an editor's agency)", org_ids, key="new_org", **pick_org)
    password = passwords(st, "Password")
    if st.form_submit_button("Create account", type="primary"):
        if password is None:
            st.error("The two passwords differ: nothing was saved.")
        else:
            act(
                svc.create_user,
                done=f"Account {username.strip()} created.",
                username=username.strip(),
                password=password,
                role=role,
                organisation_acronym_or_id=org,
            )

st.subheader("Change an account")
if people.empty:
    st.stop()
name = st.selectbox("Account", people["username"], key="account_pick")
person = people.set_index("username").loc[name]
access, secret, duty = st.tabs(["Access", "Password", "Role and organisation"])
with access:
    if person["active"]:
        st.markdown(f"**{md(name)}** is active.")
        st.button("Deactivate…", on_click=st.session_state.update, args=({PENDING: name},))
        if st.session_state.get(PENDING) == name:
            confirm_deactivation(name)
    else:
        st.markdown(f"**{md(name)}** is deactivated.")
        if st.button("Reactivate", key=f"reactivate_{name}"):
            act(svc.reactivate_user, done=f"Account {name} reactivated.", username_or_id=name)
with secret.form(f"password_{name}", clear_on_submit=True, border=False):
    password = passwords(st, "New password")
    st.caption("A reset also lifts a lock after failed sign-ins.")
    if st.form_submit_button("Reset password"):
        if password is None:
            st.error("The two passwords differ: nothing was saved.")
        else:
            act(
                svc.reset_password,
                done=f"Password of {name} reset.",
                username_or_id=name,
                new_password=password,
            )
with duty.form(f"role_{name}", border=False):
    was = (
        person["role"],
        None if person.isna()["organisation_id"] else int(person["organisation_id"]),
    )
    role = st.selectbox("Role", ROLES, index=ROLES.index(was[0]))
    org = st.selectbox("Organisation", org_ids, index=org_ids.index(was[1]), **pick_org)
    if st.form_submit_button("Change role and organisation"):
        act(
            svc.set_role_and_organisation,
            done=f"Account {name} is now {role}.",
            username_or_id=name,
            role=role,
            organisation=org,
            was=was,
        )
