"""Free exploration: run a query on a dataset, no grading."""

from __future__ import annotations

import time

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.sandbox.admission import TooManyQueries
from app.sqlengine.errors import SqlError
from app.sqlengine.execution.results import QueryResult
from app.web.deps import ClientDep, MetricsDep, WorkspaceDep
from app.web.fair_use import TOO_MANY_QUERIES
from app.web.schemas import ColumnOut, RunRequest, RunResponse, problem_responses
from app.workspace import json_rows

router = APIRouter(prefix="/api/sql", tags=["sql"], responses=problem_responses())


@router.post("/run", response_model=RunResponse, responses=TOO_MANY_QUERIES)
async def run_sql(
    body: RunRequest, workspace: WorkspaceDep, metrics: MetricsDep, client: ClientDep
) -> Response:
    """Run one read-only query. Errors are problem+json with a stable code and the position;
    429 when too many of the client's queries are running or waiting."""
    started = time.perf_counter()
    try:
        result = await run_in_threadpool(
            workspace.engine.run, body.dataset, body.sql, dialect=body.dialect, client=client
        )
    except (SqlError, TooManyQueries) as error:
        metrics.query_errors.labels(error.code).inc()
        raise
    finally:
        metrics.queries.labels("run").observe(time.perf_counter() - started)
    return run_response(result)


def run_response(result: QueryResult) -> Response:
    """The RunResponse of `result`, serialized as FastAPI would serialize it but without
    validating the rows twice (building the model, then FastAPI checking it as the response
    model): the same bytes for about 0.2 ms less CPU per 100-row answer."""
    model = RunResponse.model_construct(
        columns=[ColumnOut.model_construct(name=c.name, type=c.type) for c in result.columns],
        rows=json_rows(result.rows),
        truncated=result.truncated,
        elapsed_ms=round(result.elapsed_ms, 3),
        cached=result.cached,
    )
    return Response(model.model_dump_json(), media_type="application/json")
