"""Audit trail: who changed what, when, with the old and new values. Read-only."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from models.i18n import _, format_number, ngettext
from models.views.audit import action_name, actions, audit_csv, changes, parse, record_kind
from models.views.base import blank_missing
from pages.ui.data import audit_events, audit_facets
from pages.ui.sidebar import page_setup

text = st.column_config.TextColumn
page_setup()
HEADINGS = {
    "occurred_at": st.column_config.DatetimeColumn(
        _("When (UTC)"), format="YYYY-MM-DD HH:mm:ss", width=150
    ),
    "actor": text(_("Who"), width=140),
    "action": text(_("Action"), width=90),
    "record": text(_("Record"), width=210),
    "changes": text(_("What changed (before → after)"), width="large"),
    "events": st.column_config.NumberColumn(
        _("Events"), width=60, help=_("Events this action wrote (see them in full below)")
    ),
    "entity_type": text(_("Record type")),
    "entity_id": text(_("Record id")),
}
st.title(_("Audit trail"))
st.caption(
    _(
        "Every change leaves an event here: who made it, when, and the values before and "
        "after. Sign-ins, refused sign-ins and locks are recorded too. Times are in UTC. "
        "The trail cannot be edited."
    )
)

facets = audit_facets()
dates, actor, action, kind = st.columns([1.2, 1, 1, 1])
period = dates.date_input(_("Dates (UTC)"), value=(), format="YYYY-MM-DD", key="audit_dates")
anyone = {"actor": _("Anyone"), "action": _("Any action"), "entity_type": _("Any record")}
labels = {"actor": _("Who"), "action": _("Action"), "entity_type": _("Record type")}
# Actions and kinds of record are codes: the menus say them in words.
# (Labels made now, in this run's language, not by a format_func called later.)
words = {
    "actor": str,
    "action": {a: action_name(a) for a in facets["action"]}.get,
    "entity_type": {k: record_kind(k) for k in facets["entity_type"]}.get,
}
filters = {
    "since": period[0] if len(period) > 0 else None,
    "until": period[1] if len(period) > 1 else (period[0] if period else None),
    **{
        facet: tuple(
            column.multiselect(
                labels[facet],
                facets[facet],
                key=f"audit_{facet}",
                placeholder=anyone[facet],
                format_func=words[facet],
            )
        )
        for facet, column in (("actor", actor), ("action", action), ("entity_type", kind))
    },
    "text": st.text_input(
        _("Search"),
        key="audit_text",
        placeholder=_("Text anywhere in an event, e.g. a username, a record id or a value"),
    ).strip(),
}
events, count = audit_events(**filters)

if count == 0:
    st.info(_("No audit events match these filters."))
    st.stop()
if count > len(events):
    shown = ngettext(
        "Showing the newest {shown} of **{count}** matching event.",
        "Showing the newest {shown} of **{count}** matching events.",
        count,
    )
else:
    shown = ngettext(
        "Showing **{count}** matching event.", "Showing **{count}** matching events.", count
    )
st.markdown(shown.format(shown=format_number(len(events)), count=format_number(count)))
rows, grouped = actions(events)
st.dataframe(
    blank_missing(rows[list(HEADINGS)]),
    hide_index=True,
    column_config=HEADINGS,
    column_order=list(HEADINGS),
)

labels = {
    row.action_no: f"{row.occurred_at:%Y-%m-%d %H:%M:%S} · {row.actor} · {row.action} · "
    f"{row.record}"
    for row in rows.itertuples()
}
picked = st.selectbox(_("Show one action in full"), list(labels), format_func=labels.get)
for event in grouped[grouped["action_no"] == picked].itertuples():
    with st.expander(f"{action_name(event.action)} · {event.record}", expanded=True):
        old, new = parse(event.old_value), parse(event.new_value)
        fields = changes(old, new)
        if fields:
            st.dataframe(
                pd.DataFrame(fields, columns=["field", "before", "after"]),
                hide_index=True,
                column_config={
                    "field": text(_("Field"), width=160),
                    "before": text(_("Before"), width="large"),
                    "after": text(_("After"), width="large"),
                },
            )
        else:
            st.caption(_("No values recorded for this event."))
stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
st.download_button(
    _("Download CSV"),
    audit_csv(events),
    f"audit-trail-{stamp}.csv",
    "text/csv",
    icon=":material/download:",
    key="audit_csv",
)
if count > len(events):
    st.caption(
        _(
            "The download holds the {count} events shown; narrow the filters to reach older ones."
        ).format(count=format_number(len(events)))
    )
