"""How results reach the client besides a response: webhooks (OpenAPI 3.1 `webhooks`, signed,
with a retry contract) and streamed output (text/event-stream)."""

from __future__ import annotations

import re

from app.kinds.api.document import Document
from app.kinds.api.models import ApiCheck
from app.kinds.api.operations import HTTP_METHODS, Operation, Part, media
from app.kinds.api.rules.base import Judgement, by_count, judged, per_operation

RETRY_WORDS = re.compile(r"\b(retr(y|ies|ied)|redeliver\w*|back[- ]?off)\b", re.IGNORECASE)
SIGNATURE = re.compile(r"signature", re.IGNORECASE)


def _webhook_operations(document: Document) -> list[tuple[str, Part]]:
    hooks = Part(document, ()).child("webhooks")
    found = []
    for name, item in hooks.items() if hooks else []:
        found += [(name, op) for method, op in item.items() if method in HTTP_METHODS]
    return found


def _signed(op: Part) -> Part | None:
    listed = op.child("parameters")
    for _, parameter in listed.items() if listed else []:
        if parameter.value.get("in") == "header" and SIGNATURE.search(
            str(parameter.value.get("name"))
        ):
            return parameter
    return None


def _retry_contract(document: Document, hooks: list[tuple[str, Part]]) -> Part | None:
    places = [op for _, op in hooks] + [Part(document, ("info",))]
    for part in places:
        words = part.text("description") + " " + part.text("summary")
        if RETRY_WORDS.search(words):
            return part
    return None


def webhooks(document: Document, check: ApiCheck) -> Judgement:
    fix = (
        "Declare the events under `webhooks`, sign each delivery (a signature header over "
        "the body) and say in the description how failed deliveries are retried."
    )
    hooks = _webhook_operations(document)
    if not hooks:
        callbacks = "callbacks" in str(document.value.get("paths", ""))
        why = (
            "Callbacks stand in for webhooks: 3.1 declares them under `webhooks`."
            if callbacks
            else "No webhooks are declared."
        )
        return judged("partial" if callbacks else "missing", [], why, fix)
    named = {_event_key(name) for name, _ in hooks}
    lacking = [event for event in check.events if _event_key(event) not in named]
    signed = [part for _, op in hooks if (part := _signed(op)) is not None]
    retry = _retry_contract(document, hooks)
    quotes = [op.quote("summary") for _, op in hooks] + [p.quote("name") for p in signed[:1]]
    if retry is not None:
        quotes.append(document.line_matching(retry.path, RETRY_WORDS))
    parts = {"signature header": signed[0] if signed else None, "retry contract": retry}
    gaps = [name for name, part in parts.items() if part is None] + [f"event {e}" for e in lacking]
    verdict = by_count(3 - min(len(gaps), 2), 3)
    why = f"Webhooks {', '.join(name for name, _ in hooks)}" + (
        f": lack {', '.join(gaps)}." if gaps else ": signed, with retries stated."
    )
    return judged(verdict, quotes, why, fix)


def _event_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


STREAMS = ("application/x-ndjson", "application/jsonl", "application/stream+json")


def streaming(document: Document, check: ApiCheck) -> Judgement:
    return per_operation(document, check, _streamed)


def _streamed(op: Operation) -> Judgement:
    fix = f"Stream {op.name}'s output as text/event-stream so clients read it as it comes."
    for _, response in op.responses():
        events = media(response, "text/event-stream")
        if events is not None:
            return judged("met", [events.quote()], f"{op.name}: streams as text/event-stream.", fix)
        lines = media(response, *STREAMS)
        if lines is not None:
            why = (
                f"{op.name}: streams JSON lines; browsers read text/event-stream natively "
                "and reconnect on their own."
            )
            return judged("partial", [lines.quote()], why, fix)
    return judged(
        "missing", [op.quote()], f"{op.name}: answers in one response, not a stream.", fix
    )
