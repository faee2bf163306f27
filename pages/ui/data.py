"""Every cached read the pages make, and the one engine they all go through.

A read is a function of plain values returning plain data (DataFrames, bytes, dataclasses of
frames), taken from models.views; `cached_read` keys it on the database URL and the data
version, so a write shows at once and nothing stale is served. Never a Session or an ORM
object in the cache.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import streamlit as st

from models.db import database_url, make_engine
from models.exchange.reports_workbook import build_workbook
from models.views import accounts as accounts_view
from models.views import agencies as agencies_view
from models.views import approvals as approvals_view
from models.views import audit as audit_view
from models.views import base
from models.views import context as context_view
from models.views import explorer as explorer_view
from models.views import findings as findings_view
from models.views import funding as funding_view
from models.views import indicators as indicators_view
from models.views import my_activities as my_activities_view
from models.views import overview as overview_view
from models.views import plan_editor as plan_editor_view

VERSION_KEY = "data_version"


@st.cache_resource
def engine_for(url: str):
    """One engine per database URL for the whole process."""
    return make_engine(url)


def engine():
    """The process-wide engine for the configured database."""
    return engine_for(database_url())


def refresh_version() -> tuple:
    """Read the data version (app.py does, once per run; and every write, right after it)."""
    st.session_state[VERSION_KEY] = base.data_version(engine())
    return st.session_state[VERSION_KEY]


def version() -> tuple:
    return st.session_state.get(VERSION_KEY) or refresh_version()


def cached_read(read: Callable[..., Any], *, max_entries: int = 64) -> Callable[..., Any]:
    """`read(engine, *args, **kwargs)` as a cached `read(*args, **kwargs)` for the pages.

    Keyed on the database URL, the data version and the arguments (which must be plain,
    hashable values): after a write every page reads afresh.
    """

    def run(url: str, data_version: tuple, *args: Any, **kwargs: Any) -> Any:
        return read(engine_for(url), *args, **kwargs)

    # st.cache_data tells functions apart by module and name: give each read its own.
    run.__module__, run.__qualname__ = read.__module__, f"cached_{read.__qualname__}"
    cached = st.cache_data(show_spinner=False, max_entries=max_entries)(run)

    @functools.wraps(read)
    def reader(*args: Any, **kwargs: Any) -> Any:
        return cached(database_url(), version(), *args, **kwargs)

    return reader


# The plan and the selection, shared by every dashboard page.
plans = cached_read(base.plans, max_entries=8)
plan_outline = cached_read(base.plan_outline, max_entries=32)
default_as_of = cached_read(base.default_as_of, max_entries=32)
agencies_in_plan = cached_read(base.agencies_in_plan, max_entries=32)
rated_activities = cached_read(base.rated_activities)
# One read per page that needs its own, named after the page.
overview_figures = cached_read(overview_view.figures, max_entries=32)
explorer_evidence = cached_read(explorer_view.report_evidence)
explorer_history = cached_read(explorer_view.activity_history)
agencies_links = cached_read(agencies_view.links_and_counts, max_entries=32)
indicators_table = cached_read(indicators_view.indicator_table)
indicators_history = cached_read(indicators_view.approved_history)
context_statistics = cached_read(context_view.statistics, max_entries=16)
findings_list = cached_read(findings_view.findings, max_entries=32)
findings_history = cached_read(findings_view.history, max_entries=32)
findings_links = cached_read(findings_view.links, max_entries=16)
findings_concerning = cached_read(findings_view.concerning)
findings_summary = cached_read(findings_view.summary, max_entries=32)
funding_money = cached_read(funding_view.money)
funding_iati = cached_read(funding_view.iati, max_entries=16)
my_activities_list = cached_read(my_activities_view.activities, max_entries=32)
my_activities_reports = cached_read(my_activities_view.reports)
my_activities_workbook = cached_read(build_workbook, max_entries=8)
approvals_queue = cached_read(approvals_view.queue, max_entries=32)
plan_editor_lookups = cached_read(plan_editor_view.editor_lookups, max_entries=16)
audit_facets = cached_read(audit_view.audit_facets, max_entries=8)
audit_events = cached_read(audit_view.events, max_entries=32)
accounts_list = cached_read(accounts_view.accounts, max_entries=8)
