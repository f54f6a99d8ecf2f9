"""Keeping a candidate's answer data, not instructions: a random delimiter per request that
the answer cannot close (look-alikes are neutralised), and the sentences of an answer that
speak to the grader found, so that they never count as evidence (injection.toml)."""

from __future__ import annotations

import re
import secrets
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.feedback.model import normalise
from app.feedback.text import SENTENCE_END

# Angle brackets and their look-alikes (guillemets, full-width, small, CJK, mathematical,
# ornamental, Canadian syllabics), and the glyphs that look like two or three of them at once.
_SINGLE_OPENING = "<\u2039\uff1c\ufe64\u3008\u2329\u27e8\u276e\u276c\u29fc\u2991\u02c2\u1438"
_SINGLE_CLOSING = ">\u203a\uff1e\ufe65\u3009\u232a\u27e9\u276f\u276d\u29fd\u2992\u02c3\u1433"
_DOUBLE_OPENING = "\u00ab\u300a\u27ea\u226a\u22d8\u2aa1\u2af7"
_DOUBLE_CLOSING = "\u00bb\u300b\u27eb\u226b\u22d9\u2aa2\u2af8"
_OPENING, _CLOSING = _SINGLE_OPENING + _DOUBLE_OPENING, _SINGLE_CLOSING + _DOUBLE_CLOSING
_ANGLES = f"{_OPENING}{_CLOSING}"
# Two or more in a row, or one that looks like several: what a fence could be made of.
_FENCE_LIKE = re.compile(f"[{_ANGLES}]{{2,}}|[{_DOUBLE_OPENING}{_DOUBLE_CLOSING}]")
SINGLE_OPEN, SINGLE_CLOSE = "\u2039", "\u203a"  # what each bracket of such a run becomes
# Invisible characters that can hide words from a pattern or a reader (zero-width, bidi
# controls, word joiners, the soft hyphen); the model is shown the answer without them.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Lines that would pass for a heading of the prompt's own sections (after folding).
_HEADING = re.compile(
    r"^\s*#+\s*(question|reference answer|criteria|candidate'?s answer|follow-up questions"
    r"|instructions|system)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(f"{SENTENCE_END.pattern}|(?<=[\u3002\uff01\uff1f])")
_HASHES = "#\uff03\ufe5f"  # the number sign and its full-width and small forms
# Cyrillic and Greek letters that look like Latin ones, read as those by the patterns.
_SKELETON = str.maketrans(
    "аеіјосрхуѕԁАВЕІЈКМНОРСТХЅαεικνορτυχΑΒΕΗΙΚΜΝΟΡΤΥΧ",
    "aeijocpxysdABEIJKMHOPCTXSaeikvoptuxABEHIKMNOPTYX",
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
    """The answer as the model is shown it, with nothing that could pass for a delimiter or a
    prompt heading: invisible characters dropped, runs of angle brackets (and glyphs that look
    like several) spaced out into single-angle quotes, such headings without their '#'."""
    defused = _defused_characters(answer)
    return "\n".join(_defused_heading(line) for line in defused.split("\n"))


def _defused_characters(text: str) -> str:
    return _FENCE_LIKE.sub(_single_angles, _INVISIBLE.sub("", text))


def _single_angles(run: re.Match[str]) -> str:
    return " ".join(SINGLE_OPEN if char in _OPENING else SINGLE_CLOSE for char in run.group())


def _defused_heading(line: str) -> str:
    if not _HEADING.match(_folded(line)):
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return indent + line.lstrip().lstrip(_HASHES).lstrip()


def _folded(line: str) -> str:
    """The line as a pattern reads it: compatibility forms (full-width letters) folded,
    invisible characters dropped, typographic quotes made plain."""
    plain = unicodedata.normalize("NFKC", _INVISIBLE.sub("", line))
    return (
        plain.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )


@cache
def _rules() -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str]]:
    data = tomllib.loads((Path(__file__).parent / "injection.toml").read_text())
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in data["patterns"])
    return patterns, re.compile(data["role_turn"], re.IGNORECASE)


def speaks_to_grader(text: str) -> bool:
    """Whether a sentence matches a pattern, as written or folded."""
    patterns, _ = _rules()
    folded = _folded(text)
    forms = {text, folded, folded.translate(_SKELETON)}
    return any(p.search(form) for p in patterns for form in forms)


def addressed_to_grader(answer: str) -> list[str]:
    """The sentences of the answer that speak to the grader (normalised as quotes are): a
    sentence, not its whole line, so that honest sentences beside one stay evidence; a
    sentence wrapped over lines is read whole, and in a paragraph where one turn of a
    role-played conversation ("assistant: ...") speaks to the grader, so do all its turns."""
    found: list[str] = []
    for paragraph in _paragraphs(answer.splitlines()):
        flagged = {text for text, _ in paragraph if speaks_to_grader(text)}
        if any(turn for text, turn in paragraph if text in flagged):
            flagged |= {text for text, turn in paragraph if turn}
        found += [normalise(text) for text, _ in paragraph if text in flagged]
    return found


Unit = tuple[str, bool]  # one sentence, and whether it is (part of) a role-play turn


def _paragraphs(lines: list[str]) -> Iterator[list[Unit]]:
    """The sentences of each run of non-blank lines."""
    run: list[Unit] = []
    for piece, turn in _pieces([*lines, ""]):
        if piece:
            run += [(sentence, turn) for sentence in _sentences(piece)]
        elif run:
            yield run
            run = []


def _pieces(lines: list[str]) -> Iterator[tuple[str, bool]]:
    """Lines joined where prose was wrapped by hand (the next line begins in lower case and is
    no role turn); any other line starts afresh, so code and lists are not run together. A
    blank line gives an empty piece."""
    _, role_turn = _rules()
    piece, turn = "", False
    for line in lines:
        text = line.strip()
        starts_turn = bool(role_turn.search(_folded(text)))
        if piece and text[:1].islower() and not starts_turn:
            piece += " " + text
            continue
        if piece:
            yield piece, turn
        if not text:
            yield "", False
        piece, turn = text, starts_turn


def _sentences(piece: str) -> list[str]:
    """The sentences of a piece as the offline grader splits them, and after a full stop of
    Chinese or Japanese; text in any script counts (Cyrillic, full-width letters)."""
    return [part.strip() for part in _SENTENCE_END.split(piece) if part.strip()]


def honest_text(answer: str) -> str:
    """The answer as quotes may be taken from it (normalised), with every sentence that speaks
    to the grader cut out, so that no quote runs from an honest sentence into one of them or
    across two; then the same as the model saw it (`neutralise`), for quotes copied from that."""
    cut = normalise(answer)
    for sentence in sorted(addressed_to_grader(answer), key=len, reverse=True):
        cut = cut.replace(sentence, "\x00")
    return f"{cut}\n\x00\n{_defused_characters(cut)}"


def without_grader_text(answer: str) -> str:
    """The answer as the offline grader reads it: each sentence that speaks to the grader
    taken out of its line, the rest verbatim (lines, and the sentences beside one, stay)."""
    flagged = addressed_to_grader(answer)
    if not flagged:
        return answer
    return "\n".join(_honest_line(line, flagged) for line in answer.splitlines())


def _honest_line(line: str, flagged: list[str]) -> str:
    for sentence in _sentences(line):
        if quotes_instructions(sentence, flagged):
            line = line.replace(sentence, "", 1)
    return line.rstrip() if line.strip() else ""


def quotes_instructions(quote: str, flagged: list[str]) -> bool:
    """Whether a quote comes from (or contains) a sentence that speaks to the grader."""
    wanted = normalise(quote)
    return bool(wanted) and any(wanted in line or line in wanted for line in flagged)
