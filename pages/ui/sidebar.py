"""The sidebar's selection: plan, reporting date and filters, kept in the URL's query parameters.

Every page starts with `selection()` (dashboard pages) or `page_setup()` (pages the plan and
date do not apply to): both check the entry point and access, and draw who is signed in.
Whatever the URL holds, the page works: an unknown plan, framework or agency is ignored, and
a reporting date that is malformed or outside the plan's range is replaced, with a note.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import streamlit as st

from models.i18n import SOURCE_LANGUAGE, _, current_language, format_date
from models.services.auth import SignedInUser
from pages.ui import as_of as as_of_box
from pages.ui.data import agencies_in_plan, default_as_of, plan_outline, plans
from pages.ui.labels import NO_PLAN, md
from pages.ui.language import url_language
from pages.ui.navigation import DEEP_LINK, require_access, show_refusal, visible_pages
from pages.ui.session import user_box

# Set by app.py on every run; a page run without it did not come through the entrypoint.
ENTRYPOINT_MARK = "entrypoint_ran"
PARAMS = ("plan", "asof", "fw", "agency")
# Session key of the last choice, as URL parameters: kept when a page is opened by the menu,
# a link or after signing in, none of which carry the parameters along.
CHOICE_KEY = "sidebar_choice"


@dataclass(frozen=True)
class Selection:
    """What the sidebar chose: the plan (with what pages show of it), the date, the filters."""

    plan_id: int
    plan_code: str
    plan_title: str
    country: str
    period_start: date
    target_date: date
    as_of: date
    framework_ids: tuple[int, ...]
    agency_id: int | None
    framework_names: tuple[str, ...]  # all the plan's frameworks, in plan order

    @property
    def filtered(self) -> bool:
        return bool(self.framework_ids) or self.agency_id is not None


def page_setup() -> None:
    """For a page the sidebar's plan and date do not apply to: entry point, access, user box."""
    page_file = _calling_page()
    require_entrypoint(page_file)
    require_access(page_file)
    show_refusal()
    user_box()
    # The URL keeps the choice here too, so a link or bookmark taken on this page carries it.
    if not any(st.query_params.get_all(k) for k in PARAMS) and st.session_state.get(CHOICE_KEY):
        kept = {k: v for k, v in st.session_state[CHOICE_KEY].items() if v}
        st.query_params.from_dict({**kept, **url_language()})


def selection(*, needs_plan: bool = True) -> Selection | None:
    """Draw the sidebar and return its choice; call it once, at a page's top.

    With no plan in the database, a page that `needs_plan` says so and stops."""
    page_file = _calling_page()
    require_entrypoint(page_file)
    require_access(page_file)
    show_refusal()
    user_box()
    chosen = _sidebar()
    if chosen is None and needs_plan:
        st.info(_(NO_PLAN))
        st.stop()
    return chosen


def _calling_page() -> str:
    # The page file that called us, as registered in the navigation ("pages/<name>.py").
    frame = sys._getframe(2)
    return f"pages/{Path(frame.f_code.co_filename).name}"


def _sidebar() -> Selection | None:
    available = plans()
    if available.empty:
        return None
    wanted = _wanted()
    codes = list(available["code"])
    asked_plan = _first(wanted["plan"])
    titles = dict(
        zip(available["code"], available["country"] + ": " + available["title"], strict=True)
    )
    if asked_plan is not None and asked_plan not in codes:
        st.sidebar.warning(
            _("No plan has the code “{code}”: showing the latest plan.").format(code=md(asked_plan))
        )
    code = st.sidebar.selectbox(
        _("Plan"),
        codes,
        index=codes.index(asked_plan) if asked_plan in codes else len(codes) - 1,
        format_func=titles.get,
    )
    plan = available.set_index("code").loc[code]
    plan_id = int(plan["id"])
    today = date.today()
    latest = default_as_of(plan_id) or min(today, plan["target_date"])
    first = min(plan["period_start"], today)
    as_of = _as_of(as_of_box.picked() or _first(wanted["asof"]), latest, first, today)
    as_of_box.draw(
        as_of,
        latest=max(first, min(latest, today)),
        ends=as_of_box.period_ends(plan["period_start"], plan["target_date"], first, today),
    )
    frameworks = plan_outline(plan_id).frameworks
    fw_codes = list(frameworks["code"])
    picked = st.sidebar.multiselect(
        _("Frameworks"),
        fw_codes,
        default=[c for c in wanted["fw"] if c in fw_codes],
        placeholder=_("All frameworks"),
        format_func=dict(zip(frameworks["code"], frameworks["name"], strict=True)).get,
    )
    agency = _agency(plan_id, _first(wanted["agency"]))
    _write_params(code, as_of, latest, picked, agency[1])
    return Selection(
        plan_id=plan_id,
        plan_code=code,
        plan_title=str(plan["title"]),
        country=str(plan["country"]),
        period_start=plan["period_start"],
        target_date=plan["target_date"],
        as_of=as_of,
        framework_ids=tuple(int(i) for i in frameworks.set_index("code").loc[picked, "id"]),
        agency_id=agency[0],
        framework_names=tuple(frameworks["name"]),
    )


def _wanted() -> dict[str, list[str]]:
    """The choice to show: the URL's parameters, and this session's last choice for the rest.

    Opening a page by the menu or a link drops the parameters the link does not carry; the
    session's last choice fills them in. A URL typed or bookmarked opens a new session, so
    it always wins. A link to another plan does not inherit this plan's filters."""
    url = {k: st.query_params.get_all(k) for k in PARAMS}
    kept: dict[str, list[str]] = st.session_state.get(CHOICE_KEY, {})
    if url["plan"] and url["plan"] != kept.get("plan"):
        kept = {}
    return {k: url[k] or list(kept.get(k, [])) for k in PARAMS}


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _agency(plan_id: int, asked: str | None) -> tuple[int | None, str | None]:
    agencies = agencies_in_plan(plan_id)
    labels = dict(zip(agencies["id"], agencies["acronym"].fillna(agencies["name"]), strict=True))
    by_label = {v: k for k, v in labels.items()}
    names = dict(zip(agencies["id"], agencies["name"], strict=True))
    full = {i: f"{label} — {names[i]}" for i, label in labels.items() if names[i] != label}
    options = [None, *labels]
    agency = st.sidebar.selectbox(
        _("Agency"),
        options,
        format_func=lambda i: _("All agencies") if i is None else full.get(i, labels[i]),
        index=options.index(by_label.get(asked)),
    )
    return agency, labels.get(agency)


def _as_of(value: str | None, latest: date, first: date, last: date) -> date:
    """The date the URL asks for, within [first, last]; else the latest report's, with a note."""
    if not value:
        return max(first, min(latest, last))
    try:
        asked = date.fromisoformat(value)
    except ValueError:
        st.sidebar.warning(
            _("“{text}” is not a date (YYYY-MM-DD): showing the latest.").format(
                text=md(value[:40])
            )
        )
        return max(first, min(latest, last))
    clamped = max(first, min(asked, last))
    if clamped != asked:
        st.sidebar.warning(
            _(
                "Reporting dates run from {first} to {last}: {asked} is outside, so the "
                "figures are as of {clamped}."
            ).format(
                first=_day(first),
                last=_day(last),
                asked=_day(asked),
                clamped=_day(clamped),
            )
        )
    return clamped


def _day(day: date) -> str:
    # "30 Jun 2006" in English, as before; the language's medium date otherwise.
    return (
        f"{day:%d %b %Y}" if current_language() == SOURCE_LANGUAGE else format_date(day, "medium")
    )


def _write_params(code: str, as_of: date, latest: date, fws: list[str], agency: str | None):
    wanted: dict[str, str | list[str]] = {"plan": code}
    if as_of != latest:
        wanted["asof"] = as_of.isoformat()
    if fws:
        wanted["fw"] = fws
    if agency:
        wanted["agency"] = agency
    choice = {k: _as_list(wanted.get(k)) for k in PARAMS}
    st.session_state[CHOICE_KEY] = choice
    if {k: st.query_params.get_all(k) for k in PARAMS} != choice:
        st.query_params.from_dict({**wanted, **url_language()})


def _as_list(value: str | list[str] | None) -> list[str]:
    return [] if value is None else value if isinstance(value, list) else [value]


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


def follow_deep_link(user: SignedInUser | None) -> None:
    """In app.py, after st.navigation: open the page a first visit asked for.

    A page the visitor may not open yet is kept for after signing in; once signed in, a
    link to a page the role does not have is dropped.
    """
    link = st.session_state.get(DEEP_LINK)
    if not link:
        return
    if link[0] in {path for path, _title, _icon in visible_pages(user)}:
        del st.session_state[DEEP_LINK]
        # The language chosen since the link was followed (on the sign-in page) wins.
        st.switch_page(link[0], query_params={**link[1], **url_language()})
    if user is not None:
        del st.session_state[DEEP_LINK]
