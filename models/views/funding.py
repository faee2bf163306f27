"""The Funding page's tables: coverage frames (models.rules.coverage) for display, download.

Everything here works in one currency at a time: the page picks it, and amounts in other
currencies are never mixed into the figures shown. Downloads keep amounts numeric, with a
currency column, so a spreadsheet can add them up again.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from models.charts.base import plan_order
from models.exchange.iati_check import IatiExportRefused, checked_export
from models.exchange.spreadsheet import safe_frame, safe_workbook
from models.i18n import N_, SOURCE_LANGUAGE, _, current_language, format_money, format_percent
from models.queries import funding as q
from models.queries import iati_settings
from models.rules import coverage as c

BEHIND = frozenset({"behind", "overdue"})
TICK = "✓"
LATE_SHADE = "#FBE3C5"  # a pale tint of the palette's orange (#E69F00), "behind schedule"
AMOUNTS = ["costed", "pledged", "committed", "disbursed", "gap"]
RATIOS = ["coverage", "disbursement_rate"]
# One rounding rule on the page: percentages to the whole percent (c.format_ratio, too).
PERCENT_FORMAT = "%.0f%%"
CSV_PLACES = {**dict.fromkeys(AMOUNTS, 2), **dict.fromkeys(RATIOS, 4)}
# Column headings, shared by the page and the workbook so both read the same.
# Marked for translation here, translated where shown (headings()).
HEADINGS = {
    "code": N_("Code"),
    "title": N_("Activity"),
    "framework": N_("Framework"),
    "lead": N_("Lead agency"),
    "rating_label": N_("Schedule"),
    "objective_code": N_("Objective code"),
    "objective": N_("Objective"),
    "donor": N_("Donor"),
    "currency": N_("Currency"),
    "costed": N_("Costed"),
    "pledged": N_("Pledged"),
    "committed": N_("Committed"),
    "disbursed": N_("Disbursed"),
    "gap": N_("Gap"),
    "coverage": N_("Coverage (committed ÷ costed)"),
    "disbursement_rate": N_("Disbursement rate (disbursed ÷ committed)"),
    "activities": N_("Activities"),
    "unfunded": N_("Unfunded activities"),
    "unfunded_behind": N_("Unfunded and behind"),
    "illustrative": N_("Illustrative"),
}
# The download's sheets, by the key tables() gives them.
SHEETS = {
    "Frameworks": N_("Frameworks"),
    "Objectives": N_("Objectives"),
    "Activities": N_("Activities"),
    "Donors": N_("Donors"),
}
# In the order money moves (costed, pledged, committed, disbursed), then the gap and ratios.
FRAMEWORK_COLUMNS = [
    "framework",
    "currency",
    "costed",
    "pledged",
    "committed",
    "disbursed",
    "gap",
    "coverage",
    "disbursement_rate",
    "activities",
    "unfunded",
    "illustrative",
]
OBJECTIVE_COLUMNS = ["objective_code", "objective", *FRAMEWORK_COLUMNS[1:]]
ACTIVITY_COLUMNS = [
    "code",
    "title",
    "gap",
    "coverage",
    "rating_label",
    "unfunded_behind",
    "lead",
    "framework",
    "currency",
    "costed",
    "committed",
    "disbursed",
    "disbursement_rate",
    "pledged",
    "illustrative",
]
DONOR_COLUMNS = [
    "donor",
    "framework",
    "currency",
    "pledged",
    "committed",
    "disbursed",
    "illustrative",
]


def headings() -> dict[str, str]:
    """HEADINGS in this run's language."""
    return {column: _(heading) for column, heading in HEADINGS.items()}


def money_text(amount, currency: str) -> str:
    """An amount as the language writes it ("EUR 1,234" in English, "1.234 €" in Serbian)."""
    text = format_money(amount, currency)
    return text.replace("\u00a0", " ") if current_language() == SOURCE_LANGUAGE else text


def ratio_text(value) -> str:
    """A ratio (0.34) as a whole percent ("34%"), "—" where there is none."""
    return c.NOT_AVAILABLE if pd.isna(value) else format_percent(float(value) * 100)


def currencies(money: pd.DataFrame) -> list[str]:
    """Currencies with money in view, most rows first (the demo set has only EUR)."""
    known = money["currency"].dropna()
    return list(known.value_counts().index) or [c.DEFAULT_CURRENCY]


def has_funding(money: pd.DataFrame) -> bool:
    return bool(money[c.MONEY].to_numpy().sum() > 0)


def in_currency(df: pd.DataFrame, currency: str) -> pd.DataFrame:
    return df[df["currency"] == currency].reset_index(drop=True)


def headline(coverage: pd.DataFrame) -> dict[str, str]:
    """The page's top metrics for one currency: amounts with thousands separators, ratios."""
    total = c.plan_total(coverage)
    if total.empty:
        return {}
    row, currency = total.iloc[0], total.iloc[0]["currency"]
    shown = {_(k.capitalize()): money_text(row[k], currency) for k in c.MONEY}
    shown[_("Coverage")] = ratio_text(row["coverage"])
    shown[_("Disbursement rate")] = ratio_text(row["disbursement_rate"])
    return shown


def donor_metrics(donors: pd.DataFrame, donor_id: int, currency: str) -> dict[str, str]:
    """A donor organisation's own pledged, committed and disbursed totals, and reach."""
    own = donors[(donors["donor_id"] == donor_id) & (donors["currency"] == currency)]
    shown = {_(k.capitalize()): money_text(own[k].sum(), currency) for k in c.FLOWS}
    shown[_("Activities funded")] = str(own.loc[own["committed"] > 0, "activity_id"].nunique())
    return shown


def donor_name(donors: pd.DataFrame, donor_id: int | None) -> str | None:
    """The name a donor organisation goes by in the donor frames (None if it gave nothing)."""
    names = donors.loc[donors["donor_id"] == donor_id, "donor"]
    return None if names.empty else names.iloc[0]


def objective_titles(links: pd.DataFrame) -> dict[str, str]:
    return dict(zip(links["objective_code"], links["objective"], strict=True))


def gap_table(coverage: pd.DataFrame, rated: pd.DataFrame) -> pd.DataFrame:
    """Every activity, largest gap first, with its lead agency and schedule rating.

    `unfunded_behind` marks an activity with nothing committed whose schedule rating is
    behind or overdue: where the missing money is most likely the reason.
    """
    schedule = rated[["activity_id", "lead", "rating", "rating_label"]]
    df = coverage.merge(schedule, on="activity_id", how="left")
    committed = df.groupby("activity_id")["committed"].transform("sum")
    behind = df["rating"].isin(BEHIND) & (committed <= 0)
    df["unfunded_behind"] = behind.map({True: TICK, False: ""})
    df["rating_label"] = df["rating_label"].map(_, na_action="ignore")
    df = df.sort_values(["gap", "costed", "code"], ascending=[False, False, True], kind="stable")
    return df.reset_index(drop=True)


def styled_gaps(activities: pd.DataFrame):
    """The gap table with its unfunded-and-behind rows shaded (a pandas Styler)."""
    late = activities["unfunded_behind"] == TICK
    return activities.style.apply(
        lambda row: [f"background-color: {LATE_SHADE}" if late[row.name] else ""] * len(row),
        axis=1,
    )


def donor_table(donors: pd.DataFrame) -> pd.DataFrame:
    """Contributions per donor and framework, the largest committed donor first."""
    rows = c.donor_by_framework(donors)
    order = rows.groupby("donor")["committed"].transform("sum")
    rows = rows.assign(_total=order).sort_values(["_total", "donor"], ascending=[False, True])
    return rows.drop(columns="_total").reset_index(drop=True)


def framework_table(coverage: pd.DataFrame, plan_frameworks: list[str] | None = None):
    """Money per framework (costed, pledged, committed, disbursed, gap, coverage,
    disbursement rate), frameworks in plan order whatever order the money came in."""
    table = c.by_framework(coverage)[FRAMEWORK_COLUMNS]
    order = plan_order(table["framework"], list(plan_frameworks or []))
    position = {name: i for i, name in enumerate(order)}
    table = table.sort_values("framework", key=lambda s: s.map(position), kind="stable")
    return table.reset_index(drop=True)


def tables(coverage, links, donors, rated, plan_frameworks=None) -> dict[str, pd.DataFrame]:
    """The page's tables for one currency, keyed by the sheet name they download under."""
    return {
        "Frameworks": framework_table(coverage, plan_frameworks),
        "Objectives": _objective_table(coverage, links),
        "Activities": gap_table(coverage, rated)[ACTIVITY_COLUMNS],
        "Donors": donor_table(donors)[DONOR_COLUMNS],
    }


def _objective_table(coverage: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Money per objective; the row of activities serving none named in this run's language."""
    table = c.by_objective(coverage, links)[OBJECTIVE_COLUMNS]
    unlinked = table["objective"] == c.NO_OBJECTIVE
    return table.assign(objective=table["objective"].mask(unlinked, _(c.NO_OBJECTIVE)))


def workbook(sheets: dict[str, pd.DataFrame], notes: list[str]) -> bytes:
    """An .xlsx with a sheet of notes (date, filters, provenance) then one sheet per table."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        about = _("About")
        pd.DataFrame({_("About these figures"): notes}).to_excel(
            writer, sheet_name=about, index=False
        )
        for name, df in sheets.items():
            sheet = _(SHEETS.get(name, name))
            df.rename(columns=headings()).to_excel(writer, sheet_name=sheet, index=False)
            _number_formats(writer.sheets[sheet], df)
        writer.sheets[about].column_dimensions["A"].width = 100
        safe_workbook(writer.book)
    return buffer.getvalue()


def _number_formats(sheet, df: pd.DataFrame) -> None:
    for index, column in enumerate(df.columns, start=1):
        fmt = "#,##0.00" if column in AMOUNTS else "0%" if column in RATIOS else None
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 14 if fmt else max(12, len(_(HEADINGS[column])) + 2)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = fmt or cell.number_format


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the accents right;
    formula-like text made inert; amounts with 2 decimals and ratios with 4, written as
    plain decimals ("0.3409", never "0.3409090909090909"), a missing ratio left empty."""
    safe = safe_frame(df)  # numbers pass untouched: text only is made inert
    for column in safe.columns:
        places = CSV_PLACES.get(column)
        if places is not None:
            safe[column] = [_decimal(value, places) for value in df[column]]
    return safe.rename(columns=headings()).to_csv(index=False).encode("utf-8-sig")


def _decimal(value, places: int) -> str:
    return "" if pd.isna(value) else f"{float(value):.{places}f}"


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """A table for the page: ratios as percents (0.3409 → 34.09), shown to the whole percent
    (PERCENT_FORMAT) like the metrics and the chart; downloads keep the ratios."""
    shown = df.copy()
    for column in RATIOS:
        if column in shown:
            shown[column] = shown[column] * 100
    return shown


def money(
    engine: Engine,
    plan_id: int,
    as_of: date,
    *,
    framework_ids: tuple[int, ...],
    agency_id: int | None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(money per activity, money per donor and activity, activity → objective links)."""
    f = {"framework_ids": list(framework_ids), "agency_id": agency_id}
    return (
        q.activity_money(engine, plan_id, as_of, **f),
        q.donor_money(engine, plan_id, as_of, **f),
        q.objective_links(engine, plan_id),
    )


def iati(
    engine: Engine, plan_id: int, as_of: date, allow_incomplete: bool = False
) -> tuple[bytes | None, list[str]]:
    """The plan's IATI activities as XML (None when refused), and the problems: what to fill
    in and where, rule errors and warnings (models.exchange.iati_check)."""
    try:
        export = checked_export(engine, plan_id, as_of=as_of, allow_incomplete=allow_incomplete)
    except IatiExportRefused as refused:
        return None, refused.messages
    except FileNotFoundError as error:  # no schema on this server: nothing validated
        return None, [str(error)]
    return export.xml, export.warnings


def budget_lines(engine: Engine, plan_id: int) -> pd.DataFrame:
    """Every activity's budget lines (the coordinator's budget-lines form)."""
    return iati_settings.budget_lines(engine, plan_id)
