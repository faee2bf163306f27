"""The floor page of `make bench`: what any page costs at least on this machine and this
Streamlit, with no database and no app code.

A bare page drawing 4 Plotly Express figures and a 2,600-row table (the size of the largest
tables the app shows at 100×) from data held in memory (tests.benchmarks.floor_data, built
once per process). bench_pages runs it with the same AppTest method as the app's pages and
prints each page's warm time as a ratio to this page's.
"""

import plotly.express as px
import streamlit as st

from tests.benchmarks.floor_data import ACTIVITIES, BY_FRAMEWORK, OVER_TIME

st.title("Floor page")
left, right = st.columns(2)
left.plotly_chart(px.bar(BY_FRAMEWORK, x="framework", y="percent", color="status"))
right.plotly_chart(px.line(OVER_TIME, x="date", y="percent", color="framework"))
left.plotly_chart(px.scatter(ACTIVITIES, x="percent", y="budget", color="status"))
right.plotly_chart(px.histogram(ACTIVITIES, x="percent", color="status", nbins=20))
st.dataframe(ACTIVITIES, hide_index=True)
