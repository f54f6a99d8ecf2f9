"""What the fake does with one chat-completions request: the actions a test scripts, and the
requests the fake records."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

JsonContent = dict[str, Any] | str


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake received it: headers by lower-case name, the JSON body parsed
    (None when there was no body or it was not JSON)."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: Any

    def message(self, role: str) -> str:
        """The text of the last message with this role (text parts joined), or ""."""
        messages = self.body.get("messages", []) if isinstance(self.body, dict) else []
        texts = [_text(m.get("content")) for m in messages if m.get("role") == role]
        return texts[-1] if texts else ""


def _text(content: object) -> str:
    """A message's content as text: a string, or the text parts of a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


@dataclass(frozen=True)
class Reply:
    """A normal answer (a dict is JSON-encoded), streamed in `chunks` deltas if the request
    streams. `finish_reason="length"` plays a model that ran out of tokens."""

    content: JsonContent
    prompt_tokens: int = 120
    completion_tokens: int = 80
    chunks: int = 4
    finish_reason: str = "stop"


@dataclass(frozen=True)
class Status:
    """An HTTP error: `body` None gives OpenAI's error shape for the code; a dict is sent as
    JSON, a string as plain text."""

    code: int
    body: JsonContent | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hang:
    """Accepts the request and never answers until the fake closes: the client's timeout
    always fires first, however fast or slow the machine."""


@dataclass(frozen=True)
class Malformed:
    """A 200 whose message content is not JSON."""

    text: str = "Sure! Here is my feedback: {"


@dataclass(frozen=True)
class Truncated:
    """The first `after_chars` characters of the content, then the connection closes: no
    final chunk and no [DONE] when streaming, a body shorter than its Content-Length if not."""

    content: JsonContent
    after_chars: int


@dataclass(frozen=True)
class Refusal:
    """message.content null and message.refusal set (streamed: refusal deltas)."""

    text: str = "I can't help with grading this answer."
    prompt_tokens: int = 120
    completion_tokens: int = 10


@dataclass(frozen=True)
class Gate:
    """Holds the request until the test sets `release`, then answers with the action after
    it (the next scripted one, else the responder's), taken when the request reaches the gate:
    requests that come while it is held get the actions after that. The fake sets `arrived`
    then, so a test can wait for it instead of sleeping."""

    release: threading.Event
    arrived: threading.Event = field(default_factory=threading.Event)


Action = Reply | Status | Hang | Malformed | Truncated | Refusal | Gate
Responder = Callable[[RecordedRequest], Action]

# What a script file may hold (a Gate needs an event in this process, so it cannot be in one).
_BY_NAME: dict[str, Callable[..., Action]] = {
    "reply": Reply,
    "status": Status,
    "hang": Hang,
    "malformed": Malformed,
    "truncated": Truncated,
    "refusal": Refusal,
}


def action_from_json(item: object) -> Action:
    """One action from a script file entry, e.g. {"action": "status", "code": 429,
    "headers": {"Retry-After": "7"}}."""
    if not isinstance(item, dict) or item.get("action") not in _BY_NAME:
        names = ", ".join(_BY_NAME)
        raise ValueError(f"a script entry needs an 'action' among {names}: got {item!r}")
    fields = {key: value for key, value in item.items() if key != "action"}
    try:
        return _BY_NAME[item["action"]](**fields)
    except TypeError as error:
        raise ValueError(f"script entry {item!r}: {error}") from error
