"""All configuration, read from `DRILL_*` environment variables (every one is in the README)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DRILL_")

    data_dir: Path = Field(
        default=PROJECT_ROOT / "var", description="Where built datasets and caches are written."
    )
    datasets_dir: Path = Field(
        default=PROJECT_ROOT / "datasets", description="Sources of the built-in datasets."
    )
    bank_dir: Path = Field(
        default=PROJECT_ROOT / "question_bank", description="The built-in question bank."
    )
    cards_dir: Path | None = Field(
        default=None,
        description="Your own card decks, written by `drill cards import` and loaded with the "
        "bank. Empty means a cards folder in the data directory.",
    )
    packs: list[Path] = Field(
        default_factory=list, description="Extra question packs to load (a JSON list of folders)."
    )
    query_workers: int = Field(default=4, ge=1, description="Pre-started query worker processes.")
    query_timeout_s: float = Field(default=5.0, gt=0, description="Wall-clock limit per query.")
    queries_per_client: int = Field(
        default=2,
        ge=0,
        description="Queries one client (a user, or an address) may have running or waiting at "
        "once; one more is refused with 429 too_many_queries. 0: no limit.",
    )
    max_rows: int = Field(default=10_000, ge=1, description="Rows returned before truncating.")
    result_cache_mb: int = Field(
        default=64,
        ge=0,
        description="Memory for results and verdicts of queries that depend only on the data "
        "(datasets never change under their content hash); 0 turns the cache off.",
    )
    database_url: str = Field(
        default="",
        description="Where state lives: a SQLAlchemy URL such as postgresql+psycopg://host/db. "
        "Empty means a SQLite file in the data directory.",
    )
    host: str = Field(default="127.0.0.1", description="Address `drill serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `drill serve` listens on.")
    listen_fd: int | None = Field(
        default=None,
        ge=0,
        description="A listening socket `drill serve` inherits, already bound, to serve on instead "
        "of host and port (socket activation: connections wait in its backlog until ready).",
    )
    max_body_bytes: int = Field(
        default=256 * 1024, ge=1024, description="Largest request body accepted, in bytes."
    )
    request_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="Seconds a request's headers have to arrive once its connection is open (or "
        "the previous answer sent), and then its body; a stalled body gets 408, stalled headers "
        "a closed connection.",
    )
    log_level: str = Field(default="info", description="Log level: debug, info, warning, error.")
    review_desired_retention: float = Field(
        default=0.9,
        gt=0.7,
        lt=1.0,
        description="Share of cards spaced repetition aims to have remembered when they come due.",
    )
    review_learning_steps_min: list[float] = Field(
        default_factory=lambda: [1.0, 10.0],
        description="Minutes between the first reviews of a new card (a JSON list).",
    )
    review_relearning_steps_min: list[float] = Field(
        default_factory=lambda: [10.0],
        description="Minutes between the reviews of a forgotten card (a JSON list).",
    )
    review_fuzz: bool = Field(
        default=True, description="Spread review intervals a little so cards do not bunch up."
    )
    review_maximum_interval_days: int = Field(
        default=36500, ge=1, description="Longest interval a card is scheduled out, in days."
    )
    review_new_per_day: int = Field(
        default=20, ge=0, description="New cards introduced per day (pulled cards come on top)."
    )
    review_max_per_day: int = Field(
        default=200, ge=0, description="Reviews of cards in review state per day."
    )

    llm_base_url: str | None = Field(
        default=None,
        description="An OpenAI-compatible endpoint for model feedback (Ollama: "
        "http://127.0.0.1:11434/v1); with DRILL_LLM_MODEL it turns model feedback on.",
    )
    llm_api_key: SecretStr | None = Field(
        default=None, description="The endpoint's API key; local servers need none."
    )
    llm_model: str | None = Field(default=None, description="The model that gives feedback.")
    llm_timeout_s: float = Field(
        default=60.0, gt=0, description="How long one model request may take before it is dropped."
    )
    llm_retries: int = Field(
        default=2, ge=0, le=5, description="Retries of a failed model request (429, 5xx, timeout)."
    )
    llm_breaker_failures: int = Field(
        default=3, ge=1, description="Failed requests in a row that stop model calls for a while."
    )
    llm_breaker_cooldown_s: float = Field(
        default=120.0, gt=0, description="How long model calls stay stopped after those failures."
    )
    llm_daily_token_budget: int | None = Field(
        default=None, ge=1, description="Tokens the model may use per UTC day; unset: no limit."
    )

    @property
    def built_datasets_dir(self) -> Path:
        return self.data_dir / "datasets"

    @property
    def user_cards_dir(self) -> Path:
        return self.cards_dir or self.data_dir / "cards"

    @property
    def reference_cache_dir(self) -> Path:
        return self.data_dir / "cache" / "reference"

    @property
    def state_url(self) -> str:
        """The database URL, with the SQLite default filled in."""
        return self.database_url or f"sqlite:///{self.data_dir / 'drill.sqlite3'}"
