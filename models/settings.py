"""Every setting the application reads from the environment, in one place.

Read when asked, not at import: a test or a server started with another environment sees
its own values. README's Configuration table lists the same names (tests/test_readme.py
keeps the two in step).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "actionplan.db"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    meaning: str


SETTINGS = (
    Setting(
        "DATABASE_URL",
        "sqlite:///data/actionplan.db (in the project folder)",
        "the database; postgresql://user:pass@host/db for a shared, multi-user deployment",
    ),
    Setting(
        "PUBLIC_SUMMARY",
        "off",
        "1 shows the Overview, Plan as stated and Context pages to visitors not signed in",
    ),
    Setting(
        "IATI_SCHEMA_DIR",
        "the IATI 2.03 schemas shipped with the code",
        "a folder holding other copies of the IATI 2.03 XML schemas to validate against",
    ),
)


def _get(name: str, environ: Mapping[str, str] | None = None) -> str:
    return (os.environ if environ is None else environ).get(name, "").strip()


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """`DATABASE_URL` if set, else the embedded SQLite file under data/."""
    url = _get("DATABASE_URL", environ)
    if not url:
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def public_summary(environ: Mapping[str, str] | None = None) -> bool:
    """`PUBLIC_SUMMARY=1` opens the public summary pages to anonymous visitors."""
    return _get("PUBLIC_SUMMARY", environ) == "1"


def iati_schema_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """`IATI_SCHEMA_DIR` if set (a folder of IATI 2.03 schemas), else None."""
    configured = _get("IATI_SCHEMA_DIR", environ)
    return Path(configured) if configured else None
