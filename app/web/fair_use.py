"""Fair use of the query workers from the web: who a query counts against, and the 429."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from app.sandbox.admission import TooManyQueries
from app.web.errors import problem

TOO_MANY_QUERIES: dict[int | str, dict[str, Any]] = {
    429: {
        "description": "Too many queries of yours are running or waiting (see Retry-After)",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
}


def client_key(request: Request) -> str:
    """The client a query counts against: the user when requests are signed in, else the
    address. Every request is anonymous today (one local user for all), so it is the address
    the connection comes from; X-Forwarded-For is not trusted."""
    host = request.client.host if request.client else "unknown"
    return f"address:{host}"


async def too_many_queries(request: Request, error: Exception) -> Response:
    """429 with Retry-After: the client is over its share of the query workers."""
    assert isinstance(error, TooManyQueries)
    response = problem(429, error.code, error.detail, request)
    response.headers["Retry-After"] = str(error.retry_after_s)
    return response
