"""The server settings users depend on: no stack traces, no telemetry."""

from __future__ import annotations

import tomllib

from models.db import PROJECT_ROOT


def test_streamlit_config_hides_errors_and_sends_nothing():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
