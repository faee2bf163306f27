"""Accounts: who may sign in, in which role and for which organisation. Administrators only."""

from __future__ import annotations

import streamlit as st

from models.codes import ROLES
from models.i18n import N_, _
from models.services import accounts as svc
from models.views.base import blank_missing
from pages.ui.actions import act, flash
from pages.ui.data import accounts_list
from pages.ui.labels import md
from pages.ui.sidebar import page_setup

WHEN = "YYYY-MM-DD HH:mm"
PENDING = "deactivation_asked_for"
DEACTIVATION_EFFECT = N_(
    "Deactivating **{name}** signs the person out everywhere at once (every open session "
    "ends) and stops them signing in until an administrator reactivates the account. "
    "Their reports, approvals and audit history are kept."
)
# The roles in words (the stored codes are English).
ROLE_NAMES = {
    "coordinator": N_("coordinator"),
    "editor": N_("editor"),
    "donor": N_("donor"),
    "admin": N_("admin"),
}
HEADINGS = {
    "username": _("Username"),
    "role": _("Role"),
    "organisation": _("Organisation"),
    "active": st.column_config.CheckboxColumn(_("Active")),
    "demo": st.column_config.CheckboxColumn(
        _("Demo"), help=_("Made with the illustrative demo set")
    ),
    "locked_until": st.column_config.DatetimeColumn(
        _("Locked until (UTC)"),
        format=WHEN,
        help=_("Sign-ins with this name from one address are refused until then (5 failures)"),
    ),
    "last_login_at": st.column_config.DatetimeColumn(_("Last sign-in (UTC)"), format=WHEN),
}


def role_name(role: str) -> str:
    return _(ROLE_NAMES[role]) if role in ROLE_NAMES else role


def passwords(form, label: str) -> str | None:
    """Two password fields; the password if they agree (never shown back), else None."""
    first = form.text_input(label, type="password", autocomplete="new-password")
    second = form.text_input(
        _("{label}, again").format(label=label), type="password", autocomplete="new-password"
    )
    return first if first == second else None


def forget_deactivation() -> None:
    st.session_state.pop(PENDING, None)


@st.dialog(_("Deactivate this account?"), on_dismiss=forget_deactivation)
def confirm_deactivation(name: str) -> None:
    """Deactivation acts at once: it is asked for once more, saying what it does."""
    st.markdown(_(DEACTIVATION_EFFECT).format(name=md(name)))
    left, right = st.columns(2)
    if left.button(_("Deactivate"), type="primary", key="deactivate_confirmed"):
        forget_deactivation()
        done = _("Account {name} deactivated.").format(name=name)
        act(svc.deactivate_user, done=done, username_or_id=name)
    if right.button(_("Cancel"), key="deactivate_cancelled"):
        forget_deactivation()
        st.rerun()


page_setup()
st.title(_("Accounts"))
flash()
people, orgs = accounts_list()
org_ids = [None, *orgs["id"].astype(int)]
org_label = dict(zip(orgs["id"], orgs["label"], strict=True))
# Labels made now, in this run's language: a format_func must not depend on when it is called.
no_org = _("No organisation")
pick_org = {"format_func": lambda i: no_org if i is None else org_label[i]}
role_names = {role: role_name(role) for role in ROLES}
shown = people[list(HEADINGS)].assign(role=people["role"].map(role_name))
st.dataframe(blank_missing(shown), hide_index=True, column_config=HEADINGS, placeholder="—")
if people["demo"].any():
    st.caption(_("Demo accounts come with the illustrative demo set; a real deployment has none."))

with (
    st.expander(_("New account"), icon=":material/person_add:"),
    st.form("create_account", clear_on_submit=True, border=False),
):
    username = st.text_input(_("Username"), max_chars=60, help=_(svc.USERNAME_RULE).capitalize())
    role = st.selectbox(_("Role"), ROLES, key="new_role", format_func=role_names.get)
    org = st.selectbox(_("Organisation (an editor's agency)"), org_ids, key="new_org", **pick_org)
    password = passwords(st, _("Password"))
    if st.form_submit_button(_("Create account"), type="primary"):
        if password is None:
            st.error(_("The two passwords differ: nothing was saved."))
        else:
            act(
                svc.create_user,
                done=_("Account {name} created.").format(name=username.strip()),
                username=username.strip(),
                password=password,
                role=role,
                organisation_acronym_or_id=org,
            )

st.subheader(_("Change an account"))
if people.empty:
    st.stop()
name = st.selectbox(_("Account"), people["username"], key="account_pick")
person = people.set_index("username").loc[name]
access, secret, duty = st.tabs([_("Access"), _("Password"), _("Role and organisation")])
with access:
    if person["active"]:
        st.markdown(_("**{name}** is active.").format(name=md(name)))
        st.button(_("Deactivate…"), on_click=st.session_state.update, args=({PENDING: name},))
        if st.session_state.get(PENDING) == name:
            confirm_deactivation(name)
    else:
        st.markdown(_("**{name}** is deactivated.").format(name=md(name)))
        if st.button(_("Reactivate"), key=f"reactivate_{name}"):
            done = _("Account {name} reactivated.").format(name=name)
            act(svc.reactivate_user, done=done, username_or_id=name)
with secret.form(f"password_{name}", clear_on_submit=True, border=False):
    password = passwords(st, _("New password"))
    st.caption(_("A reset also lifts a lock after failed sign-ins."))
    if st.form_submit_button(_("Reset password")):
        if password is None:
            st.error(_("The two passwords differ: nothing was saved."))
        else:
            act(
                svc.reset_password,
                done=_("Password of {name} reset.").format(name=name),
                username_or_id=name,
                new_password=password,
            )
with duty.form(f"role_{name}", border=False):
    was = (
        person["role"],
        None if person.isna()["organisation_id"] else int(person["organisation_id"]),
    )
    role = st.selectbox(_("Role"), ROLES, index=ROLES.index(was[0]), format_func=role_names.get)
    org = st.selectbox(_("Organisation"), org_ids, index=org_ids.index(was[1]), **pick_org)
    if st.form_submit_button(_("Change role and organisation")):
        act(
            svc.set_role_and_organisation,
            done=_("Account {name} is now {role}.").format(name=name, role=role_name(role)),
            username_or_id=name,
            role=role,
            organisation=org,
            was=was,
        )
