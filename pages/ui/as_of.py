"""The sidebar's reporting date: typed (applied on Enter), or one click on "Latest" or a year's end.

A typed date is checked when Enter is pressed: a date that is not YYYY-MM-DD is refused with a
message and the figures stay where they were; a date outside the plan's range is clamped by
pages.ui.sidebar, with a note. The picked date is handed to the sidebar through session state.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from models.i18n import N_, _, format_date
from pages.ui.labels import md

TEXT_KEY = "as_of_text"
# Session keys: the date just picked (ISO text), and why a typed one was refused.
PICKED_KEY = "as_of_picked"
REFUSED_KEY = "as_of_refused"
LABEL = N_("Reporting date (as of)")


def picked() -> str | None:
    """The date chosen since the last run (typed or clicked), once; else None."""
    return st.session_state.pop(PICKED_KEY, None)


def period_ends(period_start: date, target_date: date, first: date, last: date) -> list[date]:
    """31 December of each year of the plan, within the dates that can be chosen."""
    ends = (date(year, 12, 31) for year in range(period_start.year, target_date.year + 1))
    return [end for end in ends if first <= end <= last]


def draw(as_of: date, *, latest: date, ends: list[date]) -> None:
    """The date box and its one-click dates, in the sidebar, showing `as_of`."""
    st.session_state[TEXT_KEY] = as_of.isoformat()
    st.sidebar.text_input(
        _(LABEL),
        key=TEXT_KEY,
        max_chars=10,
        placeholder="YYYY-MM-DD",
        on_change=_typed,
        help=_(
            "Type a date as YYYY-MM-DD and press Enter. Figures show approved reports dated "
            "on or before this day. Defaults to the latest approved report."
        ),
    )
    if refused := st.session_state.pop(REFUSED_KEY, None):
        st.sidebar.error(_(refused[0]).format(**refused[1]), icon=":material/event_busy:")
    row = st.sidebar.container(horizontal=True, gap="small")
    # Keys stay English ("as_of_latest", "as_of_end_2007") whatever the language shown.
    quick = [("latest", _("Latest"), latest)]
    quick += [(f"end_{end.year}", _("End {year}").format(year=end.year), end) for end in ends]
    for key, label, day in quick:
        row.button(
            label,
            key=f"as_of_{key}",
            on_click=_pick,
            args=(day.isoformat(),),
            type="primary" if day == as_of else "secondary",
            help=_("Figures as of {date}").format(date=format_date(day)),
        )


def _pick(day: str) -> None:
    st.session_state[PICKED_KEY] = day


def _typed() -> None:
    text = (st.session_state.get(TEXT_KEY) or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        # Kept untranslated (message, values): the callback runs before the run's language is set.
        st.session_state[REFUSED_KEY] = (
            N_(
                "“{text}” is not a date: type it as YYYY-MM-DD (e.g. 2006-06-30) "
                "and press Enter. The figures have not changed."
            ),
            {"text": md(text[:40])},
        )
        return
    st.session_state[PICKED_KEY] = day.isoformat()
