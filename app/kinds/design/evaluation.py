"""The offline grader measured on the labelled answers (app/feedback/labelled.py): does it
rank strong above medium above weak, keep stuffed answers at or below weak, credit plain-word
answers, and how often does it agree with the labels, per criterion?"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.feedback.agreement import Agreement, agreement
from app.feedback.labelled import LabelledAnswer
from app.feedback.model import Verdict
from app.kinds.design.answer import DesignAnswer
from app.kinds.design.grader import stage_feedback
from app.kinds.design.models import DesignQuestion, StageName


@dataclass(frozen=True)
class Graded:
    answer: LabelledAnswer
    score: float
    verdicts: dict[str, Verdict]


@dataclass(frozen=True)
class Evaluation:
    graded: list[Graded]
    misranked: list[str]  # sentences naming each stage whose scores break the label order

    def agreement(self) -> Agreement:
        return agreement(self.pairs())

    def by_criterion(self) -> dict[str, Agreement]:
        """Agreement per criterion, keyed `prompt/criterion`."""
        pairs: dict[str, list[tuple[Verdict, Verdict]]] = defaultdict(list)
        for row in self.graded:
            for criterion, label in row.answer.verdicts.items():
                key = f"{row.answer.prompt}/{criterion}"
                pairs[key].append((label, row.verdicts[criterion]))
        return {key: agreement(found) for key, found in sorted(pairs.items())}

    def pairs(self) -> list[tuple[Verdict, Verdict]]:
        return [
            (label, row.verdicts[criterion])
            for row in self.graded
            for criterion, label in row.answer.verdicts.items()
        ]


def evaluate(
    questions: Mapping[str, DesignQuestion], answers: Sequence[LabelledAnswer]
) -> Evaluation:
    """Grade every labelled answer of a known prompt and check the ranking per stage."""
    graded = [grade(questions[a.prompt], a) for a in answers if a.prompt in questions]
    return Evaluation(graded, misranked(graded))


def grade(question: DesignQuestion, labelled: LabelledAnswer) -> Graded:
    stage: StageName = labelled.section  # type: ignore[assignment]
    answer = DesignAnswer(stage=stage, text=labelled.text, diagram=labelled.diagram)
    feedback, _ = stage_feedback(question.stage(stage), answer)
    verdicts = {c.criterion_id: c.verdict for c in feedback.criteria}
    return Graded(labelled, feedback.score, verdicts)


def misranked(graded: Sequence[Graded]) -> list[str]:
    """Per prompt and stage: strong > medium > weak (non-plain answers), stuffed <= weak."""
    stages: dict[tuple[str, str], list[Graded]] = defaultdict(list)
    for row in graded:
        stages[(row.answer.prompt, row.answer.section)].append(row)
    return [problem for key, rows in sorted(stages.items()) for problem in _order(key, rows)]


def _order(key: tuple[str, str], rows: Sequence[Graded]) -> list[str]:
    scores = {r.answer.label: r.score for r in rows if not r.answer.plain}
    where = f"{key[0]} {key[1]}"
    problems = [
        f"{where}: {low} {scores[low]:.2f} is not below {high} {scores[high]:.2f}"
        for low, high in (("weak", "medium"), ("medium", "strong"))
        if low in scores and high in scores and scores[low] >= scores[high]
    ]
    if "stuffed" in scores and "weak" in scores and scores["stuffed"] > scores["weak"]:
        problems.append(
            f"{where}: stuffed {scores['stuffed']:.2f} is above weak {scores['weak']:.2f}"
        )
    return problems


def report(evaluation: Evaluation) -> list[str]:
    """The evaluation as lines for a terminal: overall, ranking, plain answers, per criterion."""
    lines = [f"offline grader vs labels: {evaluation.agreement().describe()}"]
    misranked = [f"misranked: {problem}" for problem in evaluation.misranked]
    lines += misranked or ["ranking: as labelled"]
    lines += [f"mean score, {label}: {score:.2f}" for label, score in mean_scores(evaluation)]
    lines += [
        f"plain words: {row.answer.prompt} {row.answer.section} scores {row.score:.2f}"
        for row in evaluation.graded
        if row.answer.plain
    ]
    lines += [f"  {key}: {found.describe()}" for key, found in evaluation.by_criterion().items()]
    return lines


def mean_scores(evaluation: Evaluation) -> list[tuple[str, float]]:
    """The mean stage score per label (plain-word answers apart), strongest first."""
    groups: dict[str, list[float]] = defaultdict(list)
    for row in evaluation.graded:
        groups["plain words" if row.answer.plain else row.answer.label].append(row.score)
    order = ["strong", "plain words", "medium", "weak", "stuffed"]
    return [(label, sum(groups[label]) / len(groups[label])) for label in order if groups[label]]
