"""A fake OpenAI-compatible chat-completions server for tests, over real HTTP on loopback.

    with FakeLlm() as fake:
        fake.script(Status(429, headers={"Retry-After": "7"}), Reply({"criteria": []}))
        client = OpenAI(base_url=fake.base_url, api_key="unused", max_retries=0)
        ...
        assert fake.requests[0].body["model"] == "llama3.1"

- `POST /v1/chat/completions` answers with the next scripted action; when none is left, the
  responder (`fake.responder`, `echo_offline` unless set) makes one from the request. A body
  with `"stream": true` is answered with server-sent events: a role chunk, the content in
  several deltas, a chunk with the finish reason, a usage chunk (no choices) if
  `stream_options.include_usage` is set, then `data: [DONE]`.
- `GET /v1/models` lists `fake.model`.
- `fake.requests` holds every request received (method, path, lower-case headers, JSON body),
  recorded as it arrives, before it is answered; `fake.wait_for_requests(n, timeout)` blocks
  until n have arrived.
- Actions (`actions.py`) and what the openai SDK 3.57 makes of them:
  `Reply` a completion (`Malformed`: one whose content is not JSON, so `parse` raises
  pydantic's ValidationError); `Status(429)` RateLimitError, a 5xx InternalServerError;
  `Hang` APITimeoutError; `Truncated` APIConnectionError (the deltas before the cut are
  delivered first when streaming); `Refusal` `message.refusal` with the content None;
  `Gate` whatever the action after it gives, once released. A Hang or a Gate still waiting
  is let go when the fake closes: its connection closes unanswered (APIConnectionError).
- Responders (`responders.py`) read the grading prompt of the feature's spec: the delimiter
  token in the system message, the answer between `<<<ANSWER-{token}>>>` and
  `<<<END-{token}>>>` and the criteria JSON under `# Criteria` in the user message. A request
  they cannot read gets a 400 (BadRequestError) whose message names the missing part.

`python -m tests.fakellm --port 8765` serves it by hand (`--help` for the options).
"""

from tests.fakellm.actions import (
    Action,
    Gate,
    Hang,
    Malformed,
    RecordedRequest,
    Refusal,
    Reply,
    Responder,
    Status,
    Truncated,
)
from tests.fakellm.prompt import PromptError
from tests.fakellm.responders import echo_offline, fabricating
from tests.fakellm.server import FakeLlm

__all__ = [
    "Action",
    "FakeLlm",
    "Gate",
    "Hang",
    "Malformed",
    "PromptError",
    "RecordedRequest",
    "Refusal",
    "Reply",
    "Responder",
    "Status",
    "Truncated",
    "echo_offline",
    "fabricating",
]
