"""Generate the shop dataset: customers, products, orders, order lines, payments, refunds.

Deterministic for a given seed; standard library only.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def _names(text: str) -> tuple[str, ...]:
    """Names written as one comma-separated string."""
    return tuple(text.split(", "))


START = dt.datetime(2023, 1, 1)
END = dt.datetime(2025, 3, 31, 23, 59, 59)
SIGNUPS_FROM = dt.datetime(2022, 6, 1)
SIGNUPS_UNTIL = dt.datetime(2025, 3, 28)
CENT = Decimal("0.01")

CUSTOMERS = 2_000
ORDERS = 20_000
BUYER_SHARE = 0.82
HEAVY_CUSTOMERS = 3  # resellers who buy far more than anyone else
NEVER_SOLD_PRODUCTS = 15
BOUNDARY_TIMES = (  # orders placed exactly around midnight of a month or year boundary
    dt.datetime(2023, 12, 31, 23, 59, 59),
    dt.datetime(2024, 1, 1, 0, 0, 0),
    dt.datetime(2024, 2, 29, 23, 59, 59),
    dt.datetime(2024, 3, 1, 0, 0, 0),
    dt.datetime(2024, 12, 31, 23, 59, 59),
    dt.datetime(2025, 1, 1, 0, 0, 0),
)

COUNTRIES = {  # code -> (weight, cities)
    "DE": (30, ("Berlin", "Hamburg", "Munich", "Cologne", "Leipzig")),
    "FR": (18, ("Paris", "Lyon", "Marseille", "Lille")),
    "NL": (12, ("Amsterdam", "Rotterdam", "Utrecht")),
    "ES": (10, ("Madrid", "Barcelona", "Valencia")),
    "IT": (10, ("Rome", "Milan", "Turin", "Bologna")),
    "PL": (7, ("Warsaw", "Krakow", "Gdansk")),
    "SE": (5, ("Stockholm", "Gothenburg")),
    "AT": (4, ("Vienna", "Graz")),
    "BE": (4, ("Brussels", "Antwerp", "Ghent")),
}
EMAIL_DOMAINS = ("mail.example", "post.example", "inbox.example", "webmail.example")
FIRST_NAMES = _names(
    "Lukas, Emma, Louis, Mia, Daan, Sara, Lucia, Marco, Zofia, Erik, Lea, Jan, Ines, Paul, "
    "Julie, Hugo, Anna, Pieter, Elin, Matteo, Chiara, Kacper, Nora, Felix, Camille, Javier, "
    "Alba, Finn, Lotte, Oskar"
)
LAST_NAMES = _names(
    "Schneider, Martin, de Vries, Garcia, Rossi, Kowalski, Andersson, Gruber, Peeters, "
    "Bernard, Bakker, Lopez, Bianchi, Nowak, Johansson, Huber, Janssens, Dubois, Visser, "
    "Fernandez, Romano, Wisniewski, Lindberg, Wagner"
)
CATEGORIES = {  # name -> (sku code, price points, nouns)
    "Kitchen": (
        "KIT",
        ("9.99", "14.99", "19.99", "24.99", "39.99", "59.99"),
        ("Knife Set", "Frying Pan", "Cutting Board", "Kettle", "Mixing Bowl"),
    ),
    "Home": (
        "HOM",
        ("12.50", "19.99", "29.99", "49.99", "99.00"),
        ("Cushion", "Throw Blanket", "Lamp", "Vase", "Wall Clock"),
    ),
    "Garden": (
        "GAR",
        ("4.99", "9.99", "19.99", "39.99", "129.00"),
        ("Trowel", "Hose", "Planter", "Seed Kit", "Bird Feeder"),
    ),
    "Electronics": (
        "ELE",
        ("19.99", "29.99", "49.99", "99.00", "199.00", "499.00"),
        ("Headphones", "Speaker", "Charger", "Smart Plug", "Webcam"),
    ),
    "Toys": (
        "TOY",
        ("9.99", "14.99", "24.99", "39.99"),
        ("Puzzle", "Building Set", "Plush Bear", "Board Game", "Kite"),
    ),
    "Sports": (
        "SPO",
        ("14.99", "24.99", "39.99", "79.99", "249.00"),
        ("Yoga Mat", "Water Bottle", "Jump Rope", "Dumbbell", "Tent"),
    ),
    "Beauty": (
        "BEA",
        ("4.99", "9.99", "12.50", "19.99"),
        ("Face Cream", "Shampoo", "Soap Bar", "Lip Balm", "Hair Brush"),
    ),
    "Office": (
        "OFF",
        ("4.99", "9.99", "14.99", "29.99", "199.00"),
        ("Notebook", "Desk Lamp", "Pen Set", "Stapler", "Monitor Stand"),
    ),
}
ADJECTIVES = ("Classic", "Compact", "Deluxe", "Eco", "Nordic", "Urban", "Vintage", "Pro")
# (choices, cumulative weights): random.choices is much faster given cumulative weights.
LINES_PER_ORDER = (
    (1, 2, 3, 4, 5, 6, 7, 8),
    tuple(itertools.accumulate((30, 25, 18, 11, 7, 4, 3, 2))),
)
QUANTITIES = ((1, 2, 3, 4, 5, 10), tuple(itertools.accumulate((74, 15, 5, 2, 2, 2))))
PAYMENT_METHODS = (("card", "paypal", "bank_transfer"), (68, 90, 100))
HOURS = (
    tuple(range(24)),
    tuple(
        itertools.accumulate(
            (1, 1, 1, 1, 1, 2, 3, 5, 6, 7, 7, 8, 9, 8, 7, 7, 8, 9, 11, 13, 14, 12, 7, 3)
        )
    ),
)
MONTH_WEIGHTS = (0.8, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.1, 1.6, 1.8)


@dataclass(eq=False)
class Customer:
    customer_id: int
    created_at: dt.datetime
    weight: float = 0.0


@dataclass(eq=False)
class Product:
    product_id: int
    price: Decimal
    launched_on: dt.date


@dataclass(eq=False)
class Order:
    customer: Customer
    ordered_at: dt.datetime
    order_id: int = 0
    status: str = ""
    shipped_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    lines: list[tuple[int, int, int, Decimal]] = field(default_factory=list)
    payments: list[tuple[int, dt.datetime, str, Decimal, str]] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((quantity * price for _, _, quantity, price in self.lines), Decimal(0))


Row = tuple[object, ...]


def _pick(rng: random.Random, options: tuple[tuple[Any, ...], tuple[float, ...]]) -> Any:
    return rng.choices(options[0], cum_weights=options[1])[0]


def generate(rng: random.Random) -> dict[str, list[Row]]:
    """Rows of every table, in schema column order."""
    customers, customer_rows = _customers(rng)
    products, product_rows = _products(rng)
    orders = _orders(rng, customers)
    popularity = _popularity(rng, products)
    for order in orders:
        _set_status(rng, order)
        _add_lines(rng, order, products, popularity)
    payments = _payments(rng, orders)
    return {
        "customers": customer_rows,
        "products": product_rows,
        "orders": [_order_row(order) for order in orders],
        "order_items": [(o.order_id, *line) for o in orders for line in o.lines],
        "payments": payments,
        "refunds": _refunds(rng, orders),
    }


# --- customers and products ---------------------------------------------------------------


def _customers(rng: random.Random) -> tuple[list[Customer], list[Row]]:
    span = (SIGNUPS_UNTIL - SIGNUPS_FROM).total_seconds()
    # u ** 0.8 puts more signups late: the shop grows.
    times = sorted(
        SIGNUPS_FROM + dt.timedelta(seconds=int(span * rng.random() ** 0.8))
        for _ in range(CUSTOMERS)
    )
    customers = [Customer(number, created) for number, created in enumerate(times, start=1)]
    rows = [_customer_row(rng, customer) for customer in customers]
    _duplicate_emails_in_other_case(rng, rows)
    return customers, rows


def _customer_row(rng: random.Random, customer: Customer) -> Row:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    country = rng.choices(list(COUNTRIES), [w for w, _ in COUNTRIES.values()])[0]
    return (
        customer.customer_id,
        _email(rng, first, last, customer.customer_id),
        first,
        last,
        _city(rng, country),
        country,
        customer.created_at,
        rng.random() < 0.35,
    )


def _email(rng: random.Random, first: str, last: str, number: int) -> str | None:
    draw = rng.random()
    if draw < 0.03:
        return None
    if draw < 0.037:
        return ""  # the customer deleted it
    local = f"{first}.{last}".lower().replace(" ", "")
    return f"{local}{number}@{rng.choice(EMAIL_DOMAINS)}"


def _city(rng: random.Random, country: str) -> str | None:
    draw = rng.random()
    if draw < 0.04:
        return None
    return "" if draw < 0.05 else rng.choice(COUNTRIES[country][1])


def _duplicate_emails_in_other_case(rng: random.Random, rows: list[Row]) -> None:
    """A few people registered a second time, typing their email with capitals."""
    with_email = [i for i, row in enumerate(rows) if row[1]]
    for first_index in rng.sample(with_email[: len(with_email) // 2], 6):
        second_index = rng.choice(with_email[len(with_email) // 2 :])
        email = str(rows[first_index][1])
        local, domain = email.split("@")
        rows[second_index] = (
            *rows[second_index][:1],
            f"{local.title()}@{domain}",
            *rows[second_index][2:],
        )


def _products(rng: random.Random) -> tuple[list[Product], list[Row]]:
    products: list[Product] = []
    rows: list[Row] = []
    for number in range(1, 301):
        category = rng.choice(sorted(CATEGORIES))
        code, prices, nouns = CATEGORIES[category]
        launched = _launch_date(rng)
        price = Decimal(rng.choice(prices))
        name = f"{rng.choice(ADJECTIVES)} {rng.choice(nouns)} {number}"
        discontinued = rng.random() < 0.08
        products.append(Product(number, price, launched))
        rows.append((number, f"{code}-{number:05d}", name, category, price, launched, discontinued))
    return products, rows


def _launch_date(rng: random.Random) -> dt.date:
    if rng.random() < 0.7:
        return dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1095))
    return dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 800))


# --- orders ------------------------------------------------------------------------------


def _orders(rng: random.Random, customers: list[Customer]) -> list[Order]:
    buyers = _buyers(rng, customers)
    orders = [Order(buyer, _first_order_time(rng, buyer)) for buyer in buyers]
    orders += _repeat_orders(rng, buyers, ORDERS - len(orders))
    _place_some_at_midnight(rng, orders)
    order_of = {id(order): (order.ordered_at, rng.random()) for order in orders}
    orders.sort(key=lambda order: order_of[id(order)])
    for number, order in enumerate(orders, start=1):
        order.order_id = number
    return orders


def _buyers(rng: random.Random, customers: list[Customer]) -> list[Customer]:
    """Customers who order at least once; the most recent signups mostly have not yet."""
    buyers = []
    for customer in customers:
        recent = customer.created_at > SIGNUPS_UNTIL - dt.timedelta(days=30)
        if rng.random() < (0.3 if recent else BUYER_SHARE):
            customer.weight = min(rng.paretovariate(1.2), 30.0)
            buyers.append(customer)
    for heavy in rng.sample(buyers[: len(buyers) // 3], HEAVY_CUSTOMERS):
        heavy.weight = 100.0
    return buyers


def _first_order_time(rng: random.Random, customer: Customer) -> dt.datetime:
    """Most people buy within weeks of registering (or on 1 January 2023 at the earliest)."""
    earliest = max(customer.created_at, START)
    delay = dt.timedelta(days=rng.expovariate(1 / 20), seconds=rng.randint(120, 5400))
    if delay > END - earliest:
        delay = (END - earliest) * rng.random()
    return (earliest + delay).replace(microsecond=0)


def _repeat_orders(rng: random.Random, buyers: list[Customer], count: int) -> list[Order]:
    """Orders spread over time by season and growth, each by a buyer registered by then."""
    orders: list[Order] = []
    cumulative = list(itertools.accumulate(buyer.weight for buyer in buyers))
    while len(orders) < count:
        moment = _seasonal_time(rng)
        for _ in range(50):
            buyer = rng.choices(buyers, cum_weights=cumulative)[0]
            if buyer.created_at < moment:
                orders.append(Order(buyer, moment))
                break
    return orders


def _seasonal_time(rng: random.Random) -> dt.datetime:
    days = (END.date() - START.date()).days
    while True:
        day = START.date() + dt.timedelta(days=rng.randint(0, days))
        growth = 0.8 + 0.15 * (day.year - 2023)
        if rng.random() * 2.2 < MONTH_WEIGHTS[day.month - 1] * growth:
            break
    hour = _pick(rng, HOURS)
    return dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59), rng.randint(0, 59)))


def _place_some_at_midnight(rng: random.Random, orders: list[Order]) -> None:
    for moment in BOUNDARY_TIMES:
        near = [
            o
            for o in orders
            if abs(o.ordered_at - moment) < dt.timedelta(days=10)
            and o.customer.created_at < moment - dt.timedelta(hours=1)
        ]
        rng.choice(near).ordered_at = moment


def _set_status(rng: random.Random, order: Order) -> None:
    age = END - order.ordered_at
    if age < dt.timedelta(days=2):
        order.status = rng.choices(("placed", "shipped", "cancelled"), (70, 25, 5))[0]
    elif age < dt.timedelta(days=7):
        order.status = rng.choices(("shipped", "delivered", "cancelled"), (60, 30, 10))[0]
    else:
        order.status = rng.choices(("delivered", "cancelled", "returned"), (81, 9, 10))[0]
    if order.status in {"shipped", "delivered", "returned"}:
        order.shipped_at = order.ordered_at + dt.timedelta(minutes=rng.randint(120, 3600))
    if order.status in {"delivered", "returned"} and order.shipped_at:
        order.delivered_at = order.shipped_at + dt.timedelta(minutes=rng.randint(1080, 7200))
    _not_after_end(order)


def _not_after_end(order: Order) -> None:
    """Whatever would happen after the end of the data has not happened yet."""
    if order.delivered_at and order.delivered_at > END:
        order.status, order.delivered_at = "shipped", None
    if order.shipped_at and order.shipped_at > END:
        order.status, order.shipped_at = "placed", None


def _add_lines(
    rng: random.Random, order: Order, products: list[Product], popularity: list[float]
) -> None:
    count = _pick(rng, LINES_PER_ORDER)
    chosen: set[int] = set()
    for line_no in range(1, count + 1):
        product = _available_product(rng, products, popularity, order.ordered_at.date())
        if product.product_id in chosen and rng.random() < 0.9:  # rarely on two lines
            product = _available_product(rng, products, popularity, order.ordered_at.date())
        chosen.add(product.product_id)
        quantity = _pick(rng, QUANTITIES)
        price = _price_then(product.price, order.ordered_at)
        order.lines.append((line_no, product.product_id, quantity, price))


def _popularity(rng: random.Random, products: list[Product]) -> list[float]:
    """Cumulative Zipf-like weights in random product order; the last few never sell."""
    ranks = list(range(1, len(products) + 1))
    rng.shuffle(ranks)
    cutoff = len(products) - NEVER_SOLD_PRODUCTS
    return list(itertools.accumulate(0.0 if rank > cutoff else 1 / rank**0.9 for rank in ranks))


def _available_product(
    rng: random.Random, products: list[Product], weights: list[float], day: dt.date
) -> Product:
    for _ in range(20):  # retry products not launched yet on that day
        product = rng.choices(products, cum_weights=weights)[0]
        if product.launched_on <= day:
            break
    return product


def _price_then(price: Decimal, moment: dt.datetime) -> Decimal:
    """List price at the time: lower before the 2024 and 2025 increases, less in sales."""
    factor = Decimal("0.92") if moment.year == 2023 else Decimal("0.96")
    if moment.year >= 2025 or (moment.year == 2024 and moment.month >= 7):
        factor = Decimal("1.00") if moment.year >= 2025 else Decimal("0.98")
    if moment.month == 11 and 22 <= moment.day <= 30:
        factor *= Decimal("0.75")  # Black Friday week
    elif moment.month == 1 and moment.day <= 14:
        factor *= Decimal("0.90")  # January sale
    return (price * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def _order_row(order: Order) -> Row:
    return (
        order.order_id,
        order.customer.customer_id,
        order.ordered_at,
        order.status,
        order.shipped_at,
        order.delivered_at,
    )


# --- payments and refunds ----------------------------------------------------------------


def _payments(rng: random.Random, orders: list[Order]) -> list[Row]:
    attempts = []
    for order in orders:
        for moment, method, amount, status in _attempts(rng, order):
            attempts.append((moment, order, method, amount, status))
    attempts.sort(key=lambda a: (a[0], a[1].order_id))
    rows: list[Row] = []
    for number, (moment, order, method, amount, status) in enumerate(attempts, start=1):
        order.payments.append((number, moment, method, amount, status))
        rows.append((number, order.order_id, moment, method, amount, status))
    return rows


def _attempts(rng: random.Random, order: Order) -> list[tuple[dt.datetime, str, Decimal, str]]:
    total, moment = order.total, order.ordered_at + dt.timedelta(seconds=rng.randint(5, 90))
    method = _pick(rng, PAYMENT_METHODS)
    draw = rng.random()
    if order.status == "cancelled":
        if draw < 0.45:
            return [(moment, method, total, "failed")]
        return [(moment, method, total, "succeeded")] if draw < 0.75 else []
    if draw < 0.02 and total > 20:
        gift = min(Decimal(rng.choice((10, 15, 25))), total - 10)
        return [
            (moment, "gift_card", gift, "succeeded"),
            (moment + dt.timedelta(seconds=20), "card", total - gift, "succeeded"),
        ]
    failures = 0 if draw < 0.9 else (1 if draw < 0.97 else 2)
    tries = []
    for _ in range(failures):
        tries.append((moment, method, total, "failed"))
        moment += dt.timedelta(seconds=rng.randint(30, 1200))
        method = method if rng.random() < 0.6 else _pick(rng, PAYMENT_METHODS)
    return [*tries, (moment, method, total, "succeeded")]


def _refunds(rng: random.Random, orders: list[Order]) -> list[Row]:
    refunds: list[tuple[Order, int, dt.datetime, Decimal, str | None]] = []
    for order in orders:
        paid = [p for p in order.payments if p[4] == "succeeded"]
        if paid:
            refunds.extend((order, *refund) for refund in _order_refunds(rng, order, paid))
    refunds = [r for r in refunds if r[2] <= END]  # later refunds have not happened yet
    refunds.sort(key=lambda r: (r[2], r[0].order_id))
    return [
        (number, order.order_id, payment_id, moment, amount, reason)
        for number, (order, payment_id, moment, amount, reason) in enumerate(refunds, start=1)
    ]


def _order_refunds(
    rng: random.Random, order: Order, paid: list[tuple[int, dt.datetime, str, Decimal, str]]
) -> list[tuple[int, dt.datetime, Decimal, str | None]]:
    last_paid = paid[-1]
    if order.status == "cancelled":
        moment = last_paid[1] + dt.timedelta(hours=rng.randint(1, 48))
        return [(p[0], moment, p[3], "cancelled") for p in paid]
    if order.status == "returned" and order.delivered_at:
        moment = order.delivered_at + dt.timedelta(days=rng.randint(3, 25), hours=rng.randint(0, 9))
        if rng.random() < 0.7 or len(order.lines) == 1:
            return [(p[0], moment, p[3], "returned") for p in paid]
        _, _, quantity, price = rng.choice(order.lines)
        return [(last_paid[0], moment, min(quantity * price, last_paid[3]), "returned")]
    if order.status == "delivered" and order.delivered_at and rng.random() < 0.025:
        return _goodwill_refunds(rng, order, last_paid)
    return []


def _goodwill_refunds(
    rng: random.Random, order: Order, payment: tuple[int, dt.datetime, str, Decimal, str]
) -> list[tuple[int, dt.datetime, Decimal, str | None]]:
    assert order.delivered_at is not None
    moment = order.delivered_at + dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 9))
    reason = rng.choice(("damaged", "late delivery", None))
    first = min(Decimal(rng.choice((5, 10, 15))), payment[3] / 2).quantize(CENT)
    refunds = [(payment[0], moment, first, reason)]
    if rng.random() < 0.15:
        later = moment + dt.timedelta(days=rng.randint(2, 6))
        refunds.append((payment[0], later, min(Decimal(5), payment[3] - first), reason))
    return refunds
