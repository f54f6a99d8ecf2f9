"""Free exploration: run a query on a dataset, no grading."""

from __future__ import annotations

import time

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from app.sqlengine.errors import SqlError
from app.web.deps import MetricsDep, WorkspaceDep
from app.web.schemas import ColumnOut, RunRequest, RunResponse, problem_responses
from app.workspace import json_rows

router = APIRouter(prefix="/api/sql", tags=["sql"], responses=problem_responses())


@router.post("/run", response_model=RunResponse)
async def run_sql(body: RunRequest, workspace: WorkspaceDep, metrics: MetricsDep) -> RunResponse:
    """Run one read-only query. Errors are problem+json with a stable code and the position."""
    started = time.perf_counter()
    try:
        result = await run_in_threadpool(
            workspace.engine.run, body.dataset, body.sql, dialect=body.dialect
        )
    except SqlError as error:
        metrics.query_errors.labels(error.code).inc()
        raise
    finally:
        metrics.queries.labels("run").observe(time.perf_counter() - started)
    return RunResponse(
        columns=[ColumnOut(name=c.name, type=c.type) for c in result.columns],
        rows=json_rows(result.rows),
        truncated=result.truncated,
        elapsed_ms=round(result.elapsed_ms, 3),
        cached=result.cached,
    )
