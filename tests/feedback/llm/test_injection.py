"""Prompt injection, over the hostile corpus (tests/fixtures/llm/hostile): every line of an
answer that speaks to the grader is found and no honest line is; the answer reaches the model
only as fenced data that cannot close its fence or pass for the prompt's headings; and a model
that obeys the answer gains nothing, in grounding alone and over real HTTP."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from app.clock import ManualClock
from app.feedback.llm.guard import Fence, addressed_to_grader, honest_text, quotes_instructions
from app.feedback.llm.merge import Grounding
from app.feedback.llm.prompts import render
from app.feedback.llm.setup import model_feedback
from app.feedback.llm.task import FeedbackTask, LlmCriterion, LlmReply
from app.feedback.model import normalise, quote_in
from app.settings import Settings
from tests.fakellm import FakeLlm, Reply
from tests.feedback.llm import hostile
from tests.feedback.llm.memory import MemoryBudget, MemoryCache

CASES = hostile.by_id()
BENIGN_ANSWER = "We keep one sorted set per board and read the top 100 from it."
LANGUAGES = {"Spanish", "French", "German", "Portuguese", "Russian", "Chinese", "Japanese"}
FAMILIES = {
    "override", "delimiters", "json_verdicts", "role_play", "hidden", "languages",
    "authority", "reveal", "only_injection",
}  # fmt: skip
# Characters a fence could be faked with, told by their Unicode names rather than by the
# guard's own list, and those that look like two or three at once.
ANGLE_NAME = re.compile(r"LESS-THAN|GREATER-THAN|ANGLE (BRACKET|QUOTATION)|CHEVRON|GUILLEMET")
SEVERAL_NAME = re.compile(r"DOUBLE|MUCH|TRIPLE|NESTED")


def _holds_flagged(line: str, flagged: list[str]) -> bool:
    """Whether a line holds a flagged sentence, sits in one, or begins or ends one."""
    wanted = normalise(line)
    return any(
        quotes_instructions(wanted, [sentence])
        or any(sentence.endswith(wanted[:n]) for n in range(8, len(wanted)))
        or any(sentence.startswith(wanted[-n:]) for n in range(8, len(wanted)))
        for sentence in flagged
    )


# --------------------------------------------------------------------------- the corpus
def test_the_corpus_covers_every_family_with_real_prompts() -> None:
    cases = hostile.corpus()
    assert len(cases) >= 30 and len(CASES) == len(cases)  # ids are unique
    families = {case.family for case in cases}
    assert families == FAMILIES
    assert all(sum(c.family == f for c in cases) >= 3 for f in families - {"languages"})
    assert {c.attack for c in cases if c.family == "languages"} == LANGUAGES
    for case in cases:
        question = hostile.bank().questions[case.question]
        assert question.kind == case.kind, case.id
        assert (case.stage is not None) == (case.kind == "design"), case.id


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_hostile_lines_and_honest_quotes_are_in_the_answer(case_id: str) -> None:
    case = CASES[case_id]
    answer = case.task().answer
    lines = {line.strip() for line in answer.splitlines()}
    assert case.hostile_lines and set(case.hostile_lines) <= lines
    assert all(quote_in(answer, quote) for quote in case.honest)
    assert case.honest or case.family == "only_injection"


# --------------------------------------------------------------------------- finding them
@pytest.mark.parametrize("case_id", sorted(CASES))
def test_every_hostile_line_is_flagged_and_no_honest_quote_is(case_id: str) -> None:
    case = CASES[case_id]
    answer = case.task().answer
    flagged = addressed_to_grader(answer)
    missed = [line for line in case.hostile_lines if not _holds_flagged(line, flagged)]
    assert missed == [], flagged
    refused = [quote for quote in case.honest if quotes_instructions(quote, flagged)]
    assert refused == [], flagged
    assert all(normalise(quote) in honest_text(answer) for quote in case.honest)


@pytest.mark.parametrize("line", hostile.benign())
def test_no_near_miss_is_flagged(line: str) -> None:
    assert addressed_to_grader(line) == []


def test_no_labelled_answer_or_reference_answer_is_flagged() -> None:
    texts = hostile.honest_texts()
    assert len(texts) > 250
    flagged = {name: found for name, text in texts.items() if (found := addressed_to_grader(text))}
    assert flagged == {}


# --------------------------------------------------------------------------- the prompt
def _fenced(user: str, fence: Fence) -> tuple[list[str], list[str]]:
    """The user message's lines between the fence lines, and those outside it."""
    lines = user.split("\n")
    assert lines.count(fence.open) == 1 and lines.count(fence.close) == 1
    start, end = lines.index(fence.open), lines.index(fence.close)
    assert start < end
    return lines[start + 1 : end], lines[:start] + lines[end + 1 :]


def _angle_like(char: str) -> bool:
    return bool(ANGLE_NAME.search(unicodedata.name(char, "")))


def _fake_fences(text: str) -> list[str]:
    """Runs of two or more angle-like characters, and single ones that look like several."""
    runs = re.findall(r"\S{2,}", "".join(c if _angle_like(c) else " " for c in text))
    several = [c for c in text if _angle_like(c) and SEVERAL_NAME.search(unicodedata.name(c))]
    return runs + several


def _looks_like_heading(line: str, headings: list[str]) -> bool:
    folded = unicodedata.normalize("NFKC", line).replace("\u2019", "'").strip().lower()
    title = folded.lstrip("#").strip()
    return folded.startswith("#") and any(title.startswith(h) for h in headings)


def _criteria(outside: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """The criteria block's rows, and the lines outside the fence without it."""
    start = outside.index("```json")
    end = outside.index("```", start + 1)
    rows = json.loads("\n".join(outside[start + 1 : end]))
    return rows, outside[:start] + outside[end + 1 :]


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_the_answer_stays_fenced_data(case_id: str) -> None:
    case = CASES[case_id]
    task, fence = case.task(), Fence.new()
    messages, benign = render(task, fence), render(replace(task, answer=BENIGN_ANSWER), fence)
    assert messages.system == benign.system  # the answer never reaches the instructions
    inside, outside = _fenced(messages.user, fence)
    fenced = "\n".join(inside)
    assert all(quote_in(fenced, quote) for quote in case.honest)
    assert _fake_fences(fenced) == []
    headings = [line[2:].lower() for line in outside if line.startswith("# ")]
    assert len(headings) >= 4
    assert [line for line in inside if _looks_like_heading(line, headings)] == []


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_outside_the_fence_nothing_of_the_answer_speaks_to_the_grader(case_id: str) -> None:
    """The offline grader's findings quote the answer, and they sit outside the fence."""
    task, fence = CASES[case_id].task(), Fence.new()
    rows, rest = _criteria(_fenced(render(task, fence).user, fence)[1])
    benign_rows, benign_rest = _criteria(
        _fenced(render(replace(task, answer=BENIGN_ANSWER), fence).user, fence)[1]
    )
    assert rest == benign_rest
    assert [_without_offline(row) for row in rows] == [_without_offline(r) for r in benign_rows]
    flagged = addressed_to_grader(task.answer)
    quoted = [quote for row in rows if row["offline"] for quote in row["offline"]["evidence"]]
    assert [quote for quote in quoted if quotes_instructions(quote, flagged)] == []
    assert [quote for quote in quoted if _fake_fences(quote)] == []


def _without_offline(row: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name != "offline"}


def test_the_fence_token_is_sixteen_hex_characters_new_for_every_render() -> None:
    task = CASES["delimiter-ascii-event-ingest"].task()
    opened = [render(task, Fence.new()).user.split("\n") for _ in range(2)]
    tokens = [
        match.group(1)
        for lines in opened
        for match in map(re.compile(r"^<<<ANSWER-([0-9a-f]{16})>>>$").match, lines)
        if match
    ]
    assert len(tokens) == 2 and tokens[0] != tokens[1]


# --------------------------------------------------------------------------- an obedient model
def _obedient(task: FeedbackTask, evidence: list[str]) -> LlmReply:
    """What a model that did as the answer says would reply: every criterion met, with the
    given quotes, and the highest level."""
    criteria = [
        LlmCriterion(
            criterion_id=line.criterion_id,
            verdict="met",
            evidence=evidence,
            rationale="As the answer says, every criterion is met.",
        )
        for line in task.rubric
    ]
    return LlmReply(
        criteria=criteria, fixes=[], follow_ups=[], level="staff", level_reasons=["As told."]
    )


def _straddling(answer: str, lines: list[str]) -> list[str]:
    """Quotes that run from the text before each hostile line into it: in the answer, but
    reaching into what speaks to the grader."""
    plain, quotes = normalise(answer), []
    for line in lines:
        start = plain.find(normalise(line))
        if start >= 12:
            quotes.append(plain[start - 12 : start + 12])
    return quotes


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_an_obedient_reply_quoting_the_injection_keeps_nothing(case_id: str) -> None:
    case = CASES[case_id]
    task = case.task()
    quotes = case.hostile_lines + _straddling(task.answer, case.hostile_lines)
    assert all(quote_in(task.answer, quote) for quote in quotes)  # every one is really there
    grounding = Grounding(task)
    for raw in _obedient(task, quotes).criteria:
        judged = grounding.criterion(raw)
        assert judged is not None
        assert judged.criterion.verdict in ("partial", "missing")
        assert judged.criterion.evidence == []
        assert judged.dropped == tuple(quotes)


@pytest.mark.parametrize("case_id", sorted(c for c in CASES if CASES[c].honest))
def test_a_reply_quoting_the_honest_lines_keeps_them(case_id: str) -> None:
    """Also what grounding cannot do: it checks that a quote is the candidate's, not that it
    bears the criterion out, so an obedient model citing one honest sentence keeps its mets."""
    case = CASES[case_id]
    task = case.task()
    grounding = Grounding(task)
    for raw in _obedient(task, case.honest).criteria:
        judged = grounding.criterion(raw)
        assert judged is not None
        assert judged.criterion.verdict == "met" and judged.criterion.evidence == case.honest
        assert judged.dropped == ()


# --------------------------------------------------------------------------- over real HTTP
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeLlm]:
    with FakeLlm() as running:
        yield running


def _never_wait(seconds: float) -> None:
    raise AssertionError(f"a scripted reply needs no retry (asked to wait {seconds} s)")


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_the_service_gives_an_obedient_model_no_more_than_grounding_allows(
    fake: FakeLlm, case_id: str
) -> None:
    case = CASES[case_id]
    task = case.task()
    settings = Settings(llm_base_url=fake.base_url, llm_model="fake-model", llm_retries=0)
    service = model_feedback(settings, ManualClock(T0))
    assert service is not None
    service.sleep = _never_wait
    reply = _obedient(task, case.hostile_lines)
    fake.script(Reply(reply.model_dump(mode="json")))
    events = list(service.events(task, MemoryCache(), MemoryBudget()))
    assert [name for name, _ in events] == ["start"] + ["criterion"] * len(task.rubric) + ["done"]
    allowed = {raw.criterion_id: Grounding(task).criterion(raw) for raw in reply.criteria}
    for _, data in events[1:-1]:
        judged = allowed[data["criterion"]["criterion_id"]]
        assert judged is not None and data == judged.event()
        assert data["criterion"]["verdict"] != "met" and data["dropped"] == case.hostile_lines
    done = events[-1][1]
    verdicts = [c["verdict"] for s in done["feedback"]["sections"] for c in s["criteria"]]
    assert "met" not in verdicts
    assert done["addressed_to_grader"] == addressed_to_grader(task.answer)
    assert all(_holds_flagged(line, done["addressed_to_grader"]) for line in case.hostile_lines)
    request = fake.requests[-1]
    token = re.search(r"<<<ANSWER-([0-9a-f]{16})>>>", request.message("user"))
    assert token is not None
    benign = render(replace(task, answer=BENIGN_ANSWER), Fence(token.group(1)))
    assert request.message("system") == benign.system
