"""Datasets and questions: what a candidate can practise on."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from app.bank.models import Difficulty, Question, dataset_of
from app.catalog.models import DatasetInfo, TableInfo
from app.web.deps import WorkspaceDep
from app.web.errors import ApiError
from app.web.schemas import (
    DatasetDetail,
    DatasetSummary,
    QuestionDetail,
    QuestionPage,
    QuestionSummary,
    TableOut,
    problem_responses,
)
from app.workspace import Workspace, jsonable

router = APIRouter(prefix="/api", tags=["catalog"], responses=problem_responses())
SAMPLE_ROWS = 3
_SAMPLES: dict[tuple[str, str], list[list[Any]]] = {}


@router.get("/datasets", response_model=list[DatasetSummary])
def list_datasets(workspace: WorkspaceDep) -> list[DatasetSummary]:
    """Every dataset questions can use."""
    return [
        DatasetSummary(
            name=d.name, title=d.title, description=d.description, tables=[t.name for t in d.tables]
        )
        for d in sorted(workspace.datasets.values(), key=lambda d: d.name)
    ]


@router.get("/datasets/{name}", response_model=DatasetDetail)
async def get_dataset(name: str, workspace: WorkspaceDep) -> DatasetDetail:
    """A dataset's tables, columns, types, keys, comments and a few sample rows per table."""
    info = find_dataset(workspace, name)
    tables = [await run_in_threadpool(table_out, workspace, info, t) for t in info.tables]
    return DatasetDetail(
        name=info.name,
        title=info.title,
        description=info.description,
        content_hash=info.content_hash,
        tables=tables,
    )


@router.get("/questions", response_model=QuestionPage)
def list_questions(
    workspace: WorkspaceDep,
    round: str | None = None,
    topic: str | None = None,
    difficulty: Difficulty | None = None,
    dataset: str | None = None,
    cursor: Annotated[str | None, Query(pattern=r"^[a-z0-9-]*$", max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> QuestionPage:
    """Questions matching every filter given, in id order, a page at a time. The cursor is the
    last id of the previous page (keyset pagination: pages stay stable as questions are added)."""
    after = cursor or ""
    chosen = [
        q
        for _, q in sorted(workspace.bank.questions.items())
        if q.id > after and matches(q, round, topic, difficulty, dataset)
    ]
    page = chosen[:limit]
    next_cursor = page[-1].id if len(chosen) > limit else None
    return QuestionPage(items=[summary(q) for q in page], next_cursor=next_cursor)


@router.get("/questions/{question_id}", response_model=QuestionDetail)
async def get_question(question_id: str, workspace: WorkspaceDep) -> QuestionDetail:
    """The prompt, the dataset's schema (for kinds on a dataset), the time budget, the grading
    rules and what the question's kind adds (never the solution)."""
    question = find_question(workspace, question_id)
    kind = workspace.kinds[question.kind]
    return QuestionDetail(
        **summary(question).model_dump(),
        prompt=question.prompt,
        grading=kind.rules(question),
        hints_available=len(question.hints),
        dataset_schema=await _schema(workspace, dataset_of(question)),
        details=await run_in_threadpool(kind.public_view, question),  # may run a live plan
    )


async def _schema(workspace: Workspace, dataset: str | None) -> list[TableOut]:
    if dataset is None:
        return []
    info = find_dataset(workspace, dataset)
    return [await run_in_threadpool(table_out, workspace, info, t) for t in info.tables]


def summary(question: Question) -> QuestionSummary:
    return QuestionSummary(
        id=question.id,
        title=question.title,
        kind=question.kind,
        round=question.kind,
        dataset=dataset_of(question),
        difficulty=str(question.difficulty),
        topics=question.topics,
        time_budget_minutes=question.time_budget_minutes,
    )


def find_question(workspace: Workspace, question_id: str) -> Question:
    question = workspace.bank.questions.get(question_id)
    if question is None:
        raise ApiError(404, "not_found", f"There is no question {question_id!r}.")
    return question


def find_dataset(workspace: Workspace, name: str) -> DatasetInfo:
    if name not in workspace.datasets:
        known = ", ".join(sorted(workspace.datasets))
        raise ApiError(404, "not_found", f"There is no dataset {name!r}; datasets: {known}.")
    return workspace.datasets[name]


def matches(
    question: Question,
    round_: str | None,
    topic: str | None,
    difficulty: Difficulty | None,
    dataset: str | None,
) -> bool:
    """Whether the question passes every filter given (None: no filter)."""
    return (
        (round_ is None or question.kind == round_)
        and (topic is None or topic.lower() in (t.lower() for t in question.topics))
        and (difficulty is None or question.difficulty == difficulty)
        and (dataset is None or dataset_of(question) == dataset)
    )


def table_out(workspace: Workspace, info: DatasetInfo, table: TableInfo) -> TableOut:
    """A table with its keys, columns and a few sample rows."""
    return TableOut(
        name=table.name,
        schema_name=table.schema_name,
        kind=table.kind,
        comment=table.comment,
        row_count=table.row_count,
        primary_key=table.primary_key,
        foreign_keys=[fk.model_dump() for fk in table.foreign_keys],
        columns=[c.model_dump() for c in table.columns],
        sample_rows=_sample_rows(workspace, info.name, table.name),
    )


def _sample_rows(workspace: Workspace, dataset: str, table: str) -> list[list[Any]]:
    """A few rows of a table, read once per dataset version."""
    key = (workspace.datasets[dataset].content_hash, table)
    if key not in _SAMPLES:
        sql = f'SELECT * FROM "{table}" LIMIT {SAMPLE_ROWS}'
        _SAMPLES[key] = jsonable(workspace.engine.run(dataset, sql, dialect="duckdb").rows)
    return _SAMPLES[key]
