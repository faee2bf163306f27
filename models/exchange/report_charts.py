"""The dashboard's own Plotly figures as PNG images for the progress report (kaleido 1.x).

kaleido drives a headless Chromium; Debian's (`/usr/bin/chromium`, installed by .ci/run) is
used unless BROWSER_PATH names another. Starting the browser costs about two seconds, so all
of a report's figures are drawn in one browser session, not one browser per figure.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from models.exchange.report_pdf import ProgressReportError

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
WIDTH = 900  # CSS pixels: the figure's layout width, as in a wide browser column
SCALE = 2.5  # ~190 dpi across A4's text width: sharp in print


def _browser_path() -> str:
    chosen = os.environ.get("BROWSER_PATH") or (
        str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else ""
    )
    if not chosen or not Path(chosen).exists():
        raise ProgressReportError(
            "the report's charts need Chromium: run `apt-get install chromium` (Debian), "
            "or set BROWSER_PATH to a Chrome or Chromium"
        )
    return chosen


def to_png(figures: Sequence[go.Figure]) -> list[bytes]:
    """Each figure as a PNG, at its own layout height and WIDTH pixels wide."""
    if not figures:
        return []
    os.environ["BROWSER_PATH"] = _browser_path()
    result: dict[str, object] = {}
    # asyncio.run needs a thread without a running event loop (Streamlit's may have one).
    worker = threading.Thread(target=_run, args=(list(figures), result), daemon=True)
    worker.start()
    worker.join()
    if "error" in result:
        error = result["error"]
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ProgressReportError(f"the report's charts could not be drawn: {first}")
    return result["images"]  # type: ignore[return-value]


def _run(figures: list[go.Figure], result: dict[str, object]) -> None:
    try:
        result["images"] = asyncio.run(_render(figures))
    except Exception as error:  # noqa: BLE001  (reported to the caller as one line)
        result["error"] = error


def for_print(fig: go.Figure) -> go.Figure:
    """A copy of a page's figure laid out for a printed page: the same traces and colours,
    the legend's title above its entries, so that a long legend wraps instead of being cut."""
    printed = go.Figure(fig)
    printed.update_layout(
        legend={"title": {"side": "top left"}, "y": -0.2, "yanchor": "top"},
        margin={"b": 40},
        paper_bgcolor="white",
    )
    return printed


async def _render(figures: list[go.Figure]) -> list[bytes]:
    import kaleido  # imported here: the rest of the app never needs a browser

    images = []
    async with kaleido.Kaleido(n=1) as renderer:
        for fig in figures:
            height = int(fig.layout.height or 400)
            options = {"format": "png", "width": WIDTH, "height": height, "scale": SCALE}
            images.append(await renderer.calc_fig(for_print(fig), opts=options))
    return images


def size_of(fig: go.Figure) -> tuple[int, int]:
    """The figure's size in CSS pixels as drawn by to_png."""
    return WIDTH, int(fig.layout.height or 400)
