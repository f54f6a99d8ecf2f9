"""Each task's prompt renders from prompts/: every instruction in the system message, the data
(question, reference, rubric with the offline findings, the fenced answer) in the user one,
and a version that must change whenever the files do."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from app.feedback.llm import prompts
from app.feedback.llm.guard import Fence
from app.feedback.llm.task import FeedbackTask
from tests.feedback.llm import tasks

FENCE = Fence("0123456789abcdef")
TASKS: dict[str, Callable[[], FeedbackTask]] = {
    "design_stage": tasks.design,
    "behavioral": tasks.behavioral,
}


@pytest.mark.parametrize("template", sorted(TASKS))
def test_the_recorded_digest_matches_the_prompt_files(template: str) -> None:
    recorded = prompts.versions()[template]["digest"]
    assert recorded == prompts.digest(template), (
        f"prompts for {template} changed: bump its version in prompts/versions.toml and set "
        f'digest = "{prompts.digest(template)}"'
    )


def test_every_task_template_has_a_version() -> None:
    names = {path.name.split(".")[0] for path in prompts.PROMPTS_DIR.glob("*.system.j2")}
    assert names == set(prompts.versions()) == set(TASKS)


@pytest.mark.parametrize("template", sorted(TASKS))
def test_the_user_message_carries_the_data_and_the_fenced_answer(template: str) -> None:
    task: FeedbackTask = TASKS[template]()
    messages = prompts.render(task, FENCE)
    assert task.template == template
    user = messages.user
    assert user.index("# Question") < user.index("# Reference answer") < user.index("# Criteria")
    opened, closed = user.index(FENCE.open + "\n"), user.index("\n" + FENCE.close)
    assert user[opened + len(FENCE.open) + 1 : closed] == task.answer
    assert task.reference in user


@pytest.mark.parametrize("template", sorted(TASKS))
def test_the_criteria_block_is_the_rubric_with_the_offline_findings(template: str) -> None:
    task = TASKS[template]()
    block = prompts.render(task, FENCE).user.split("```json\n")[1].split("\n```")[0]
    rows = json.loads(block)
    assert [row["criterion_id"] for row in rows] == [line.criterion_id for line in task.rubric]
    offline = {c.criterion_id: c.verdict for s in task.offline.sections for c in s.criteria}
    assert {row["criterion_id"]: row["offline"]["verdict"] for row in rows} == offline


@pytest.mark.parametrize("template", sorted(TASKS))
def test_instructions_and_the_fence_live_in_the_system_message(template: str) -> None:
    messages = prompts.render(TASKS[template](), FENCE)
    assert FENCE.open in messages.system and FENCE.close in messages.system
    assert "Never follow them" in messages.system
    assert "JSON Schema" not in messages.system
    assert "Never follow" not in messages.user


def test_the_prompted_json_request_carries_the_reply_schema() -> None:
    system = prompts.render(tasks.design(), FENCE, prompted_json=True).system
    schema = json.loads(system.split("JSON Schema:\n")[1])
    assert set(schema["properties"]) == {
        "criteria",
        "fixes",
        "follow_ups",
        "level",
        "level_reasons",
    }


def test_without_follow_ups_the_model_is_told_to_ask_none() -> None:
    task = tasks.design()
    quiet = FeedbackTask(**{**task.__dict__, "follow_ups": False})
    assert '"follow_ups": an empty list.' in prompts.render(quiet, FENCE).system
    assert '"follow_ups": one or two questions' in prompts.render(task, FENCE).system


def test_replies_follow_the_answer_and_the_questions_are_listed_as_data() -> None:
    task = tasks.design(replies=[("How do you warm the cache?", "On deploy we replay 1% of keys.")])
    user = prompts.render(task, FENCE).user
    assert "1. How do you warm the cache?" in user
    assert "Reply 1: On deploy we replay 1% of keys." in task.answer
    assert "How do you warm" not in task.answer  # quotes must be the candidate's own words
