"""The kinds' tasks for model feedback: the rubric is the one the offline grader used, and
follow-up replies are graded with the answer without changing what the story was."""

from __future__ import annotations

from app.feedback.model import Feedback
from app.kinds.behavioral.answer import BehavioralAnswer
from app.kinds.behavioral.feedback_task import behavioral_task
from app.kinds.behavioral.grader import BehavioralGrader
from tests.feedback.llm import tasks

FIELDS = {
    "situation": "At my last job our cloud bill grew 40% in a year, which the CFO flagged.",
    "task": "I was asked to cut the bill by a third within two quarters.",
    "action": "I tagged every resource by team and found the analytics cluster was 38% of it.",
    "result": "The bill fell from 95,000 to 58,000 dollars a month.",
    "reflection": "I learned to measure before cutting anything.",
}
REPLY = (
    "The risk was that the data team relied on those events for their weekly reports, so I "
    "tested first with one game's events for two weeks while they ran their reports as usual."
)


def _verdicts(feedback: Feedback) -> dict[str, str]:
    return {c.criterion_id: c.verdict for s in feedback.sections for c in s.criteria}


def test_every_rubric_line_is_a_criterion_the_offline_grader_judged() -> None:
    for task in (tasks.design(), tasks.behavioral()):
        judged = [c.criterion_id for s in task.offline.sections for c in s.criteria]
        assert [line.criterion_id for line in task.rubric] == judged


def test_a_reply_moves_the_prompts_criteria_and_leaves_the_star_story_as_told() -> None:
    question = tasks.behavioral_question()
    answer = BehavioralAnswer(**FIELDS)
    details = BehavioralGrader().grade(question, answer, client=None).details
    before = behavioral_task(question, answer, details, ())
    after = behavioral_task(question, answer, details, [("What was the risk?", REPLY)])
    assert after.offline.sections[0] == before.offline.sections[0]  # the STAR story as told
    assert (
        _verdicts(after.offline)["weighed-the-risk"]
        == "met"
        != _verdicts(before.offline)["weighed-the-risk"]
    )
    assert after.answer.endswith(f"Reply 1: {REPLY}") and after.asked == ("What was the risk?",)


def test_a_design_reply_is_graded_with_the_stage() -> None:
    reply = (
        "When reads grow we add read replicas, because reads are ten times the writes and each "
        "replica takes read load off the primary."
    )
    before, after = tasks.design(), tasks.design(replies=[("How do reads scale?", reply)])
    assert _verdicts(before.offline)["read-replicas"] == "missing"
    assert _verdicts(after.offline)["read-replicas"] == "met"
    assert after.answer.endswith(f"Reply 1: {reply}")
