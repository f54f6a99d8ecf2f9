"""A key point is stated by one of its terms or by its own text's words close together."""

from __future__ import annotations

from app.kinds.card.coverage import coverage, states
from app.kinds.card.models import KeyPoint

READERS = KeyPoint(text="Readers never block writers", terms=["mvcc"])
VACUUM = KeyPoint(text="Dead row versions are reclaimed later", terms=["vacuum", "autovacuum"])


def test_the_points_own_words_in_another_order_state_it() -> None:
    assert states("Here writers are never blocked by readers.", READERS)


def test_its_words_in_different_sentences_do_not() -> None:
    assert not states("Readers are many. They never block. Writers wait.", READERS)


def test_one_term_is_enough_even_misspelt() -> None:
    assert states("Autovacum runs in the background", VACUUM)


def test_coverage_keeps_the_points_order_and_scores_the_share_covered() -> None:
    found = coverage("MVCC, then vacuum.", [VACUUM, READERS])
    assert (found.covered, found.missed, found.score) == ([VACUUM, READERS], [], 1.0)
    assert coverage("", [VACUUM, READERS]).score == 0.0
