"""The body contract on the wire: a real `drill serve` on loopback, spoken to over raw sockets,
for what an HTTP client library will not send (a chunked body over the limit, a Content-Length
that promises more than comes, a body that stalls, headers that never end)."""

from __future__ import annotations

import http.client
import json
import select
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.catalog.models import DatasetInfo
from tests.web.serving import Server, serving

SAFETY_NET_S = 30  # only so that a server which never answers fails the test instead of hanging
QUERY = b'{"dataset": "shop", "sql": "SELECT 1"}'
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[Server]:
    """A 4 KiB body limit, and all the time in the world for a body to arrive."""
    state = tmp_path_factory.mktemp("wire") / "state.sqlite3"
    settings = {"query_workers": "1", "max_body_bytes": "4096", "request_timeout_s": "600"}
    with serving(state, **settings) as running:
        yield running


@pytest.fixture(scope="module")
def impatient_server(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[Server]:
    """A tenth of a second for a request's headers, and then its body, to arrive."""
    state = tmp_path_factory.mktemp("impatient") / "state.sqlite3"
    with serving(state, query_workers="1", request_timeout_s="0.1") as running:
        yield running


def test_a_chunked_body_over_the_limit_is_a_413_and_the_connection_closes(server: Server) -> None:
    with _connection(server) as sock:
        _send(sock, {**JSON, "Transfer-Encoding": "chunked"}, _chunked([b" " * 1024] * 6))
        status, headers, problem = _answer(sock)
        assert (status, problem["code"]) == (413, "payload_too_large")
        assert headers["content-type"] == "application/problem+json"
        assert headers["connection"] == "close" and _closed_by_server(sock)


def test_a_declared_length_over_the_limit_is_a_413_before_any_byte(server: Server) -> None:
    with _connection(server) as sock:
        _send(sock, {**JSON, "Content-Length": "1000000"})
        status, headers, problem = _answer(sock)
        assert (status, problem["code"]) == (413, "payload_too_large")
        assert headers["connection"] == "close" and _closed_by_server(sock)


def test_a_chunked_body_within_the_limit_is_served(server: Server) -> None:
    with _connection(server) as sock:
        _send(sock, {**JSON, "Transfer-Encoding": "chunked"}, _chunked([QUERY[:9], QUERY[9:]]))
        status, _, answer = _answer(sock)
        assert (status, answer["rows"]) == (200, [[1]])


def test_a_stalled_body_holds_up_no_other_request(server: Server) -> None:
    with _connection(server) as stalled:
        _send(stalled, {**JSON, "Content-Length": str(len(QUERY))}, QUERY[:10])
        served = httpx.post(f"{server.base}/api/sql/run", content=QUERY, headers=JSON, timeout=30)
        assert served.status_code == 200
        assert select.select([stalled], [], [], 0)[0] == []  # still waiting for its body


def test_a_content_length_promising_more_than_comes_is_a_408(impatient_server: Server) -> None:
    with _connection(impatient_server) as sock:
        _send(sock, {**JSON, "Content-Length": str(len(QUERY))}, QUERY[:10])
        status, headers, problem = _answer(sock)
        assert (status, problem["code"]) == (408, "request_timeout")
        assert "0.1 s" in problem["detail"]
        assert headers["connection"] == "close" and _closed_by_server(sock)
    assert httpx.get(f"{impatient_server.base}/healthz", timeout=30).status_code == 200


@pytest.mark.parametrize(
    "sent", [b"", b"POST /api/sql/run HTTP/1.1\r\nHost: 127.0.0"], ids=["nothing", "half_headers"]
)
def test_a_connection_that_never_sends_whole_headers_is_closed(
    impatient_server: Server, sent: bytes
) -> None:
    with _connection(impatient_server) as sock:
        sock.sendall(sent)
        assert _closed_by_server(sock)


def test_a_kept_alive_connection_with_half_a_next_request_is_closed(
    impatient_server: Server,
) -> None:
    with _connection(impatient_server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        status, headers, _ = _answer(sock)
        assert status == 200 and "connection" not in headers  # kept alive
        sock.sendall(b"GET /heal")  # data after the answer: uvicorn stops its keep-alive timer
        assert _closed_by_server(sock)


def _connection(server: Server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=SAFETY_NET_S)


def _send(sock: socket.socket, headers: dict[str, str], body: bytes = b"") -> None:
    lines = ["POST /api/sql/run HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)


def _chunked(chunks: list[bytes]) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"


def _answer(sock: socket.socket) -> tuple[int, dict[str, str], Any]:
    """Status, headers (lower-case names) and JSON body of the response, read with http.client."""
    response = http.client.HTTPResponse(sock)
    response.begin()
    headers = {name.lower(): value for name, value in response.getheaders()}
    return response.status, headers, json.loads(response.read())


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:  # closed before the last bytes sent were read
        return True
