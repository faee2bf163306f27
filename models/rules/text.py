"""Showing stored text safely: as text, never as HTML or live Markdown."""

from __future__ import annotations

import re

# Every character that Markdown (CommonMark + Streamlit's extensions) gives a meaning to.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=])")


def escape_markdown(text: str | None) -> str:
    """`text` with Markdown syntax escaped, so it shows literally wherever Markdown renders."""
    if not text:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
