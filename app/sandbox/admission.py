"""Fair admission to the workers: a few clients cannot keep everyone else waiting.

A client is a key the caller chooses (the web layer: the user, else the address). Each may have
`per_client` queries running or waiting; one more is refused at once with `TooManyQueries`.
A free worker goes to the waiting client served least recently, not to the oldest request, so a
client with many requests queued cannot hold the others back.

Capping each client is not enough: eight clients with one query each that runs to the time
limit would still fill four workers for seconds at a time. A client whose last query ran long
(past `long_after_s`: the engine uses half the time limit, far above what an ordinary query
takes even on a busy machine) is heavy, and heavy clients' queries share at most half the
workers: the rest stay free for quick queries. A client's first long query cannot be known in
advance (it is long only once it has run long); it counts against that share from the moment it
passes the threshold.

Thread-safe and blocking, like the pool behind it: `turn` waits in the caller's thread.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

INTERNAL = ""  # queries of the process itself (the CLI, content checks): never refused
REMEMBERED_CLIENTS = 10_000  # idle heavy clients kept; the oldest are forgotten first


class TooManyQueries(Exception):
    """A client asked for more queries at once than its share; `retry_after_s` says when."""

    code = "too_many_queries"

    def __init__(self, limit: int, retry_after_s: float) -> None:
        queries, which = ("a query", "it") if limit == 1 else (f"{limit} queries", "one")
        super().__init__(
            f"You already have {queries} running or waiting; wait for {which} to finish, "
            "then try again."
        )
        self.detail = str(self)
        self.retry_after_s = max(1, math.ceil(retry_after_s))


@dataclass(eq=False)
class Ticket:
    """One query's place: waiting until `granted` is set, then running."""

    client: str
    granted: threading.Event = field(default_factory=threading.Event)
    started: float = 0.0
    heavy: bool = False  # granted from the heavy clients' share


@dataclass
class _Client:
    tickets: int = 0  # running or waiting
    served: int = 0  # the number of its last turn; 0 when never served
    heavy: bool = False


class Admission:
    """At most `slots` queries run at once, shared fairly between clients."""

    def __init__(
        self,
        slots: int,
        *,
        per_client: int,
        long_after_s: float,
        retry_after_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.slots, self.heavy_slots = slots, max(1, slots // 2)
        self.per_client, self.long_after_s = per_client, long_after_s
        self.retry_after_s, self.clock = retry_after_s, clock
        self._waiting: list[Ticket] = []
        self._running: set[Ticket] = set()
        self._clients: dict[str, _Client] = {}
        self._turns = 0
        self._lock = threading.Lock()

    @contextmanager
    def turn(self, client: str | None) -> Iterator[None]:
        """Hold one of the slots for `client` (None: the process itself) while the block runs."""
        ticket = self.enter(client)
        try:
            ticket.granted.wait()
            yield
        finally:
            self.leave(ticket)

    def enter(self, client: str | None) -> Ticket:
        """Queue a query for `client`; raise TooManyQueries when it is over its share."""
        key = INTERNAL if client is None else client
        with self._lock:
            state = self._clients.setdefault(key, _Client())
            if key != INTERNAL and self.per_client and state.tickets >= self.per_client:
                raise TooManyQueries(self.per_client, self.retry_after_s)
            state.tickets += 1
            ticket = Ticket(key)
            self._waiting.append(ticket)
            self._dispatch()
        return ticket

    def leave(self, ticket: Ticket) -> None:
        """The query is done (or was abandoned while waiting): its slot goes to the next."""
        with self._lock:
            state = self._clients[ticket.client]
            if ticket in self._running:
                self._running.remove(ticket)
                state.heavy = self.clock() - ticket.started >= self.long_after_s
            else:
                self._waiting.remove(ticket)
            state.tickets -= 1
            self._forget(ticket.client, state)
            self._dispatch()

    def waiting(self) -> int:
        with self._lock:
            return len(self._waiting)

    def _dispatch(self) -> None:
        while len(self._running) < self.slots and (ticket := self._next()) is not None:
            state = self._clients[ticket.client]
            self._turns += 1
            state.served, ticket.heavy, ticket.started = self._turns, state.heavy, self.clock()
            self._waiting.remove(ticket)
            self._running.add(ticket)
            ticket.granted.set()

    def _next(self) -> Ticket | None:
        """The oldest ticket of the eligible client served least recently."""
        heavy_room = self._running_long() < self.heavy_slots
        eligible = [t for t in self._waiting if heavy_room or not self._clients[t.client].heavy]
        return min(eligible, key=lambda t: self._clients[t.client].served, default=None)

    def _running_long(self) -> int:
        """Running queries of heavy clients, and any other that has run long by now."""
        now = self.clock()
        return sum(t.heavy or now - t.started >= self.long_after_s for t in self._running)

    def _forget(self, key: str, state: _Client) -> None:
        if not state.tickets and not state.heavy:
            del self._clients[key]
        elif len(self._clients) > REMEMBERED_CLIENTS:
            oldest = next((k for k, s in self._clients.items() if not s.tickets), None)
            self._clients.pop(oldest or INTERNAL, None)
