"""The coordinator's IATI forms: sectors, recipient country, organisation identifiers (Plan
editor → IATI settings) and budget lines (Funding → Record funding). One audited service call
per submit; a refusal lists every problem and writes nothing."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from models.exchange.iati_codelists import country_options, sector_options
from models.i18n import _
from models.services import iati_settings as iati
from models.services.funding import set_budget_lines
from pages.ui.actions import act
from pages.ui.data import funding_budget_lines, plan_editor_iati
from pages.ui.session import signed_in

ROUND = "iati_round"


def _save(service, done: str, **values) -> None:
    """One audited write; after a save a new round gives the forms fresh widgets."""
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    act(service, done=done, **values)
    st.session_state[ROUND] -= 1  # refused: the form keeps what was typed


def _plain(value):
    """A cell as the service takes it: None for an empty cell, a date for a timestamp."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, datetime) else value


def _coordinator() -> bool:
    user = signed_in()
    return user is not None and user.role == "coordinator"


def iati_settings(plan_id: int, activities: dict[int, str]) -> None:
    """Sectors per activity, the plan's recipient country, organisations' identifiers."""
    if not _coordinator():
        st.info(_("Only a coordinator changes the IATI settings."))
        return
    st.caption(
        _(
            "What the IATI export needs beyond the plan: the Funding page's IATI download is "
            "refused until these are filled in, and says which are missing."
        )
    )
    sectors, country, identifiers = st.tabs(
        [_("Sectors"), _("Recipient country"), _("Organisation identifiers")]
    )
    rnd = st.session_state.get(ROUND, 0)
    with sectors:
        _sectors(plan_id, activities, rnd)
    with country:
        _country(plan_id, rnd)
    with identifiers:
        _identifiers(plan_id, rnd)


def _sectors(plan_id: int, activities: dict[int, str], rnd: int) -> None:
    options = sector_options()
    activity = st.selectbox(
        _("Activity"), list(activities), format_func=activities.get, key="iati_a"
    )
    rows = plan_editor_iati(plan_id)["sectors"]
    rows = rows[(rows["activity_id"] == activity) & (rows["vocabulary"] == "1")]
    if rows["inferred"].any():
        st.caption(_("Inferred: a proposal, not the report's word. Saving confirms it."))
    table = pd.DataFrame(
        {
            "sector": [options.get(c, c) for c in rows["code"]],
            "percentage": rows["percentage"].tolist(),
        }
    )
    with st.form(f"iati_sectors_{activity}_{rnd}"):
        edited = st.data_editor(
            table,
            num_rows="dynamic",
            hide_index=True,
            column_config={
                "sector": st.column_config.SelectboxColumn(
                    _("Sector (OECD DAC, type to search)"), options=list(options.values())
                ),
                "percentage": st.column_config.NumberColumn(
                    _("Percentage"), min_value=0.0, max_value=100.0, step=0.01
                ),
            },
        )
        if st.form_submit_button(_("Save sectors"), type="primary"):
            chosen = [
                {"code": str(s).split(" · ")[0], "percentage": p}
                for s, p in zip(edited["sector"], edited["percentage"], strict=True)
                if isinstance(s, str) and s
            ]
            done = _("Sectors of {activity} saved.").format(
                activity=activities[activity].split(" · ")[0]
            )
            _save(iati.set_activity_sectors, done, activity_id=activity, sectors=chosen)


def _country(plan_id: int, rnd: int) -> None:
    options = country_options()
    current = plan_editor_iati(plan_id)["country"]
    codes = [None, *options]
    none = _("— none —")  # translated in this run, not when the widget formats again
    with st.form(f"iati_country_{rnd}"):
        code = st.selectbox(
            _("Recipient country (IATI Country codelist; Kosovo is XK)"),
            codes,
            index=codes.index(current) if current in options else 0,
            format_func=lambda c: none if c is None else options[c],
        )
        if st.form_submit_button(_("Save recipient country"), type="primary"):
            _save(
                iati.set_recipient_country,
                _("Recipient country saved."),
                plan_id=plan_id,
                country=code,
            )


def _identifiers(plan_id: int, rnd: int) -> None:
    orgs = plan_editor_iati(plan_id)["organisations"]
    labels = dict(zip(orgs["id"], orgs["label"], strict=True))
    known = dict(zip(orgs["id"], orgs["iati_identifier"], strict=True))
    st.caption(
        _(
            "An IATI organisation identifier starts with a registration agency's prefix from "
            "the OrganisationRegistrationAgency codelist (e.g. XM-DAC-41122 for UNICEF, "
            "XI-IATI-…). The reporting organisation (AOGG) needs one; for others, leave it "
            "empty where none is known: the export then names them without one."
        )
    )
    org = st.selectbox(_("Organisation"), list(labels), format_func=labels.get, key="iati_org")
    with st.form(f"iati_identifier_{org}_{rnd}"):
        text = st.text_input(_("IATI organisation identifier"), known.get(org) or "", max_chars=100)
        if st.form_submit_button(_("Save identifier"), type="primary"):
            done = _("Identifier of {organisation} saved.").format(organisation=labels[org])
            _save(iati.set_organisation_identifier, done, organisation_id=org, identifier=text)
    with_ids = orgs[orgs["iati_identifier"].notna()]
    if len(with_ids):
        st.dataframe(with_ids[["label", "iati_identifier"]], hide_index=True)


def budget_lines(plan_id: int, activities: dict[int, str]) -> None:
    """The activity's costed requirement as budget lines of a year at most."""
    if not _coordinator():
        return
    rnd = st.session_state.get(ROUND, 0)
    activity = st.selectbox(_("Activity"), list(activities), format_func=activities.get, key="bl_a")
    rows = funding_budget_lines(plan_id)
    rows = rows[rows["activity_id"] == activity]
    if rows["inferred"].any():
        st.caption(
            _(
                "Inferred: these lines were split from a multi-year figure pro rata by days. "
                "Saving makes them your figures."
            )
        )
    if rows["illustrative"].any():
        st.caption(_("Illustrative demo data."))
    table = rows[["amount", "currency", "period_start", "period_end"]].reset_index(drop=True)
    with st.form(f"budget_lines_{activity}_{rnd}"):
        edited = st.data_editor(
            table,
            num_rows="dynamic",
            hide_index=True,
            column_config={
                "amount": st.column_config.NumberColumn(_("Amount"), min_value=0.0, step=100.0),
                "currency": st.column_config.TextColumn(_("Currency"), max_chars=3, default="EUR"),
                "period_start": st.column_config.DateColumn(_("Period start")),
                "period_end": st.column_config.DateColumn(_("Period end (a year at most)")),
            },
        )
        if st.form_submit_button(_("Save budget lines"), type="primary"):
            lines = [{k: _plain(v) for k, v in line.items()} for line in edited.to_dict("records")]
            done = _("Budget lines of {activity} saved.").format(
                activity=activities[activity].split(" · ")[0]
            )
            _save(set_budget_lines, done, activity_id=activity, lines=lines)
