"""The fake's HTTP side: a threaded HTTP/1.1 server on loopback that records every request and
answers chat completions with the next scripted action, else with the responder."""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import socketserver
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

from tests.fakellm import wire
from tests.fakellm.actions import Action, Gate, Hang, RecordedRequest, Responder, Status
from tests.fakellm.answers import answer
from tests.fakellm.exchange import Exchange
from tests.fakellm.prompt import PromptError
from tests.fakellm.responders import echo_offline

POLL_S = 0.05  # how often the serving loop looks for a shutdown: the most a close waits for it
COMPLETIONS, MODELS = "/v1/chat/completions", "/v1/models"


class FakeLlm:
    """An OpenAI-compatible server on 127.0.0.1 while the `with` block runs (see the package
    docstring). Scripted actions answer chat completions in order, then `responder` does."""

    def __init__(
        self,
        *,
        port: int = 0,
        model: str = "fake-model",
        responder: Responder = echo_offline,
        log: bool = False,
    ) -> None:
        self.model, self.responder, self.log = model, responder, log
        self.requests: list[RecordedRequest] = []
        self.closing = threading.Event()
        self._script: deque[Action] = deque()
        self._held: list[Gate] = []
        self._lock = threading.Lock()
        self._arrival = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._server = _Server(("127.0.0.1", port), self)
        self.base_url = f"http://127.0.0.1:{self._server.server_port}/v1"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(POLL_S,), daemon=True
        )

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def script(self, *actions: Action) -> None:
        """Queue actions, each consumed by one chat-completions request, in order."""
        with self._lock:
            self._script.extend(actions)

    def next_action(self, request: RecordedRequest) -> Action:
        """The next scripted action, else the responder's; a prompt the responder cannot read
        is a 400 whose message says what is missing."""
        with self._lock:
            scripted = self._script.popleft() if self._script else None
        try:
            return scripted if scripted is not None else self.responder(request)
        except PromptError as error:
            return Status(400, wire.error(400, f"the fake's responder cannot answer: {error}"))

    def record(self, request: RecordedRequest) -> None:
        with self._arrival:
            self.requests.append(request)
            self._arrival.notify_all()

    def wait_for_requests(self, count: int, timeout: float) -> bool:
        """Block until `count` requests have arrived; False if `timeout` passed first."""
        with self._arrival:
            return self._arrival.wait_for(lambda: len(self.requests) >= count, timeout)

    def next_id(self) -> str:
        return f"chatcmpl-fake{next(self._ids)}"

    def hold(self, gate: Gate) -> bool:
        """Wait at the gate until the test releases it; False if the fake closed instead."""
        with self._lock:
            if self.closing.is_set():
                return False
            self._held.append(gate)
        gate.arrived.set()
        gate.release.wait()
        with self._lock:
            self._held.remove(gate)
        return not self.closing.is_set()

    def close(self) -> None:
        """End hangs and gates, stop serving, close every connection and join the handlers."""
        self.closing.set()
        with self._lock:
            for gate in self._held:
                gate.release.set()
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.drop_connections()
        self._server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # joined by server_close, so no handler outlives the fake

    def __init__(self, address: tuple[str, int], fake: FakeLlm) -> None:
        self.fake = fake
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Bind without the reverse DNS lookup HTTPServer does for its name."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", int(self.socket.getsockname()[1])

    def track(self, connection: socket.socket) -> None:
        """Remember an open connection; one opened while closing is shut at once."""
        with self._open_lock:
            if self.fake.closing.is_set():
                _shut(connection)
            else:
                self._open.add(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._open_lock:
            self._open.discard(connection)

    def drop_connections(self) -> None:
        """Shut every open connection, so handlers waiting for a next request return."""
        with self._open_lock:
            for connection in self._open:
                _shut(connection)


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):  # the client closed it already
        connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked bodies, as an OpenAI server speaks
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def handle(self) -> None:
        """Serve the connection's requests until it closes; a client that leaves first (its
        timeout, or a stream it stopped reading) just ends it."""
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def do_GET(self) -> None:
        self._serve(self._record(None))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._serve(self._record(_json(self.rfile.read(length))))

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.fake.log:
            super().log_message(format, *args)

    def _record(self, body: Any) -> RecordedRequest:
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = RecordedRequest(self.command, urlsplit(self.path).path, headers, body)
        self.server.fake.record(request)
        return request

    def _serve(self, request: RecordedRequest) -> None:
        fake = self.server.fake
        exchange = Exchange(self, request, fake.next_id(), fake.model)
        route = (request.method, request.path)
        if route == ("GET", MODELS):
            exchange.send(200, wire.models(fake.model))
        elif route == ("POST", COMPLETIONS):
            self._complete(request, exchange)
        else:
            exchange.send(404, wire.error(404, f"no route {request.method} {request.path}"))

    def _complete(self, request: RecordedRequest, exchange: Exchange) -> None:
        fake = self.server.fake
        action = fake.next_action(request)
        while isinstance(action, Gate):
            # The action after the gate is taken now: requests that come meanwhile get later ones.
            after = fake.next_action(request)
            if not fake.hold(action):
                return exchange.cut()
            action = after
        if isinstance(action, Hang):
            fake.closing.wait()
            return exchange.cut()
        answer(action, exchange)


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None
