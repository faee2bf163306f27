"""The IATI 2.03 codelists shipped with the code (schemas/iati-2.03/codelists, unchanged XML).

Read once per process. A code's status is "active" unless the list marks it "withdrawn":
withdrawn codes are still known (old files use them) but no longer to be published.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from models.exchange.iati_schema import BUNDLED_SCHEMAS

CODELIST_DIR = BUNDLED_SCHEMAS / "codelists"


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    status: str  # "active" or "withdrawn"
    category: str | None


def codelist_names() -> list[str]:
    return sorted(path.stem for path in CODELIST_DIR.glob("*.xml"))


@lru_cache(maxsize=64)
def codelist(name: str) -> dict[str, Code]:
    """{code: Code} of one shipped codelist, in the list's order."""
    path = CODELIST_DIR / f"{name}.xml"
    if not path.is_file():
        raise FileNotFoundError(f"IATI codelist {name!r} is not shipped in {CODELIST_DIR}")
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    root = etree.parse(str(path), parser).getroot()
    codes = {}
    for item in root.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        name_text = item.findtext("name/narrative") or ""
        codes[code] = Code(
            code=code,
            name=" ".join(name_text.split()),
            status=item.get("status", "active"),
            category=item.findtext("category"),
        )
    return codes


def active_codes(name: str) -> dict[str, Code]:
    return {k: v for k, v in codelist(name).items() if v.status == "active"}


def registration_agency_prefixes() -> frozenset[str]:
    """Prefixes an IATI organisation identifier may start with (OrganisationRegistrationAgency,
    active entries): what the rulesets call the ORG-ID-PREFIX set."""
    return frozenset(active_codes("OrganisationRegistrationAgency"))


def sector_options() -> dict[str, str]:
    """OECD DAC 5-digit purpose codes (vocabulary 1), active ones: {code: "code · name"}."""
    return {code: f"{code} · {c.name}" for code, c in active_codes("Sector").items()}


def country_options() -> dict[str, str]:
    return {code: f"{code} · {c.name}" for code, c in active_codes("Country").items()}
