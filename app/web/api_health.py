"""Liveness, readiness and metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from app.web.deps import MetricsDep, WorkspaceDep

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request, workspace: WorkspaceDep) -> JSONResponse:
    """Datasets built, query workers up and the store reachable: ready for traffic."""
    checks = {
        "datasets": bool(workspace.datasets)
        and all(d.path.exists() for d in workspace.datasets.values()),
        "workers": workspace.engine.pool.alive(),
        "store": request.app.state.store.ping(),
    }
    ready = all(checks.values())
    return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)


@router.get("/metrics")
def metrics(metrics: MetricsDep, workspace: WorkspaceDep) -> Response:
    """Prometheus metrics."""
    metrics.worker_restarts.set(workspace.engine.pool.restarts)
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
