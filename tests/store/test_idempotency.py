"""Idempotency records: one per user and key, even when two requests race to store it."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select

from app.store import (
    GradedOutcome,
    IdempotencyRecord,
    Store,
    add_attempt,
    attempts_for_question,
    ensure_user,
    find_idempotent,
    save_idempotent,
)
from tests.store.conftest import T0

INSERT_RECORD = "INSERT INTO idempotency_records"


def _hash(body: object) -> str:
    return hashlib.sha256(json.dumps(body).encode()).hexdigest()


def _save(store: Store, user_id: int, response: dict[str, Any], key: str = "k1") -> dict[str, Any]:
    with store.session() as session:
        record = save_idempotent(
            session,
            user_id=user_id,
            key=key,
            request_hash=_hash(response),
            status_code=200,
            response=response,
        )
        return record.response


def _records(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(IdempotencyRecord)) or 0


def _savepoint_rollbacks(store: Store) -> list[str]:
    """Names of savepoints rolled back from now on: proof that a key conflict happened."""
    names: list[str] = []
    event.listen(store.engine, "rollback_savepoint", lambda _c, name, _x: names.append(name))
    return names


@contextmanager
def _before_inserting(store: Store, thread: int, call: Callable[[], None]) -> Iterator[None]:
    """Call `call` when `thread` is about to insert an idempotency record."""

    def before(_c: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if threading.get_ident() == thread and statement.startswith(INSERT_RECORD):
            call()

    event.listen(store.engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(store.engine, "before_cursor_execute", before)


def test_a_saved_record_is_found_again_with_its_response_intact(
    store: Store, local_user: int
) -> None:
    response = {"status": "correct", "attempt_id": 7, "diagnostics": [], "late": False}
    with store.session() as session:
        assert find_idempotent(session, user_id=local_user, key="k1") is None
    _save(store, local_user, response)
    with store.session() as session:
        record = find_idempotent(session, user_id=local_user, key="k1")
    assert record is not None
    assert (record.status_code, record.request_hash) == (200, _hash(response))
    assert list(record.response.items()) == list(response.items())  # key order kept for replay
    assert record.created_at.tzinfo is not None


def test_keys_belong_to_their_user(store: Store, local_user: int, other_user: int) -> None:
    _save(store, local_user, {"by": "local"})
    assert _save(store, other_user, {"by": "other"}) == {"by": "other"}
    assert _records(store) == 2


def test_a_second_save_returns_the_first_and_keeps_the_rest_of_its_work(
    store: Store, local_user: int
) -> None:
    _save(store, local_user, {"by": "first"})
    with store.session() as session:
        add_attempt(
            session,
            user_id=local_user,
            question_id="q1",
            kind="sql",
            answer={"sql": "SELECT 1", "dialect": "postgres"},
            outcome=GradedOutcome("correct", 1.0),
            round_=None,
            now=T0,
        )
        record = save_idempotent(
            session,
            user_id=local_user,
            key="k1",
            request_hash="h2",
            status_code=201,
            response={"by": "second"},
        )
        assert record.response == {"by": "first"}
    with store.session() as session:
        assert len(attempts_for_question(session, user_id=local_user, question_id="q1")) == 1
    assert _records(store) == 1


def test_a_save_is_undone_with_its_unit_of_work(store: Store, local_user: int) -> None:
    """The savepoint nests in the unit of work even when it is the first thing written."""
    with pytest.raises(RuntimeError), store.session() as session:
        save_idempotent(
            session, user_id=local_user, key="k1", request_hash="h", status_code=200, response={}
        )
        raise RuntimeError("the response could not be sent")
    assert _records(store) == 0


def test_racing_saves_store_one_record_and_both_callers_get_it(
    store: Store, local_user: int
) -> None:
    first_saved, second_inserts = threading.Event(), threading.Event()
    rollbacks = _savepoint_rollbacks(store)

    def first() -> dict[str, Any]:
        with store.session() as session:
            record = save_idempotent(
                session,
                user_id=local_user,
                key="k1",
                request_hash="a",
                status_code=200,
                response={"by": "first"},
            )
            first_saved.set()
            # The second found no record and inserts its own: whether its insert then waits
            # on this uncommitted row or fails once it is committed, only the savepoint saves it.
            assert second_inserts.wait(timeout=5)
            return record.response

    def second() -> dict[str, Any]:
        assert first_saved.wait(timeout=5)
        with _before_inserting(store, threading.get_ident(), second_inserts.set):
            return _save(store, local_user, {"by": "second"})

    with ThreadPoolExecutor(2) as pool:
        results = [pool.submit(first), pool.submit(second)]
        responses = [result.result(timeout=20) for result in results]
    assert responses == [{"by": "first"}, {"by": "first"}]
    assert _records(store) == 1
    assert len(rollbacks) == 1


def test_racing_creations_of_one_user_get_the_same_row(store: Store) -> None:
    barrier = threading.Barrier(4, timeout=5)

    def create() -> int:
        barrier.wait()
        with store.session() as session:
            return ensure_user(session, name="ann").id

    with ThreadPoolExecutor(4) as pool:
        ids = {future.result(timeout=20) for future in [pool.submit(create) for _ in range(4)]}
    assert len(ids) == 1
    with store.session() as session:
        assert ensure_user(session, name="ann").id in ids


def test_saves_of_one_key_started_together_agree(store: Store, local_user: int) -> None:
    barrier = threading.Barrier(4, timeout=5)

    def save(tag: str) -> dict[str, Any]:
        barrier.wait()
        return _save(store, local_user, {"by": tag}, key="k2")

    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(save, "abcd", timeout=20))
    assert len({str(r) for r in responses}) == 1
    assert _records(store) == 1
    with store.session() as session:
        stored = find_idempotent(session, user_id=local_user, key="k2")
    assert stored is not None and stored.response == responses[0]
