"""The fake's answers as the real openai SDK reads them over HTTP: structured output, prompted
JSON, streams with their usage, refusals, non-JSON content, and what the fake records."""

from __future__ import annotations

import asyncio
import json

import httpx
import openai
import pydantic
import pytest
from openai.types.chat import ChatCompletionMessageParam

from tests.fakellm import FakeLlm, Malformed, RecordedRequest, Refusal, Reply, Status

HELLO: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Grade this."}]
CONTENT = {"verdict": "partial", "quotes": ["about 40 writes a second", "50 GB a month"]}


class Verdict(pydantic.BaseModel):
    verdict: str
    quotes: list[str]


def test_parse_sends_the_json_schema_and_reads_the_reply_into_the_model(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.script(Reply(CONTENT, prompt_tokens=31, completion_tokens=9))
    completion = client.chat.completions.parse(
        model="llama3.1", messages=HELLO, response_format=Verdict
    )
    assert completion.choices[0].message.parsed == Verdict.model_validate(CONTENT)
    assert completion.choices[0].finish_reason == "stop"
    assert completion.model == "llama3.1"
    assert completion.usage is not None and completion.usage.total_tokens == 40
    sent = fake.requests[0].body["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["name"] == "Verdict"
    assert sent["json_schema"]["strict"] is True


def test_create_without_a_response_format_gets_the_json_as_text(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.script(Reply(CONTENT))
    completion = client.chat.completions.create(model="llama3.1", messages=HELLO)
    assert json.loads(completion.choices[0].message.content or "") == CONTENT
    assert completion.object == "chat.completion" and completion.id.startswith("chatcmpl-")
    assert "response_format" not in fake.requests[0].body


def test_a_stream_carries_the_content_in_deltas_and_the_usage_last(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.script(Reply(CONTENT, prompt_tokens=30, completion_tokens=12, chunks=5))
    with client.chat.completions.stream(
        model="llama3.1",
        messages=HELLO,
        response_format=Verdict,
        stream_options={"include_usage": True},
    ) as stream:
        deltas = [event.delta for event in stream if event.type == "content.delta"]
        final = stream.get_final_completion()
    assert "".join(deltas) == json.dumps(CONTENT)
    assert len([delta for delta in deltas if delta]) == 5
    assert final.choices[0].message.parsed == Verdict.model_validate(CONTENT)
    assert final.usage is not None
    assert (final.usage.prompt_tokens, final.usage.total_tokens) == (30, 42)
    assert fake.requests[0].body["stream"] is True


def test_the_async_client_reads_the_same_stream_to_its_end(fake: FakeLlm) -> None:
    fake.script(Reply(CONTENT, chunks=3))

    async def streamed() -> tuple[list[str], int | None]:
        async with (
            openai.AsyncOpenAI(base_url=fake.base_url, api_key="unused", max_retries=0) as sdk,
            sdk.chat.completions.stream(
                model="m", messages=HELLO, stream_options={"include_usage": True}
            ) as stream,
        ):
            deltas = [event.delta async for event in stream if event.type == "content.delta"]
            final = await stream.get_final_completion()
        return deltas, final.usage.total_tokens if final.usage else None

    deltas, total = asyncio.run(streamed())
    assert ("".join(deltas), total) == (json.dumps(CONTENT), 200)


def test_a_stream_without_include_usage_sends_no_usage_chunk(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.script(Reply("plain words", chunks=2))
    chunks = list(client.chat.completions.create(model="m", messages=HELLO, stream=True))
    assert [chunk.choices[0].delta.content for chunk in chunks] == ["", "plain ", "words", None]
    assert [chunk.choices[0].finish_reason for chunk in chunks][-1] == "stop"
    assert all(chunk.usage is None for chunk in chunks)


def test_the_wire_of_a_stream_ends_with_a_usage_chunk_and_done(fake: FakeLlm) -> None:
    fake.script(Reply("ok", chunks=1))
    body = {
        "model": "m",
        "messages": HELLO,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    response = httpx.post(f"{fake.base_url}/chat/completions", json=body)
    events = [line.removeprefix("data: ") for line in response.text.split("\n\n") if line]
    assert response.headers["content-type"] == "text/event-stream"
    assert response.headers["transfer-encoding"] == "chunked"
    assert events[-1] == "[DONE]"
    last = json.loads(events[-2])
    assert last["choices"] == [] and last["usage"]["total_tokens"] == 200


@pytest.mark.parametrize("streams", [False, True])
def test_a_refusal_has_no_content_and_its_text_in_refusal(
    fake: FakeLlm, client: openai.OpenAI, streams: bool
) -> None:
    fake.script(Refusal("I will not grade this."))
    if streams:
        with client.chat.completions.stream(
            model="m", messages=HELLO, response_format=Verdict
        ) as stream:
            message = stream.get_final_completion().choices[0].message
    else:
        message = (
            client.chat.completions.parse(model="m", messages=HELLO, response_format=Verdict)
            .choices[0]
            .message
        )
    assert (message.content, message.refusal, message.parsed) == (
        None,
        "I will not grade this.",
        None,
    )


def test_malformed_content_fails_the_model_and_reads_as_text_without_one(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.script(Malformed(), Malformed())
    with pytest.raises(pydantic.ValidationError):
        client.chat.completions.parse(model="m", messages=HELLO, response_format=Verdict)
    completion = client.chat.completions.create(model="m", messages=HELLO)
    assert completion.choices[0].message.content == "Sure! Here is my feedback: {"


def test_the_script_is_played_in_order_then_the_responder_answers(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.responder = lambda request: Reply(f"echo {request.message('user')}")
    fake.script(Reply("first"), Reply("second"))
    contents = [
        client.chat.completions.create(model="m", messages=HELLO).choices[0].message.content
        for _ in range(3)
    ]
    assert contents == ["first", "second", "echo Grade this."]


def test_every_request_is_recorded_with_its_headers_and_body(
    fake: FakeLlm, client: openai.OpenAI
) -> None:
    fake.script(Reply("ok"))
    client.chat.completions.create(model="llama3.1", messages=HELLO, temperature=0)
    client.models.list()
    first, second = fake.requests
    assert (first.method, first.path, second.method, second.path) == (
        "POST",
        "/v1/chat/completions",
        "GET",
        "/v1/models",
    )
    assert first.headers["authorization"] == "Bearer unused"
    assert first.body == {"model": "llama3.1", "messages": HELLO, "temperature": 0}
    assert second.body is None


def test_the_models_list_names_the_fake_model(client: openai.OpenAI) -> None:
    assert [model.id for model in client.models.list()] == ["fake-model"]


def test_a_prompt_the_responder_cannot_read_is_a_400_naming_the_missing_part(
    client: openai.OpenAI,
) -> None:
    with pytest.raises(openai.BadRequestError, match="names no delimiter line"):
        client.chat.completions.create(model="m", messages=HELLO)


def test_an_unknown_route_is_a_404_in_openai_shape(fake: FakeLlm) -> None:
    response = httpx.post(f"{fake.base_url}/completions", json={"prompt": "x"})
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "no route POST /v1/completions"


def test_a_status_body_given_as_json_is_sent_as_is(fake: FakeLlm, client: openai.OpenAI) -> None:
    error = {
        "error": {
            "message": "model 'x' not found",
            "type": "invalid_request_error",
            "code": "model_not_found",
        }
    }
    fake.script(Status(404, error))
    with pytest.raises(openai.NotFoundError, match="model 'x' not found") as raised:
        client.chat.completions.create(model="x", messages=HELLO)
    assert raised.value.code == "model_not_found"


def test_a_text_part_list_reads_as_the_message_text() -> None:
    parts = [{"type": "text", "text": "one "}, {"type": "text", "text": "two"}]
    request = RecordedRequest("POST", "/", {}, {"messages": [{"role": "user", "content": parts}]})
    assert (request.message("user"), request.message("system")) == ("one two", "")
