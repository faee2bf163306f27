"""The Overview's "Progress report (PDF)": built on request, with a spinner, then offered.

Building takes seconds (a headless browser draws the charts), so it is not done on every
rerun: a button builds it, the PDF is kept in the session for that plan, date, edition and
data version, and a download button hands it over.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from models.exchange.progress_report import build_progress_report
from models.i18n import N_, _, format_date
from models.services.errors import DomainError
from pages.ui.data import engine, version
from pages.ui.labels import md
from pages.ui.session import signed_in

EDITIONS = {
    "coordinator": N_("Coordinator's (internal notes, all counts)"),
    "donor": N_("Donors'"),
}
_KEPT = "progress_report_pdf"


def progress_report_download(plan_code: str, as_of: date) -> None:
    """For coordinators (either edition) and donors (the donors' edition); nobody else."""
    user = signed_in()
    role = user.role if user else None
    if role not in EDITIONS:
        return
    with st.container(border=True):
        st.subheader(_("Progress report (PDF)"))
        st.caption(
            _(
                "The whole plan as of {date} (the sidebar's filters do not apply), with the "
                "changes of the three months before it: for the Working Group."
            ).format(date=format_date(as_of))
        )
        edition = role
        if role == "coordinator":
            edition = st.radio(
                _("Edition"),
                list(EDITIONS),
                # Translated now: a format_func is called again outside this run.
                format_func={e: _(label) for e, label in EDITIONS.items()}.get,
                horizontal=True,
            )
        wanted = (plan_code, as_of, edition, version())
        if st.button(_("Prepare the progress report"), icon=":material/picture_as_pdf:"):
            with st.spinner(_("Building the progress report: drawing the charts…")):
                try:
                    pdf = build_progress_report(
                        engine(),
                        plan_code=plan_code,
                        as_of=as_of,
                        edition=edition,
                        generated_by=user.username,
                    )
                except DomainError as refusal:
                    st.error(md("; ".join(refusal.messages)))
                    return
            st.session_state[_KEPT] = (wanted, pdf)
        kept = st.session_state.get(_KEPT)
        if kept and kept[0] == wanted:
            st.download_button(
                _("Download the progress report (PDF)"),
                kept[1],
                file_name=f"progress-report-{plan_code}-{as_of}-{edition}.pdf",
                mime="application/pdf",
                icon=":material/download:",
            )
