"""A real `streamlit run` server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.db import make_engine, transaction
from models.services.accounts import create_user
from models.services.authz import Operator
from tests.conftest import new_seeded_url, unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]


def seeded_url_with_accounts(
    request: pytest.FixtureRequest,
    folder: Path,
    accounts: list[tuple[str, str, str | None]],
    password: str,
) -> str:
    """A fresh copy of the seeded SQLite database with these (username, role, organisation)
    accounts, all with `password`."""
    url = new_seeded_url("sqlite", request, folder)
    engine = make_engine(url)
    with transaction(engine) as session:
        for username, role, organisation in accounts:
            create_user(
                session=session,
                username=username,
                password=password,
                role=role,
                organisation_acronym_or_id=organisation,
                actor=Operator("test"),
            )
    engine.dispose()
    return url


def sign_in(page, username: str, password: str) -> None:
    """Fill in and send the sign-in form shown on the page."""
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def settled(page, timeout: float = 60_000) -> None:
    """Wait for the page's rerun to end and its redrawn elements to replace the last run's.

    A click or typing during a rerun is lost, and the last run's elements stay on the page,
    marked stale (and faded), until the new run has drawn its own.
    """
    page.wait_for_timeout(300)
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=timeout)
    page.wait_for_function("!document.querySelector('[data-stale=true]')", timeout=timeout)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    def __init__(self, database_url: str, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DATABASE_URL": database_url}
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError("streamlit did not become healthy within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator:
    servers: list[StreamlitServer] = []

    def start(database_url: str) -> StreamlitServer:
        server = StreamlitServer(database_url, tmp_path / f"streamlit-{len(servers)}.log")
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        unavailable("REQUIRE_BROWSER", "Debian's chromium is not installed (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("REQUIRE_BROWSER", "the playwright package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, tmp_path: Path):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    page.screenshot(path=str(tmp_path / "last.png"), full_page=True)
    context.close()
