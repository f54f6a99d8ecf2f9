"""Progress rules: solved marks, the topics to work on, and the round's timeline."""

from __future__ import annotations

from datetime import timedelta

from app.rounds.progress import Mark, TopicGap, question_marks, timeline, weak_topics
from tests.rounds.test_rules import BANK, START, Attempt, Round


def test_a_question_is_solved_once_any_attempt_had_full_marks() -> None:
    scores = [("a", 0.0), ("a", 1.0), ("a", 0.0), ("b", 0.5)]
    assert question_marks(scores) == {"a": "solved", "b": "attempted"}
    assert question_marks([]) == {}


def test_weak_topics_count_unsolved_questions_most_first() -> None:
    streak, retention = "events-longest-daily-streak", "events-monthly-retention"
    never, cancel = "shop-customers-who-never-ordered", "shop-cancellation-rate-by-country"
    marks = {streak: "attempted", retention: "attempted", never: "solved", cancel: "attempted"}
    gaps = weak_topics(marks, BANK)
    shared = set(BANK[streak].topics) & set(BANK[retention].topics)
    assert gaps[0].unsolved == 2 and gaps[0].topic in shared
    assert all(g.unsolved >= 1 for g in gaps) and len(gaps) <= 5
    assert [g.unsolved for g in gaps] == sorted((g.unsolved for g in gaps), reverse=True)
    solved_only = set(BANK[never].topics) - {
        t for q in (streak, retention, cancel) for t in BANK[q].topics
    }
    assert not solved_only & {g.topic for g in gaps}


def test_weak_topics_ignore_unknown_questions_and_solved_ones() -> None:
    assert weak_topics({"gone-from-the-bank": "attempted"}, BANK) == []
    topic = BANK["org-pay-cuts"].topics[0]
    assert weak_topics({"org-pay-cuts": "solved"}, BANK) == []
    assert TopicGap(topic, 1, 1) in weak_topics({"org-pay-cuts": "attempted"}, BANK, limit=10)


def test_the_timeline_places_attempts_on_the_round_clock() -> None:
    round_ = Round(["a", "b", "c"], deadline_at=START + timedelta(seconds=1000))
    attempts = [
        Attempt("a", "incorrect", elapsed_s_in_round=100),
        Attempt("a", "correct", elapsed_s_in_round=250),
        Attempt("b", "correct", late=True, elapsed_s_in_round=5000),
    ]
    a, b, c = timeline(round_, attempts)
    assert a.marks == [Mark(10.0, 100, "incorrect", False), Mark(25.0, 250, "correct", False)]
    assert a.solved_pct == 25.0
    assert b.marks == [Mark(100.0, 5000, "correct", True)] and b.solved_pct is None
    assert c.marks == [] and c.solved_pct is None
