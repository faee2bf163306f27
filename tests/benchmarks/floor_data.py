"""The floor page's data (tests/benchmarks/floor_page.py): invented, made once per process,
shaped like the app's activity tables at 100× (2,600 rows)."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

import pandas as pd

ROWS = 2_600
_rng = Random(2007)
_STATUSES = ("Not started", "In progress", "Completed", "Delayed")
_FRAMEWORKS = ("Prevention", "Protection", "Prosecution", "Partnership", "Coordination")

ACTIVITIES = pd.DataFrame(
    {
        "code": [f"A-{i:04d}" for i in range(ROWS)],
        "title": [f"Activity number {i} of the invented plan" for i in range(ROWS)],
        "framework": [_FRAMEWORKS[i % len(_FRAMEWORKS)] for i in range(ROWS)],
        "status": [_rng.choice(_STATUSES) for _ in range(ROWS)],
        "percent": [_rng.randint(0, 100) for _ in range(ROWS)],
        "budget": [_rng.randint(1_000, 500_000) for _ in range(ROWS)],
        "report_date": [
            date(2005, 5, 1) + timedelta(days=_rng.randint(0, 970)) for _ in range(ROWS)
        ],
    }
)
BY_FRAMEWORK = ACTIVITIES.groupby(["framework", "status"], as_index=False)["percent"].mean()
OVER_TIME = pd.DataFrame(
    {
        "date": [date(2005, 5, 1) + timedelta(weeks=w) for w in range(140) for _ in _FRAMEWORKS],
        "framework": [f for _ in range(140) for f in _FRAMEWORKS],
        "percent": [min(100, w * 0.7 + _rng.random() * 5) for w in range(140) for _ in _FRAMEWORKS],
    }
)
