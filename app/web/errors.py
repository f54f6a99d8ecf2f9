"""Every error the API returns is RFC 9457 problem+json with a stable `code`.

Services raise their own exceptions (SqlError, PracticeError, ApiError...); the handlers here map
them to a status, a title and a human `detail`, so no route formats errors itself.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from app.practice.errors import PracticeError
from app.sqlengine.errors import SqlError
from app.web.templating import render

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("drill.errors")

# question_broken: the server's content failed, not the request; other SQL errors are the query's
SQL_STATUS = {"unknown_dataset": 404, "question_broken": 500}
EMPTY_BODY = (
    "The request body is empty, and this route needs one: send a JSON object, UTF-8 encoded, "
    "with Content-Type: application/json."
)
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}


class ApiError(Exception):
    """An error a route raises on purpose: a status, a stable code and a sentence for people."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra


def problem(status: int, code: str, detail: str, request: Request, **extra: Any) -> Response:
    """A problem+json response; `instance` is the request path, `request_id` ties it to logs.
    A browser asking for a page gets the same problem as a page a person can read."""
    body = {
        "type": f"https://drill.local/problems/{code}",
        "title": code.replace("_", " ").capitalize().replace("Sql ", "SQL "),
        "status": status,
        "detail": detail,
        "code": code,
        "instance": request.url.path,
        "request_id": getattr(request.state, "request_id", None),
        **extra,
    }
    if _wants_page(request):
        return render(request, "error.html", {"problem": body}, status)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _wants_page(request: Request) -> bool:
    """A browser navigating to a page (not a script calling the API)."""
    api = request.url.path.startswith(("/api/", "/metrics", "/healthz", "/readyz"))
    return not api and "text/html" in request.headers.get("accept", "")


def install(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into problems."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(PracticeError, _practice_error)
    app.add_exception_handler(SqlError, _sql_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


async def _api_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    return problem(error.status, error.code, error.detail, request, **error.extra)


async def _practice_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, PracticeError)
    return problem(error.status, error.code, error.detail, request, **error.extra)


async def _sql_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, SqlError)
    position = {"line": error.position.line, "column": error.position.col} if error.position else {}
    return problem(SQL_STATUS.get(error.code, 422), error.code, error.message, request, **position)


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = [_field_error(e) for e in error.errors()]
    if any(e["type"] == "json_invalid" for e in error.errors()):
        detail = "The request body is not valid JSON: " + errors[0]["message"]
        return problem(400, "malformed_json", detail, request)
    if any(e["type"] == "missing" and tuple(e["loc"]) == ("body",) for e in error.errors()):
        return problem(400, "malformed_json", EMPTY_BODY, request)
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(422, "validation_error", detail, request, errors=errors)


def _field_error(error: Any) -> dict[str, str]:
    location = [str(part) for part in error.get("loc", ()) if part != "body"]
    return {
        "field": ".".join(location) or "body",
        "message": str(error.get("msg")),
        "type": str(error.get("type")),
    }


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = HTTP_CODES.get(error.status_code, f"http_{error.status_code}")
    return problem(error.status_code, code, str(error.detail), request)


async def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("unexpected error", exc_info=error)
    detail = "Something went wrong on the server; nothing was lost. Try again, or report the id."
    return problem(500, "internal_error", detail, request)
