"""Where an explain question's plan comes from: a PostgreSQL capture file, or DuckDB's profile
of the question's query run live by the engine (kept in the engine, so a question shows and
grades the same run)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from app.kinds.explain.models import DuckdbPlanSource, ExplainQuestion, PostgresPlanSource
from app.kinds.registry import Services
from app.plans.capture import capture_path, load_capture
from app.plans.duckdb import parse_duckdb
from app.plans.errors import PlanError
from app.plans.model import Plan
from app.sqlengine.engine import SqlEngine
from app.sqlengine.errors import QuestionBrokenError, SqlError


@dataclass(frozen=True)
class LoadedPlan:
    """A question's plan, and what the candidate needs to know of where it was taken."""

    plan: Plan
    query: str
    versions: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanLoader:
    engine: SqlEngine | None
    captures_dir: Path | None

    @classmethod
    def of(cls, services: Services) -> PlanLoader:
        return cls(services.engine, services.captures_dir)

    def load(self, question: ExplainQuestion) -> LoadedPlan:
        """The question's plan; PlanError or SqlError when it cannot be had."""
        source = question.plan
        if isinstance(source, PostgresPlanSource):
            return self._captured(source)
        return self._live(source)

    def load_or_broken(self, question: ExplainQuestion) -> LoadedPlan:
        """The plan, or QuestionBrokenError: the question, not an answer, is at fault."""
        try:
            return self.load(question)
        except (PlanError, SqlError) as error:
            raise QuestionBrokenError(f"{question.id}: its plan cannot be had: {error}") from None

    def _captured(self, source: PostgresPlanSource) -> LoadedPlan:
        if self.captures_dir is None:
            raise PlanError("no captures folder is configured")
        capture = load_capture(capture_path(self.captures_dir, source.capture))
        versions = {"postgres": capture.version, "captured_at": capture.captured_at}
        return LoadedPlan(capture.parsed(), capture.query, versions, dict(capture.settings))

    def _live(self, source: DuckdbPlanSource) -> LoadedPlan:
        if self.engine is None:
            raise PlanError("no engine to run the query on")
        plan = parse_duckdb(self.engine.explain_analyze(source.dataset, source.sql))
        limits = self.engine.pool.limits
        settings = {"threads": str(limits.threads), "memory_limit": f"{limits.memory_limit_mb}MB"}
        return LoadedPlan(plan, source.sql.strip(), {"duckdb": version("duckdb")}, settings)
