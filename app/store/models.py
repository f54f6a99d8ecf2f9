"""Tables of the server's state. Every row belongs to a user, so accounts need no data migration.

Constraint names come from one naming convention, so migrations can refer to them on every
database. Times are aware UTC datetimes on both backends (see `UtcDateTime`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Identity,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend; naive datetimes are refused as ambiguous."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware UTC time")
        utc = value.astimezone(UTC)
        # SQLite keeps text without an offset: store UTC so that text order is time order.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime()}


def _user_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Round(Base):
    """A timed round: a plan of one or more stages (`stages`), run one after another.

    `question_ids` (every stage's, in order), `time_limit_s` (the stages' budgets summed) and
    `deadline_at` (when the last stage ends as far as is known: moved earlier when a stage is
    advanced past) are kept on the row so that the rounds list and "is a round running"
    queries stay one plain SELECT; the stages are the source of truth. A `soft` round's
    `deadline_at` is its hard end, twice its budgets (app/rounds/plan.py).
    """

    __tablename__ = "rounds"
    __table_args__ = (
        CheckConstraint("time_limit_s > 0", name="time_limit_positive"),
        CheckConstraint("pace IN ('strict', 'soft')", name="pace_known"),
        Index(None, "user_id", "started_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    time_limit_s: Mapped[int]
    started_at: Mapped[datetime]
    deadline_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    pace: Mapped[str] = mapped_column(Text, default="strict", server_default="strict")
    stages: Mapped[list[RoundStage]] = relationship(
        order_by="RoundStage.position",
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class RoundStage(Base):
    """One stage of a round's plan: its questions and its own time budget. `ended_at` is set
    when the candidate advanced past it; `section` names the section of its questions (a
    kind's id, such as a walkthrough's "requirements") that answers in it are for."""

    __tablename__ = "round_stages"
    __table_args__ = (
        CheckConstraint("position >= 0", name="position_not_negative"),
        CheckConstraint("time_limit_s > 0", name="time_limit_positive"),
        CheckConstraint("name <> ''", name="name_not_empty"),
    )

    round_id: Mapped[str] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(Text)
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    time_limit_s: Mapped[int]
    ended_at: Mapped[datetime | None]
    section: Mapped[str | None] = mapped_column(Text)


class Attempt(Base):
    """One submitted answer of any kind, graded; `late` ones are kept but do not count. In a
    round, `stage` is the stage it belongs to (decided by app/rounds/plan.py); else null.

    `answer` is the kind's own JSON (SQL: sql and dialect) and `details` its grader's (SQL:
    diagnostics, error, row count); `missed` lists the criteria or topics the answer missed.
    """

    __tablename__ = "attempts"
    __table_args__ = (
        # Each kind has its own statuses, checked in code by the kind's grader, not here.
        CheckConstraint("kind <> ''", name="kind_not_empty"),
        CheckConstraint("status <> ''", name="status_not_empty"),
        CheckConstraint("score >= 0 AND score <= 1", name="score_in_unit_interval"),
        CheckConstraint("hints_used >= 0", name="hints_used_not_negative"),
        CheckConstraint("stage >= 0", name="stage_not_negative"),
        Index(None, "round_id"),
        Index(None, "user_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    round_id: Mapped[str | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    missed: Mapped[list[str]] = mapped_column(JSON)
    elapsed_s_in_round: Mapped[float | None]
    stage: Mapped[int | None]  # the position of the round's stage it belongs to
    late: Mapped[bool] = mapped_column(default=False, server_default=false())
    hints_used: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    submitted_at: Mapped[datetime]


class HintReveal(Base):
    """A hint shown to a user, inside a round or in free practice (no round)."""

    __tablename__ = "hint_reveals"
    __table_args__ = (
        CheckConstraint("hint_index >= 0", name="hint_index_not_negative"),
        Index(None, "user_id", "question_id", "round_id"),
    )

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    question_id: Mapped[str] = mapped_column(Text)
    round_id: Mapped[str | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    hint_index: Mapped[int]
    revealed_at: Mapped[datetime]


class IdempotencyRecord(Base):
    """The response first given to a request with this Idempotency-Key, replayed on retries."""

    __tablename__ = "idempotency_records"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    # Plain JSON, not JSONB, on PostgreSQL: a replayed response keeps its keys in order.
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


def _per_question_and_section(table: str) -> tuple[Index, Index]:
    """One row per (user, question, round, section), and per (user, question, section) outside
    rounds: two partial unique indexes, since a unique constraint takes NULL round ids as all
    different on both backends."""
    in_round, in_practice = text("round_id IS NOT NULL"), text("round_id IS NULL")
    return (
        Index(
            f"uq_{table}_in_round",
            "user_id",
            "question_id",
            "round_id",
            "section",
            unique=True,
            sqlite_where=in_round,
            postgresql_where=in_round,
        ),
        Index(
            f"uq_{table}_in_practice",
            "user_id",
            "question_id",
            "section",
            unique=True,
            sqlite_where=in_practice,
            postgresql_where=in_practice,
        ),
    )


class Draft(Base):
    """Work in progress on one section of a question (autosaved): `content` is an object of
    string fields (a walkthrough stage's text and diagram). `version` counts its saves, so a
    save based on an older version (another tab's) is refused instead of overwriting it."""

    __tablename__ = "drafts"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("section <> ''", name="section_not_empty"),
        *_per_question_and_section("drafts"),
    )

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    question_id: Mapped[str] = mapped_column(Text)
    round_id: Mapped[str | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(Text)
    content: Mapped[dict[str, str]] = mapped_column(JSON)
    version: Mapped[int]
    saved_at: Mapped[datetime]


class SelfAssessment(Base):
    """A candidate's own verdicts on one section's criteria: {criterion id: met, partial or
    missing}."""

    __tablename__ = "self_assessments"
    __table_args__ = (
        CheckConstraint("section <> ''", name="section_not_empty"),
        *_per_question_and_section("self_assessments"),
    )

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    question_id: Mapped[str] = mapped_column(Text)
    round_id: Mapped[str | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(Text)
    verdicts: Mapped[dict[str, str]] = mapped_column(JSON)
    saved_at: Mapped[datetime]


class CardState(Base):
    """Where a user stands with one card: the fsrs card as JSON (its own `to_dict`), with its
    due time and state copied out for queries. A card never reviewed has no row: it is new."""

    __tablename__ = "card_states"
    __table_args__ = (
        CheckConstraint("state IN ('learning', 'review', 'relearning')", name="state_known"),
        Index(None, "user_id", "due"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    card_id: Mapped[str] = mapped_column(Text, primary_key=True)  # the card question's id
    card: Mapped[dict[str, Any]] = mapped_column(JSON)
    due: Mapped[datetime]
    state: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class ReviewLogEntry(Base):
    """One rating of a card, kept in full so the scheduler's parameters can later be fitted
    to the user's own history. `state_before` is the card as it was (null: new), which undo
    restores; an undone rating is kept, marked, and counts nowhere."""

    __tablename__ = "review_logs"
    __table_args__ = (
        CheckConstraint("rating IN ('again', 'hard', 'good', 'easy')", name="rating_known"),
        CheckConstraint(
            "previous_state IN ('new', 'learning', 'review', 'relearning')",
            name="previous_state_known",
        ),
        CheckConstraint("duration_ms >= 0", name="duration_not_negative"),
        Index(None, "user_id", "reviewed_at"),
        Index(None, "user_id", "card_id"),
    )

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    card_id: Mapped[str] = mapped_column(Text)
    rating: Mapped[str] = mapped_column(Text)
    reviewed_at: Mapped[datetime]
    duration_ms: Mapped[int | None]
    typed: Mapped[str | None] = mapped_column(Text)  # what the candidate typed, if anything
    previous_state: Mapped[str] = mapped_column(Text)
    state_before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    undone: Mapped[bool] = mapped_column(default=False, server_default=false())


class CardPull(Base):
    """A card brought forward by a drill: what was missed (a topic or criterion), or a hint
    taken, on which question, in words for the candidate (`reason`)."""

    __tablename__ = "card_pulls"
    __table_args__ = (
        CheckConstraint("reason <> ''", name="reason_not_empty"),
        CheckConstraint("hint_index >= 0", name="hint_index_not_negative"),
        Index(None, "user_id", "created_at"),
        Index(None, "user_id", "card_id"),
    )

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    card_id: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    question_id: Mapped[str] = mapped_column(Text)  # the drill's question
    criterion: Mapped[str | None] = mapped_column(Text)  # the topic or criterion missed
    hint_index: Mapped[int | None]  # the hint taken
    created_at: Mapped[datetime]


class Story(Base):
    """A story of the candidate's story bank: a title, the five STAR fields and the
    competencies it shows (ids of question_bank/behavioral/competencies.toml). `version`
    counts its saves, so an edit based on an older version (another tab's) is refused."""

    __tablename__ = "stories"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("title <> ''", name="title_not_empty"),
        Index(None, "user_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    title: Mapped[str] = mapped_column(Text)
    situation: Mapped[str] = mapped_column(Text)
    task: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(Text)
    reflection: Mapped[str] = mapped_column(Text)
    competencies: Mapped[list[str]] = mapped_column(JSON)
    version: Mapped[int]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class LlmFeedback(Base):
    """Model feedback already paid for, keyed on what decides it: the prompt's version, the
    model, the rubric and the answer (their digest is `key`). `result` is what the feedback
    stream sends: the grounded criteria beside the offline verdicts, and the whole feedback."""

    __tablename__ = "llm_feedback"
    __table_args__ = (CheckConstraint("tokens >= 0", name="tokens_not_negative"),)

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    prompt_version: Mapped[str] = mapped_column(Text)
    model: Mapped[str] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    tokens: Mapped[int]
    created_at: Mapped[datetime]


class LlmTokenDay(Base):
    """Tokens the model used on one UTC day (`day` as YYYY-MM-DD), for the daily budget."""

    __tablename__ = "llm_token_days"
    __table_args__ = (CheckConstraint("tokens >= 0", name="tokens_not_negative"),)

    day: Mapped[str] = mapped_column(Text, primary_key=True)
    tokens: Mapped[int]


class FollowUpReply(Base):
    """A candidate's reply to an interviewer's follow-up question on one recorded answer (a
    walkthrough stage or a behavioral story); graded with that answer."""

    __tablename__ = "follow_up_replies"
    __table_args__ = (
        CheckConstraint("position >= 0", name="position_not_negative"),
        CheckConstraint("question <> ''", name="question_not_empty"),
        CheckConstraint("reply <> ''", name="reply_not_empty"),
        UniqueConstraint("attempt_id", "position"),
    )

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    position: Mapped[int]
    question: Mapped[str] = mapped_column(Text)
    reply: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
