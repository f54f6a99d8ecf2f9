"""One path for every answer, of any kind: replay an Idempotency-Key, find the round, grade by
kind, count it, record it.

Units of work are short: no database connection is held while an answer is graded (a SQL
answer waits for a query worker). The caller's thread opens and commits them, so a route that
is a plain function commits in its own worker thread (see app/web/api_rounds.py for why).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.bank.models import Question
from app.kinds.outcome import Outcome
from app.practice import idempotency
from app.practice.errors import PracticeError
from app.practice.idempotency import Replay
from app.rounds.plan import StageRuleError, place_answer
from app.store import InRound, Round, Store, add_attempt, get_round, hints_revealed
from app.workspace import Workspace


class PracticeMetrics(Protocol):
    def graded(self, kind: str, status: str, seconds: float) -> None: ...


class PracticeHook(Protocol):
    """Told what the core recorded, inside the same unit of work, so what it writes commits
    or rolls back with it (spaced repetition pulls cards forward: app/review/feed.py)."""

    def attempt_recorded(
        self, session: Session, *, user_id: int, question: Question, outcome: Outcome, now: datetime
    ) -> None: ...

    def hint_revealed(
        self, session: Session, *, user_id: int, question: Question, hint_index: int, now: datetime
    ) -> None: ...


@dataclass(frozen=True)
class Submission:
    """One answer as a route parsed it."""

    user_id: int
    question: Question
    answer: BaseModel  # the question's kind's answer model
    round_id: str | None
    now: datetime  # the server's clock
    client: str | None = None  # whom the grading counts against (fair use of the workers)
    idempotency_key: str | None = None
    fingerprint: str = ""  # idempotency.request_hash of the request as the route received it


@dataclass(frozen=True)
class Answered:
    """A graded, recorded answer, for the route to render."""

    attempt_id: int
    question: Question
    outcome: Outcome
    round_id: str | None
    late: bool
    elapsed_s_in_round: float | None
    solution: dict[str, Any] | None  # the kind's solution view, once solved


Render = Callable[[Answered], dict[str, Any]]  # the route's response body, as JSON


class Practice:
    """Answering over the workspace's bank and graders and the store."""

    def __init__(
        self,
        *,
        workspace: Workspace,
        store: Store,
        metrics: PracticeMetrics,
        hooks: Sequence[PracticeHook] = (),
    ) -> None:
        self.workspace, self.store, self.metrics = workspace, store, metrics
        self.hooks = hooks

    def question(self, question_id: str) -> Question:
        question = self.workspace.bank.questions.get(question_id)
        if question is None:
            raise PracticeError(404, "not_found", f"There is no question {question_id!r}.")
        return question

    def parse_answer(self, question: Question, answer: Any) -> BaseModel:
        """The answer as the question's kind's model (pydantic's ValidationError if not)."""
        model: type[BaseModel] = self.workspace.kinds[question.kind].answer_model
        return model.model_validate(answer)

    def answer(self, submission: Submission, render: Render) -> dict[str, Any] | Replay:
        """Grade and record an answer, or replay the response stored under its key. After a
        round's deadline the answer is still graded, but marked late and not counted."""
        with self.store.session() as session:
            if (replayed := self._replay(session, submission)) is not None:
                return replayed
            round_ = round_for(
                session, submission.user_id, submission.round_id, submission.question
            )
            placed = self._place(round_, submission) if round_ else None
        # an error while grading (workers busy, the question broken) records nothing
        outcome = self._grade(submission)
        with self.store.session() as session:
            return self._record(session, submission, outcome, (round_, placed), render)

    def _place(self, round_: Round, submission: Submission) -> InRound:
        """By the round's rules, in a stage of the answer's section when its kind names one."""
        section = self.workspace.kinds.section_of(submission.question, submission.answer)
        return place(round_, submission.question, submission.now, section)

    def _replay(self, session: Session, submission: Submission) -> Replay | None:
        if not submission.idempotency_key:
            return None
        return idempotency.replay(
            session,
            user_id=submission.user_id,
            key=submission.idempotency_key,
            fingerprint=submission.fingerprint,
        )

    def _grade(self, submission: Submission) -> Outcome:
        kind = submission.question.kind
        started = time.perf_counter()
        outcome = self.workspace.graders[kind].grade(
            submission.question, submission.answer, client=submission.client
        )
        self.metrics.graded(kind, outcome.status, time.perf_counter() - started)
        return outcome

    def _record(
        self,
        session: Session,
        submission: Submission,
        outcome: Outcome,
        in_round: tuple[Round | None, InRound | None],
        render: Render,
    ) -> dict[str, Any]:
        """The attempt and the idempotent response, in one unit of work."""
        question, user = submission.question, submission.user_id
        round_, placed = in_round
        attempt = add_attempt(
            session,
            user_id=user,
            question_id=question.id,
            kind=question.kind,
            answer=submission.answer.model_dump(mode="json"),
            outcome=outcome,  # recorded as a GradedOutcome: `shown` is not stored
            round_=round_,
            placed=placed,
            now=submission.now,
            hints_used=hints_revealed(
                session, user_id=user, question_id=question.id, round_id=submission.round_id
            ),
        )
        for hook in self.hooks:
            hook.attempt_recorded(
                session, user_id=user, question=question, outcome=outcome, now=submission.now
            )
        kind = self.workspace.kinds[question.kind]
        answered = Answered(
            attempt.id,
            question,
            outcome,
            attempt.round_id,
            attempt.late,
            attempt.elapsed_s_in_round,
            kind.solution_view(question) if outcome.solved else None,
        )
        response = render(answered)
        if submission.idempotency_key:
            idempotency.remember(
                session,
                user_id=user,
                key=submission.idempotency_key,
                fingerprint=submission.fingerprint,
                response=response,
            )
        return response


def round_for(
    session: Session, user_id: int, round_id: str | None, question: Question
) -> Round | None:
    """The user's round the answer belongs to; the question must be part of it."""
    if round_id is None:
        return None
    round_ = get_round(session, user_id=user_id, round_id=round_id)
    if round_ is None:
        raise PracticeError(404, "not_found", f"There is no round {round_id!r}.")
    if question.id not in round_.question_ids:
        raise PracticeError(
            422, "not_in_round", f"Question {question.id!r} is not part of this round."
        )
    return round_


STAGE_RULE_STATUS = {"not_in_round": 422, "stage_not_started": 409}


def place(round_: Round, question: Question, now: datetime, section: str | None = None) -> InRound:
    """The stage an answer at `now` (for `section`, if its kind names one) belongs to and
    whether it is late, by the round's rules."""
    try:
        placement = place_answer(round_, question.id, now, section)
    except StageRuleError as error:
        raise PracticeError(
            STAGE_RULE_STATUS.get(error.code, 409), error.code, str(error)
        ) from None
    return InRound(placement.stage, placement.late, placement.elapsed_s_in_round)
