"""Load test (`make load`): N Chromium sessions at once against one `streamlit run`.

A PostgreSQL database with the Kosovo plan, the demo set and --scale synthetic plans (100×
by default); one server; for each N in --sessions (1, 5, 10, 20), N Playwright contexts, each
signed in as its own account of a role (coordinator, editor, donor, admin in turn), click
through that role's pages --rounds times with a think time between clicks. Prints p50/p95 of
the time from a click to the rendered page (the page's heading shown and Streamlit's
"running" indicator gone) per N, as a Markdown table. Not collected by pytest.

    .venv/bin/python -m tests.benchmarks.load [--sessions 1 5] [--scale 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright
from sqlalchemy import select

from models.db import make_engine, transaction
from models.entities import User
from models.ops.migrate import upgrade
from models.services.accounts import create_user
from models.services.authz import Operator
from tests.benchmarks.bench_pages import ORGANISATION, KeptServer, _admin, _load
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer
from tests.pg import PostgresServer, find_bindir

PASSWORD = "load test password 2007"
ROLES = ("coordinator", "editor", "donor", "admin")
# Each role's pages: (link in the sidebar, heading the page draws).
PAGES = {
    "coordinator": [
        ("Overview", "Overview, as of"),
        ("Approvals", "Approvals"),
        ("Audit trail", "Audit trail"),
        ("Edit the plan", "Edit the plan"),
    ],
    "editor": [("My activities", "My activities"), ("Overview", "Overview, as of")],
    "donor": [("Funding", "Funding"), ("Overview", "Overview, as of")],
    # An admin's menu holds Accounts and the Audit trail only (models/rules/access.py).
    "admin": [("Accounts", "Accounts"), ("Audit trail", "Audit trail")],
}
TIMEOUT = 180_000  # ms


def _accounts(url: str, most: int) -> list[tuple[str, str]]:
    engine, made = make_engine(url), []
    with transaction(engine) as session:
        for i in range(most):
            role = ROLES[i % len(ROLES)]
            name = f"load-{role}-{i}"
            organisation = ORGANISATION if role in ("editor", "donor") else None
            made.append((name, role))
            if session.scalar(select(User.id).where(User.username == name)) is not None:
                continue  # a kept database (--keep) has them from an earlier run
            create_user(
                session=session,
                username=name,
                password=PASSWORD,
                role=role,
                organisation_acronym_or_id=organisation,
                actor=Operator("load"),
            )
    engine.dispose()
    return made


async def _rendered(page, heading: str) -> None:
    await page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT)
    await page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=TIMEOUT)


async def _session(browser, base: str, name: str, role: str, rounds: int, think: float, times):
    """Sign in and click through the role's pages, appending each page's time to `times` (so
    a session that times out keeps what it measured); a timeout names the step."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    # Every wait (the sign-in form too, not only the page loads) gets the long timeout: with
    # many browsers on a small machine the form alone can take longer than Playwright's 30 s.
    context.set_default_timeout(TIMEOUT)
    page = await context.new_page()
    step = "sign-in"
    try:
        await page.goto(base)
        await page.get_by_label("Username", exact=True).fill(name)
        await page.get_by_role("textbox", name="Password").fill(PASSWORD)
        started = time.perf_counter()
        await page.get_by_role("button", name="Sign in").click()
        # Signed in: the menu shows the role's first page (an admin has no Overview).
        first = PAGES[role][0][0]
        await page.get_by_role("link", name=first, exact=True).wait_for(timeout=TIMEOUT)
        times.append((time.perf_counter() - started) * 1000)
        for _ in range(rounds):
            for link, heading in PAGES[role]:
                step = link
                await asyncio.sleep(think)
                started = time.perf_counter()
                await page.get_by_role("link", name=link, exact=True).click()
                await _rendered(page, heading)
                times.append((time.perf_counter() - started) * 1000)
    except Exception as error:
        raise RuntimeError(f"{role} at {step}: {type(error).__name__}") from error
    finally:
        await context.close()
    return times


async def _run(base: str, accounts, sessions: list[int], rounds: int, think: float):
    results = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for n in sessions:
            load = os.getloadavg()
            times: list[float] = []
            runs = [
                _session(browser, base, name, role, rounds, think, times)
                for name, role in accounts[:n]
            ]
            done = await asyncio.gather(*runs, return_exceptions=True)
            # A session that timed out on a busy machine is counted, not fatal to the others.
            failed = [one for one in done if isinstance(one, BaseException)]
            results[n] = (times, load, len(failed))
            print(
                f"N={n}: {len(times)} page loads, {len(failed)} sessions failed "
                f"({'; '.join(sorted({str(f) for f in failed}))}), load average {load}",
                file=sys.stderr,
            )
            if times:
                print(_row(n, times, load, len(failed)), file=sys.stderr)
        await browser.close()
    return results


def _row(n: int, times: list[float], load: tuple, failed: int) -> str:
    p50, p95 = statistics.median(times), _p95(times)
    return f"| {n} | {len(times)} | {p50:.0f} | {p95:.0f} | {failed} | {load[0]:.2f} |"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between clicks")
    parser.add_argument(
        "--keep", type=Path, help="a PostgreSQL folder made by bench_pages --keep: use its data"
    )
    args = parser.parse_args(argv)
    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL server binaries are not installed")
    kept = args.keep / "postgresql" if args.keep else None
    server = (KeptServer(bindir, kept) if kept else PostgresServer(bindir)).start()
    streamlit = None
    try:
        if kept is not None and server.existing:
            url = server.url(f"bench_{args.scale}x")
            upgrade(url, "head")
        else:
            _admin(server, "CREATE DATABASE load")
            url = server.url("load")
            upgrade(url, "head")
            print(f"seeded in {_load(url):.1f} s", file=sys.stderr)
            seconds = _load(url, plans=args.scale)
            print(f"generated {args.scale} plans in {seconds:.1f} s", file=sys.stderr)
        accounts = _accounts(url, max(args.sessions))
        with tempfile.TemporaryDirectory(prefix="apm-load-") as workdir:
            streamlit = StreamlitServer(url, Path(workdir) / "streamlit.log")
            results = asyncio.run(
                _run(streamlit.url, accounts, args.sessions, args.rounds, args.think)
            )
            streamlit.stop()
            streamlit = None
    finally:
        if streamlit is not None:
            streamlit.stop()
        server.stop()
    print(
        "| sessions (N) | page loads | p50 ms | p95 ms | sessions failed | load average at start |"
    )
    print("|--:|--:|--:|--:|--:|---|")
    for n, (times, load, failed) in results.items():
        if times:
            print(_row(n, times, load, failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
