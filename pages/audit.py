"""Audit trail: who changed what, when, with the old and new values. Read-only."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from models.db import database_url
from models.queries import audit as q
from pages.ui.data import engine, version
from pages.ui.sidebar import current_view

LIMIT = 1000
HEADINGS = {
    "occurred_at": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm:ss"),
    "actor": "Who",
    "action": "Action",
    "entity_type": "Record type",
    "entity_id": "Record id",
    "old_value": "Old value",
    "new_value": "New value",
}


@st.cache_data(show_spinner=False, max_entries=8)
def _facets(url: str, data_version: tuple) -> dict[str, list[str]]:
    return q.audit_facets(engine())


@st.cache_data(show_spinner=False, max_entries=32)
def _events(url: str, data_version: tuple, filters: tuple):
    chosen = dict(filters)
    return q.audit_events(engine(), limit=LIMIT, **chosen), q.audit_count(engine(), **chosen)


current_view()
st.title("Audit trail")
st.caption(
    "Every change leaves an event here: who made it, when, and the values before and "
    "after. Sign-ins, refused sign-ins and locks are recorded too. Times are in UTC. "
    "The trail cannot be edited."
)

facets = _facets(database_url(), version())
dates, actor, action, kind = st.columns([1.2, 1, 1, 1])
period = dates.date_input("Dates (UTC)", value=(), format="YYYY-MM-DD", key="audit_dates")
filters = {
    "since": period[0] if len(period) > 0 else None,
    "until": period[1] if len(period) > 1 else (period[0] if period else None),
    "actor": tuple(
        actor.multiselect("Who", facets["actor"], key="audit_actor", placeholder="Anyone")
    ),
    "action": tuple(
        action.multiselect("Action", facets["action"], key="audit_action", placeholder="Any action")
    ),
    "entity_type": tuple(
        kind.multiselect(
            "Record type", facets["entity_type"], key="audit_entity", placeholder="Any record"
        )
    ),
    "text": st.text_input(
        "Search",
        key="audit_text",
        placeholder="Text anywhere in an event, e.g. a username, a record id or a value",
    ).strip(),
}
events, count = _events(database_url(), version(), tuple(filters.items()))

if count == 0:
    st.info("No audit events match these filters.")
    st.stop()
shown = f"the newest {len(events):,} of " if count > len(events) else ""
st.markdown(f"Showing {shown}**{count:,}** matching event{'s' if count != 1 else ''}.")
st.dataframe(events, hide_index=True, column_config=HEADINGS)
stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
st.download_button(
    "Download CSV",
    q.audit_csv(events),
    f"audit-trail-{stamp}.csv",
    "text/csv",
    icon=":material/download:",
    key="audit_csv",
)
if count > len(events):
    st.caption(
        f"The download holds the {len(events):,} events shown; narrow the filters "
        "to reach older ones."
    )
