"""Worker processes as the operating system sees them: how they start, their priority, their CPU.

Linux only, like the address-space limit the workers run under.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
import types
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import ForkServerContext

RUNAWAY_NICENESS = 19  # the lowest priority: it runs when nothing else wants the CPU
_START_LOCK = threading.Lock()
_PRELOADED = {"app.sandbox.worker"}


def forkserver_context(preload: str) -> ForkServerContext:
    """Workers fork from a server that has the handler's module imported already: replacements
    start fast. One fork server serves every pool of the process and reads the list when it
    starts, so the list holds every handler's module seen so far (a later one is imported by
    each worker instead)."""
    context = multiprocessing.get_context("forkserver")
    _PRELOADED.add(preload)
    context.set_forkserver_preload(sorted(_PRELOADED))
    return context


def lower_priority(pid: int | None) -> bool:
    """Give every thread of process `pid` the lowest CPU priority (Linux sets niceness per
    thread, so the process id alone would reach only its main thread)."""
    if pid is None:
        return False
    try:
        threads = [int(name) for name in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        threads = [pid]
    lowered = False
    for thread in threads:
        try:
            os.setpriority(os.PRIO_PROCESS, thread, RUNAWAY_NICENESS)
            lowered = True
        except OSError:  # the thread ended meanwhile
            continue
    return lowered


def cpu_seconds(pid: int | None) -> float | None:
    """CPU time used so far by every thread of process `pid`, ended threads included; None once
    it is gone. Linux only: the kernel's CPU clock of another process, addressed the way glibc's
    clock_getcpuclockid does, is exact to the nanosecond (/proc/<pid>/stat counts 10 ms ticks)."""
    if pid is None:
        return None
    try:
        return time.clock_gettime(((~pid) << 3) | 2)  # 2: CPUCLOCK_SCHED, user plus system
    except OSError:
        return None


@contextmanager
def main_module_hidden() -> Iterator[None]:
    """Start a worker without making it re-import the parent's main script.

    multiprocessing imports the parent's `__main__` in every new child (Python 3.11's forkserver
    does not honour "__main__" in its preload list), which costs the CLI's or server's whole
    import time on each respawn. Workers need nothing from it.
    """
    with _START_LOCK:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main
