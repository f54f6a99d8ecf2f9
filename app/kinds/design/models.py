"""A system-design prompt: its six stages, each with guiding questions, a rubric of criteria
with behavioural anchors and offline signals, a reference answer and what a senior adds.

Criteria are the feedback package's rubric criteria (concepts, estimates: app/feedback/rubric.py)
plus a diagram signal on the architecture stage: components by role and the edges between
them. docs/design-format.md says how each signal is scored.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from app.bank.models import QuestionBase, Strict
from app.feedback.rubric import Criterion

StageName = Literal["requirements", "api", "data_model", "architecture", "scaling", "tradeoffs"]
STAGES: tuple[StageName, ...] = (
    "requirements",
    "api",
    "data_model",
    "architecture",
    "scaling",
    "tradeoffs",
)
STAGE_TITLES: dict[StageName, str] = {
    "requirements": "Requirements",
    "api": "API",
    "data_model": "Data model",
    "architecture": "Architecture",
    "scaling": "Scaling",
    "tradeoffs": "Trade-offs",
}
# Minutes per stage for each preset length of a walkthrough (each row sums to its preset)
PRESETS: dict[int, tuple[int, ...]] = {
    35: (5, 5, 5, 10, 6, 4),
    45: (7, 6, 7, 12, 8, 5),
    60: (9, 8, 9, 16, 11, 7),
}
DEFAULT_PRESET = 45

# The roles a diagram's components are recognised as (app/kinds/design/diagram.py)
Role = Literal[
    "client",
    "cdn",
    "load_balancer",
    "gateway",
    "api",
    "service",
    "worker",
    "queue",
    "cache",
    "database",
    "object_store",
    "search",
    "scheduler",
    "stream_processor",
    "analytics_store",
    "external",
]


class DiagramSignal(Strict):
    """What the architecture diagram should hold: components by role, directed edges between
    roles (a path through other components counts as `path` edges do)."""

    components: list[Role] = Field(default_factory=list)
    edges: list[tuple[Role, Role]] = Field(default_factory=list)  # a direct edge, first to second
    paths: list[list[Role]] = Field(default_factory=list)  # a route through them in order


class DesignCriterion(Criterion):
    """A rubric criterion that may also read the architecture diagram."""

    diagram: DiagramSignal | None = None

    def extra_signals(self) -> int:
        return int(self.diagram is not None)


class DesignStage(Strict):
    name: StageName
    guiding_questions: list[str] = Field(min_length=2)
    criteria: list[DesignCriterion] = Field(min_length=2)
    reference: str = Field(min_length=40)  # markdown: a strong answer to this stage
    reference_diagram: str | None = None  # Mermaid flowchart (architecture stage)
    senior_adds: str = Field(min_length=20)  # what a strong senior answer adds
    follow_ups: list[str] = Field(min_length=1)  # what an interviewer asks next


class DesignQuestion(QuestionBase):
    kind: Literal["design"]
    stages: list[DesignStage]

    @model_validator(mode="after")
    def _six_stages_in_order(self) -> DesignQuestion:
        names = tuple(stage.name for stage in self.stages)
        if names != STAGES:
            raise ValueError(f"stages must be {', '.join(STAGES)} in that order, not {names}")
        ids = [c.id for stage in self.stages for c in stage.criteria]
        if len(ids) != len(set(ids)):
            raise ValueError("criterion ids must be unique within a prompt")
        architecture = self.stage("architecture")
        if architecture.reference_diagram is None:
            raise ValueError("the architecture stage needs a reference_diagram")
        return self

    def stage(self, name: StageName) -> DesignStage:
        return next(stage for stage in self.stages if stage.name == name)
