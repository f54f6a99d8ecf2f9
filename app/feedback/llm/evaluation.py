"""A model measured on labelled answers beside the offline grader (`drill feedback eval`):
each answer's task is judged by the model, and both graders' verdicts are set against the
labels on the same pairs. An answer the model failed on is left out of both columns, and so is
a criterion it gave no verdict on (the page would show the offline one there)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from app.feedback.agreement import Agreement, agreement
from app.feedback.llm.client import LlmFault
from app.feedback.llm.merge import Grounding
from app.feedback.llm.service import Judgement
from app.feedback.llm.task import FeedbackTask, LlmCriterion, LlmReply
from app.feedback.model import Feedback, Verdict

Progress = Callable[[str, int, int], None]  # set name, answers done, answers in the set
ALL = "all criteria"


@dataclass(frozen=True)
class Case:
    """One labelled answer as the model is given it."""

    name: str  # where to find it: prompt, position in its file, section and label
    labels: Mapping[str, Verdict]  # criterion id -> the labelled verdict
    task: FeedbackTask  # its offline feedback is the offline grader's column


@dataclass(frozen=True)
class Failure:
    name: str
    reason: str  # the LlmFault's reason
    message: str

    def describe(self) -> str:
        return f"{self.name}: {self.reason}: {self.message}"


@dataclass(frozen=True)
class Scored:
    """One labelled criterion of one answer, with both graders' verdicts."""

    criterion_id: str
    label: Verdict
    offline: Verdict
    model: Verdict


@dataclass(frozen=True)
class Row:
    criterion: str  # a criterion id, or "all criteria"
    model: Agreement
    offline: Agreement


@dataclass
class SetResult:
    """One labelled set, judged: the pairs both graders are measured on, what the model
    failed on, and what grounding took out of its replies."""

    name: str
    answers: int
    scored: list[Scored] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    quotes_dropped: int = 0  # quotes the model gave that are not in the answer
    unknown_dropped: int = 0  # criteria the model named that the rubric does not have
    skipped: int = 0  # labelled criteria the model gave no verdict on

    @property
    def judged(self) -> int:
        return self.answers - len(self.failures)

    def rows(self) -> list[Row]:
        """Agreement per criterion (by id), then over all of them."""
        by_criterion: dict[str, list[Scored]] = defaultdict(list)
        for item in self.scored:
            by_criterion[item.criterion_id].append(item)
        rows = [_row(key, items) for key, items in sorted(by_criterion.items())]
        return [*rows, _row(ALL, self.scored)]

    def add(self, case: Case, feedback: Feedback, reply: LlmReply) -> None:
        """Score one judged answer, and count what grounding dropped from the reply."""
        given = _first_per_criterion(reply)
        self._count_grounding(case.task, given)
        model = {c.criterion_id: c.verdict for s in feedback.sections for c in s.criteria}
        for criterion_id, label in case.labels.items():
            offline = case.task.offline_criterion(criterion_id)
            if criterion_id not in given:
                self.skipped += 1
            elif offline is not None and criterion_id in model:
                self.scored.append(
                    Scored(criterion_id, label, offline.verdict, model[criterion_id])
                )

    def _count_grounding(self, task: FeedbackTask, given: Mapping[str, LlmCriterion]) -> None:
        grounding = Grounding(task)
        for raw in given.values():
            judged = grounding.criterion(raw)
            if judged is None:
                self.unknown_dropped += 1
            else:
                self.quotes_dropped += len(judged.dropped)


def _first_per_criterion(reply: LlmReply) -> dict[str, LlmCriterion]:
    """The reply's criteria by id, the first of each (as the feedback service keeps them)."""
    given: dict[str, LlmCriterion] = {}
    for criterion in reply.criteria:
        given.setdefault(criterion.criterion_id, criterion)
    return given


def _row(name: str, items: Sequence[Scored]) -> Row:
    model = agreement([(item.label, item.model) for item in items])
    return Row(name, model, agreement([(item.label, item.offline) for item in items]))


Judge = Callable[[FeedbackTask], Judgement]  # ModelFeedback.judge


def evaluate_set(name: str, cases: Sequence[Case], judge: Judge, progress: Progress) -> SetResult:
    """Judge every case; a fault is recorded against the answer, and the next one is tried."""
    result = SetResult(name, len(cases))
    for done, case in enumerate(cases, 1):
        try:
            judged = judge(case.task)
        except LlmFault as fault:
            result.failures.append(Failure(case.name, fault.reason, str(fault)))
        else:
            result.add(case, judged.feedback, judged.reply)
        progress(name, done, len(cases))
    return result


HEADER = ("pairs", "exact", "within 1", "kappa")


def report(results: Sequence[SetResult], model: str) -> list[str]:
    """Each set as a table for a terminal: per criterion and over all, the model's agreement
    with the labels beside the offline grader's on the same pairs; then what grounding
    dropped and the answers the model failed on."""
    lines: list[str] = []
    for result in results:
        lines += ["", *_set_table(result, model), *_set_notes(result)]
    return lines[1:]


def _set_table(result: SetResult, model: str) -> list[str]:
    rows = result.rows()
    width = max(len(row.criterion) for row in rows)
    heading = f"{result.name}: {_answers(result.answers)}, {result.judged} judged by {model}"
    columns = f"{'':{width}}  {'':>5}  {' model ':-^23}  {' offline ':-^23}"
    names = f"{'criterion':<{width}}  {HEADER[0]:>5}  {_stat_names()}  {_stat_names()}"
    return [heading, columns, names, *(_row_line(row, width) for row in rows)]


def _stat_names() -> str:
    return f"{HEADER[1]:>5}  {HEADER[2]:>8}  {HEADER[3]:>6}"


def _row_line(row: Row, width: int) -> str:
    stats = f"{_stats(row.model)}  {_stats(row.offline)}"
    return f"{row.criterion:<{width}}  {row.model.pairs:>5}  {stats}"


def _stats(found: Agreement) -> str:
    if not found.pairs:
        return f"{'-':>5}  {'-':>8}  {'-':>6}"
    return f"{found.exact:>5.0%}  {found.within_one:>8.0%}  {found.kappa:>6.2f}"


def _set_notes(result: SetResult) -> list[str]:
    notes = [
        f"grounding: {result.quotes_dropped} quotes not in the answer and "
        f"{result.unknown_dropped} criteria outside the rubric dropped",
        f"no model verdict: {result.skipped} labelled criteria (left out of both columns)",
    ]
    if not result.failures:
        return notes
    failed = f"the model failed on {_answers(len(result.failures))} (left out of both columns):"
    return [*notes, failed, *(f"  {failure.describe()}" for failure in result.failures)]


def _answers(count: int) -> str:
    return f"{count} answer" if count == 1 else f"{count} answers"
