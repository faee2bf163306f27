"""Context: the report's published statistics, with their sources, small counts suppressed."""

from __future__ import annotations

import streamlit as st

from models.charts.context import section_text, sections
from models.rules.disclosure import SMALL_COUNT_THRESHOLD, SUPPRESSED_LABEL, sees_small_counts
from pages.ui.charts import show_chart
from pages.ui.data import context_statistics
from pages.ui.labels import ILLUSTRATIVE_NOTE, INFERRED_NOTE, md, provenance_badge
from pages.ui.session import signed_in
from pages.ui.sidebar import selection

st.title("Context: the report's published statistics")
sel = selection()
role = user.role if (user := signed_in()) else None
st.caption(
    f"{md(sel.country)}: {md(sel.plan_title)}. Published aggregate figures only, never a "
    "person. They follow the plan chosen in the sidebar; the reporting date, framework and "
    "agency filters do not apply to them."
)
stats = context_statistics(sel.plan_id)
if stats.empty:
    st.info("This plan has no published statistics recorded.")
    st.stop()
if sees_small_counts(role):
    st.caption(
        f"You see every count; other roles and the public see counts from 1 to "
        f"{SMALL_COUNT_THRESHOLD - 1} as “{SUPPRESSED_LABEL}”."
    )
else:
    st.info(
        f"Counts from 1 to {SMALL_COUNT_THRESHOLD - 1} are shown as “{SUPPRESSED_LABEL}”: a "
        "small count can point at a person. In the charts such a bar is grey and drawn up "
        f"to {SMALL_COUNT_THRESHOLD}, the bound, not the count. Zero is shown as 0.",
        icon=":material/visibility_off:",
    )

for section in sections(stats, role):
    with st.container(border=True):
        provenance_badge(inferred=section.inferred, illustrative=section.illustrative)
        if section.illustrative:
            st.caption(ILLUSTRATIVE_NOTE)
        if section.inferred:
            st.caption(INFERRED_NOTE)
        if section.figure is None:  # a single figure reads best as a number, not a chart
            for row in section.table.itertuples(index=False):
                st.metric(f"{md(section.title)}, {row[0]}", row[2])
        else:
            show_chart(
                section.figure,
                section_text(section),
                key=f"{section.series}-{section.reported_by}",
            )
        for label, shown in section.totals:
            if shown is None:
                st.caption(
                    f"The report also gives a total ({md(label)}); it is not shown to your "
                    f"role because, beside the yearly figures, it would reveal a count below "
                    f"{SMALL_COUNT_THRESHOLD}."
                )
            else:
                st.metric(f"Total: {md(label)}", shown)
        st.caption("Source: " + "; ".join(md(s) for s in section.sources) + ".")
        for note in section.notes:
            st.caption(md(note))
        if section.figure is not None:
            st.dataframe(section.table, hide_index=True, width="stretch")
