"""Generate the events dataset: users, sessions and over a million tracked events.

Deterministic for a given seed; standard library only. Sessions are planned first (start,
number of events, duration), so that their rows can be written before the events, which are
then generated lazily, session by session, without holding a million rows in memory.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

START = dt.datetime(2024, 1, 1)
END = dt.datetime(2025, 3, 31, 23, 59, 59, 999000)
USERS = 20_000
IMPORTED_SHARE = 0.02  # users created by a partner import who never visited
OUTAGE_DAYS = (dt.date(2024, 7, 14), dt.date(2024, 11, 3))  # tracking was down all day
DUPLICATE_RATE = 0.004  # client retries that delivered an event twice
MEAN_GAP_SECONDS = 35.0
EVENTS_PER_SESSION_P = 1 / 7.2  # geometric: 1 + about 6.2 more events on average

COUNTRIES = (
    ("US", "DE", "GB", "IN", "FR", "BR", "CA", "NL", "ES", "JP", "PL", "SE", "AU", "MX"),
    (28, 10, 9, 9, 7, 6, 5, 4, 4, 4, 3, 3, 3, 3),
)
PLANS = (("free", "pro", "team"), (80, 15, 5))
CHANNELS = (
    ("organic", "paid_search", "social", "referral", "email", None, ""),
    (35, 20, 15, 12, 5, 10, 3),
)
DEVICES = (("desktop", "mobile", "tablet"), (55, 38, 7))
EVENT_TYPES = (("page_view", "click", "add_to_cart"), (56, 34, 10))
HOUR_WEIGHTS = (2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 9, 9, 9, 9, 9, 9, 8, 8, 8, 9, 9, 8, 6, 4)
CLICK_TARGETS = ("cta_button", "nav_link", "search", "filter", "image", "footer_link")
SIGNUP_METHODS = ("email", "google", "github")
PRODUCTS = 200


Row = tuple[Any, ...]
Visit = tuple[dt.datetime, int, dt.datetime | None]  # started_at, user_id, signup_at


@dataclass(frozen=True)
class SessionPlan:
    """What a session's events will look like, decided before the events are generated."""

    session_id: int
    user_id: int
    started_at: dt.datetime
    events: int
    duration_ms: int
    signup_at: dt.datetime | None  # set on the first visit: the signup happens during it


def generate(rng: random.Random) -> dict[str, object]:
    """Rows of every table, in schema column order; events are a lazy iterator."""
    users = _users(rng)
    plans = _plan_sessions(rng, users)
    event_rng = random.Random(rng.getrandbits(64))  # events draw from their own stream
    return {
        "users": users,
        "sessions": [_session_row(rng, plan) for plan in plans],
        "events": _events(event_rng, plans),
    }


def _weighted(rng: random.Random, options: tuple[Any, ...], cumulative: list[float]) -> Any:
    return options[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _cumulative(weights: tuple[float, ...]) -> list[float]:
    return list(itertools.accumulate(weights))


_HOUR_CUMULATIVE = _cumulative(HOUR_WEIGHTS)
_DEVICE_CUMULATIVE = _cumulative(DEVICES[1])


# --- users -------------------------------------------------------------------------------


def _users(rng: random.Random) -> list[tuple[Any, ...]]:
    span_ms = int((END - START).total_seconds() * 1000) - 3_600_000
    moments = sorted(
        START + dt.timedelta(milliseconds=int(span_ms * _growing(rng.random())))
        for _ in range(USERS)
    )
    countries, plans = _cumulative(COUNTRIES[1]), _cumulative(PLANS[1])
    channels = _cumulative(CHANNELS[1])
    rows = []
    for user_id, signed_up_at in enumerate(moments, start=1):
        country = None if rng.random() < 0.03 else _weighted(rng, COUNTRIES[0], countries)
        channel = _weighted(rng, CHANNELS[0], channels)
        if rng.random() < IMPORTED_SHARE:
            channel = "partner_import"
        plan = _weighted(rng, PLANS[0], plans)
        rows.append((user_id, signed_up_at, country, plan, channel))
    return rows


def _growing(uniform: float) -> float:
    """Inverse of the distribution with density 1 + 2x on [0, 1]: signups grow steadily."""
    return (math.sqrt(1 + 8 * uniform) - 1) / 2


# --- sessions ----------------------------------------------------------------------------


def _plan_sessions(rng: random.Random, users: list[tuple[Any, ...]]) -> list[SessionPlan]:
    starts: list[Visit] = []
    for user_id, signed_up_at, *_, channel in users:
        if channel != "partner_import":
            starts += _visits(rng, user_id, signed_up_at)
    _move_some_to_midnight(rng, starts)
    starts.sort(key=lambda start: start[:2])
    geometric = math.log(1 - EVENTS_PER_SESSION_P)
    plans = []
    for session_id, (started_at, user_id, signup_at) in enumerate(starts, start=1):
        events = 1 + int(math.log(1.0 - rng.random()) / geometric)
        duration = rng.gammavariate(events, MEAN_GAP_SECONDS) if events > 1 else 0.0
        if signup_at is not None:
            events += 1  # the signup event itself
            duration = max(duration, (signup_at - started_at).total_seconds() + 20)
        plans.append(
            SessionPlan(session_id, user_id, started_at, events, int(duration * 1000), signup_at)
        )
    return plans


def _visits(rng: random.Random, user_id: int, signed_up_at: dt.datetime) -> list[Visit]:
    """The signup visit, then visits while the user stays active; a few users stay very long
    and very active (a power law), most drift away within weeks."""
    browsing = dt.timedelta(milliseconds=rng.randint(20_000, 600_000))
    visits: list[Visit] = [(signed_up_at - browsing, user_id, signed_up_at)]
    active_days = min(rng.expovariate(1 / 110), (END - signed_up_at).total_seconds() / 86400)
    rate = 0.033 * min(rng.paretovariate(1.5), 60.0)  # visits per active day
    for _ in range(int(rate * active_days)):
        day_offset = dt.timedelta(days=int(rng.random() * active_days))
        day = (signed_up_at + day_offset).date() + dt.timedelta(days=1)
        hour = bisect.bisect(_HOUR_CUMULATIVE, rng.random() * _HOUR_CUMULATIVE[-1])
        moment = dt.datetime.combine(day, dt.time(hour))
        moment += dt.timedelta(milliseconds=rng.randint(0, 3_599_999))
        if moment < END:
            visits.append((moment, user_id, None))
    return visits


def _move_some_to_midnight(rng: random.Random, starts: list[Visit]) -> None:
    """Some visits begin exactly at midnight on the first of a month (00:00:00.000), one a
    millisecond before the new year."""
    by_day: dict[dt.date, list[int]] = {}
    for index, (moment, _, signup_at) in enumerate(starts):
        if signup_at is None:
            by_day.setdefault(moment.date(), []).append(index)
    month = dt.date(2024, 2, 1)
    while month <= END.date():
        for index in rng.sample(by_day[month], 3):
            starts[index] = (dt.datetime.combine(month, dt.time()), *starts[index][1:])
        month = (month + dt.timedelta(days=32)).replace(day=1)
    last_second = dt.datetime(2024, 12, 31, 23, 59, 59, 999000)
    index = rng.choice(by_day[dt.date(2024, 12, 31)])
    starts[index] = (last_second, *starts[index][1:])


def _session_row(rng: random.Random, plan: SessionPlan) -> Row:
    device = _weighted(rng, DEVICES[0], _DEVICE_CUMULATIVE)
    # Sessions close a little after their last event (a purchase comes at most 90 s later).
    closing = dt.timedelta(milliseconds=plan.duration_ms + rng.randint(95_000, 180_000))
    closes_at = plan.started_at + closing
    # NULL: still open at the end of the data, or never closed by the client.
    ended_at = None if closes_at > END or rng.random() < 0.03 else closes_at
    return (plan.session_id, plan.user_id, plan.started_at, ended_at, device)


# --- events ------------------------------------------------------------------------------


def _pages() -> tuple[tuple[str, ...], list[float]]:
    """Paths of the app with their popularity; product pages follow a Zipf-like curve."""
    fixed = {
        "/": 20.0,
        "/pricing": 10.0,
        "/features": 6.0,
        "/docs/getting-started": 5.0,
        "/docs/api": 4.0,
        "/cart": 6.0,
        "/checkout": 3.0,
        "/account": 5.0,
        "/blog/sql-window-functions": 2.0,
        "/blog/release-notes": 1.5,
    }
    products = {f"/products/{n}": 8.0 / n**0.8 for n in range(1, PRODUCTS + 1)}
    pages = {**fixed, **products}
    return tuple(pages), _cumulative(tuple(pages.values()))


def _events(rng: random.Random, plans: list[SessionPlan]) -> Iterator[Row]:
    writer = _EventWriter(rng)
    event_ids = itertools.count(1)
    for plan in plans:
        for row in writer.session_events(plan):
            yield (next(event_ids), *row)
            if rng.random() < DUPLICATE_RATE:
                yield (next(event_ids), *row)


class _EventWriter:
    """Events of one session at a time. This loop makes a million rows, so it keeps lookups
    local and draws choices with bisect on precomputed cumulative weights."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._pages, self._page_weights = _pages()
        self._type_weights = _cumulative(EVENT_TYPES[1])

    def session_events(self, plan: SessionPlan) -> list[Row]:
        times = self._times(plan)
        user_id = None if plan.signup_at else plan.user_id
        session_id, random, types = plan.session_id, self._rng.random, EVENT_TYPES[0]
        type_weights, total = self._type_weights, self._type_weights[-1]
        page = self._page()
        rows: list[Row] = [(session_id, user_id, "page_view", times[0], page, None)]
        carted = False
        for moment in times[1:]:
            kind = types[bisect.bisect(type_weights, random() * total)]
            if kind == "page_view":
                page = self._page()
                rows.append((session_id, user_id, kind, moment, page, None))
                continue
            carted = carted or kind == "add_to_cart"
            rows.append((session_id, user_id, kind, moment, page, self._properties(kind, page)))
        return self._finish(plan, rows, carted)

    def _page(self) -> str:
        weights = self._page_weights
        return self._pages[bisect.bisect(weights, self._rng.random() * weights[-1])]

    def _times(self, plan: SessionPlan) -> list[dt.datetime]:
        """Event times inside the planned duration: exponential gaps, scaled to fit."""
        count = plan.events - (1 if plan.signup_at else 0)
        random, log = self._rng.random, math.log
        gaps = [-log(1.0 - random()) for _ in range(count - 1)]
        scale = plan.duration_ms * 1000 / (sum(gaps) or 1.0)  # in microseconds
        start, delta, elapsed, times = plan.started_at, dt.timedelta, 0.0, [plan.started_at]
        for gap in gaps:
            elapsed += gap
            times.append(start + delta(0, 0, int(elapsed * scale) // 1000 * 1000))
        return times

    def _properties(self, kind: str, page: str) -> str:
        rng = self._rng
        if kind == "click":
            return f'{{"element": "{rng.choice(CLICK_TARGETS)}"}}'
        product = page[10:] if page.startswith("/products/") else str(rng.randint(1, PRODUCTS))
        return f'{{"product_id": {product}, "quantity": {rng.choice((1, 1, 1, 2, 3))}}}'

    def _finish(self, plan: SessionPlan, rows: list[Row], carted: bool) -> list[Row]:
        if plan.signup_at is not None:
            rows = _with_signup(self._rng, plan, rows)
        if carted and self._rng.random() < 0.35:
            rows.append(_purchase(self._rng, plan, rows[-1]))
        if _may_be_untracked(plan):
            rows = [row for row in rows if _tracked(row[3])]
        return rows


def _with_signup(rng: random.Random, plan: SessionPlan, rows: list[Row]) -> list[Row]:
    """Insert the signup event; events before it are anonymous, events after it are not."""
    signup_at = plan.signup_at
    assert signup_at is not None
    before = [row for row in rows if row[3] < signup_at]
    after = [(row[0], plan.user_id, *row[2:]) for row in rows[len(before) :]]
    method = rng.choice(SIGNUP_METHODS)
    properties = f'{{"method": "{method}"}}'
    signup = (plan.session_id, plan.user_id, "signup", signup_at, "/signup", properties)
    return [*before, signup, *after]


def _purchase(rng: random.Random, plan: SessionPlan, last: Row) -> Row:
    items = rng.randint(1, 4)
    value = sum(rng.choice((9.99, 19.99, 29.0, 49.0, 99.0)) for _ in range(items))
    moment = last[3] + dt.timedelta(milliseconds=rng.randint(5_000, 90_000))
    properties = f'{{"order_value": {value:.2f}, "currency": "EUR", "items": {items}}}'
    return (plan.session_id, last[1], "purchase", moment, "/checkout/complete", properties)


def _may_be_untracked(plan: SessionPlan) -> bool:
    """Whether the session reaches past the end of the data or into an outage day."""
    last = plan.started_at + dt.timedelta(milliseconds=plan.duration_ms + 90_000)
    days = {plan.started_at.date(), last.date()}
    return last > END or any(day in OUTAGE_DAYS for day in days)


def _tracked(moment: dt.datetime) -> bool:
    """Events after the end of the data or during the outage were never recorded."""
    return moment <= END and moment.date() not in OUTAGE_DAYS
