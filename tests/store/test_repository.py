"""Repository functions on both backends, with the server's clock passed in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.store import (
    ONE_STAGE_NAME,
    Attempt,
    GradedOutcome,
    InRound,
    NewStage,
    Round,
    Store,
    add_attempt,
    attempt_scores,
    attempts_for_question,
    attempts_for_round,
    create_round,
    create_staged_round,
    end_stage_early,
    ensure_user,
    finish_round,
    get_round,
    hints_revealed,
    latest_answer,
    latest_unfinished_round,
    move_deadline,
    recent_rounds,
    record_hint,
    running_round_with,
)
from tests.store.conftest import T0

SQL_DETAILS = {
    "diagnostics": [{"code": "missing_rows", "message": "2 rows missing", "examples": []}],
    "error": None,
    "row_count": 3,
}


def _round(session: Session, user_id: int, *, started: timedelta = timedelta(0)) -> Round:
    return create_round(
        session, user_id=user_id, question_ids=["q2", "q1"], time_limit_s=600, now=T0 + started
    )


def _attempt(
    session: Session, user_id: int, round_: Round | None, at: timedelta, **fields: Any
) -> Attempt:
    """An SQL attempt; `sql` and `status` stand for the answer's and the outcome's fields."""
    sql, status = fields.pop("sql", "SELECT 1"), fields.pop("status", "incorrect")
    values: dict[str, Any] = {
        "question_id": "q1",
        "kind": "sql",
        "answer": {"sql": sql, "dialect": "postgres"},
        "outcome": GradedOutcome(status, 1.0 if status == "correct" else 0.0, SQL_DETAILS),
    }
    if round_ is not None and "placed" not in fields:  # on time, in its only stage
        fields["placed"] = InRound(0, False, (T0 + at - round_.started_at).total_seconds())
    return add_attempt(session, user_id=user_id, round_=round_, now=T0 + at, **(values | fields))


def _ids(attempts: list[Attempt]) -> list[int]:
    return [a.id for a in attempts]


def test_ensure_user_returns_the_same_user_each_time(store: Store) -> None:
    with store.session() as session:
        local, ann = ensure_user(session), ensure_user(session, name="ann")
    with store.session() as session:
        assert ensure_user(session).id == local.id
        assert ensure_user(session, name="ann").id == ann.id != local.id
        assert ann.created_at.tzinfo is not None


def test_a_round_keeps_its_questions_and_a_deadline_from_the_server_clock(
    store: Store, local_user: int
) -> None:
    with store.session() as session:
        round_id = _round(session, local_user).id
    with store.session() as session:
        round_ = get_round(session, user_id=local_user, round_id=round_id)
        assert round_ is not None
        assert round_.question_ids == ["q2", "q1"]
        assert (round_.started_at, round_.created_at) == (T0, T0)
        assert round_.deadline_at == T0 + timedelta(seconds=600)
        assert round_.finished_at is None


def test_another_users_round_is_invisible(store: Store, local_user: int, other_user: int) -> None:
    with store.session() as session:
        round_ = _round(session, other_user)
        assert get_round(session, user_id=local_user, round_id=round_.id) is None
        assert get_round(session, user_id=local_user, round_id="no-such-round") is None
        assert recent_rounds(session, user_id=local_user) == []
        assert latest_unfinished_round(session, user_id=local_user, now=T0) is None
        with pytest.raises(ValueError, match="another user"):
            _attempt(session, local_user, round_, timedelta(seconds=1))


def test_finishing_twice_keeps_the_first_time(store: Store, local_user: int) -> None:
    with store.session() as session:
        round_ = _round(session, local_user)
        assert finish_round(session, round_=round_, now=T0 + timedelta(seconds=90)) is round_
    with store.session() as session:
        again = get_round(session, user_id=local_user, round_id=round_.id)
        assert again is not None
        finish_round(session, round_=again, now=T0 + timedelta(seconds=300))
        assert again.finished_at == T0 + timedelta(seconds=90)


def test_latest_unfinished_round_is_the_newest_still_running(store: Store, local_user: int) -> None:
    with store.session() as session:
        older = _round(session, local_user)
        newer = _round(session, local_user, started=timedelta(days=1))
        now = T0 + timedelta(days=1, seconds=1)
        assert latest_unfinished_round(session, user_id=local_user, now=now) == newer
        finish_round(session, round_=newer, now=now)
        assert latest_unfinished_round(session, user_id=local_user, now=now) is None
        assert latest_unfinished_round(session, user_id=local_user, now=T0) == older
        past_deadline = T0 + timedelta(seconds=600)
        assert latest_unfinished_round(session, user_id=local_user, now=past_deadline) is None


def test_the_running_round_with_a_question(store: Store, local_user: int) -> None:
    with store.session() as session:
        older, newer = (
            _round(session, local_user),
            _round(session, local_user, started=timedelta(1)),
        )
        finish_round(session, round_=newer, now=T0 + timedelta(1, 60))

    def running(question_id: str, at: timedelta) -> str | None:
        with store.session() as session:
            found = running_round_with(
                session, user_id=local_user, question_id=question_id, now=T0 + at
            )
            return found.id if found else None

    assert running("q1", timedelta(seconds=60)) == older.id
    assert running("q1", timedelta(1, 120)) is None  # older is past its deadline, newer finished
    assert running("q3", timedelta(seconds=60)) is None


def test_recent_rounds_come_newest_first(store: Store, local_user: int) -> None:
    with store.session() as session:
        rounds = [_round(session, local_user, started=timedelta(minutes=m)) for m in (5, 0, 9)]
        recent = recent_rounds(session, user_id=local_user)
        assert recent == [rounds[2], rounds[0], rounds[1]]
        assert recent_rounds(session, user_id=local_user, limit=2) == recent[:2]


def test_attempts_record_the_placement_the_round_rules_gave(store: Store, local_user: int) -> None:
    with store.session() as session:
        round_ = _round(session, local_user)
        late = InRound(stage=0, late=True, elapsed_s_in_round=600.0)
        on_time = _attempt(session, local_user, round_, timedelta(seconds=42.5))
        at_deadline = _attempt(session, local_user, round_, timedelta(seconds=600), placed=late)
        practice = _attempt(session, local_user, None, timedelta(days=3))
    assert (on_time.elapsed_s_in_round, on_time.late, on_time.stage) == (42.5, False, 0)
    assert (at_deadline.elapsed_s_in_round, at_deadline.late, at_deadline.stage) == (600, True, 0)
    assert (practice.elapsed_s_in_round, practice.late, practice.stage) == (None, False, None)


def test_an_answer_in_a_round_needs_its_placement_and_only_there(
    store: Store, local_user: int
) -> None:
    with store.session() as session:
        round_ = _round(session, local_user)
        with pytest.raises(ValueError, match="placement"):
            _attempt(session, local_user, round_, timedelta(seconds=1), placed=None)
        with pytest.raises(ValueError, match="placement"):
            _attempt(session, local_user, None, timedelta(0), placed=InRound(0, False, 0.0))


def test_a_round_of_one_stage_holds_its_questions_and_budget(store: Store, local_user: int) -> None:
    with store.session() as session:
        round_id = _round(session, local_user).id
    with store.session() as session:
        again = get_round(session, user_id=local_user, round_id=round_id)
        assert again is not None
        assert [(s.position, s.name, s.question_ids, s.time_limit_s, s.ended_at) for s in
                again.stages] == [(0, ONE_STAGE_NAME, ["q2", "q1"], 600, None)]  # fmt: skip


def test_a_staged_round_keeps_its_plan_and_sums_its_budgets(store: Store, local_user: int) -> None:
    plan = [NewStage("Echo", ["q1"], 300), NewStage("Both", ["q1", "q2"], 600)]
    with store.session() as session:
        round_id = create_staged_round(session, user_id=local_user, stages=plan, now=T0).id
    with store.session() as session:
        round_ = get_round(session, user_id=local_user, round_id=round_id)
        assert round_ is not None
        assert (round_.question_ids, round_.time_limit_s) == (["q1", "q2"], 900)
        assert round_.deadline_at == T0 + timedelta(seconds=900)
        assert [(s.name, s.question_ids, s.time_limit_s) for s in round_.stages] == [
            ("Echo", ["q1"], 300),
            ("Both", ["q1", "q2"], 600),
        ]


def test_a_stage_ends_early_once(store: Store, local_user: int) -> None:
    plan = [NewStage("A", ["q1"], 300), NewStage("B", ["q2"], 600)]
    with store.session() as session:
        round_ = create_staged_round(session, user_id=local_user, stages=plan, now=T0)
        first = end_stage_early(session, round_=round_, position=0, now=T0 + timedelta(seconds=60))
        again = end_stage_early(session, round_=round_, position=0, now=T0 + timedelta(seconds=90))
        move_deadline(session, round_=round_, deadline_at=T0 + timedelta(seconds=660))
    assert (first, again) == (True, False)
    assert round_.stages[0].ended_at == T0 + timedelta(seconds=60)
    assert round_.deadline_at == T0 + timedelta(seconds=660)


def test_attempts_keep_every_field(store: Store, local_user: int) -> None:
    details = {
        "criteria": [{"name": "capacity estimate", "verdict": "partial", "evidence": "10k rps"}],
        "level": "mid",
    }
    outcome = GradedOutcome("partial", 0.5, details, ["back-of-envelope numbers", "caching"])
    answer = {"stages": {"requirements": "Shorten URLs ≤ 10 chars", "api": None}}
    with store.session() as session:
        attempt_id = _attempt(
            session,
            local_user,
            None,
            timedelta(0),
            kind="design",
            answer=answer,
            outcome=outcome,
            hints_used=2,
        ).id
    with store.session() as session:
        (stored,) = attempts_for_question(session, user_id=local_user, question_id="q1")
    assert stored.id == attempt_id
    assert (stored.kind, stored.answer, stored.status, stored.score) == (
        "design",
        answer,
        "partial",
        0.5,
    )
    assert (stored.details, stored.missed) == (details, ["back-of-envelope numbers", "caching"])
    assert (stored.hints_used, stored.submitted_at) == (2, T0)


@pytest.mark.parametrize(
    ("status", "score", "missed", "problem"),
    [
        ("", 1.0, (), "needs a status"),
        ("correct", 1.5, (), "outside 0..1"),
        ("incorrect", -0.1, (), "outside 0..1"),
        ("incorrect", float("nan"), (), "outside 0..1"),
        ("incorrect", 0.0, "joins", "not one string"),
    ],
)
def test_impossible_outcomes_are_refused(
    status: str, score: float, missed: Any, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        GradedOutcome(status, score, {}, missed)


def test_attempts_come_back_in_submission_order(
    store: Store, local_user: int, other_user: int
) -> None:
    with store.session() as session:
        round_ = _round(session, local_user)
        seconds = [30, 10, 10, 20]
        made = [_attempt(session, local_user, round_, timedelta(seconds=s)) for s in seconds]
        practice = _attempt(session, local_user, None, timedelta(seconds=15))
        _attempt(session, other_user, None, timedelta(seconds=5))
        _attempt(session, local_user, None, timedelta(seconds=1), question_id="q2")
    in_round = [made[1], made[2], made[3], made[0]]
    at_q1 = [made[1], made[2], practice, made[3], made[0]]
    with store.session() as session:
        assert _ids(attempts_for_round(session, round_id=round_.id)) == _ids(in_round)
        assert _ids(attempts_for_question(session, user_id=local_user, question_id="q1")) == (
            _ids(at_q1)
        )


def test_hints_are_counted_per_round_and_in_practice(
    store: Store, local_user: int, other_user: int
) -> None:
    with store.session() as session:
        round_, other_round = _round(session, local_user), _round(session, local_user)
        for index in (0, 1):
            record_hint(
                session,
                user_id=local_user,
                question_id="q1",
                round_id=round_.id,
                hint_index=index,
                now=T0 + timedelta(seconds=index),
            )
        record_hint(
            session, user_id=local_user, question_id="q1", round_id=None, hint_index=0, now=T0
        )
        record_hint(
            session, user_id=other_user, question_id="q1", round_id=None, hint_index=2, now=T0
        )

    def revealed(round_id: str | None, question_id: str = "q1", user_id: int = local_user) -> int:
        with store.session() as session:
            return hints_revealed(
                session, user_id=user_id, question_id=question_id, round_id=round_id
            )

    assert revealed(round_.id) == 2
    assert revealed(None) == 1
    assert revealed(other_round.id) == 0
    assert revealed(round_.id, question_id="q2") == 0
    assert revealed(None, user_id=other_user) == 3


def test_latest_answer_is_the_newest_attempt_in_the_same_context(
    store: Store, local_user: int, other_user: int
) -> None:
    with store.session() as session:
        round_ = _round(session, local_user)
        _attempt(session, local_user, round_, timedelta(seconds=5), sql="SELECT 'round, first'")
        _attempt(session, local_user, round_, timedelta(seconds=9), sql="SELECT 'round, last'")
        _attempt(session, local_user, None, timedelta(seconds=7), sql="SELECT 'practice'")
        _attempt(session, other_user, None, timedelta(seconds=8), sql="SELECT 'theirs'")

    def latest(round_id: str | None, question_id: str = "q1") -> dict[str, Any] | None:
        with store.session() as session:
            return latest_answer(
                session, user_id=local_user, question_id=question_id, round_id=round_id
            )

    assert latest(round_.id) == {"sql": "SELECT 'round, last'", "dialect": "postgres"}
    assert latest(None) == {"sql": "SELECT 'practice'", "dialect": "postgres"}
    assert latest(None, question_id="q2") is None


def test_attempt_scores_are_the_users_own(store: Store, local_user: int, other_user: int) -> None:
    with store.session() as session:
        round_ = _round(session, local_user)
        _attempt(session, local_user, round_, timedelta(seconds=5), status="correct")
        _attempt(session, local_user, None, timedelta(seconds=6), question_id="q2")
        _attempt(session, other_user, None, timedelta(seconds=7), question_id="q3")
    with store.session() as session:
        outcomes = attempt_scores(session, user_id=local_user)
    assert sorted(outcomes) == [("q1", 1.0), ("q2", 0.0)]


def test_rows_must_belong_to_a_real_user(store: Store) -> None:
    with pytest.raises(IntegrityError), store.session() as session:
        _attempt(session, 10_000, None, timedelta(0))


def test_a_failed_unit_of_work_stores_nothing(store: Store, local_user: int) -> None:
    with pytest.raises(RuntimeError), store.session() as session:
        _round(session, local_user)
        _attempt(session, local_user, None, timedelta(0))
        raise RuntimeError("the route failed")
    with store.session() as session:
        assert recent_rounds(session, user_id=local_user) == []
        assert attempts_for_question(session, user_id=local_user, question_id="q1") == []
