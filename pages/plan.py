"""The plan as the report states it: frameworks → objectives → activities → agencies."""

from __future__ import annotations

import streamlit as st

from models.db import database_url
from models.queries.plan import activity_table
from pages.ui.data import INFERRED_NOTE, md, plan_outline, plans, provenance_badge
from pages.ui.sidebar import current_view

view = current_view()
plan_id = view.plan_id if view else None
if plan_id is None:
    st.title("Plan")
    st.info("No plan is loaded yet. Run `actionplan init` then `actionplan seed` to load one.")
    st.stop()

url = database_url()
plan = plans(url).set_index("id").loc[plan_id]
outline = plan_outline(url, plan_id)

st.title(f"{plan['country']}: {plan['title']}")
st.caption(
    f"Plan period {plan['period_start']:%d %b %Y} to {plan['target_date']:%d %b %Y} · "
    f"Source: {plan['source'] or 'entered by users'}"
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
        st.subheader(f"{fw.name} framework")
        st.caption(f"To be operating by {fw.target_date:%d %b %Y} · Source: {fw.source}")
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
                    "description",
                    "lead",
                    "supporting",
                    "objectives",
                    "planned_start",
                    "planned_end",
                    "dates",
                    "provenance",
                ]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "code": "Code",
                "title": "Activity",
                "description": "As the report states it",
                "lead": "Lead agency",
                "supporting": "Supporting agencies",
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
