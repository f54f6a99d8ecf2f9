"""The recorded plans an index question reads (question_bank/captures/plans/<name>.json, read
with app.plans.capture), and what the question shows of them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.plans.capture import PlanCapture, capture_path
from app.plans.capture import load_capture as read_capture
from app.plans.errors import PlanFormatError
from app.plans.model import Plan, PlanNode


class CaptureError(ValueError):
    """A capture is missing or unreadable: the message names the file and why."""


@dataclass(frozen=True)
class LoadedCapture:
    capture: PlanCapture
    plan: Plan


def load_capture(captures_dir: Path, name: str) -> LoadedCapture:
    """The capture called `name`, its plan parsed; CaptureError when it is missing or bad."""
    path = capture_path(captures_dir, name)
    try:
        return _load(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise CaptureError(
            f"no capture {path.name} (record it with tools/capture_plans.py)"
        ) from None


@lru_cache(maxsize=64)
def _load(path: Path, modified: int) -> LoadedCapture:
    """Read once per version of the file (`modified`)."""
    try:
        capture = read_capture(path)
        return LoadedCapture(capture, capture.parsed())
    except PlanFormatError as error:
        raise CaptureError(str(error)) from None


def same_query(first: str, second: str) -> bool:
    """Equal but for line breaks and indentation."""
    return first.split() == second.split()


def index_scans(plan: Plan, table: str) -> list[tuple[PlanNode, str]]:
    """The nodes reading `table` through an index, with the index: an index (only) scan of it,
    or a bitmap heap scan of it fed by a bitmap index scan."""
    found = []
    for node in plan.nodes():
        if node.relation != table:
            continue
        if node.index:
            found.append((node, node.index))
        found += [(node, child.index) for child in node.walk() if child is not node and child.index]
    return found


def indexes_used(plan: Plan) -> set[str]:
    return {node.index for node in plan.nodes() if node.index}


def describe_read(plan: Plan, table: str) -> str:
    """How the plan reads `table`: `Seq Scan on events`, `Index Scan using i on events`."""
    scans = index_scans(plan, table)
    if scans:
        node, index = scans[0]
        via = "" if node.index else f" (via {index})"
        using = f" using {node.index}" if node.index else ""
        return f"{node.operator}{using} on {table}{via}"
    reads = [n.operator for n in plan.nodes() if n.relation == table]
    return f"{reads[0]} on {table}" if reads else f"no read of {table}"


def milliseconds(value: float | None) -> str:
    if value is None:
        return "an unmeasured time"
    return f"{value:.1f} ms" if value >= 1 else f"{value:.2g} ms"


def comparison(before: Plan, after: Plan, table: str) -> str:
    """One line from the two captures: `from 73.0 ms to 0.36 ms (about 200 times faster): Seq
    Scan on events became Index Scan using ... on events`."""
    faster = ""
    if before.execution_ms and after.execution_ms:
        faster = f" (about {_rounded(before.execution_ms / after.execution_ms)} times faster)"
    return (
        f"from {milliseconds(before.execution_ms)} to {milliseconds(after.execution_ms)}"
        f"{faster}: {describe_read(before, table)} became {describe_read(after, table)}"
    )


def _rounded(ratio: float) -> str:
    """Two significant figures: 3.2, 47, 200."""
    return f"{float(f'{ratio:.2g}'):g}"
