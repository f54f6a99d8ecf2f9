"""The plan tree, its parsers and probes are pure: importing them loads no web framework, no
database driver and no other part of the application."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = (
    "import json, sys; import app.plans.capture, app.plans.duckdb, app.plans.postgres, "
    "app.plans.probes; print(json.dumps(sorted(sys.modules)))"
)
FORBIDDEN = ("fastapi", "starlette", "duckdb", "psycopg", "sqlalchemy", "jinja2")


def test_importing_the_plans_loads_nothing_impure() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(done.stdout)
    assert "app.plans.probes" in loaded
    assert [m for m in loaded if m.split(".")[0] in FORBIDDEN] == []
    assert [m for m in loaded if m.startswith("app.") and not m.startswith("app.plans")] == []
