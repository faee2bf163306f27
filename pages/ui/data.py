"""Every cached read the pages make, and the one engine they all go through.

A read is a function of plain values returning plain data (DataFrames, bytes, dataclasses of
frames), taken from models.views; `cached_read` keys it on the database URL and a version, so
a write shows at once and nothing stale is served. Never a Session or an ORM object in the
cache. A read of one plan declares its `scope` (the kinds of data it reads) and is keyed on
that plan's versions of those kinds only; the scheme is written down in ONE place:
models/entities/versions.py.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import streamlit as st

from models.db import database_url, make_engine
from models.exchange.reports_workbook import build_workbook
from models.i18n import current_language, use_language
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
PLAN_VERSIONS_KEY = "plan_versions"
ALL_PLANS = 0  # models/entities/versions.ALL_PLANS (pages do not import entities)


@st.cache_resource
def engine_for(url: str):
    """One engine per database URL for the whole process."""
    return make_engine(url)


def engine():
    """The process-wide engine for the configured database."""
    return engine_for(database_url())


def refresh_version() -> tuple:
    """Read the data version (app.py does, once per run; and every write, right after it).
    Also forgets this run's plan versions, read again on first use."""
    st.session_state[PLAN_VERSIONS_KEY] = {}
    st.session_state[VERSION_KEY] = base.data_version(engine())
    return st.session_state[VERSION_KEY]


def version() -> tuple:
    return st.session_state.get(VERSION_KEY) or refresh_version()


def plan_version(plan_id: int, kinds: tuple[str, ...]) -> tuple:
    """The versions of `kinds` in the plan: read once per run and plan (a few index seeks)."""
    if PLAN_VERSIONS_KEY not in st.session_state:
        refresh_version()
    known = st.session_state[PLAN_VERSIONS_KEY]
    if (plan_id, kinds) not in known:
        known[(plan_id, kinds)] = base.plan_versions(engine(), plan_id, kinds)
    return known[(plan_id, kinds)]


def cached_read(
    read: Callable[..., Any], *, max_entries: int = 64, scope: tuple[str, ...] | None = None
) -> Callable[..., Any]:
    """`read(engine, *args, **kwargs)` as a cached `read(*args, **kwargs)` for the pages.

    Keyed on the database URL, a version and the arguments (which must be plain, hashable
    values). Without a `scope` the version is the global one: every write reads afresh. With
    a scope (kinds of models/entities/versions.KINDS) a read with a `plan_id` argument is keyed
    on that plan's versions of those kinds (writes elsewhere leave it warm), or on the global
    version when called without a plan; a read that takes no plan, on plan 0's (data every
    plan shows).
    """
    signature = inspect.signature(read)
    # A scoped read without a plan (the plan list) keys on plan 0: data every plan shows.
    of_a_plan = "plan_id" in signature.parameters

    def run(url: str, data_version: tuple, language: str, *args: Any, **kwargs: Any) -> Any:
        use_language(language)
        return read(engine_for(url), *args, **kwargs)

    # st.cache_data tells functions apart by module and name: give each read its own.
    run.__module__, run.__qualname__ = read.__module__, f"cached_{read.__qualname__}"
    cached = st.cache_data(show_spinner=False, max_entries=max_entries)(run)

    @functools.wraps(read)
    def reader(*args: Any, **kwargs: Any) -> Any:
        if scope is None:
            key = version()
        else:
            bound = signature.bind(None, *args, **kwargs).arguments if of_a_plan else {}
            plan_id = bound.get("plan_id", None if of_a_plan else ALL_PLANS)
            key = version() if plan_id is None else plan_version(plan_id, scope)
        # Views and charts carry translated labels: the language is part of the key.
        return cached(database_url(), key, current_language(), *args, **kwargs)

    return reader


# Scopes: the kinds of a plan's data a read depends on (models/entities/versions.py).
STRUCTURE = ("structure",)
APPROVED = ("approved",)
DASHBOARD = ("structure", "approved")
FUNDING = ("structure", "approved", "funding")
WORKFLOW = ("structure", "workflow")

# The plan and the selection, shared by every dashboard page.
plans = cached_read(base.plans, max_entries=8, scope=STRUCTURE)
plan_outline = cached_read(base.plan_outline, max_entries=32, scope=STRUCTURE)
default_as_of = cached_read(base.default_as_of, max_entries=32, scope=APPROVED)
agencies_in_plan = cached_read(base.agencies_in_plan, max_entries=32, scope=STRUCTURE)
rated_activities = cached_read(base.rated_activities, scope=DASHBOARD)
# One read per page that needs its own, named after the page. Findings are the plan's
# structure; their links, responses and follow-ups carry no plan, so writing one moves plan 0
# (every plan's reads), as before.
overview_figures = cached_read(overview_view.figures, max_entries=32, scope=DASHBOARD)
explorer_evidence = cached_read(explorer_view.report_evidence, scope=DASHBOARD)
explorer_history = cached_read(explorer_view.activity_history, scope=DASHBOARD)
agencies_links = cached_read(agencies_view.links_and_counts, max_entries=32, scope=STRUCTURE)
indicators_table = cached_read(indicators_view.indicator_table, scope=DASHBOARD)
indicators_history = cached_read(indicators_view.approved_history, scope=DASHBOARD)
context_statistics = cached_read(context_view.statistics, max_entries=16, scope=STRUCTURE)
findings_list = cached_read(findings_view.findings, max_entries=32, scope=STRUCTURE)
findings_history = cached_read(findings_view.history, max_entries=32, scope=STRUCTURE)
findings_links = cached_read(findings_view.links, max_entries=16, scope=STRUCTURE)
findings_concerning = cached_read(findings_view.concerning, scope=STRUCTURE)
findings_summary = cached_read(findings_view.summary, max_entries=32, scope=STRUCTURE)
funding_money = cached_read(funding_view.money, scope=FUNDING)
funding_iati = cached_read(funding_view.iati, max_entries=16, scope=FUNDING)
funding_budget_lines = cached_read(funding_view.budget_lines, max_entries=16, scope=FUNDING)
my_activities_list = cached_read(my_activities_view.activities, max_entries=32, scope=WORKFLOW)
my_activities_reports = cached_read(my_activities_view.reports, scope=WORKFLOW)
my_activities_workbook = cached_read(build_workbook, max_entries=8, scope=WORKFLOW)
approvals_queue = cached_read(approvals_view.queue, max_entries=32, scope=WORKFLOW)
plan_editor_lookups = cached_read(plan_editor_view.editor_lookups, max_entries=16, scope=STRUCTURE)
plan_editor_iati = cached_read(
    plan_editor_view.iati_settings_reads, max_entries=16, scope=STRUCTURE
)
audit_facets = cached_read(audit_view.audit_facets, max_entries=8)
audit_events = cached_read(audit_view.events, max_entries=32)
accounts_list = cached_read(accounts_view.accounts, max_entries=8)
