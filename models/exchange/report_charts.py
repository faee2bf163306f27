"""The dashboard's own Plotly figures as PNG images for the progress report (kaleido 1.x).

kaleido drives a headless Chromium; Debian's (`/usr/bin/chromium`, installed by .ci/run) is
used unless BROWSER_PATH names another. Starting the browser costs about two seconds, so it
is started once per report, in the background, while the figures are read from the database.
"""

from __future__ import annotations

import asyncio
import os
import queue
import threading
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from models.exchange.report_pdf import ProgressReportError
from models.i18n import _

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
WIDTH = 900  # CSS pixels: the figure's layout width, as in a wide browser column
TIMEOUT_SECONDS = 120  # a browser that has not drawn three charts by then is not going to
SCALE = 2  # 1,800 pixels across the 174 mm text width: about 260 dpi, sharp in print


def _browser_path() -> str:
    chosen = os.environ.get("BROWSER_PATH") or (
        str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else ""
    )
    if not chosen or not Path(chosen).exists():
        raise ProgressReportError(
            _(
                "the report's charts need Chromium: run `apt-get install chromium` (Debian), "
                "or set BROWSER_PATH to a Chrome or Chromium"
            )
        )
    return chosen


class Browser:
    """A headless Chromium started in the background at once, so that it gets ready while
    the report's figures are read from the database; `draw` waits for it if need be.

    kaleido is asyncio-based: it runs in its own thread with its own event loop, so the
    caller may be anywhere (Streamlit's script thread, the CLI). Use as a context manager.
    """

    def __init__(self) -> None:
        os.environ["BROWSER_PATH"] = _browser_path()
        self._jobs: queue.Queue = queue.Queue()
        self._results: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve()), daemon=True)
        self._thread.start()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *_exc) -> None:
        self._jobs.put(None)
        self._thread.join(TIMEOUT_SECONDS)

    def draw(self, figures: Sequence[go.Figure]) -> list[bytes]:
        """Each figure as a PNG, WIDTH pixels wide at its own layout height, times SCALE."""
        self._jobs.put(list(figures))
        try:
            kind, value = self._results.get(timeout=TIMEOUT_SECONDS)
        except queue.Empty:
            late = _("no answer from the browser in {seconds} s")
            kind, value = "error", late.format(seconds=TIMEOUT_SECONDS)
        if kind == "error":
            # Some browser errors carry several sentences as separate arguments.
            args = getattr(value, "args", None) or (value,)
            text = str(args[0]).strip()
            first = text.splitlines()[0] if text else type(value).__name__
            failed = _("the report's charts could not be drawn: {reason}")
            raise ProgressReportError(failed.format(reason=first))
        return value

    async def _serve(self) -> None:
        import kaleido  # imported here: the rest of the app never needs a browser

        try:
            async with kaleido.Kaleido(n=1) as renderer:
                while (figures := await asyncio.to_thread(self._jobs.get)) is not None:
                    self._results.put(("images", [await _png(renderer, f) for f in figures]))
        except Exception as error:  # noqa: BLE001  (reported to the caller as one line)
            self._results.put(("error", error))


async def _png(renderer, fig: go.Figure) -> bytes:
    width, height = size_of(fig)
    options = {"format": "png", "width": width, "height": height, "scale": SCALE}
    return await renderer.calc_fig(for_print(fig), opts=options)


def for_print(fig: go.Figure) -> go.Figure:
    """A copy of a page's figure laid out for a printed page: the same traces and colours,
    the legend's title above its entries, so that a long legend wraps instead of being cut."""
    printed = go.Figure(fig)
    printed.update_layout(
        legend={"title": {"side": "top left"}, "yref": "paper", "y": -0.2, "yanchor": "top"},
        margin={"b": 40},
        paper_bgcolor="white",
    )
    return printed


def size_of(fig: go.Figure) -> tuple[int, int]:
    """The figure's size in CSS pixels as drawn."""
    return WIDTH, int(fig.layout.height or 400)
