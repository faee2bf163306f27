"""Write-service benchmark: save draft, submit, return, resubmit, approve and record funding,
each timed over `--calls` calls through models.services.unit_of_work.perform (one transaction
each, as a page's `act` runs it), p50 and p95, on SQLite and PostgreSQL at 1× and --scale×.

    .venv/bin/python -m tests.benchmarks.bench_writes [--calls 100] [--dialect sqlite]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select

from models.db import make_engine
from models.entities import ActionPlan, Activity, Organisation, StatusUpdate
from models.services.funding import add_transaction
from models.services.reporting import approve, return_report, save_report, submit_draft
from models.services.unit_of_work import perform
from tests.benchmarks.bench_pages import KOSOVO, ORGANISATION, SCALE, _load_average, databases

ACTIVITY = "PROT-A5"  # led by IOM, the bench editor's organisation
EVIDENCE = "https://example.org/bench.pdf"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_writes(url: str, users: dict, calls: int) -> dict[str, list[tuple[float, float]]]:
    """{service: [(wall-clock ms, this process's CPU ms) per call]}."""
    engine = make_engine(url)
    with engine.connect() as connection:
        activity_id = connection.scalar(
            select(Activity.id)
            .join(ActionPlan, ActionPlan.id == Activity.plan_id)
            .where(ActionPlan.code == KOSOVO, Activity.code == ACTIVITY)
        )
        donor_id = connection.scalar(
            select(Organisation.id).where(Organisation.acronym == ORGANISATION)
        )
    times: dict[str, list[tuple[float, float]]] = {}

    def timed(name, service, role, **arguments):
        started, cpu = time.perf_counter(), time.process_time()
        result = perform(engine, service, user_id=users[role].id, **arguments)
        elapsed = (time.perf_counter() - started) * 1000
        times.setdefault(name, []).append((elapsed, (time.process_time() - cpu) * 1000))
        return result

    for i in range(calls):
        with engine.connect() as connection:
            latest = connection.execute(
                select(StatusUpdate)
                .where(StatusUpdate.activity_id == activity_id, StatusUpdate.state == "approved")
                .order_by(StatusUpdate.report_date.desc(), StatusUpdate.id.desc())
                .limit(1)
            ).one()
        report = {
            "activity_id": activity_id,
            "report_date": latest.report_date,
            "status": latest.status,
            "percent_complete": latest.percent_complete,
            "narrative": f"bench {i}",
            "evidence_url": EVIDENCE,
            "indicator_values": {},
            "based_on_id": latest.id,
        }
        draft = timed("save draft", save_report, "editor", submit=False, **report)
        timed("submit", submit_draft, "editor", report_id=draft.id)
        timed("return", return_report, "coordinator", report_id=draft.id, reason="bench")
        again = timed("resubmit", save_report, "editor", submit=True, report_id=draft.id, **report)
        timed("approve", approve, "coordinator", report_ids=[again.id])
        timed(
            "record funding",
            add_transaction,
            "coordinator",
            activity_id=activity_id,
            donor_id=donor_id,
            type="pledge",
            amount="1000",
            currency="EUR",
            transaction_date=date(2006, 6, 30),
        )
    engine.dispose()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--dialect", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--scale", type=int, default=SCALE)
    parser.add_argument(
        "--keep", type=Path, help="databases made once in this folder (bench_pages)"
    )
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    rows = [f"Load average (1, 5, 15 min) at the start: {_load_average()}\n"]
    rows += [
        "| dialect | data | service | calls | p50 ms | p95 ms | p50 CPU ms | p95 CPU ms "
        "| load (1 min) |"
    ]
    rows += ["|---|---|---|--:|--:|--:|--:|--:|--:|"]
    with tempfile.TemporaryDirectory(prefix="apm-bench-writes-") as workdir:
        for dialect in args.dialect or ["sqlite", "postgresql"]:
            keep = args.keep / dialect if args.keep else None
            built = databases(dialect, Path(workdir), "head", args.scale, keep)
            with built as (small, large, users):
                for url, label in ((small, "1×"), (large, f"{args.scale}×")):
                    for name, calls in time_writes(url, users, args.calls).items():
                        wall, cpu = [c[0] for c in calls], [c[1] for c in calls]
                        rows.append(
                            f"| {dialect} | {label} | {name} | {len(calls)} "
                            f"| {statistics.median(wall):.1f} | {_percentile(wall, 0.95):.1f} "
                            f"| {statistics.median(cpu):.1f} | {_percentile(cpu, 0.95):.1f} "
                            f"| {os.getloadavg()[0]:.1f} |"
                        )
                        print(rows[-1], file=sys.stderr)
    rows.append(f"\nTarget: p95 ≤ 50 ms at 100×. Load average at the end: {_load_average()}")
    print("\n".join(rows))
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
