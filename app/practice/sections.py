"""The sections of a question a candidate keeps work on (drafts, self-assessments): its
kind's sections, or the one section "main" for a kind without them."""

from __future__ import annotations

from app.bank.models import Question
from app.kinds.registry import KindRegistry
from app.practice.errors import PracticeError

MAIN = "main"  # the one section of a question whose kind has none


def sections_of(kinds: KindRegistry, question: Question) -> list[str]:
    known = kinds.sections(question)
    return [MAIN] if known is None else known


def check_section(kinds: KindRegistry, question: Question, section: str) -> None:
    """422 `unknown_section` unless `section` is one of the question's sections."""
    known = sections_of(kinds, question)
    if section not in known:
        raise PracticeError(
            422,
            "unknown_section",
            f"{question.id!r} has no section {section!r}; its sections: {', '.join(known)}.",
        )


def in_section_order(kinds: KindRegistry, question: Question, sections: list[str]) -> list[str]:
    """`sections` in the question's order of sections (any it does not know, last)."""
    known = sections_of(kinds, question)
    return sorted(sections, key=lambda s: (known.index(s) if s in known else len(known), s))
