"""The progress report's page furniture on fpdf2: A4 pages, the embedded font, headings,
paragraphs, tables, labels and images. Knows nothing of plans: progress_report.py fills it.

The font is DejaVu Sans, from Debian's fonts-dejavu-core (installed by .ci/run): it carries
Albanian (ë, ç) and Serbian in Latin and Cyrillic (č, ć, š, ž, đ; ч, ћ, ш, ж, ђ), and fpdf2
embeds the subset used, with a ToUnicode map so the text can be searched and copied.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from models.i18n import N_, SOURCE_LANGUAGE, _, current_language, format_date
from models.services.errors import DomainError

FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
# Debian/Ubuntu (fonts-dejavu-core), Fedora, Arch and Homebrew put DejaVu in one of these.
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu-sans-fonts"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
)
INK = (34, 34, 34)
MUTED = (102, 102, 102)
RULE = (0, 114, 178)  # the palette's blue (models.charts.overview FRAMEWORK_COLOURS[0])
HEADING_FILL = (232, 240, 248)
ILLUSTRATIVE, INFERRED = N_("Illustrative"), N_("Inferred")
LABEL_COLOURS = {ILLUSTRATIVE: (204, 121, 167), INFERRED: (230, 159, 0)}


class ProgressReportError(DomainError):
    """A progress report that cannot be made; each message says why in one line."""


def font_dir(candidates: Sequence[Path] = FONT_DIRS) -> Path:
    """The first folder holding all three DejaVu Sans files, or a one-line error."""
    for folder in candidates:
        if all((folder / name).is_file() for name in FONT_FILES.values()):
            return folder
    raise ProgressReportError(
        _(
            "the report's font, DejaVu Sans, is not installed: "
            "run `apt-get install fonts-dejavu-core` (Debian/Ubuntu)"
        )
    )


class ReportPDF(FPDF):
    """A4 portrait; every page says what it is, as of when, when it was made, and its number."""

    def __init__(self, *, running_title: str, as_of_line: str, generated: datetime) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        folder = font_dir()
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(folder / name))
        self.running_title = running_title
        self.as_of_line = as_of_line
        self.generated = generated
        self.set_margins(18, 20, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_creation_date(generated)
        self.set_font(FONT, size=10)
        self.set_text_color(*INK)

    def header(self) -> None:
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.set_xy(self.l_margin, 9)
        self.cell(self.epw * 0.6, 4, self.running_title)
        self.cell(self.epw * 0.4, 4, self.as_of_line, align="R")
        self.set_draw_color(*RULE)
        self.line(self.l_margin, 14, self.w - self.r_margin, 14)
        self.set_xy(self.l_margin, 20)
        self.set_text_color(*INK)
        self.set_font(FONT, size=10)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        if current_language() == SOURCE_LANGUAGE:
            when = f"{self.generated:%d %b %Y %H:%M}"
        else:
            when = f"{format_date(self.generated, 'medium')} {self.generated:%H:%M}"
        made = _("Generated {when} UTC").format(when=when)
        self.cell(self.epw / 2, 4, made)
        # fpdf2 puts the number of pages where "{nb}" stands, once the document is complete.
        page = _("Page {page} of {pages}").format(page=self.page_no(), pages="{nb}")
        self.cell(self.epw / 2, 4, page, align="R")
        self.set_text_color(*INK)

    # ---- blocks -------------------------------------------------------------------------

    def heading(self, text: str, level: int = 0) -> None:
        """A section heading (level 0 starts a page), also an entry in the PDF's outline."""
        size = (16, 13, 11, 10)[level]
        if level == 0 and self.page_no() > 0:
            self.add_page()
        elif self.will_page_break(size * 1.6):
            self.add_page()
        else:
            self.ln(2 if level else 0)
        self.start_section(text, level=min(level, 2))
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        if level == 0:
            self.set_draw_color(*RULE)
            self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
            self.ln(3)
        else:
            self.ln(1)
        self.set_font(FONT, size=10)

    def paragraph(self, text: str, *, size: float = 10, style: str = "", muted=False) -> None:
        self.set_font(FONT, style, size)
        if muted:
            self.set_text_color(*MUTED)
        self.multi_cell(0, size * 0.48, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.set_font(FONT, size=10)
        self.ln(1)

    def facts(self, pairs: Sequence[tuple[str, str]], key_width: float = 48) -> None:
        """Label: value lines, as on a cover."""
        for key, value in pairs:
            self.set_font(FONT, "B", 10)
            self.cell(key_width, 6, key)
            self.set_font(FONT, "", 10)
            self.multi_cell(0, 6, value, align="L", new_x="LMARGIN", new_y="NEXT")

    def labels(self, names: Sequence[str]) -> None:
        """Small coloured tags (ILLUSTRATIVE, INFERRED), in the run's language, on one line."""
        if not names:
            return
        self.set_font(FONT, "B", 7)
        for name in names:
            self.set_fill_color(*LABEL_COLOURS.get(name, MUTED))
            self.set_text_color(255, 255, 255)
            shown = _(name)
            self.cell(self.get_string_width(shown) + 4, 4.2, shown, fill=True)
            self.cell(1.5, 4.2, "")
        self.set_fill_color(255, 255, 255)  # tables fill with the current colour
        self.set_text_color(*INK)
        self.set_font(FONT, size=10)
        self.ln(5.5)

    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        align: Sequence[str] | None = None,
        size: float = 8.5,
    ) -> None:
        """A ruled table; headings repeat on every page it runs onto."""
        self.set_font(FONT, size=size)
        style = FontFace(emphasis="BOLD", fill_color=HEADING_FILL)
        with super().table(
            col_widths=tuple(widths),
            text_align=tuple(align or ["LEFT"] * len(widths)),
            headings_style=style,
            line_height=size * 0.5,
            padding=(0.8, 1.2),
            borders_layout="HORIZONTAL_LINES",
            width=self.epw,
        ) as grid:
            for cells in [headings, *rows]:
                line = grid.row()
                for cell in cells:
                    line.cell(str(cell))
        self.set_font(FONT, size=10)
        self.ln(2)

    def picture(self, png: bytes, *, width_px: int, height_px: int) -> None:
        """A chart image across the text width, on a new page if it does not fit."""
        height = self.epw * height_px / width_px
        if self.will_page_break(height):
            self.add_page()
        self.image(io.BytesIO(png), w=self.epw, h=height)
        self.ln(2)
