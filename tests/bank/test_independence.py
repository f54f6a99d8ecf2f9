"""The bank is kind-neutral: importing it loads no part of the SQL engine (nor any kind)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = (
    "import json, sys; import app.bank.check, app.bank.loader, app.bank.models; "
    "print(json.dumps(sorted(m for m in sys.modules if m.startswith('app.'))))"
)


def test_importing_the_bank_loads_no_sql_engine_and_no_kind() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(done.stdout)
    assert "app.bank.loader" in loaded
    assert [m for m in loaded if m.startswith(("app.sqlengine", "app.kinds"))] == []
