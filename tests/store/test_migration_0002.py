"""Revision 0002 on databases a 0001 server filled: every attempt, round, hint and idempotency
record comes back through the repository as it went in; keys, checks and indexes survive; the
downgrade restores the SQL columns, and refuses while attempts 0001 cannot hold exist."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from app.store import (
    Attempt,
    GradedOutcome,
    Store,
    add_attempt,
    attempt_scores,
    attempts_for_question,
    attempts_for_round,
    ensure_user,
    find_idempotent,
    get_round,
    hints_revealed,
    latest_answer,
    latest_unfinished_round,
    recent_rounds,
)
from app.store.db import MIGRATIONS_DIR
from app.store.models import Base
from tests.store.state_0001 import (
    DONE_ROUND,
    NEVER_ORDERED,
    NO_STAFF,
    PAID_MORE,
    PAY_CUTS,
    RUNNING_ROUND,
    SUBMIT_KEY,
    State0001,
    at_seconds,
    fill_0001,
    migrate_to,
)

HEAD = "0007"
# The columns 0002 leaves as they were.
KEPT = (
    "id",
    "user_id",
    "round_id",
    "question_id",
    "status",
    "elapsed_s_in_round",
    "late",
    "hints_used",
    "submitted_at",
)
OLD_STATUSES = {"correct", "incorrect", "error", "timeout", "rejected", "too_many_rows"}


@pytest.fixture
def upgraded(store_at_0001: Store) -> State0001:
    """The 0001 rows, then the store migrated to the newest revision."""
    state = fill_0001(store_at_0001)
    store_at_0001.migrate()
    return state


def alembic_config_for(url: str) -> Config:
    """Alembic's settings for the database at `url`, with no connection handed over."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS_DIR.as_posix())
    config.set_main_option("sqlalchemy.url", url)
    return config


def _as_0002(row: dict[str, Any]) -> dict[str, Any]:
    """What revision 0002 promises a 0001 attempt becomes."""
    return {name: row[name] for name in KEPT} | {
        "kind": "sql",
        "answer": {"sql": row["sql"], "dialect": row["dialect"]},
        "score": 1.0 if row["status"] == "correct" else 0.0,
        "details": {k: row[k] for k in ("diagnostics", "error", "row_count")},
        "missed": [],
    }


def _seen(attempts: list[Attempt]) -> list[dict[str, Any]]:
    names = (*KEPT, "kind", "answer", "score", "details", "missed")
    return [{name: getattr(a, name) for name in names} for a in attempts]


def test_every_attempt_comes_back_with_its_answer_and_outcome(
    store_at_0001: Store, upgraded: State0001
) -> None:
    local, other = upgraded.local_user, upgraded.other_user
    with store_at_0001.session() as session:
        seen = {
            "done": attempts_for_round(session, round_id=DONE_ROUND),
            "running": attempts_for_round(session, round_id=RUNNING_ROUND),
            "mine": attempts_for_question(session, user_id=local, question_id=PAY_CUTS),
            "theirs": attempts_for_question(session, user_id=other, question_id=PAY_CUTS),
        }
    wanted = {
        "done": upgraded.attempts_where(round_id=DONE_ROUND),
        "running": upgraded.attempts_where(round_id=RUNNING_ROUND),
        "mine": upgraded.attempts_where(user_id=local, question_id=PAY_CUTS),
        "theirs": upgraded.attempts_where(user_id=other),
    }
    assert {k: _seen(v) for k, v in seen.items()} == {
        k: [_as_0002(row) for row in v] for k, v in wanted.items()
    }
    assert {a.submitted_at.tzinfo for found in seen.values() for a in found} == {UTC}
    assert sum(map(len, seen.values())) == len(upgraded.attempts)
    assert {a.status for a in seen["done"]} | {"incorrect"} == OLD_STATUSES  # every one met


def test_outcomes_latest_answers_and_hints_come_back(
    store_at_0001: Store, upgraded: State0001
) -> None:
    local = upgraded.local_user
    mine = upgraded.attempts_where(user_id=local)
    with store_at_0001.session() as session:
        outcomes = attempt_scores(session, user_id=local)
        answers = {
            (q, r): latest_answer(session, user_id=local, question_id=q, round_id=r)
            for q, r in [(PAID_MORE, DONE_ROUND), (NEVER_ORDERED, RUNNING_ROUND), (PAY_CUTS, None)]
        }
        hints = {
            (q, r): hints_revealed(session, user_id=local, question_id=q, round_id=r)
            for q, r in [(PAID_MORE, DONE_ROUND), (NO_STAFF, DONE_ROUND), (PAY_CUTS, None)]
        }
        theirs = hints_revealed(
            session, user_id=upgraded.other_user, question_id=PAY_CUTS, round_id=None
        )
    scores = {"correct": 1.0}  # the upgrade scores a correct answer 1, any other 0
    assert sorted(outcomes) == sorted(
        (a["question_id"], scores.get(a["status"], 0.0)) for a in mine
    )
    assert answers == {
        (PAID_MORE, DONE_ROUND): {"sql": "SELECT 120 AS answer", "dialect": "postgres"},
        (NEVER_ORDERED, RUNNING_ROUND): {"sql": "SELECT 86460 AS answer", "dialect": "postgres"},
        (PAY_CUTS, None): {"sql": "SELECT 'practice, last' AS answer", "dialect": "postgres"},
    }
    assert hints == {(PAID_MORE, DONE_ROUND): 1, (NO_STAFF, DONE_ROUND): 2, (PAY_CUTS, None): 1}
    assert theirs == 3


def test_rounds_users_and_idempotency_records_come_back(
    store_at_0001: Store, upgraded: State0001
) -> None:
    local = upgraded.local_user
    with store_at_0001.session() as session:
        assert ensure_user(session).id == local
        assert ensure_user(session, name="other").id == upgraded.other_user
        rounds = [get_round(session, user_id=local, round_id=r["id"]) for r in upgraded.rounds]
        assert recent_rounds(session, user_id=local) == rounds[::-1]
        running = latest_unfinished_round(session, user_id=local, now=at_seconds(86_460))
        assert running is rounds[1]
        records = [
            find_idempotent(session, user_id=r["user_id"], key=SUBMIT_KEY)
            for r in upgraded.idempotency
        ]
    assert [_round_fields(r) for r in rounds] == upgraded.rounds
    assert [_record_fields(r) for r in records] == upgraded.idempotency
    stored = records[0]
    assert stored is not None
    assert list(stored.response) == list(upgraded.idempotency[0]["response"])  # order kept


def _round_fields(round_: Any) -> dict[str, Any]:
    names = ("id", "question_ids", "time_limit_s", "started_at", "deadline_at", "finished_at")
    return {name: getattr(round_, name) for name in (*names, "created_at", "user_id")}


def _record_fields(record: Any) -> dict[str, Any]:
    names = ("user_id", "key", "request_hash", "status_code", "response", "created_at")
    return {name: getattr(record, name) for name in names}


def test_the_upgraded_schema_is_the_models_with_its_keys_checks_and_indexes(
    store_at_0001: Store, upgraded: State0001
) -> None:
    with store_at_0001.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    inspector = sa.inspect(store_at_0001.engine)
    assert {fk["name"]: fk["options"] for fk in inspector.get_foreign_keys("attempts")} == {
        "fk_attempts_user_id_users": {"ondelete": "CASCADE"},
        "fk_attempts_round_id_rounds": {"ondelete": "CASCADE"},
    }
    assert {ix["name"] for ix in inspector.get_indexes("attempts")} == {
        "ix_attempts_round_id",
        "ix_attempts_user_id_question_id",
    }
    checks = {ck["name"] for ck in inspector.get_check_constraints("attempts")}
    assert "ck_attempts_status" not in checks and "ck_attempts_score_in_unit_interval" in checks


def test_foreign_keys_still_cascade_after_the_upgrade(
    store_at_0001: Store, upgraded: State0001
) -> None:
    with store_at_0001.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM rounds WHERE id = :id"), {"id": DONE_ROUND})
        connection.execute(sa.text("DELETE FROM users WHERE name = 'other'"))
    with store_at_0001.session() as session:
        assert attempts_for_round(session, round_id=DONE_ROUND) == []
        theirs = attempts_for_question(session, user_id=upgraded.other_user, question_id=PAY_CUTS)
        assert theirs == []
        assert len(attempt_scores(session, user_id=upgraded.local_user)) == 3


def test_new_attempts_after_the_upgrade_get_new_ids(
    store_at_0001: Store, upgraded: State0001
) -> None:
    with store_at_0001.session() as session:
        new = _add_sql_attempt(session, upgraded.local_user)
    assert new.id > max(a["id"] for a in upgraded.attempts)


def _add_sql_attempt(session: Any, user_id: int) -> Attempt:
    details: dict[str, Any] = {"diagnostics": [], "error": None, "row_count": 4}
    return add_attempt(
        session,
        user_id=user_id,
        question_id=PAY_CUTS,
        kind="sql",
        answer={"sql": "SELECT 'after the upgrade'", "dialect": "duckdb"},
        outcome=GradedOutcome("incorrect", 0.0, details, ["window functions"]),
        round_=None,
        now=datetime(2026, 12, 2, 10, 0, tzinfo=UTC),
    )


def test_every_row_moves_when_there_are_several_batches(store_at_0001: Store) -> None:
    batch = ScriptDirectory(MIGRATIONS_DIR.as_posix()).get_revision("0002").module.BATCH_SIZE
    count = 2 * batch + 345
    with store_at_0001.engine.begin() as connection:
        user = connection.scalar(sa.text("SELECT id FROM users WHERE name = 'local'"))
        rows = [_bulk_row(user, n) for n in range(count)]
        attempts = sa.Table("attempts", sa.MetaData(), autoload_with=connection)
        connection.execute(attempts.insert(), rows)
    store_at_0001.migrate()
    with store_at_0001.session() as session:
        moved = attempts_for_question(session, user_id=user, question_id="bulk")
    assert [(a.answer["sql"], a.details["row_count"], a.score) for a in moved] == [
        (r["sql"], r["row_count"], 1.0 if r["status"] == "correct" else 0.0) for r in rows
    ]


def _bulk_row(user: int, n: int) -> dict[str, Any]:
    return {
        "user_id": user,
        "question_id": "bulk",
        "sql": f"SELECT {n}",
        "dialect": "postgres",
        "status": "correct" if n % 3 == 0 else "incorrect",
        "diagnostics": [],
        "error": None,  # a JSON null here (a plain bind): it must come back as no error too
        "row_count": n,
        "hints_used": 0,
        "submitted_at": at_seconds(n),
    }


def test_the_downgrade_restores_the_sql_columns(store_at_0001: Store, upgraded: State0001) -> None:
    with store_at_0001.session() as session:
        new = _add_sql_attempt(session, upgraded.local_user)
    added = {
        **upgraded.attempts_where(user_id=upgraded.other_user)[0],
        "id": new.id,
        "user_id": upgraded.local_user,
        "sql": "SELECT 'after the upgrade'",
        "dialect": "duckdb",
        "status": "incorrect",
        "diagnostics": [],
        "row_count": 4,
        "submitted_at": new.submitted_at,
    }
    migrate_to(store_at_0001, "0001", down=True)
    assert _rows_0001(store_at_0001) == [*upgraded.attempts, added]
    store_at_0001.migrate()  # and up again, the same
    with store_at_0001.session() as session:
        assert _seen(attempts_for_round(session, round_id=DONE_ROUND)) == [
            _as_0002(a) for a in upgraded.attempts_where(round_id=DONE_ROUND)
        ]


def _rows_0001(store: Store) -> list[dict[str, Any]]:
    """Every attempt as the 0001 table holds it (SQLite gives its UTC times back naive)."""
    with store.engine.connect() as connection:
        checks = sa.inspect(connection).get_check_constraints("attempts")
        assert "ck_attempts_status" in {ck["name"] for ck in checks}
        attempts = sa.Table("attempts", sa.MetaData(), autoload_with=connection)
        rows = connection.execute(sa.select(attempts).order_by(attempts.c.id)).mappings()
        return [{k: _aware(v) for k, v in row.items()} for row in rows]


def _aware(value: Any) -> Any:
    naive = isinstance(value, datetime) and value.tzinfo is None
    return value.replace(tzinfo=UTC) if naive else value


@pytest.mark.parametrize(
    ("kind", "status"), [("design", "partial"), ("sql", "a status 0001 never knew")]
)
def test_the_downgrade_refuses_while_attempts_0001_cannot_hold_exist(
    store_at_0001: Store, upgraded: State0001, kind: str, status: str
) -> None:
    with store_at_0001.session() as session:
        add_attempt(
            session,
            user_id=upgraded.local_user,
            question_id="url-shortener",
            kind=kind,
            answer={"stages": {"requirements": "short links"}},
            outcome=GradedOutcome(status, 0.5),
            round_=None,
            now=at_seconds(99_000),
        )
    with pytest.raises(CommandError, match=f"1 attempt\\(s\\) of kind {kind} .* stay at 0002"):
        migrate_to(store_at_0001, "0001", down=True)
    with store_at_0001.engine.connect() as connection:  # the whole downgrade is undone
        assert MigrationContext.configure(connection).get_current_revision() == HEAD
    with store_at_0001.session() as session:
        kept = attempts_for_question(
            session, user_id=upgraded.local_user, question_id="url-shortener"
        )
        assert [(a.kind, a.status) for a in kept] == [(kind, status)]
        assert len(attempt_scores(session, user_id=upgraded.local_user)) == 10


@pytest.mark.parametrize("revisions", ["0001:0002", "0002:0001"])
def test_the_revision_says_it_cannot_be_printed_as_sql(tmp_path: Path, revisions: str) -> None:
    config = alembic_config_for(f"sqlite:///{tmp_path / 'drill.sqlite3'}")
    move = command.downgrade if revisions == "0002:0001" else command.upgrade
    with pytest.raises(CommandError, match="not with --sql"):
        move(config, revisions, sql=True)
