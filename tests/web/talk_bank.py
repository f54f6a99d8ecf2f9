"""A bank for the API-design and behavioral pages' tests: the built-in api and behavioral
prompts (and competencies) beside a second behavioral prompt of tests/fixtures/talk_bank/,
linked, not copied."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import Settings

FIXTURES = Path(__file__).parents[1] / "fixtures" / "talk_bank"
API_ID = "api-payments-idempotency"
OUTAGE_ID = "behavioral-outage-you-owned"
RISK_ID = "behavioral-page-risk-you-saw"


def talk_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("talk-state")
    bank = root / "bank"
    (bank / "behavioral").mkdir(parents=True)
    (bank / "api").symlink_to(Settings().bank_dir / "api")
    sources = [*(Settings().bank_dir / "behavioral").glob("*.toml"), *FIXTURES.glob("*/*.toml")]
    for source in sources:
        (bank / "behavioral" / source.name).symlink_to(source)
    return Settings(
        database_url=f"sqlite:///{root / 'drill.sqlite3'}",
        bank_dir=bank,
        max_body_bytes=256 * 1024,
        query_timeout_s=60.0,
    )
