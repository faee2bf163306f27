"""axe-core (shipped by axe-playwright-python) with the WCAG 2.1 A/AA rules, on a page as drawn.

`violations(page)` lists what axe finds as readable lines, one per rule and element, minus
the exceptions below: each is one rule on one selector that Streamlit itself draws and the
app cannot change, documented in docs/accessibility.md."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
# (rule id, a CSS selector fragment of the element axe reports) → why it is left.
EXCEPTIONS: dict[tuple[str, str], str] = {}

_axe = Axe()


def _excepted(rule: str, target: str) -> bool:
    return any(rule == r and fragment in target for r, fragment in EXCEPTIONS)


def violations(page) -> list[str]:
    """Every WCAG 2.1 A/AA violation axe finds on the page, as `rule (impact): element — why`."""
    results = _axe.run(page, options=OPTIONS)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            if _excepted(violation["id"], target):
                continue
            summary = node.get("failureSummary", "").replace("\n", " ")
            found.append(
                f"{violation['id']} ({violation['impact']}): {target} {node['html'][:120]!r}"
                f" — {summary[:300]}"
            )
    return found
