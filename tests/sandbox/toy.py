"""A handler that knows nothing of SQL, as a coding round would plug in: arithmetic to answer,
and jobs that misbehave the ways untrusted code does."""

from __future__ import annotations

import ast
import operator
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from app.sandbox.signals import Signals

OPERATORS: dict[type[ast.operator], Callable[[int, int], int]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
}


@dataclass(frozen=True)
class Arithmetic:
    expression: str  # integers with + - * //


@dataclass(frozen=True)
class Spin:
    """Compute forever; `acknowledge`: the job's timer says it interrupted, and it goes on."""

    acknowledge: bool


@dataclass(frozen=True)
class Allocate:
    megabytes: int


@dataclass(frozen=True)
class Die:
    """The worker process is killed mid-job (as an allocation that aborts would do)."""


@dataclass(frozen=True)
class Pid:
    """Which worker process answers."""


Job = Arithmetic | Spin | Allocate | Die | Pid


@dataclass(frozen=True)
class ToyHandler:
    timeout_s: float

    @property
    def preload(self) -> str:
        return __name__

    def start(self) -> Callable[[Job, Signals], object]:
        return self.answer

    def answer(self, job: Job, signals: Signals) -> object:
        if isinstance(job, Arithmetic):
            return evaluate(ast.parse(job.expression, mode="eval").body)
        if isinstance(job, Spin):
            spin(self.timeout_s if job.acknowledge else None, signals)
        if isinstance(job, Allocate):
            return len(bytearray(job.megabytes * 1024 * 1024))
        if isinstance(job, Die):
            os.kill(os.getpid(), signal.SIGKILL)
        return os.getpid()


def evaluate(node: ast.expr) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        return OPERATORS[type(node.op)](evaluate(node.left), evaluate(node.right))
    raise ValueError(f"not arithmetic: {ast.dump(node)}")


def spin(acknowledge_after_s: float | None, signals: Signals) -> NoReturn:
    if acknowledge_after_s is not None:
        threading.Timer(acknowledge_after_s, signals.interrupted).start()
    while True:
        pass
