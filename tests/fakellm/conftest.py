"""A fake per test, an SDK client on it (no retries: each test scripts every answer), and the
grading prompt of the fixtures as chat messages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from tests.fakellm import FakeLlm

FIXTURES = Path(__file__).parent.parent / "fixtures" / "fakellm"
CLIENT_TIMEOUT_S = 30  # only so that a broken fake fails the test instead of hanging it


@pytest.fixture
def fake() -> Iterator[FakeLlm]:
    with FakeLlm() as running:
        yield running


@pytest.fixture
def client(fake: FakeLlm) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(
        base_url=fake.base_url, api_key="unused", max_retries=0, timeout=CLIENT_TIMEOUT_S
    ) as sdk:
        yield sdk


@pytest.fixture
def grading_messages() -> list[ChatCompletionMessageParam]:
    """The system and user messages of a grading request, as the SDK sends them."""
    system = (FIXTURES / "system.txt").read_text(encoding="utf-8")
    user = (FIXTURES / "user.md").read_text(encoding="utf-8")
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
