"""The server settings users depend on: no stack traces, no telemetry."""

from __future__ import annotations

import tomllib

from models.db import PROJECT_ROOT


def test_streamlit_config_hides_errors_and_sends_nothing():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False


def test_tables_offer_no_raw_csv_export():
    # st.dataframe's toolbar export leaves formula-like text live (CSV injection); the pages'
    # own downloads (models.exchange.spreadsheet) are the way to take data out.
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["disableDataExport"] is True
