"""Cards written out as a deck file the bank loads (docs/question-format.md): every field of
every card spelled out, so the file reads the same whatever the defaults become."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from app.kinds.card.models import CardQuestion


def deck_text(cards: Sequence[CardQuestion], origin: str) -> str:
    lines = [f"# Imported from {origin} with `drill cards import`.", 'kind = "card"', ""]
    for card in cards:
        fields = card.model_dump(mode="json", exclude={"kind"})
        lines += ["[[questions]]", *(f"{key} = {_value(v)}" for key, v in fields.items()), ""]
    return "\n".join(lines)


def _value(value: Any) -> str:
    if isinstance(value, str):  # a JSON string is a TOML basic string, but for DEL
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_value(v)}" for key, v in value.items()) + " }"
    items = [_value(item) for item in value]
    if any(isinstance(item, dict) for item in value):  # key points: one a line
        return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
    return "[" + ", ".join(items) + "]"
