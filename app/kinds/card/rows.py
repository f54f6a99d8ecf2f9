"""Cards written by hand, as CSV rows or TOML tables, turned into the card model's fields:
what the writer may leave out is filled in, and a key point may be a plain sentence."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.feedback.text import words

REQUIRED = ("prompt", "model_answer", "key_points", "tags", "source_topic")
OPTIONAL = ("id", "title", "difficulty", "explanation")
DEFAULTS: dict[str, Any] = {
    "kind": "card",
    "difficulty": "medium",
    "time_budget_minutes": 2,
    "hints": ["Answer out loud first: when it matters, why, and what it costs."],
    "explanation": "Compare what you said with the model answer and its key points.",
}
TERMS = re.compile(r"^(?P<text>.*?)\s*\[(?P<terms>[^\[\]]*)\]\s*$")  # "text [term; term]"
ID_WORDS = 6


@dataclass(frozen=True)
class Row:
    """One card as written, and the line of the file it starts on."""

    line: int
    fields: dict[str, Any]
    surplus: int = 0  # values past the header's columns (a CSV row with a stray comma)


class HeaderError(ValueError):
    pass


def csv_rows(text: str) -> Iterator[Row]:
    """The cards of a CSV file with a header line (REQUIRED columns, maybe OPTIONAL ones); a
    quoted value may span lines, so a row is numbered by the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    _check_header(header)
    start = reader.line_num + 1
    for values in reader:  # a blank line is an empty row: it still moves `start` on
        if any(value.strip() for value in values):
            cells = dict(zip(header, (value.strip() for value in values), strict=False))
            yield Row(start, _from_csv(cells), max(0, len(values) - len(header)))
        start = reader.line_num + 1


def _check_header(columns: Sequence[str]) -> None:
    missing = [name for name in REQUIRED if name not in columns]
    unknown = [name for name in columns if name not in (*REQUIRED, *OPTIONAL)]
    if missing or unknown:
        said = [f"missing {', '.join(missing)}"] * bool(missing)
        said += [f"unknown {', '.join(unknown)}"] * bool(unknown)
        raise HeaderError(f"columns: {'; '.join(said)} (columns: {', '.join(REQUIRED)})")


def _from_csv(record: Mapping[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {name: value for name, value in record.items() if value}
    fields["key_points"] = [p.strip() for p in record.get("key_points", "").split("|") if p.strip()]
    fields["tags"] = record.get("tags", "").split()
    return fields


def completed(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The card's fields with what a writer may leave out filled in: its id (from the prompt,
    so a re-import keeps it), title, topics, hint, explanation, and key points' terms."""
    prompt = str(fields.get("prompt", ""))
    filled: dict[str, Any] = {**DEFAULTS, "id": card_id(prompt), "title": _title(prompt)}
    filled["topics"] = [fields.get("source_topic") or "cards"]  # no column of their own
    filled.update(fields)
    filled["key_points"] = [key_point(p) for p in fields.get("key_points", [])]
    return filled


def key_point(point: Any) -> Any:
    """A key point as the model has it; "text [term; term]" names its terms, and a sentence
    alone is its own term (matched by its content words close together)."""
    if not isinstance(point, str):
        return point
    found = TERMS.match(point)
    text = found["text"] if found else point
    terms = [t.strip().lower() for t in found["terms"].split(";") if t.strip()] if found else []
    return {"text": text, "terms": terms or [text.lower()]}


def card_id(prompt: str) -> str:
    """A stable id: the prompt's first words and a short hash of all of them."""
    said = words(prompt)
    digest = hashlib.sha256(" ".join(said).encode()).hexdigest()[:6]
    return "-".join([*said[:ID_WORDS], digest])


def slug(text: str) -> str:
    """`text` as lowercase words joined by dashes ("cards" when it has none)."""
    return "-".join(words(text)) or "cards"


def _title(prompt: str) -> str:
    first = prompt.strip().splitlines()[0] if prompt.strip() else ""
    return first if len(first) <= 80 else first[:77].rstrip() + "..."
