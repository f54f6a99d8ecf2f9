"""Agreement between labels and a grader."""

from __future__ import annotations

import pytest

from app.feedback.agreement import agreement


def test_perfect_agreement_is_kappa_one() -> None:
    result = agreement([("met", "met"), ("missing", "missing"), ("partial", "partial")])
    assert (result.exact, result.within_one, result.kappa) == (1.0, 1.0, 1.0)


def test_one_step_off_counts_within_one_but_not_exact() -> None:
    result = agreement([("met", "partial"), ("missing", "missing")])
    assert (result.exact, result.within_one) == (0.5, 1.0)


def test_kappa_discounts_what_chance_gives() -> None:
    # 4 pairs: labels met, met, missing, missing; grader met, missing, met, missing
    result = agreement([("met", "met"), ("met", "missing"), ("missing", "met"),
                        ("missing", "missing")])  # fmt: skip
    assert result.exact == 0.5 and result.kappa == pytest.approx(0.0)
    assert agreement([("met", "missing"), ("missing", "met")]).kappa == pytest.approx(-1.0)


def test_no_pairs_agree_on_nothing() -> None:
    assert agreement([]).pairs == 0
