"""Generate the ledger dataset: accounts, transfers, ledger entries, idempotency keys, webhooks.

Deterministic for a given seed; standard library only.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

T = TypeVar("T")


def _names(text: str) -> tuple[str, ...]:
    """Names written as one comma-separated string."""
    return tuple(text.split(", "))


START = dt.datetime(2023, 1, 1)
END = dt.datetime(2025, 3, 31, 23, 59, 59, 999000)
ACCOUNTS = 5_000
PLANNED_TRANSFERS = 52_500  # plus the top-ups that overdrawn customers make first
REFUSED_REQUESTS = 1_500
REUSED_KEYS = 60
CENT = Decimal("0.01")

CURRENCIES = (("EUR", "USD", "GBP"), (60, 85, 100))  # choices, cumulative weights
SYSTEM_PURPOSES = ("Platform fees", "Settlement", "Suspense")
KINDS = (  # transfer kind, cumulative weight, (from kind, to kind)
    ("payment", 56, ("customer", "merchant")),
    ("top_up", 72, ("Settlement", "customer")),  # money arriving from a bank account
    ("p2p", 83, ("customer", "customer")),
    ("refund", 87, ("merchant", "customer")),
    ("fee", 95, ("merchant", "Platform fees")),
    ("payout", 100, ("merchant", "Settlement")),  # money leaving to a bank account
)
PRICE_POINTS = ("9.99", "19.99", "25.00", "49.00", "50.00", "99.00", "100.00")
ROUND_AMOUNTS = ("10.00", "20.00", "20.00", "50.00", "100.00", "250.00")
DESCRIPTIONS = ("Invoice", "Coffee", "Rent", "Thanks!", "Dinner", "Birthday gift", "Tickets")
BACKOFF_MINUTES = (1, 5, 30, 120, 480, 1440)  # delay before attempts 2..7
FAILURE_CODES = ((500, 502, 503, 504, 404, 410, None), (30, 50, 65, 75, 85, 88, 100))
BOUNDARIES = tuple(
    dt.datetime(year, month, 1) for year, month in ((2023, 7), (2024, 1), (2024, 3), (2025, 1))
)
FIRST_NAMES = _names(
    "Ada, Bilal, Clara, Dev, Eva, Farid, Greta, Hiro, Isla, Jakob, Kofi, Lina, Milan, "
    "Nadia, Omar, Paula, Rui, Selin, Theo, Vika, Wes, Yan"
)
LAST_NAMES = _names(
    "Abbott, Brandt, Cruz, Duval, Eriksen, Fontaine, Gallo, Haas, Iqbal, Jovanovic, Keller, "
    "Lindqvist, Moreno, Nakamura, Osei, Pereira, Quist, Reyes, Sorensen, Toth, Varga, Walsh"
)
MERCHANT_WORDS = (
    ("Blue", "Harbor", "North", "Copper", "Golden", "Silver", "Green", "Maple", "Urban", "Red"),
    ("Coffee", "Books", "Cycles", "Bakery", "Studio", "Outfitters", "Games", "Florist", "Labs"),
)
LEGAL_FORMS = {"EUR": ("GmbH", "BV", "SAS", "SL"), "USD": ("Inc", "LLC"), "GBP": ("Ltd",)}


@dataclass(eq=False)
class Account:
    account_id: int
    owner_name: str
    kind: str
    currency: str
    status: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None = None
    pull: float = 1.0  # how often this account takes part in transfers
    endpoints: list[tuple[str, float]] = field(default_factory=list)  # (url, failure rate)

    def open_at(self, moment: dt.datetime) -> bool:
        return self.opened_at <= moment and (self.closed_at is None or moment < self.closed_at)

    def row(self) -> tuple[object, ...]:
        return (
            self.account_id,
            self.owner_name,
            self.kind,
            self.currency,
            self.status,
            self.opened_at,
            self.closed_at,
        )


@dataclass(eq=False)
class Transfer:
    kind: str
    source: Account
    target: Account
    amount: Decimal
    created_at: dt.datetime
    status: str = "completed"
    completed_at: dt.datetime | None = None
    reversed_at: dt.datetime | None = None
    description: str | None = None
    transfer_id: int = 0

    def row(self) -> tuple[object, ...]:
        return (
            self.transfer_id,
            self.source.account_id,
            self.target.account_id,
            self.amount,
            self.source.currency,
            self.status,
            self.created_at,
            self.completed_at,
            self.description,
        )


def generate(rng: random.Random) -> dict[str, list[tuple[object, ...]]]:
    """Rows of every table, in schema column order."""
    accounts = _accounts(rng)
    transfers = _transfers(rng, accounts)
    return {
        "accounts": [account.row() for account in accounts],
        "transfers": [transfer.row() for transfer in transfers],
        "ledger_entries": _ledger_entries(transfers),
        "idempotency_keys": _idempotency_keys(rng, transfers),
        "webhook_deliveries": _webhook_deliveries(rng, transfers),
    }


def _pick(rng: random.Random, options: tuple[tuple[T, ...], tuple[float, ...]]) -> T:
    return rng.choices(options[0], cum_weights=options[1])[0]


def _moment(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """A random time between start and end, to the millisecond."""
    milliseconds = rng.randint(0, int((end - start).total_seconds() * 1000))
    return start + dt.timedelta(milliseconds=milliseconds)


# --- accounts ----------------------------------------------------------------------------


def _accounts(rng: random.Random) -> list[Account]:
    founded = dt.datetime(2022, 1, 3, 9, 0)
    accounts = [
        Account(0, f"{purpose} ({currency})", "system", currency, "active", founded)
        for currency in CURRENCIES[0]
        for purpose in SYSTEM_PURPOSES
    ]
    span = (dt.datetime(2025, 2, 28) - founded).total_seconds()
    opened = sorted(
        founded + dt.timedelta(seconds=int(span * rng.random() ** 0.7))
        for _ in range(ACCOUNTS - len(accounts))
    )
    accounts += [_customer_or_merchant(rng, moment) for moment in opened]
    for number, account in enumerate(accounts, start=1):
        account.account_id = number
    return accounts


def _customer_or_merchant(rng: random.Random, opened_at: dt.datetime) -> Account:
    currency = str(_pick(rng, CURRENCIES))
    kind = "merchant" if rng.random() < 0.14 else "customer"
    if kind == "merchant":
        words = " ".join(rng.choice(options) for options in MERCHANT_WORDS)
        name = f"{words} {rng.choice(LEGAL_FORMS[currency])}"
    else:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    account = Account(0, name, kind, currency, "active", opened_at)
    account.pull = min(rng.paretovariate(1.1 if kind == "merchant" else 1.6), 200.0)
    _set_lifecycle(rng, account)
    if kind == "merchant":
        account.endpoints = _endpoints(rng, name)
    return account


def _set_lifecycle(rng: random.Random, account: Account) -> None:
    draw = rng.random()
    if draw < 0.03:
        account.status = "frozen"
    elif draw < 0.10:
        account.status = "closed"
        account.closed_at = _moment(rng, account.opened_at + dt.timedelta(days=20), END)


def _endpoints(rng: random.Random, name: str) -> list[tuple[str, float]]:
    slug = "-".join(name.lower().split()[:2])
    draw = rng.random()
    count = 0 if draw > 0.65 else (2 if draw > 0.55 else 1)
    urls = [f"https://{slug}.example/webhooks/payments", f"https://hooks.{slug}.example/v2"]
    return [(url, rng.choices((0.03, 0.4, 1.0), (80, 15, 5))[0]) for url in urls[:count]]


# --- transfers ---------------------------------------------------------------------------


def _transfers(rng: random.Random, accounts: list[Account]) -> list[Transfer]:
    pools = _account_pools(accounts)
    planned: list[Transfer] = []
    while len(planned) < PLANNED_TRANSFERS:
        transfer = _transfer(rng, pools, _transfer_time(rng))
        if transfer is not None:  # None: no suitable open account at that time
            planned.append(transfer)
    _in_time_order(rng, planned)
    books = _Books(rng, pools)
    for transfer in planned:
        books.settle(transfer)
    transfers = planned + books.top_ups
    for transfer in transfers:
        transfer.description = _description(rng, transfer)
    _straddle_midnights(rng, transfers)
    _in_time_order(rng, transfers)
    for number, transfer in enumerate(transfers, start=1):
        transfer.transfer_id = number
    return transfers


def _in_time_order(rng: random.Random, transfers: list[Transfer]) -> None:
    created = {id(t): (t.created_at, rng.random()) for t in transfers}
    transfers.sort(key=lambda t: created[id(t)])


Pools = dict[tuple[str, str], tuple[list[Account], list[float]]]


def _account_pools(accounts: list[Account]) -> Pools:
    """(kind or system purpose, currency) -> accounts and cumulative pull."""
    pools: dict[tuple[str, str], list[Account]] = {}
    for account in accounts:
        role = account.kind if account.kind != "system" else account.owner_name.split(" (")[0]
        pools.setdefault((role, account.currency), []).append(account)
    return {
        key: (members, list(itertools.accumulate(m.pull for m in members)))
        for key, members in pools.items()
    }


def _transfer_time(rng: random.Random) -> dt.datetime:
    """Volume grows over time: the square root of a uniform draw leans late."""
    offset = (END - START) * math.sqrt(rng.random())
    return START + dt.timedelta(milliseconds=offset // dt.timedelta(milliseconds=1))


def _transfer(rng: random.Random, pools: Pools, moment: dt.datetime) -> Transfer | None:
    kind, _, (source_role, target_role) = _transfer_kind(rng)
    currency = str(_pick(rng, CURRENCIES))
    source = _open_account(rng, pools[(source_role, currency)], moment)
    target = _open_account(rng, pools[(target_role, currency)], moment)
    if source is None or target is None or source is target:
        return None
    return Transfer(kind, source, target, _amount(rng, kind), moment)


def _transfer_kind(rng: random.Random) -> tuple[str, int, tuple[str, str]]:
    draw = rng.random() * 100
    return next(kind for kind in KINDS if draw < kind[1])


def _open_account(
    rng: random.Random, pool: tuple[list[Account], list[float]], moment: dt.datetime
) -> Account | None:
    for _ in range(30):
        account = rng.choices(pool[0], cum_weights=pool[1])[0]
        if account.open_at(moment):
            return account
    return None


def _amount(rng: random.Random, kind: str) -> Decimal:
    if kind in {"p2p", "top_up"} and rng.random() < 0.6:
        return Decimal(rng.choice(ROUND_AMOUNTS)) * (5 if kind == "top_up" else 1)
    if kind in {"payment", "refund"} and rng.random() < 0.35:
        return Decimal(rng.choice(PRICE_POINTS))
    if kind == "payment" and rng.random() < 0.001:
        return Decimal(rng.randint(100_000, 250_000))  # a handful of very large payments
    median, spread = {"fee": (3.0, 1.0), "top_up": (300.0, 0.8)}.get(kind, (40.0, 1.1))
    value = min(rng.lognormvariate(math.log(median), spread), 25_000.0)
    return max(Decimal(str(value)).quantize(CENT), CENT)


class _Books:
    """Balances while transfers are settled in creation order.

    A transfer that would overdraw a customer or merchant fails, unless (usually) the customer
    tops the account up from their bank first: that top-up is added just before it.
    """

    def __init__(self, rng: random.Random, pools: Pools):
        self._rng = rng
        self._pools = pools
        self._balances: dict[Account, Decimal] = {}
        self.top_ups: list[Transfer] = []

    def settle(self, transfer: Transfer) -> None:
        source = transfer.source
        if transfer.kind == "payout":  # merchants withdraw part of what they hold
            share = Decimal(str(round(self._rng.uniform(0.5, 0.9), 2)))
            transfer.amount = max((self._balance(source) * share).quantize(CENT), CENT)
        short = transfer.amount - self._balance(source)
        if short > 0 and source.kind == "customer" and self._rng.random() < 0.85:
            self._top_up(transfer, short)
        frozen = "frozen" in (source.status, transfer.target.status)
        overdrawn = source.kind != "system" and self._balance(source) < transfer.amount
        if overdrawn or self._rng.random() < (0.5 if frozen else 0.03):
            transfer.status = "failed"
            return
        self._complete(transfer)

    def _balance(self, account: Account) -> Decimal:
        return self._balances.get(account, Decimal(0))

    def _top_up(self, transfer: Transfer, short: Decimal) -> None:
        bank = self._pools[("Settlement", transfer.source.currency)][0][0]
        amount = Decimal(math.ceil(short / 10) * 10 + self._rng.choice((0, 20, 50, 100)))
        before = dt.timedelta(milliseconds=self._rng.randint(20_000, 600_000))
        top_up = Transfer("top_up", bank, transfer.source, amount, transfer.created_at - before)
        top_up.completed_at = top_up.created_at + dt.timedelta(milliseconds=900)
        self._move(bank, transfer.source, amount)
        self.top_ups.append(top_up)

    def _complete(self, transfer: Transfer) -> None:
        delay = _settlement_delay(self._rng)
        if transfer.created_at + delay > END:
            transfer.status = "pending"
            return
        transfer.completed_at = transfer.created_at + delay
        self._move(transfer.source, transfer.target, transfer.amount)
        if self._rng.random() < 0.04:
            reversal = transfer.completed_at + dt.timedelta(minutes=self._rng.randint(60, 28_800))
            if reversal <= END:
                transfer.status, transfer.reversed_at = "reversed", reversal
                self._move(transfer.target, transfer.source, transfer.amount)

    def _move(self, source: Account, target: Account, amount: Decimal) -> None:
        self._balances[source] = self._balance(source) - amount
        self._balances[target] = self._balance(target) + amount


def _settlement_delay(rng: random.Random) -> dt.timedelta:
    draw = rng.random()
    if draw < 0.7:
        return dt.timedelta(milliseconds=rng.randint(200, 3000))
    if draw < 0.95:
        return dt.timedelta(seconds=rng.randint(5, 600))
    return dt.timedelta(minutes=rng.randint(60, 36 * 60))  # overnight batch


def _description(rng: random.Random, transfer: Transfer) -> str | None:
    draw = rng.random()
    if draw < 0.3:
        return None
    if draw < 0.35:
        return ""
    if transfer.kind == "payment" and draw < 0.8:
        return f"Order {rng.randint(10_000, 99_999)}"
    if transfer.kind in {"top_up", "payout", "fee"}:
        return {"top_up": "Top-up", "payout": "Payout", "fee": "Monthly fee"}[transfer.kind]
    return rng.choice(DESCRIPTIONS)


def _straddle_midnights(rng: random.Random, transfers: list[Transfer]) -> None:
    """A few transfers are created before midnight and completed after it."""
    for boundary in BOUNDARIES:
        near = [
            t
            for t in transfers
            if t.status == "completed" and abs(t.created_at - boundary) < dt.timedelta(days=3)
        ]
        straddling, exact = rng.sample(near, 3), rng.choice(near)
        for transfer in straddling:
            transfer.created_at = boundary - dt.timedelta(milliseconds=rng.randint(500, 9000))
            transfer.completed_at = boundary + dt.timedelta(milliseconds=rng.randint(0, 4000))
        if exact not in straddling:  # and one is created exactly at midnight
            exact.created_at = boundary
            exact.completed_at = boundary + dt.timedelta(milliseconds=850)


# --- ledger entries ----------------------------------------------------------------------


def _ledger_entries(transfers: list[Transfer]) -> list[tuple[object, ...]]:
    entries = []
    for t in transfers:
        if t.completed_at is not None:
            entries += _entry_pair(t, t.source, t.target, "transfer", t.completed_at)
        if t.reversed_at is not None:
            entries += _entry_pair(t, t.target, t.source, "reversal", t.reversed_at)
    entries.sort(key=lambda e: (e[5], e[0], e[4], e[2]))
    return [(number, *entry) for number, entry in enumerate(entries, start=1)]


def _entry_pair(
    transfer: Transfer, debited: Account, credited: Account, kind: str, moment: dt.datetime
) -> list[tuple[object, ...]]:
    amount, transfer_id = transfer.amount, transfer.transfer_id
    return [
        (transfer_id, debited.account_id, "debit", -amount, kind, moment),
        (transfer_id, credited.account_id, "credit", amount, kind, moment),
    ]


# --- idempotency keys --------------------------------------------------------------------

# uuid-like key, request hash, first seen, last seen, hits, transfer id (None: refused)
KeyRow = tuple[str, str, dt.datetime, dt.datetime, int, int | None]


def _idempotency_keys(rng: random.Random, transfers: list[Transfer]) -> list[tuple[object, ...]]:
    rows = [
        _key_row(rng, t.created_at, t.transfer_id)
        for t in transfers
        if t.kind in {"payment", "p2p", "refund"}
    ]
    rows += [_key_row(rng, _moment(rng, START, END), None) for _ in range(REFUSED_REQUESTS)]
    for original in rng.sample(rows, REUSED_KEYS):  # same key, another body: refused
        seen = original[2] + dt.timedelta(minutes=rng.randint(1, 7 * 1440))
        rows.append((original[0], _hex(rng, 256), seen, seen, 1, None))
    return sorted(rows, key=lambda row: (row[2], row[0]))


def _key_row(rng: random.Random, created_at: dt.datetime, transfer_id: int | None) -> KeyRow:
    first_seen = created_at - dt.timedelta(milliseconds=rng.randint(5, 300))
    hits = 1 if rng.random() < 0.92 else rng.choices((2, 3, 4, 5), (60, 25, 10, 5))[0]
    last_seen = first_seen
    for _ in range(hits - 1):  # client retries after a timeout
        last_seen += dt.timedelta(milliseconds=rng.randint(1000, 30_000))
    key = _hex(rng, 128)
    uuid_like = f"{key[:8]}-{key[8:12]}-{key[12:16]}-{key[16:20]}-{key[20:]}"
    return (uuid_like, _hex(rng, 256), first_seen, last_seen, hits, transfer_id)


def _hex(rng: random.Random, bits: int) -> str:
    return f"{rng.getrandbits(bits):0{bits // 4}x}"


# --- webhook deliveries ------------------------------------------------------------------


def _webhook_deliveries(rng: random.Random, transfers: list[Transfer]) -> list[tuple[object, ...]]:
    events = sorted(
        (event for t in transfers for event in _events(rng, t)), key=lambda e: (e[0], e[2])
    )
    attempts = []
    for number, (moment, event_type, transfer_id, merchant) in enumerate(events, start=1):
        event_id = f"evt_{number:010d}"
        for url, failure_rate in merchant.endpoints:
            for attempt in _attempts(rng, moment, failure_rate):
                attempts.append((event_id, event_type, transfer_id, url, *attempt))
    attempts.sort(key=lambda a: (a[6], a[0], a[3]))
    return [(number, *attempt) for number, attempt in enumerate(attempts, start=1)]


def _events(rng: random.Random, transfer: Transfer) -> list[tuple[dt.datetime, str, int, Account]]:
    merchant = transfer.target if transfer.kind == "payment" else transfer.source
    if transfer.kind not in {"payment", "refund"} or not merchant.endpoints:
        return []
    events = []
    if transfer.status == "failed":
        failed_at = transfer.created_at + dt.timedelta(milliseconds=rng.randint(300, 5000))
        events.append((failed_at, "transfer.failed", transfer.transfer_id, merchant))
    if transfer.completed_at is not None:
        events.append((transfer.completed_at, "transfer.completed", transfer.transfer_id, merchant))
    if transfer.reversed_at is not None:
        events.append((transfer.reversed_at, "transfer.reversed", transfer.transfer_id, merchant))
    return [event for event in events if event[0] <= END]


def _attempts(
    rng: random.Random, event_at: dt.datetime, failure_rate: float
) -> list[tuple[int, int | None, dt.datetime]]:
    """Attempts until a 2xx answer, with growing delays, at most 7, none after END."""
    moment = event_at + dt.timedelta(milliseconds=rng.randint(200, 3000))
    attempts: list[tuple[int, int | None, dt.datetime]] = []
    for number in range(1, len(BACKOFF_MINUTES) + 2):
        if moment > END:
            break
        failed = rng.random() < failure_rate
        code = _pick(rng, FAILURE_CODES) if failed else rng.choice((200, 200, 200, 204))
        attempts.append((number, code, moment))
        if not failed or number > len(BACKOFF_MINUTES):
            break
        delay = BACKOFF_MINUTES[number - 1] * 60 * rng.uniform(0.9, 1.1)
        moment += dt.timedelta(seconds=round(delay, 3))
    return attempts
