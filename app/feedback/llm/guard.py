"""Keeping a candidate's answer data, not instructions: a random delimiter per request that
the answer cannot close (look-alikes are neutralised), and the sentences of an answer that
speak to the grader found, so that they never count as evidence (injection.toml)."""

from __future__ import annotations

import re
import secrets
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.feedback.model import normalise
from app.feedback.text import sentences

# Runs of angle-like characters (ASCII, guillemets, full-width, mathematical) of length 2+.
_OPENING = "<\u00ab\u2039\uff1c\ufe64\u3008\u27e8\u276e"
_CLOSING = ">\u00bb\u203a\uff1e\ufe65\u3009\u27e9\u276f"
_ANGLES = re.compile(f"[{_OPENING}{_CLOSING}]{{2,}}")
SINGLE_OPEN, SINGLE_CLOSE = "\u2039", "\u203a"  # what each bracket of such a run becomes
# Lines that would pass for a heading of the prompt's own data sections.
_HEADINGS = re.compile(
    r"^(\s*)#+(\s*(question|reference answer|criteria|candidate'?s answer|instructions|system)\b)",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class Fence:
    """The two lines the answer sits between, new for every request."""

    token: str

    @classmethod
    def new(cls) -> Fence:
        return cls(secrets.token_hex(8))

    @property
    def open(self) -> str:
        return f"<<<ANSWER-{self.token}>>>"

    @property
    def close(self) -> str:
        return f"<<<END-{self.token}>>>"


def neutralise(answer: str) -> str:
    """The answer with anything that could pass for a delimiter or a prompt heading defused:
    runs of angle brackets become single-angle quotes, such headings lose their '#'."""
    return _HEADINGS.sub(r"\1\2", _ANGLES.sub(_single_angles, answer))


def _single_angles(run: re.Match[str]) -> str:
    return "".join(SINGLE_OPEN if char in _OPENING else SINGLE_CLOSE for char in run.group())


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    data = tomllib.loads((Path(__file__).parent / "injection.toml").read_text())
    return tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in data["patterns"])


def addressed_to_grader(answer: str) -> list[str]:
    """The sentences of the answer that speak to the grader (normalised as quotes are): a
    sentence, not its whole line, so that honest sentences beside one stay evidence."""
    return [
        normalise(sentence.text)
        for line in answer.splitlines()
        for sentence in sentences(line)
        if any(p.search(sentence.text) for p in _patterns())
    ]


def quotes_instructions(quote: str, flagged: list[str]) -> bool:
    """Whether a quote comes from (or contains) a sentence that speaks to the grader."""
    wanted = normalise(quote)
    return bool(wanted) and any(wanted in line or line in wanted for line in flagged)
