"""The shared sidebar: plan, reporting date and filters, kept in the URL's query parameters."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import streamlit as st

from models.db import database_url
from pages.ui.data import agencies_in_plan, default_as_of, plan_outline, plans
from pages.ui.navigation import DEEP_LINK, require_access, visible_pages
from pages.ui.session import user_box

# Set by app.py on every run; a page run without it did not come through the entrypoint.
ENTRYPOINT_MARK = "entrypoint_ran"


@dataclass(frozen=True)
class View:
    plan_id: int
    plan_code: str
    as_of: date
    framework_ids: tuple[int, ...]
    agency_id: int | None

    @property
    def filtered(self) -> bool:
        return bool(self.framework_ids) or self.agency_id is not None


def _param_date(value: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


def sidebar() -> View | None:
    """Render the sidebar; the choices also go to the URL so a view can be bookmarked."""
    url = database_url()
    available = plans(url)
    if available.empty:
        return None
    params = st.query_params
    codes = list(available["code"])
    wanted = params.get("plan", codes[-1])
    titles = dict(
        zip(available["code"], available["country"] + ": " + available["title"], strict=True)
    )
    code = st.sidebar.selectbox(
        "Plan",
        codes,
        index=codes.index(wanted) if wanted in codes else len(codes) - 1,
        format_func=titles.get,
    )
    plan = available.set_index("code").loc[code]
    plan_id = int(plan["id"])
    latest = default_as_of(url, plan_id) or min(date.today(), plan["target_date"])
    as_of = st.sidebar.date_input(
        "Reporting date (as of)",
        value=_param_date(params.get("asof"), latest),
        min_value=plan["period_start"],
        max_value=date.today(),
        format="YYYY-MM-DD",
        help="Figures show approved reports dated on or before this day. "
        "Defaults to the latest approved report.",
    )
    frameworks = plan_outline(url, plan_id).frameworks
    fw_codes = list(frameworks["code"])
    chosen = [c for c in params.get_all("fw") if c in fw_codes]
    picked = st.sidebar.multiselect(
        "Frameworks",
        fw_codes,
        default=chosen,
        placeholder="All frameworks",
        format_func=dict(zip(frameworks["code"], frameworks["name"], strict=True)).get,
    )
    agencies = agencies_in_plan(url, plan_id)
    labels = dict(zip(agencies["id"], agencies["acronym"].fillna(agencies["name"]), strict=True))
    by_label = {v: k for k, v in labels.items()}
    agency = st.sidebar.selectbox(
        "Agency",
        [None, *labels],
        format_func=lambda i: "All agencies" if i is None else labels[i],
        index=[None, *labels].index(by_label.get(params.get("agency"))),
    )
    _write_params(code, as_of, latest, picked, labels.get(agency))
    fw_ids = tuple(int(i) for i in frameworks.set_index("code").loc[picked, "id"])
    view = View(plan_id, code, as_of, fw_ids, agency)
    return view


def _write_params(code: str, as_of: date, latest: date, fws: list[str], agency: str | None):
    wanted = {"plan": code}
    if as_of != latest:
        wanted["asof"] = as_of.isoformat()
    if fws:
        wanted["fw"] = fws
    if agency:
        wanted["agency"] = agency
    if {k: params_value(k) for k in ("plan", "asof", "fw", "agency")} != {
        k: wanted.get(k) for k in ("plan", "asof", "fw", "agency")
    }:
        st.query_params.from_dict(wanted)


def params_value(key: str):
    values = st.query_params.get_all(key)
    if not values:
        return None
    return values if key == "fw" else values[0]


def current_view() -> View | None:
    """The view chosen in the shared sidebar, which this draws: call it once, at a page's top."""
    # The calling page's file, as registered in the navigation ("pages/<name>.py").
    page_file = f"pages/{Path(sys._getframe(1).f_code.co_filename).name}"
    require_entrypoint(page_file)
    require_access(page_file)
    user_box()
    return sidebar()


def require_entrypoint(page_file: str) -> None:
    """Send a session that reached a page without app.py back through it.

    Until app.py has called st.navigation once, a fresh server treats pages/ as a folder of
    standalone pages: a deep link would run the page without the page config, the sign-in
    gate or the navigation. The link is kept, and app.py opens it once it has run.
    """
    if st.session_state.get(ENTRYPOINT_MARK):
        return
    st.session_state[DEEP_LINK] = (page_file, st.query_params.to_dict())
    st.switch_page("app.py")


def follow_deep_link(user: dict | None) -> None:
    """In app.py, after st.navigation: open the page a first visit asked for.

    A page the visitor may not open yet is kept for after signing in; once signed in, a
    link to a page the role does not have is dropped.
    """
    link = st.session_state.get(DEEP_LINK)
    if not link:
        return
    if link[0] in {path for path, _title, _icon in visible_pages(user)}:
        del st.session_state[DEEP_LINK]
        st.switch_page(link[0], query_params=link[1])
    if user is not None:
        del st.session_state[DEEP_LINK]
