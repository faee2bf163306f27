"""Screenshots of every page for every role, at 1440×900, to look at (`make screenshots`).

A fresh demo SQLite database (build/screenshots/demo.db: the plan, the illustrative demo set),
one account per role with a known password, a real `streamlit run` server and Debian's
Chromium driven by Playwright. Each page is opened from the menu (as a person would), waited
for, and saved as build/screenshots/<role>-<page>-<n>.png: the first screen, then one per
screen further down, up to SCREENS. Not part of `make test`.

    python -m tests.screenshots [--roles coordinator,donor] [--pages funding,audit] [--screens 3]

`--zoom 2` shows the pages as a 1280×720 window at 200% zoom (a 640×360 CSS-pixel viewport
at twice the pixel density): Streamlit folds the sidebar away, so each page is opened by its
address instead of from the menu (the WCAG 1.4.4 / 1.4.10 check of docs/accessibility.md).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from models.db import make_engine, transaction
from models.rules.access import pages_for
from models.services.accounts import create_user
from models.services.authz import Operator
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, StreamlitServer

OUT = ROOT / "build" / "screenshots"
VIEWPORT = {"width": 1440, "height": 900}
PASSWORD = "screenshot-password-1"
# The organisation each role's account belongs to (an editor's agency, a donor's organisation).
ACCOUNTS = {"coordinator": None, "editor": "IOM", "donor": "OSCE", "admin": None}
SCREENS = 4


def demo_database(folder: Path) -> str:
    """A fresh database made as `make run` makes it, plus one known account per role."""
    db = folder / "demo.db"
    db.unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    for command in (["init"], ["seed", "--demo"]):
        subprocess.run(
            [sys.executable, "-m", "models.cli", *command],
            cwd=ROOT,
            env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    engine = make_engine(url)
    with transaction(engine) as session:
        for role, organisation in ACCOUNTS.items():
            create_user(
                session=session,
                username=f"screens.{role}",
                password=PASSWORD,
                role=role,
                organisation_acronym_or_id=organisation,
                actor=Operator("screenshots"),
            )
    engine.dispose()
    return url


def settle(page) -> None:
    """Wait until the script run is over and the page has stopped changing."""
    page.wait_for_timeout(800)
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=120_000)
    page.wait_for_timeout(1500)


def sign_in(page, url: str, role: str) -> None:
    page.goto(url)
    page.get_by_label("Username", exact=True).fill(f"screens.{role}")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("stSidebarNav").wait_for(state="attached", timeout=120_000)
    settle(page)


def shoot(page, stem: str, screens: int, height: int = VIEWPORT["height"]) -> list[Path]:
    """The first screen, then one per screen further down (the main area scrolls)."""
    saved = []
    main = page.get_by_test_id("stMain")
    for n in range(screens):
        path = OUT / f"{stem}-{n + 1}.png"
        page.screenshot(path=str(path))
        saved.append(path)
        before = main.evaluate("e => e.scrollTop")
        main.evaluate(f"e => e.scrollBy(0, {max(height - 120, height // 2)})")
        page.wait_for_timeout(500)
        if main.evaluate("e => e.scrollTop") == before:
            break
    main.evaluate("e => e.scrollTo(0, 0)")
    return saved


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", default=",".join(ACCOUNTS))
    parser.add_argument("--pages", default="", help="page keys (default: every page)")
    parser.add_argument("--screens", type=int, default=SCREENS)
    parser.add_argument("--zoom", type=float, default=1.0, help="2: 1280×720 at 200%% zoom")
    args = parser.parse_args(argv)
    from pages.ui.navigation import PAGES

    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    server = StreamlitServer(demo_database(OUT), OUT / "streamlit.log")
    wanted = set(filter(None, args.pages.split(",")))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for role in args.roles.split(","):
                if args.zoom == 1:
                    viewport, scale = VIEWPORT, 1.0
                else:
                    viewport = {"width": int(1280 / args.zoom), "height": int(720 / args.zoom)}
                    scale = args.zoom
                context = browser.new_context(viewport=viewport, device_scale_factor=scale)
                page = context.new_page()
                page.set_default_timeout(60_000)
                sign_in(page, server.url, role)
                for n, key in enumerate(pages_for(role, public_summary=False)):
                    if wanted and key not in wanted:
                        continue
                    script, title, _icon = PAGES[key]
                    if args.zoom == 1:
                        nav = page.get_by_test_id("stSidebarNav")
                        nav.get_by_role("link", name=title, exact=True).click()
                    else:
                        # The home page (the role's first) is at the server's root.
                        page.goto(f"{server.url}/{Path(script).stem if n else ''}")
                    settle(page)
                    zoom = "" if args.zoom == 1 else f"-zoom{args.zoom:g}"
                    stem = f"{role}-{key}{zoom}"
                    for path in shoot(page, stem, args.screens, viewport["height"]):
                        print(path.relative_to(ROOT))
                context.close()
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
