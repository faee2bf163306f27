"""A chart as every page shows it: the figure, a sentence saying what it shows, its data.

A person who cannot see the chart (or not well) reads the sentence, and opens the data as a
table one click away; a screen reader reaches both in reading order, after the figure."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from models.i18n import N_, _
from pages.ui.labels import md

CHART_DATA = N_("The chart's data as a table")


def show_chart(
    figure: go.Figure,
    sentence: str,
    data: pd.DataFrame | None = None,
    *,
    key: str | None = None,
) -> None:
    """`figure`, then `sentence` as text, then `data` in a closed expander.

    `data` is None only where the page shows the chart's data as a table right below it."""
    st.plotly_chart(figure, key=key)
    st.markdown(md(sentence))
    if data is not None:
        with st.expander(_(CHART_DATA)):
            # A static HTML table: screen readers read every cell (the data grid draws on a
            # canvas and exposes only the cells in view).
            st.table(data.style.hide(axis="index").format(precision=0, na_rep="–"))
