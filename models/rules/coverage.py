"""Funding coverage maths on the frames of models.queries.funding. Pure pandas, no database.

coverage = committed ÷ costed; disbursement rate = disbursed ÷ committed; gap = costed −
committed, never below zero. A ratio whose denominator is 0 is NaN, shown as "—": nothing is
costed (or committed), so there is no rate to state.

Currencies: amounts in different currencies are never added up. Every result keeps a
`currency` column and sums within it; a page showing one total must pick a currency (the demo
set is all EUR). An activity with no money at all is put under the plan's main currency, where
its zeros change no sum but it still counts as an activity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.i18n import N_

MONEY = ["costed", "pledged", "committed", "disbursed"]
FLOWS = ["pledged", "committed", "disbursed"]
DEFAULT_CURRENCY = "EUR"
# A data label in English (grouped on); translated where shown.
NO_OBJECTIVE = N_("Not linked to an objective")
NOT_AVAILABLE = "—"


def ratio(numerator, denominator) -> np.ndarray:
    """numerator ÷ denominator element-wise, NaN where the denominator is 0 or missing."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    safe = np.where(den > 0, den, 1.0)
    return np.where(den > 0, num / safe, np.nan)


def format_ratio(value: float) -> str:
    return NOT_AVAILABLE if pd.isna(value) else f"{value:.0%}"


def format_money(amount: float, currency: str) -> str:
    return f"{currency} {amount:,.0f}"


def with_ratios(df: pd.DataFrame) -> pd.DataFrame:
    """`df` (with costed, committed, disbursed) plus coverage, disbursement_rate and gap."""
    df = df.copy()
    df["coverage"] = ratio(df["committed"], df["costed"])
    df["disbursement_rate"] = ratio(df["disbursed"], df["committed"])
    df["gap"] = (df["costed"] - df["committed"]).clip(lower=0)
    return df


def activity_coverage(money: pd.DataFrame) -> pd.DataFrame:
    """Per activity and currency (from `activity_money`): the money plus its ratios and gap."""
    df = money.copy()
    known = df["currency"].dropna()
    main = known.mode().iloc[0] if len(known) else DEFAULT_CURRENCY
    df["currency"] = df["currency"].fillna(main)
    return with_ratios(df)


def rollup(coverage: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sums per `by` and currency, with activity counts, unfunded counts and ratios.

    `activities` counts distinct activities; `unfunded` those with nothing committed.
    """
    keys = [*by, "currency"]
    df = coverage.assign(_unfunded=coverage["committed"] <= 0)
    grouped = df.groupby(keys, sort=False, dropna=False)
    sums = grouped[MONEY].sum()
    sums["activities"] = grouped["activity_id"].nunique()
    unfunded_ids = df[df["_unfunded"]].groupby(keys, sort=False, dropna=False)["activity_id"]
    sums["unfunded"] = unfunded_ids.nunique().reindex(sums.index, fill_value=0)
    sums["illustrative"] = grouped["illustrative"].any()
    return with_ratios(sums.reset_index())


def by_framework(coverage: pd.DataFrame) -> pd.DataFrame:
    return rollup(coverage, ["framework_id", "framework"])


def plan_total(coverage: pd.DataFrame) -> pd.DataFrame:
    """One row per currency for everything in view."""
    return rollup(coverage, [])


def by_objective(coverage: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Per objective: an activity counts IN FULL in every objective it serves, so the
    objectives' sums can exceed the plan total (they are not to be added up). Activities
    serving no objective form one row labelled NO_OBJECTIVE rather than vanishing.
    """
    pairs = links[["activity_id", "objective_id", "objective_code", "objective"]]
    expanded = coverage.merge(pairs.drop_duplicates(), on="activity_id", how="left")
    expanded["objective_id"] = expanded["objective_id"].astype("Int64")
    expanded["objective_code"] = expanded["objective_code"].fillna("")
    expanded["objective"] = expanded["objective"].fillna(NO_OBJECTIVE)
    rolled = rollup(expanded, ["objective_id", "objective_code", "objective"])
    # Plan order (the order of `links`); the NO_OBJECTIVE row last.
    order = {oid: i for i, oid in enumerate(pd.unique(links["objective_id"]))}
    rank = rolled["objective_id"].map(order).astype(float).fillna(len(order))
    return rolled.iloc[np.argsort(rank.to_numpy(), kind="stable")].reset_index(drop=True)


def donor_by_framework(donors: pd.DataFrame) -> pd.DataFrame:
    """Per donor, framework and currency (from `donor_money`): pledged, committed, disbursed.

    Long format, ready for stacked bars (x framework, colour donor)."""
    keys = ["donor_id", "donor", "framework_id", "framework", "currency"]
    grouped = donors.groupby(keys, sort=False)
    out = grouped[FLOWS].sum()
    out["illustrative"] = grouped["illustrative"].any()
    return out.reset_index()


def flows(donors: pd.DataFrame, links: pd.DataFrame, measure: str = "committed") -> pd.DataFrame:
    """Sankey links donor → framework → objective for one money `measure`, per currency.

    Columns: source, target, value, currency, stage ("donor_framework" or
    "framework_objective"). Unlike `by_objective`, an activity serving several objectives
    splits its money EQUALLY between them here, so what flows out of a framework equals what
    flows in. Money for activities serving no objective flows to NO_OBJECTIVE.
    """
    if measure not in FLOWS:
        raise ValueError(f"measure must be one of {FLOWS}, not {measure!r}")
    money = donors[donors[measure] > 0]
    first = (
        money.groupby(["donor", "framework", "currency"], sort=False)[measure].sum().reset_index()
    )
    first.columns = ["source", "target", "currency", "value"]
    shares = links.groupby("activity_id")["objective_id"].transform("count")
    split = links.assign(share=1.0 / shares)[["activity_id", "objective_code", "share"]]
    per_activity = money.groupby(["activity_id", "framework", "currency"], sort=False)[measure]
    second = per_activity.sum().reset_index().merge(split, on="activity_id", how="left")
    second["share"] = second["share"].fillna(1.0)
    second["objective_code"] = second["objective_code"].fillna(NO_OBJECTIVE)
    second["value"] = second[measure] * second["share"]
    second = second.groupby(["framework", "objective_code", "currency"], sort=False)["value"].sum()
    second = second.reset_index()
    second.columns = ["source", "target", "currency", "value"]
    first["stage"], second["stage"] = "donor_framework", "framework_objective"
    return pd.concat([first, second], ignore_index=True)[
        ["source", "target", "value", "currency", "stage"]
    ]


def unfunded(coverage: pd.DataFrame) -> pd.DataFrame:
    """Activities with no commitment in any currency (one row per costed currency)."""
    committed = coverage.groupby("activity_id")["committed"].transform("sum")
    return coverage[committed <= 0].reset_index(drop=True)
