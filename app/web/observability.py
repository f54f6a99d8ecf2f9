"""Production habits: a request id on every log line and response, JSON logs, Prometheus
metrics. Pure ASGI middleware, so streaming is not buffered. (The request body's limits are
kept in body.py.)"""

from __future__ import annotations

import contextvars
import json
import logging
import time
import uuid
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
log = logging.getLogger("drill.http")


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with the request id of the request being served."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = name != "uvicorn.access"  # we log requests ourselves


class Metrics:
    """The server's Prometheus metrics, in a registry of its own (one per app)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Histogram(
            "drill_http_request_duration_seconds",
            "HTTP request latency by route",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.queries = Histogram(
            "drill_query_duration_seconds",
            "Time to run or grade a query, worker round trip included",
            ["kind"],
            registry=self.registry,
        )
        self.verdicts = Counter(
            "drill_verdicts_total",
            "Answers by kind of question and verdict",
            ["kind", "status"],
            registry=self.registry,
        )
        self.grading = Histogram(
            "drill_grading_duration_seconds",
            "Time to grade an answer, by kind of question",
            ["kind"],
            registry=self.registry,
        )
        self.worker_restarts = Gauge(
            "drill_worker_restarts",
            "Query workers killed and replaced since start",
            registry=self.registry,
        )
        self.query_errors = Counter(
            "drill_query_errors_total",
            "Queries that failed, by code",
            ["code"],
            registry=self.registry,
        )

    def graded(self, kind: str, status: str, seconds: float) -> None:
        """One answer graded. A SQL answer is also a query: timed as one, as before kinds."""
        self.verdicts.labels(kind, status).inc()
        self.grading.labels(kind).observe(seconds)
        if kind in QUERY_KINDS:
            self.queries.labels("submit").observe(seconds)


QUERY_KINDS = frozenset({"sql"})  # kinds whose grading runs the candidate's query


class RequestContext:
    """Give each request an id (X-Request-ID in and out), time it, log it, count it."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_id(scope) or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started, status = time.perf_counter(), [500]
        try:
            await self.app(scope, receive, _stamped(send, request_id, status))
        finally:
            self._record(scope, status[0], time.perf_counter() - started)
            request_id_var.reset(token)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", "unmatched")
        self.metrics.requests.labels(scope["method"], route, str(status)).observe(seconds)
        fields = {
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
        }
        log.info("request", extra={"fields": fields})


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id" and 0 < len(value) <= 100 and value.isascii():
            return str(value.decode())
    return None


def _stamped(send: Send, request_id: str, status: list[int]) -> Send:
    async def send_with_id(message: Message) -> None:
        if message["type"] == "http.response.start":
            status[0] = message["status"]
            message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
        await send(message)

    return send_with_id
