"""Context: the report's published statistics, with their sources, small counts suppressed."""

from __future__ import annotations

import streamlit as st

from models.charts.context import section_text, sections
from models.i18n import _
from models.rules.disclosure import SMALL_COUNT_THRESHOLD, SUPPRESSED_LABEL, sees_small_counts
from pages.ui.charts import show_chart
from pages.ui.data import context_statistics
from pages.ui.labels import ILLUSTRATIVE_NOTE, INFERRED_NOTE, md, provenance_badge
from pages.ui.session import signed_in
from pages.ui.sidebar import selection

st.title(_("Context: the report's published statistics"))
sel = selection()
role = user.role if (user := signed_in()) else None
st.caption(
    _(
        "{country}: {plan}. Published aggregate figures only, never a person. They follow the "
        "plan chosen in the sidebar; the reporting date, framework and agency filters do not "
        "apply to them."
    ).format(country=md(sel.country), plan=md(sel.plan_title))
)
stats = context_statistics(sel.plan_id)
if stats.empty:
    st.info(_("This plan has no published statistics recorded."))
    st.stop()
if sees_small_counts(role):
    st.caption(
        _(
            "You see every count; other roles and the public see counts from 1 to {largest} "
            "as “{label}”."
        ).format(largest=SMALL_COUNT_THRESHOLD - 1, label=SUPPRESSED_LABEL)
    )
else:
    st.info(
        _(
            "Counts from 1 to {largest} are shown as “{label}”: a small count can point at a "
            "person. In the charts such a bar is grey and drawn up to {threshold}, the bound, "
            "not the count. Zero is shown as 0."
        ).format(
            largest=SMALL_COUNT_THRESHOLD - 1,
            label=SUPPRESSED_LABEL,
            threshold=SMALL_COUNT_THRESHOLD,
        ),
        icon=":material/visibility_off:",
    )

for section in sections(stats, role):
    with st.container(border=True):
        provenance_badge(inferred=section.inferred, illustrative=section.illustrative)
        if section.illustrative:
            st.caption(_(ILLUSTRATIVE_NOTE))
        if section.inferred:
            st.caption(_(INFERRED_NOTE))
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
                    _(
                        "The report also gives a total ({label}); it is not shown to your role "
                        "because, beside the yearly figures, it would reveal a count below "
                        "{threshold}."
                    ).format(label=md(label), threshold=SMALL_COUNT_THRESHOLD)
                )
            else:
                st.metric(_("Total: {label}").format(label=md(label)), shown)
        sources = "; ".join(md(s) for s in section.sources)
        st.caption(_("Source: {sources}.").format(sources=sources))
        for note in section.notes:
            st.caption(md(note))
        if section.figure is not None:
            st.dataframe(section.table, hide_index=True, width="stretch")
