"""The coordinator's forms for recording funding: one audited transaction per submit."""

from __future__ import annotations

from datetime import date

import streamlit as st

from models.codes import TRANSACTION_TYPES
from models.i18n import N_, _
from models.services.funding import add_transaction, set_costed_requirement
from pages.ui.actions import act, flash
from pages.ui.data import plan_editor_lookups, plan_outline
from pages.ui.iati_forms import budget_lines
from pages.ui.session import signed_in
from pages.ui.sidebar import Selection

DONE = N_("Saved. The figures below include it.")
# The transaction types as the form lists them.
TYPE_LABELS = {
    "pledge": N_("Pledge"),
    "commitment": N_("Commitment"),
    "disbursement": N_("Disbursement"),
}


def _type_label(kind: str) -> str:
    return _(TYPE_LABELS.get(kind, kind.capitalize()))


def record_funding(sel: Selection) -> None:
    """Costed requirement and donor transactions, for coordinators only."""
    user = signed_in()
    if user is None or user.role != "coordinator":
        return
    flash()
    activities = plan_outline(sel.plan_id).activities
    labels = dict(
        zip(activities["id"], activities["code"] + " · " + activities["title"], strict=True)
    )
    orgs = plan_editor_lookups(sel.plan_id).organisations
    donors = dict(zip(orgs["id"], orgs["label"], strict=True))
    period = (sel.period_start, sel.target_date)
    with st.expander(_("Record funding"), icon=":material/edit:"):
        budget, money = st.tabs([_("Costed requirement"), _("Pledge, commitment or disbursement")])
        with budget:
            st.caption(
                _(
                    "IATI takes budgets of a year at most: edit the lines below, or save one "
                    "amount for a longer period and it is split by calendar year, pro rata by "
                    "days."
                )
            )
            budget_lines(sel.plan_id, labels)
        with budget, st.form("costed_requirement"):
            activity = st.selectbox(
                _("Activity"), list(labels), format_func=labels.get, key="b_act"
            )
            amount = st.number_input(_("Amount"), value=0.0, step=1000.0, key="b_amount")
            currency = st.text_input(_("Currency (ISO 4217)"), "EUR", max_chars=3, key="b_cur")
            start = st.date_input(_("Period start"), value=period[0], min_value=date(1990, 1, 1))
            end = st.date_input(_("Period end"), value=period[1], min_value=date(1990, 1, 1))
            if st.form_submit_button(_("Save costed requirement")):
                act(
                    set_costed_requirement,
                    done=_(DONE),
                    activity_id=activity,
                    amount=amount,
                    currency=currency,
                    period_start=start,
                    period_end=end,
                )
        with money, st.form("funding_transaction"):
            activity = st.selectbox(
                _("Activity"), list(labels), format_func=labels.get, key="t_act"
            )
            donor = st.selectbox(_("Donor"), list(donors), format_func=donors.get, key="t_donor")
            types = {t: _type_label(t) for t in TRANSACTION_TYPES}  # translated in this run
            kind = st.selectbox(_("Type"), TRANSACTION_TYPES, format_func=types.get, key="t_type")
            amount = st.number_input(_("Amount"), value=0.0, step=1000.0, key="t_amount")
            currency = st.text_input(_("Currency (ISO 4217)"), "EUR", max_chars=3, key="t_cur")
            day = st.date_input(_("Date"), value=period[0], min_value=date(1990, 1, 1), key="t_day")
            if st.form_submit_button(_("Record transaction")):
                act(
                    add_transaction,
                    done=_(DONE),
                    activity_id=activity,
                    donor_id=donor,
                    type=kind,
                    amount=amount,
                    currency=currency,
                    transaction_date=day,
                )
