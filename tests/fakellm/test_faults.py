"""The fake's faults as the real openai SDK meets them: error statuses, a server that never
answers, a connection cut mid-answer, and a gate that holds an answer until the test says."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import openai
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

from tests.fakellm import FakeLlm, Gate, Hang, Reply, Status, Truncated

HELLO: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Grade this."}]
CONTENT = '{"criteria": [{"criterion_id": "write-rate", "verdict": "met"}]}'
WAIT_S = 30  # only so that a broken fake fails the test instead of hanging it


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    """Threads for requests the fake holds; not waited for at the end, as a failed test may
    leave one held until its fake closes."""
    executor = ThreadPoolExecutor(max_workers=2)
    yield executor
    executor.shutdown(wait=False, cancel_futures=True)


def _ask(client: openai.OpenAI) -> ChatCompletion:
    return client.chat.completions.create(model="m", messages=HELLO)


def test_429_raises_rate_limit_with_the_retry_after_header_and_openai_body(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.script(Status(429, headers={"Retry-After": "7"}))
    with pytest.raises(openai.RateLimitError) as raised:
        _ask(client)
    assert raised.value.response.headers["retry-after"] == "7"
    assert raised.value.code == "rate_limit_exceeded"
    assert raised.value.body == {
        "message": "Rate limit reached for requests.",
        "type": "requests",
        "code": "rate_limit_exceeded",
    }


@pytest.mark.parametrize("code", [500, 503])
def test_a_5xx_raises_internal_server_error(
    fake: FakeLlm, client: openai.OpenAI, code: int
) -> None:
    fake.script(Status(code))
    with pytest.raises(openai.InternalServerError) as raised:
        _ask(client)
    assert raised.value.status_code == code
    assert len(fake.requests) == 1  # max_retries=0: the SDK asked once


def test_the_sdk_retries_a_429_then_takes_the_next_answer(fake: FakeLlm) -> None:
    fake.script(Status(429, headers={"Retry-After-Ms": "1"}), Reply("after the wait"))
    with openai.OpenAI(base_url=fake.base_url, api_key="unused", max_retries=1) as client:
        assert _ask(client).choices[0].message.content == "after the wait"
    assert [r.headers["x-stainless-retry-count"] for r in fake.requests] == ["0", "1"]


def test_a_hang_raises_the_timeout_however_short_or_long_it_is(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.script(Hang())
    with pytest.raises(openai.APITimeoutError):
        client.with_options(timeout=0.2).chat.completions.create(model="m", messages=HELLO)
    assert len(fake.requests) == 1


def test_a_truncated_stream_delivers_its_start_then_raises_a_connection_error(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.script(Truncated(CONTENT, after_chars=20))
    deltas: list[str] = []
    with (
        pytest.raises(openai.APIConnectionError),
        client.chat.completions.stream(model="m", messages=HELLO) as stream,
    ):
        deltas.extend(event.delta for event in stream if event.type == "content.delta")
    assert "".join(deltas) == CONTENT[:20]


def test_a_truncated_whole_body_raises_a_connection_error(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.script(Truncated(CONTENT, after_chars=20), Reply("whole"))
    with pytest.raises(openai.APIConnectionError):
        _ask(client)
    assert _ask(client).choices[0].message.content == "whole"  # the fake serves on


def test_a_gate_holds_its_answer_until_released_while_others_are_answered(
    fake: FakeLlm, client: openai.OpenAI, pool: ThreadPoolExecutor
) -> None:
    gate = Gate(threading.Event())
    fake.script(gate, Reply("released"))
    held = pool.submit(_ask, client)
    assert gate.arrived.wait(WAIT_S)
    fake.script(Reply("meanwhile"))
    assert _ask(client).choices[0].message.content == "meanwhile"
    assert not held.done()
    gate.release.set()
    assert held.result(WAIT_S).choices[0].message.content == "released"


@pytest.mark.parametrize("holding", [Hang, lambda: Gate(threading.Event())])
def test_closing_the_fake_lets_go_of_a_held_request(
    holding: Callable[[], Hang | Gate], pool: ThreadPoolExecutor
) -> None:
    with (
        FakeLlm() as fake,
        openai.OpenAI(base_url=fake.base_url, api_key="unused", max_retries=0) as client,
    ):
        fake.script(holding())
        held = pool.submit(_ask, client)
        assert fake.wait_for_requests(1, WAIT_S)
        fake.close()
        with pytest.raises(openai.APIConnectionError):
            held.result(WAIT_S)
