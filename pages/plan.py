"""The plan as the report states it: frameworks → objectives → activities → agencies."""

from __future__ import annotations

import streamlit as st

from models.views.plan import activity_table
from pages.ui.data import plan_outline, plans
from pages.ui.labels import INFERRED_NOTE, agency_column, md, provenance_badge
from pages.ui.sidebar import selection

sel = selection()
plan = plans().set_index("id").loc[sel.plan_id]  # the description and source, too
outline = plan_outline(sel.plan_id)

st.title(f"{md(sel.country)}: {md(sel.plan_title)}")
st.caption(
    f"Plan period {sel.period_start:%d %b %Y} to {sel.target_date:%d %b %Y} · "
    f"Source: {md(plan['source']) or 'entered by users'}"
)
if plan["description"]:
    st.markdown(md(plan["description"]))

cols = st.columns(4)
cols[0].metric("Frameworks", len(outline.frameworks))
cols[1].metric("Objectives", len(outline.objectives))
cols[2].metric("Activities", len(outline.activities))
cols[3].metric("Donors named", len(outline.donors))
st.caption(
    "Everything here is taken from the source report and marked with its section, "
    "except what carries an **Inferred** label. " + INFERRED_NOTE
)

tabs = st.tabs([*outline.frameworks["name"], "Donors"])
for tab, fw in zip(tabs, outline.frameworks.itertuples(), strict=False):
    with tab:
        st.subheader(f"{md(fw.name)} framework")
        st.caption(f"To be operating by {fw.target_date:%d %b %Y} · Source: {md(fw.source)}")
        if fw.description:
            st.markdown(md(fw.description))

        st.markdown("#### Objectives")
        for obj in outline.objectives[outline.objectives["framework_id"] == fw.id].itertuples():
            st.markdown(f"**{md(obj.code)} · {md(obj.title)}** — {md(obj.description)}")
            provenance_badge(inferred=obj.inferred)

        st.markdown("#### Activities")
        table = activity_table(outline, fw.id)
        table["provenance"] = table["links_inferred"].map(
            {True: "Report; agencies/objectives inferred", False: "Report"}
        )
        table["dates"] = table["dates_inferred"].map({True: "Inferred", False: "Report"})
        st.dataframe(
            table[
                [
                    "code",
                    "title",
                    "lead",
                    "supporting",
                    "objectives",
                    "planned_start",
                    "planned_end",
                    "dates",
                    "provenance",
                    "description",
                ]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "code": st.column_config.TextColumn("Code", width=80, pinned=True),
                "title": st.column_config.TextColumn("Activity", width=220),
                "description": st.column_config.TextColumn(
                    "As the report states it", width="large"
                ),
                "lead": agency_column("Lead agency", table["lead"], sel.plan_id, width=100),
                "supporting": agency_column(
                    "Supporting agencies", table["supporting"], sel.plan_id
                ),
                "objectives": "Serves objectives",
                "planned_start": st.column_config.DateColumn("Planned start", format="MMM YYYY"),
                "planned_end": st.column_config.DateColumn("Planned end", format="MMM YYYY"),
                "dates": st.column_config.TextColumn("Dates", help=INFERRED_NOTE),
                "provenance": st.column_config.TextColumn("Provenance", help=INFERRED_NOTE),
            },
        )

        agencies = outline.framework_agencies[outline.framework_agencies["framework_id"] == fw.id]
        st.markdown("#### Implementing agencies, as the report lists them")
        st.markdown(md(", ".join(agencies["named_as"].fillna(agencies["name"]))))

with tabs[-1]:
    st.subheader("Main donors")
    st.caption("Source: III.D Mobilization of resources")
    donors = outline.donors.assign(label=outline.donors["named_as"].fillna(outline.donors["name"]))
    st.dataframe(
        donors[["acronym", "label"]],
        hide_index=True,
        column_config={"acronym": "Acronym", "label": "As the report names it"},
    )
