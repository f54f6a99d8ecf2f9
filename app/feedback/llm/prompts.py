"""The prompts, rendered from the Jinja2 templates in prompts/: a system message with every
instruction (and the request's delimiters) and a user message with the task's data only.

Each task's prompt has a version in prompts/versions.toml beside the digest of the files it is
made of; a test fails when a file changes and its version does not, so cached feedback is
never served for a prompt it was not made with."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app.feedback.llm.guard import Fence, addressed_to_grader, neutralise, quotes_instructions
from app.feedback.llm.task import FeedbackTask, LlmReply
from app.feedback.model import CriterionFeedback
from app.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"
SHARED = ("_rules.j2", "user.j2")  # the files every task's prompt includes
OFFLINE_FIELDS = {"verdict", "evidence", "rationale"}  # what the model sees of offline findings


@dataclass(frozen=True)
class Messages:
    system: str
    user: str

    def as_chat(self) -> list[dict[str, str]]:
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


@cache
def _environment(folder: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=False,  # plain text for a model, not HTML
        keep_trailing_newline=True,
    )


def prompt_files(template: str) -> tuple[str, ...]:
    return (f"{template}.system.j2", *SHARED)


def digest(template: str, folder: Path = PROMPTS_DIR) -> str:
    """The digest of the files a task's prompt is made of."""
    content = hashlib.sha256()
    for name in prompt_files(template):
        content.update((folder / name).read_bytes())
    return content.hexdigest()[:16]


@cache
def versions(folder: Path = PROMPTS_DIR) -> dict[str, dict[str, object]]:
    """prompts/versions.toml, read once: every feedback request's cache key needs it."""
    return tomllib.loads((folder / "versions.toml").read_text())


def prompt_version(template: str, folder: Path = PROMPTS_DIR) -> str:
    """`design_stage/3`: the name the cache keys a task's feedback on."""
    return f"{template}/{versions(folder)[template]['version']}"


def render(
    task: FeedbackTask, fence: Fence, *, prompted_json: bool = False, folder: Path = PROMPTS_DIR
) -> Messages:
    """The two messages for `task`, the answer fenced and defused."""
    environment = _environment(folder)
    system = environment.get_template(f"{task.template}.system.j2").render(
        fence=fence, follow_ups=task.follow_ups, prompted_json=prompted_json, schema=_schema()
    )
    user = environment.get_template("user.j2").render(
        fence=fence,
        question=task.question,
        reference=task.reference,
        criteria_json=criteria_json(task),
        answer=neutralise(task.answer),
        asked=[neutralise(question) for question in task.asked],
    )
    return Messages(system.strip() + "\n", user)


def criteria_json(task: FeedbackTask) -> str:
    """The rubric with the offline grader's findings, as the model reads it. The findings quote
    the answer outside its fence, so they drop quotes of what speaks to the grader and are
    defused as the fenced answer is."""
    flagged = addressed_to_grader(task.answer)
    rows = []
    for line in task.rubric:
        offline = task.offline_criterion(line.criterion_id)
        found = None if offline is None else _offline_findings(offline, flagged)
        rows.append({**line.__dict__, "offline": found})
    return json.dumps(rows, indent=1, ensure_ascii=False)


def _offline_findings(offline: CriterionFeedback, flagged: list[str]) -> dict[str, object]:
    quotes = [neutralise(q) for q in offline.evidence if not quotes_instructions(q, flagged)]
    return {"verdict": offline.verdict, "evidence": quotes, "rationale": offline.rationale}


@cache
def _schema() -> str:
    return json.dumps(LlmReply.model_json_schema())
