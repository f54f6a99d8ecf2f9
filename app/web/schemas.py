"""Request and response bodies of the JSON API (they are the OpenAPI schema at /docs)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Dialect = Literal["postgres", "duckdb"]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RunRequest(Body):
    dataset: str = Field(min_length=1, max_length=64, examples=["shop"])
    sql: str = Field(min_length=1, max_length=20_000, examples=["SELECT count(*) FROM orders"])
    dialect: Dialect = "postgres"


class ColumnOut(BaseModel):
    name: str
    type: str


CACHED = (
    "The rows come from the result cache: the same query ran before on this version of the "
    "dataset, and its result can depend on nothing else (it calls no clock function)."
)


class RunResponse(BaseModel):
    columns: list[ColumnOut]
    rows: list[list[Any]]
    truncated: bool = Field(description="More rows existed than the row cap allows.")
    elapsed_ms: float = Field(
        description="How long the query ran; when `cached`, how long the run whose rows these are."
    )
    cached: bool = Field(description=CACHED)


class TableColumn(BaseModel):
    name: str
    type: str
    nullable: bool
    comment: str | None
    postgres_type: str | None = Field(
        default=None, description="What PostgreSQL declared, where `type` does not say it."
    )


class ForeignKeyOut(BaseModel):
    columns: list[str]
    ref_table: str
    ref_columns: list[str]


class TableOut(BaseModel):
    name: str
    schema_name: str = "public"
    kind: str = "table"
    comment: str | None
    row_count: int
    primary_key: list[str]
    foreign_keys: list[ForeignKeyOut]
    columns: list[TableColumn]
    sample_rows: list[list[Any]] = []


class DatasetSummary(BaseModel):
    name: str
    title: str
    description: str
    tables: list[str]


class DatasetDetail(BaseModel):
    name: str
    title: str
    description: str
    content_hash: str
    tables: list[TableOut]


class QuestionSummary(BaseModel):
    id: str
    title: str
    kind: str = Field(description="The kind of question (sql, ...): what its answer looks like.")
    round: str = Field(description="The interview round the question belongs to, e.g. sql.")
    dataset: str | None = Field(description="The dataset it runs on (sql); null for kinds without.")
    difficulty: str
    topics: list[str]
    time_budget_minutes: int


class QuestionPage(BaseModel):
    items: list[QuestionSummary]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class QuestionDetail(QuestionSummary):
    prompt: str
    grading: list[str] = Field(description="The grading rules that apply to this question.")
    hints_available: int
    dataset_schema: list[TableOut] = Field(description="The dataset's tables; empty without one.")
    details: dict[str, Any] = Field(
        default={}, description="What the question's kind adds (never its solution)."
    )


class SubmitRequest(Body):
    question_id: str = Field(min_length=1, max_length=100)
    sql: str = Field(min_length=1, max_length=20_000)
    dialect: Dialect = "postgres"
    round_id: str | None = Field(default=None, max_length=64)


class DiagnosticOut(BaseModel):
    code: str
    message: str
    examples: list[dict[str, Any]] = []


class SolutionOut(BaseModel):
    sql: str
    explanation: str


class SubmitResponse(BaseModel):
    attempt_id: int
    status: str = Field(description="correct, incorrect, error, timeout, rejected or too_many_rows")
    diagnostics: list[DiagnosticOut]
    error: dict[str, Any] | None
    grading: list[str]
    row_count: int | None
    expected_row_count: int | None
    columns: list[ColumnOut] = []
    rows: list[list[Any]] = Field(default=[], description="Your first rows, for display.")
    row_marks: list[str | None] = Field(
        default=[],
        description='Per displayed row: "extra" when that row (or this copy of it) is not in '
        "the expected result, else null. Empty when correct or when the shapes differ.",
    )
    expected_columns: list[str] = Field(
        default=[], description="The expected result's column names."
    )
    round_id: str | None
    late: bool = Field(description="Submitted after the round's deadline: graded, not counted.")
    elapsed_s_in_round: float | None
    solution: SolutionOut | None = Field(description="Shown once the answer is correct.")
    cached: bool = Field(
        default=False,
        description="The verdict is the one given before to the same query on this version of "
        "the dataset (its result can depend on nothing else); the attempt is recorded anyway.",
    )


class ReferenceOut(BaseModel):
    """A kind's reference answer, for kinds whose solution is not one query."""

    explanation: str
    reference: dict[str, Any]


class AnswerRequest(Body):
    answer: dict[str, Any] = Field(
        description="The answer in the question's kind's terms (docs/kinds.md); "
        'sql: {"sql", "dialect"}.',
        examples=[{"sql": "SELECT 1", "dialect": "postgres"}],
    )
    round_id: str | None = Field(default=None, max_length=64)


class AnswerResponse(BaseModel):
    attempt_id: int
    question_id: str
    kind: str
    status: str = Field(description="The verdict in the kind's vocabulary (sql: correct, ...).")
    score: float = Field(ge=0, le=1)
    solved: bool = Field(description="Full marks: the question counts as solved.")
    details: dict[str, Any] = Field(description="The kind's grader's details (sql: the verdict).")
    missed: list[str] = Field(description="Criteria or topics the answer missed.")
    late: bool = Field(description="Submitted after the round's deadline: graded, not counted.")
    elapsed_s_in_round: float | None
    round_id: str | None
    solution: dict[str, Any] | None = Field(description="The kind's solution, once solved.")


class HintRequest(Body):
    round_id: str | None = Field(default=None, max_length=64)


class HintOut(BaseModel):
    index: int
    text: str
    remaining: int


class Problem(BaseModel):
    """RFC 9457 problem details, with a stable `code`."""

    model_config = ConfigDict(extra="allow")  # SQL errors add line and column, validation errors
    type: str
    title: str
    status: int
    detail: str
    code: str = Field(examples=["sql_syntax_error", "not_found", "validation_error"])
    instance: str
    request_id: str | None


PROBLEM_DESCRIPTIONS = {
    400: "Malformed request (invalid JSON, bad cursor)",
    404: "Not found",
    408: "The request body did not arrive in time",
    409: "Conflict (a reused idempotency key, an expired round, no more hints)",
    413: "Request body too large",
    415: "Request body not sent as JSON",
    422: "Invalid input, or SQL the engine cannot run",
    500: "Unexpected server error",
}


def problem_responses() -> dict[int | str, dict[str, Any]]:
    """The problem+json responses every API route may return, for the OpenAPI schema."""
    return {
        status: {
            "description": description,
            "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        }
        for status, description in PROBLEM_DESCRIPTIONS.items()
    }
