"""What every page shares: the engine, cached reads keyed on the data version, labels."""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlalchemy import Engine

from models.charts import overview as charts
from models.db import database_url, make_engine
from models.queries import dashboard as dashboard_queries
from models.queries import plan as plan_queries
from models.rules.text import escape_markdown
from models.views import overview as dashboard

ILLUSTRATIVE_NOTE = (
    "Illustrative demo data: invented to show how the dashboard works, not reported by anyone."
)
INFERRED_NOTE = "Inferred: the report does not say this; it is a proposal, open to correction."


@st.cache_resource
def _engine(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    """The process-wide engine for the configured database."""
    return _engine(database_url())


def refresh_version() -> tuple:
    """Read the data version once per script run (app.py); caches below are keyed on it."""
    st.session_state.data_version = dashboard_queries.data_version(engine())
    return st.session_state.data_version


def version() -> tuple:
    return st.session_state.get("data_version") or refresh_version()


# Cached reads take plain values only (never a Session or an ORM object), and the data
# version, so that a new approved report shows up at once. (Arguments named with a leading
# underscore are not hashed by st.cache_data: the version must not be one of them.)
@st.cache_data(show_spinner=False, max_entries=32)
def _plans(url: str, data_version: tuple):
    return plan_queries.plans(_engine(url))


@st.cache_data(show_spinner=False, max_entries=32)
def _plan_outline(url: str, data_version: tuple, plan_id: int):
    return plan_queries.plan_outline(_engine(url), plan_id)


@st.cache_data(show_spinner=False, max_entries=32)
def _default_as_of(url: str, data_version: tuple, plan_id: int):
    return dashboard_queries.default_as_of(_engine(url), plan_id)


@st.cache_data(show_spinner=False, max_entries=32)
def _agencies(url: str, data_version: tuple, plan_id: int):
    return dashboard_queries.agencies_in_plan(_engine(url), plan_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _rated(
    url: str, data_version: tuple, plan_id: int, as_of: date, fws: tuple, agency: int | None
):
    return dashboard.rated_activities(
        _engine(url), plan_id, as_of, framework_ids=list(fws), agency_id=agency
    )


def plans(url: str):
    return _plans(url, version())


def plan_outline(url: str, plan_id: int):
    return _plan_outline(url, version(), plan_id)


def default_as_of(url: str, plan_id: int):
    return _default_as_of(url, version(), plan_id)


def agencies_in_plan(url: str, plan_id: int):
    return _agencies(url, version(), plan_id)


def rated_activities(view):
    return _rated(
        database_url(), version(), view.plan_id, view.as_of, view.framework_ids, view.agency_id
    )


def provenance_badge(*, inferred: bool = False, illustrative: bool = False) -> None:
    if illustrative:
        st.badge("Illustrative", icon=":material/science:", color="violet")
    if inferred:
        st.badge("Inferred", icon=":material/help:", color="orange")


def md(text: str | None) -> str:
    """Stored text made safe for a Markdown context."""
    return escape_markdown(text)


@st.cache_data(show_spinner=False, max_entries=64)
def _timeline(url: str, data_version: tuple, view, start: date, target: date):
    rated = _rated(url, data_version, view.plan_id, view.as_of, view.framework_ids, view.agency_id)
    return dashboard.progress_timeline(
        _engine(url), view.plan_id, activities=rated, as_of=view.as_of, target=target, start=start
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _overview_figures(url: str, data_version: tuple, view, start: date, target: date):
    # Building the figures costs more than reading the data: cache them with it.
    rated = _rated(url, data_version, view.plan_id, view.as_of, view.framework_ids, view.agency_id)
    timeline = _timeline(url, data_version, view, start, target)
    return (
        charts.progress_lines(timeline, view.as_of, target),
        charts.status_bars(rated),
        charts.timeline(rated, view.as_of),
    )


def overview_figures(view, start: date, target: date):
    """The Overview's three charts: progress lines, statuses, planned periods."""
    return _overview_figures(database_url(), version(), view, start, target)


def current_user() -> dict | None:
    """The signed-in user as plain values (id, username, role, organisation_id), or None."""
    return st.session_state.get("user")


def current_role() -> str | None:
    user = current_user()
    return user["role"] if user else None
