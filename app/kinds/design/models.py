"""A system-design prompt: its six stages, each with guiding questions, a rubric of criteria
with behavioural anchors and offline signals, a reference answer and what a senior adds.

The offline signals of a criterion (docs/design-format.md says how they are scored):
- `concepts`: ideas with their synonyms, plain-word paraphrases and common misspellings; a
  concept counts only with a reason or a number in the same sentence (`support`);
- `estimates`: a quantity the candidate should estimate, with its unit and a sane range;
- `diagram` (architecture stage): components by role and the edges between them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from app.bank.models import QuestionBase, Strict
from app.feedback.model import Level

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
Support = Literal["reason", "number", "reason_or_number", "none"]
Dimension = Literal["rate", "bytes", "bytes_rate", "count", "duration"]


class Concept(Strict):
    """One idea an interviewer listens for, in the words candidates use for it."""

    name: str = Field(min_length=2)
    terms: list[str] = Field(min_length=1)  # synonyms, paraphrases, misspellings (lower case)
    support: Support = "reason_or_number"  # what must share its sentence for it to count


class Estimate(Strict):
    """A back-of-envelope quantity, judged by order of magnitude: within [low, high] is sane."""

    name: str = Field(min_length=2)
    dimension: Dimension
    low: float = Field(gt=0)  # in base units: per second, bytes, bytes per second, seconds
    high: float = Field(gt=0)
    cues: list[str] = Field(min_length=1)  # words near the number that say what it measures


class DiagramSignal(Strict):
    """What the architecture diagram should hold: components by role, directed edges between
    roles (a path through other components counts as `path` edges do)."""

    components: list[Role] = Field(default_factory=list)
    edges: list[tuple[Role, Role]] = Field(default_factory=list)  # a direct edge, first to second
    paths: list[list[Role]] = Field(default_factory=list)  # a route through them in order


class Criterion(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3)
    level: Level = "mid"  # the lowest level expected to raise it unprompted
    missing: str = Field(min_length=10)  # what an answer that misses it says
    partial: str = Field(min_length=10)
    met: str = Field(min_length=10)
    fix: str = Field(min_length=10)  # the advice shown when it is not met
    concepts: list[Concept] = Field(default_factory=list)
    estimates: list[Estimate] = Field(default_factory=list)
    diagram: DiagramSignal | None = None
    need: int = Field(default=1, ge=1)  # how many signals make it met

    @model_validator(mode="after")
    def _has_signals(self) -> Criterion:
        signals = len(self.concepts) + len(self.estimates) + (self.diagram is not None)
        if signals == 0:
            raise ValueError(f"criterion {self.id!r} has no offline signal")
        if self.need > signals:
            raise ValueError(f"criterion {self.id!r} needs {self.need} of {signals} signals")
        return self


class DesignStage(Strict):
    name: StageName
    guiding_questions: list[str] = Field(min_length=2)
    criteria: list[Criterion] = Field(min_length=2)
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
