"""Servers for tests over real HTTP and in a browser: `drill serve` started for real in a child
process (for what needs a process of its own: a kill -9, a restart, settings read from the
environment), and an app from `create_app` served by uvicorn in a thread of the test process,
whose dependencies (its clock) the test overrides."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from app.web.protocol import TimedH11Protocol

READY_WITHIN_S = 60  # only so that a server that never starts fails the test instead of hanging


class Server:
    """`drill serve` in a child process with its own state file, serving on a loopback socket
    this process binds and hands down (DRILL_LISTEN_FD): no port to race for, the same socket
    again after a restart, and connections wait in its backlog until the server is ready."""

    def __init__(self, state: Path, **settings: str) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.set_inheritable(True)
        self.port = int(self.socket.getsockname()[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DRILL_DATABASE_URL": f"sqlite:///{state}",
            "DRILL_LISTEN_FD": str(self.socket.fileno()),
            "DRILL_LOG_LEVEL": "warning",
            **{f"DRILL_{name.upper()}": value for name, value in settings.items()},
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "app.cli", "serve"]
        fd = self.socket.fileno()
        self.process = subprocess.Popen(
            command, env=self.env, start_new_session=True, pass_fds=(fd,)
        )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        """One request: it waits in the socket's backlog until the server, its start-up done,
        accepts and answers it."""
        assert self.process is not None
        try:
            ready = httpx.get(f"{self.base}/readyz", timeout=READY_WITHIN_S).status_code == 200
        except httpx.TransportError:
            ready = False
        if not ready:
            raise RuntimeError(f"the server did not become ready (exit {self.process.poll()})")

    def kill(self) -> None:
        """SIGKILL the whole process group: no clean shutdown at all."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.socket.close()


@contextmanager
def serving(state: Path, **settings: str) -> Iterator[Server]:
    """A started server with its own state file (and any settings given, by field name),
    stopped afterwards."""
    running = Server(state, **settings)
    running.start()
    try:
        yield running
    finally:
        running.stop()


class _SignallingServer(uvicorn.Server):
    """uvicorn that tells a waiting thread when its start-up is over, done or failed."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.startup_over = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets)
        finally:
            self.startup_over.set()


class AppServer:
    """An app served by uvicorn in a thread of this process, on a loopback socket bound before
    it starts (no port to race for): real HTTP for a real browser, with the app's
    `dependency_overrides` in force."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.socket.getsockname()[1])
        self.base = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_config=None, http=TimedH11Protocol, lifespan="on")
        self.server = _SignallingServer(config)
        self.thread = threading.Thread(target=self.server.run, args=([self.socket],), daemon=True)

    def start(self) -> None:
        self.thread.start()
        self.server.startup_over.wait(READY_WITHIN_S)
        if not self.server.started:
            raise RuntimeError("the app did not start (its lifespan failed or took too long)")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(READY_WITHIN_S)
        self.socket.close()


@contextmanager
def serving_app(app: FastAPI) -> Iterator[AppServer]:
    """The app served in this process while the block runs, shut down (lifespan too) after."""
    running = AppServer(app)
    running.start()
    try:
        yield running
    finally:
        running.stop()
