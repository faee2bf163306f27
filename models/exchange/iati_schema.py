"""Offline validation of IATI activity documents against the IATI 2.03 XML schema.

The schema lives outside the repository, in shared/iati-2.03 beside the project (CI copies
shared/ next to the clone), or wherever $IATI_SCHEMA_DIR points. Nothing is ever fetched from
the network: parsers run with no_network, and the schema's own import of xml.xsd is served
from the same folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from models import settings

SCHEMA_DIR_VARIABLE = "IATI_SCHEMA_DIR"
SCHEMA_FILE = "iati-activities-schema.xsd"


# The official IATI 2.03 schemas, unchanged (see SOURCE.txt there), shipped with the code
# so that validation works offline on any machine.
BUNDLED_SCHEMAS = Path(__file__).resolve().parent / "schemas" / "iati-2.03"


def schema_dir() -> Path:
    """Where the IATI 2.03 schemas are: $IATI_SCHEMA_DIR, else the copy shipped here."""
    return settings.iati_schema_dir() or BUNDLED_SCHEMAS


class _LocalOnly(etree.Resolver):
    """Serve schema imports from the schema folder; never from the network."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def resolve(self, url, _public_id, context):
        local = self.folder / Path(url.split("?")[0]).name
        if local.is_file():
            return self.resolve_filename(str(local), context)
        raise OSError(f"IATI schema import {url!r} not found in {self.folder}")


@lru_cache(maxsize=4)
def _schema(folder: Path) -> etree.XMLSchema:
    path = folder / SCHEMA_FILE
    if not path.is_file():
        raise FileNotFoundError(f"IATI schema not found at {path}: set {SCHEMA_DIR_VARIABLE}")
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalOnly(folder))
    return etree.XMLSchema(etree.parse(str(path), parser))


def validate_iati(xml_bytes: bytes) -> list[str]:
    """Schema errors as "line N: message"; an empty list means the document is valid."""
    schema = _schema(schema_dir().resolve())
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    try:
        document = etree.fromstring(xml_bytes, parser)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
