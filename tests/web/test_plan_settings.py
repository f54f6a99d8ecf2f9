"""The line that says where a plan was measured: the version short, the day, and only the
settings that differ from PostgreSQL's defaults (all of them kept for a click)."""

from __future__ import annotations

from app.web.plan_settings import settings_line

PG_VERSION = "PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc"


def test_a_recorded_plan_names_its_version_day_and_changed_settings() -> None:
    view = {
        "versions": {"postgres": PG_VERSION, "captured_at": "2026-12-01"},
        "settings": {"enable_seqscan": "on", "work_mem": "1MB", "jit": "off", "seq_page_cost": "1"},
    }
    line = settings_line(view)
    assert line["line"] == "PostgreSQL 15.18 · recorded 2026-12-01 · work_mem = 1MB · jit = off"
    assert line["hidden"] == 2 and "enable_seqscan = on" in line["all"]


def test_an_index_view_names_its_one_version() -> None:
    line = settings_line({"version": PG_VERSION})
    assert line == {"line": "PostgreSQL 15.18", "all": [], "hidden": 0}


def test_a_live_duckdb_plan_names_the_engine_and_its_limits() -> None:
    view = {"versions": {"duckdb": "2.0.1"}, "settings": {"threads": "1"}}
    assert settings_line(view)["line"] == "DuckDB 2.0.1 · threads = 1"
