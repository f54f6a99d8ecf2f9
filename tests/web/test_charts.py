"""The bar charts' geometry: heights in proportion to the tallest bar, bars side by side within
the width, a date under every seventh, and an empty chart drawn flat rather than dividing by 0."""

from __future__ import annotations

from app.web.charts import HEIGHT, WIDTH, bar_chart, short_date


def _days(values: list[int]) -> list[dict[str, object]]:
    return [{"date": f"2026-03-{day + 1:02d}", "due": v} for day, v in enumerate(values)]


def test_bars_stand_in_proportion_to_the_tallest() -> None:
    chart = bar_chart(_days([0, 2, 4, 1]), "due")
    assert [b.height for b in chart.bars] == [0, HEIGHT / 2, HEIGHT, HEIGHT / 4]
    assert all(b.y + b.height == HEIGHT for b in chart.bars)  # standing on the axis
    assert chart.top == 4 and chart.total == 7


def test_bars_fit_the_width_and_dates_are_spaced() -> None:
    chart = bar_chart(_days([1] * 30), "due")
    assert chart.bars[-1].x + chart.bars[-1].width <= WIDTH
    assert all(a.x + a.width < b.x for a, b in zip(chart.bars, chart.bars[1:], strict=False))
    assert [b.label for b in chart.bars if b.label] == [
        "1 Mar",
        "8 Mar",
        "15 Mar",
        "22 Mar",
        "29 Mar",
    ]


def test_an_empty_chart_is_flat() -> None:
    chart = bar_chart(_days([0, 0]), "due")
    assert [b.height for b in chart.bars] == [0, 0] and chart.total == 0
    assert bar_chart([], "due").bars == []
    assert short_date("2026-12-05") == "5 Dec"


def test_a_chart_that_looks_back_dates_todays_bar() -> None:
    chart = bar_chart(_days([0] * 29 + [4]), "due", today_last=True)
    assert chart.bars[-1].label and chart.bars[-1].label == short_date(chart.bars[-1].day)
    assert [i for i, bar in enumerate(chart.bars) if bar.label] == [1, 8, 15, 22, 29]
