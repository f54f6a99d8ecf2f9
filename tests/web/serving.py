"""`drill serve` started for real in a child process, for tests over HTTP and in a browser."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


class Server:
    """`drill serve` in a child process on a free loopback port, with its own state file."""

    def __init__(self, state: Path, **settings: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DRILL_DATABASE_URL": f"sqlite:///{state}",
            "DRILL_PORT": str(self.port),
            "DRILL_LOG_LEVEL": "warning",
            **{f"DRILL_{name.upper()}": value for name, value in settings.items()},
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "app.cli", "serve"]
        self.process = subprocess.Popen(command, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError("the server did not become ready")

    def kill(self) -> None:
        """SIGKILL the whole process group: no clean shutdown at all."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
