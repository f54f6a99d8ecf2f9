"""The store itself: SQLite settings, health check, units of work, times that come back as aware
UTC datetimes on both backends, and state that survives a restart."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import make_url, text
from sqlalchemy.exc import StatementError

from app.store import (
    GradedOutcome,
    InRound,
    Store,
    add_attempt,
    attempts_for_round,
    create_round,
    create_store,
    ensure_user,
    get_round,
    latest_unfinished_round,
)
from app.store.db import SQLITE_BUSY_TIMEOUT_MS
from tests.store.conftest import T0

fixed_offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
aware_times = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1), timezones=fixed_offsets
)


def _sqlite_store(path: Path) -> Store:
    store = create_store(f"sqlite:///{path}")
    store.migrate()
    return store


def _start_round(store: Store, user_id: int, now: datetime) -> str:
    with store.session() as session:
        return create_round(
            session, user_id=user_id, question_ids=["q1"], time_limit_s=60, now=now
        ).id


def test_sqlite_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    store = _sqlite_store(tmp_path / "drill.sqlite3")
    with store.engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
    }
    store.close()


def test_sqlite_file_goes_in_a_new_folder_if_needed(tmp_path: Path) -> None:
    store = _sqlite_store(tmp_path / "var" / "state" / "drill.sqlite3")
    assert store.ping()
    store.close()


def test_ping_answers_until_the_database_is_gone(tmp_path: Path) -> None:
    store = create_store(f"sqlite:///{tmp_path / 'gone' / 'drill.sqlite3'}")
    shutil.rmtree(tmp_path / "gone")
    assert not store.ping()
    store.close()


def test_ping(store: Store) -> None:
    assert store.ping()


def test_ping_is_false_for_a_missing_postgres_database(postgres_url: str) -> None:
    missing = make_url(postgres_url).set(database="drill_no_such_database")
    store = create_store(missing.render_as_string(hide_password=False))
    assert not store.ping()
    store.close()


def test_in_memory_sqlite_is_one_database_for_every_thread() -> None:
    store = create_store("sqlite://")
    store.migrate()

    def local_user_id() -> int:
        with store.session() as session:
            return ensure_user(session).id

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(local_user_id).result() == local_user_id()
    store.close()


def test_a_new_store_on_the_same_file_sees_earlier_rounds_and_attempts(tmp_path: Path) -> None:
    before = _sqlite_store(tmp_path / "drill.sqlite3")
    with before.session() as session:
        user_id = ensure_user(session).id
        round_ = create_round(
            session, user_id=user_id, question_ids=["a", "b"], time_limit_s=300, now=T0
        )
        for second, status in ((12, "incorrect"), (40, "correct")):
            add_attempt(
                session,
                user_id=user_id,
                question_id="a",
                kind="sql",
                answer={"sql": "SELECT 1", "dialect": "postgres"},
                outcome=GradedOutcome(status, 1.0 if status == "correct" else 0.0),
                round_=round_,
                placed=InRound(stage=0, late=False, elapsed_s_in_round=second),
                now=T0 + timedelta(seconds=second),
            )
    before.close()
    after = _sqlite_store(tmp_path / "drill.sqlite3")
    with after.session() as session:
        again = get_round(session, user_id=user_id, round_id=round_.id)
        attempts = attempts_for_round(session, round_id=round_.id)
    assert again is not None
    assert (again.question_ids, again.deadline_at) == (["a", "b"], T0 + timedelta(seconds=300))
    assert [(a.status, a.elapsed_s_in_round) for a in attempts] == [
        ("incorrect", 12.0),
        ("correct", 40.0),
    ]
    after.close()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(started=aware_times)
def test_times_come_back_as_the_same_instant_in_utc(
    store: Store, local_user: int, started: datetime
) -> None:
    round_id = _start_round(store, local_user, started)
    with store.session() as session:
        if store.engine.dialect.name == "postgresql":  # the session's zone must not matter
            session.execute(text("SET LOCAL TIME ZONE 'America/St_Johns'"))
        round_ = get_round(session, user_id=local_user, round_id=round_id)
    assert round_ is not None
    assert round_.started_at == started
    assert round_.started_at.tzinfo is UTC
    assert round_.deadline_at - round_.started_at == timedelta(seconds=60)


def test_comparisons_in_sql_follow_time_not_text(store: Store, local_user: int) -> None:
    """A deadline given in another zone; SQLite compares stored text, so it must be UTC."""
    east = timezone(timedelta(hours=9))
    _start_round(store, local_user, datetime(2026, 3, 1, 17, 59, 30, tzinfo=east))
    with store.session() as session:
        still_on = latest_unfinished_round(session, user_id=local_user, now=T0)
        over = latest_unfinished_round(session, user_id=local_user, now=T0 + timedelta(minutes=1))
    assert still_on is not None and over is None


def test_naive_times_are_refused(store: Store, local_user: int) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        _start_round(store, local_user, datetime(2026, 3, 1, 9, 0))
