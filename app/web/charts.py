"""Bar charts drawn as SVG by the templates: the geometry of each bar, worked out here so the
template only places rectangles, and the tests can read the numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 1000, 130  # the viewBox; the SVG scales to its box
GAP = 4  # between bars, in viewBox units
LABEL_EVERY = 7  # a date under every seventh bar


@dataclass(frozen=True)
class Bar:
    day: str  # ISO date
    value: int
    x: float
    y: float
    width: float
    height: float
    label: str  # the date under the bar, or "" where none is shown


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    top: int  # the value a full-height bar stands for
    total: int
    width: int = WIDTH
    height: int = HEIGHT


def bar_chart(days: list[dict[str, object]], field: str, *, today_last: bool = False) -> Chart:
    """One bar per day for `field` of each row ({"date": ..., field: n}), oldest first. Dates
    are written under every seventh bar counted from today: the first bar, or the last when
    the chart looks back (`today_last`), so today's bar always carries its own date."""
    values = [int(str(row[field])) for row in days]
    top = max(values, default=0) or 1
    slot = WIDTH / max(len(days), 1)
    last = len(days) - 1
    bars = [
        _bar(str(row["date"]), value, index, slot, top, (last - index) if today_last else index)
        for index, (row, value) in enumerate(zip(days, values, strict=True))
    ]
    return Chart(bars, top, sum(values))


def _bar(day: str, value: int, index: int, slot: float, top: int, from_today: int) -> Bar:
    height = HEIGHT * value / top
    label = short_date(day) if from_today % LABEL_EVERY == 0 else ""
    width = max(slot - GAP, 1)
    return Bar(day, value, index * slot + GAP / 2, HEIGHT - height, width, height, label)


def short_date(day: str) -> str:
    """2026-03-02 as "2 Mar"."""
    parsed = date.fromisoformat(day)
    return f"{parsed.day} {parsed.strftime('%b')}"
