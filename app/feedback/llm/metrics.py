"""What model feedback costs and how it goes, in Prometheus terms (the server's registry)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class LlmMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.tokens = Counter(
            "drill_llm_tokens_total",
            "Tokens the model used, by model and type (prompt or completion)",
            ["model", "type"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "drill_llm_request_duration_seconds",
            "Time of one model request, by model and outcome (ok or the fault)",
            ["model", "outcome"],
            buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 120),
            registry=self.registry,
        )
        self.feedback = Counter(
            "drill_llm_feedback_total",
            "Model feedback asked for, by how it was served (model, cache or fallback: reason)",
            ["served"],
            registry=self.registry,
        )
