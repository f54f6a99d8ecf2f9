"""Model feedback as the settings configure it: off unless an endpoint and a model are set."""

from __future__ import annotations

from urllib.parse import urlsplit

from prometheus_client import CollectorRegistry

from app.clock import Clock
from app.feedback.llm.client import LlmClient
from app.feedback.llm.metrics import LlmMetrics
from app.feedback.llm.resilience import Backoff, CircuitBreaker
from app.feedback.llm.service import ModelFeedback
from app.settings import Settings


def model_feedback(
    settings: Settings, clock: Clock, registry: CollectorRegistry | None = None
) -> ModelFeedback | None:
    """The configured model, or None: model feedback is off."""
    if not (settings.llm_base_url and settings.llm_model):
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    client = LlmClient(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=key,
        timeout_s=settings.llm_timeout_s,
    )
    breaker = CircuitBreaker(settings.llm_breaker_failures, settings.llm_breaker_cooldown_s, clock)
    return ModelFeedback(
        client=client,
        backoff=Backoff(settings.llm_retries),
        breaker=breaker,
        clock=clock,
        daily_budget=settings.llm_daily_token_budget,
        metrics=LlmMetrics(registry),
    )


def status_line(settings: Settings) -> str:
    """What the home page says of model feedback."""
    if not (settings.llm_base_url and settings.llm_model):
        return (
            "Model feedback: off. The offline grader answers; set DRILL_LLM_BASE_URL and "
            "DRILL_LLM_MODEL to add a model (docs/llm.md)."
        )
    where = urlsplit(settings.llm_base_url).netloc or settings.llm_base_url
    return f"Model feedback: {settings.llm_model} at {where}, beside the offline grader."
