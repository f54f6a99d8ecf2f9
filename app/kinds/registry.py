"""What a kind of question provides, and the registry the core finds kinds in.

A kind brings its question model, its answer model, a grader, its content checks, what the
question API may show and what giving up reveals; the core (bank, practice, rounds, store, web)
does the rest for every kind alike. See docs/kinds.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from app.bank.loader import ContentProblem
from app.bank.models import QuestionBase
from app.feedback.llm.task import FeedbackTask, Replies
from app.kinds.outcome import Outcome
from app.settings import Settings
from app.sqlengine.engine import SqlEngine

Q = TypeVar("Q", bound=QuestionBase)
A = TypeVar("A", bound=BaseModel)
Q_contra = TypeVar("Q_contra", bound=QuestionBase, contravariant=True)
A_contra = TypeVar("A_contra", bound=BaseModel, contravariant=True)


@dataclass(frozen=True)
class Services:
    """What the workspace has built that a kind's grader or checks may use."""

    engine: SqlEngine  # the query workers (sql, and explain's live DuckDB plans)
    reference_cache_dir: Path | None = None
    captures_dir: Path | None = None  # question_bank/captures: recorded PostgreSQL material

    def captures(self) -> Path:
        """The captures folder the workspace gives, or the built-in bank's."""
        return self.captures_dir or builtin_captures()


def builtin_captures() -> Path:
    return Settings().bank_dir / "captures"


class Grader(Protocol[Q_contra, A_contra]):
    def grade(self, question: Q_contra, answer: A_contra, *, client: str | None) -> Outcome:
        """The outcome of `answer` to `question`, graded as `client`'s work. An error of the
        question itself (not the answer) is raised, and nothing is recorded."""
        ...


Checker = Callable[[Q, Path], list[ContentProblem]]  # a question and its file -> its problems


@dataclass(frozen=True)
class Kind(Generic[Q, A]):
    """One kind of question, as the core plugs it in."""

    name: str
    question_model: type[Q]
    answer_model: type[A]
    make_grader: Callable[[Services], Grader[Q, A]]
    make_checker: Callable[[Services], Checker[Q]]  # the content checks of `drill bank check`
    public_view: Callable[[Q], dict[str, Any]]  # what the question API may add: no solution
    solution_view: Callable[[Q], dict[str, Any]]  # what giving up (or solving) reveals
    rules: Callable[[Q], list[str]]  # how answers are graded, in words, shown on the question
    page: str | None = None  # the template of its page; None: the generic question page
    # A kind whose question is answered in sections (a walkthrough's stages) says which:
    section_of: Callable[[A], str | None] | None = None  # the section an answer is for
    sections: Callable[[Q], list[str]] | None = None  # a question's section ids, in order
    criteria: Callable[[Q, str], list[str]] | None = None  # one section's criterion ids
    # A kind whose views need what the workspace built (explain: the plan to show, live from
    # the engine or from a capture) gives the kind as it is with those services:
    bind: Callable[[Services], Kind[Q, A]] | None = None
    # A kind whose answers are free text a model may judge gives the task from a recorded
    # answer, its outcome's details and any follow-up replies (app/feedback/llm): with replies,
    # the task's offline feedback is the answer graded again with them.
    feedback_task: Callable[[Q, A, Mapping[str, Any], Replies], FeedbackTask] | None = None


AnyKind = Kind[Any, Any]


class KindRegistry:
    """Kinds by name. The server's comes from defaults.py; tests build their own."""

    def __init__(self, kinds: Iterable[AnyKind]) -> None:
        self._kinds: dict[str, AnyKind] = {}
        for kind in kinds:
            if kind.name in self._kinds:
                raise ValueError(f"kind {kind.name!r} is registered twice")
            self._kinds[kind.name] = kind

    def __getitem__(self, name: str) -> AnyKind:
        return self._kinds[name]

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._kinds))

    def with_kind(self, kind: AnyKind) -> KindRegistry:
        """A new registry with one more kind."""
        return KindRegistry([*self._kinds.values(), kind])

    def bound(self, services: Services) -> KindRegistry:
        """The kinds as they are with the workspace's services (see `Kind.bind`)."""
        return KindRegistry(
            kind if kind.bind is None else kind.bind(services) for kind in self._kinds.values()
        )

    def sections(self, question: QuestionBase) -> list[str] | None:
        """The question's section ids; None when its kind has no sections."""
        kind = self[question.kind]
        return None if kind.sections is None else kind.sections(question)

    def section_of(self, question: QuestionBase, answer: BaseModel) -> str | None:
        """The section an answer to the question is for; None when its kind names none."""
        kind = self[question.kind]
        return None if kind.section_of is None else kind.section_of(answer)

    def question_models(self) -> dict[str, type[QuestionBase]]:
        return {name: kind.question_model for name, kind in self._kinds.items()}

    def graders(self, services: Services) -> dict[str, Grader[Any, Any]]:
        return {name: kind.make_grader(services) for name, kind in self._kinds.items()}

    def checkers(self, services: Services) -> dict[str, Checker[Any]]:
        return {name: kind.make_checker(services) for name, kind in self._kinds.items()}
