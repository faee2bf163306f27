"""The Context page: the report's published statistics for a plan, with their sources.

Which counts a role may see is decided by models.rules.disclosure, applied by the chart
sections (models.charts.context) before anything reaches a figure or a table.
"""

from __future__ import annotations

from models.queries.context import statistics

__all__ = ["statistics"]
