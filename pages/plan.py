"""The plan as the report states it: frameworks → objectives → activities → agencies."""

from __future__ import annotations

import streamlit as st

from models.i18n import _, format_date
from models.views.plan import activity_table
from pages.ui.data import plan_outline, plans
from pages.ui.labels import INFERRED_NOTE, agency_column, md, provenance_badge
from pages.ui.sidebar import selection

DAY = "dd MMM y"  # "31 Dec 2007"
sel = selection()
plan = plans().set_index("id").loc[sel.plan_id]  # the description and source, too
outline = plan_outline(sel.plan_id)

st.title(f"{md(sel.country)}: {md(sel.plan_title)}")
st.caption(
    _("Plan period {start} to {end} · Source: {source}").format(
        start=format_date(sel.period_start, DAY),
        end=format_date(sel.target_date, DAY),
        source=md(plan["source"]) or _("entered by users"),
    )
)
if plan["description"]:
    st.markdown(md(plan["description"]))

cols = st.columns(4)
cols[0].metric(_("Frameworks"), len(outline.frameworks))
cols[1].metric(_("Objectives"), len(outline.objectives))
cols[2].metric(_("Activities"), len(outline.activities))
cols[3].metric(_("Donors named"), len(outline.donors))
st.caption(
    _(
        "Everything here is taken from the source report and marked with its section, "
        "except what carries an **Inferred** label."
    )
    + " "
    + _(INFERRED_NOTE)
)

tabs = st.tabs([*outline.frameworks["name"], _("Donors")])
for tab, fw in zip(tabs, outline.frameworks.itertuples(), strict=False):
    with tab:
        st.subheader(_("{name} framework").format(name=md(fw.name)))
        st.caption(
            _("To be operating by {date} · Source: {source}").format(
                date=format_date(fw.target_date, DAY), source=md(fw.source)
            )
        )
        if fw.description:
            st.markdown(md(fw.description))

        st.markdown("#### " + _("Objectives"))
        for obj in outline.objectives[outline.objectives["framework_id"] == fw.id].itertuples():
            st.markdown(f"**{md(obj.code)} · {md(obj.title)}** — {md(obj.description)}")
            provenance_badge(inferred=obj.inferred)

        st.markdown("#### " + _("Activities"))
        table = activity_table(outline, fw.id)
        table["provenance"] = table["links_inferred"].map(
            {True: _("Report; agencies/objectives inferred"), False: _("Report")}
        )
        table["dates"] = table["dates_inferred"].map({True: _("Inferred"), False: _("Report")})
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
                "code": st.column_config.TextColumn(_("Code"), width=80, pinned=True),
                "title": st.column_config.TextColumn(_("Activity"), width=220),
                "description": st.column_config.TextColumn(
                    _("As the report states it"), width="large"
                ),
                "lead": agency_column(_("Lead agency"), table["lead"], sel.plan_id, width=100),
                "supporting": agency_column(
                    _("Supporting agencies"), table["supporting"], sel.plan_id
                ),
                "objectives": _("Serves objectives"),
                "planned_start": st.column_config.DateColumn(_("Planned start"), format="MMM YYYY"),
                "planned_end": st.column_config.DateColumn(_("Planned end"), format="MMM YYYY"),
                "dates": st.column_config.TextColumn(_("Dates"), help=_(INFERRED_NOTE)),
                "provenance": st.column_config.TextColumn(_("Provenance"), help=_(INFERRED_NOTE)),
            },
        )

        agencies = outline.framework_agencies[outline.framework_agencies["framework_id"] == fw.id]
        st.markdown("#### " + _("Implementing agencies, as the report lists them"))
        st.markdown(md(", ".join(agencies["named_as"].fillna(agencies["name"]))))

with tabs[-1]:
    st.subheader(_("Main donors"))
    st.caption(_("Source: {source}").format(source="III.D Mobilization of resources"))
    donors = outline.donors.assign(label=outline.donors["named_as"].fillna(outline.donors["name"]))
    st.dataframe(
        donors[["acronym", "label"]],
        hide_index=True,
        column_config={"acronym": _("Acronym"), "label": _("As the report names it")},
    )
