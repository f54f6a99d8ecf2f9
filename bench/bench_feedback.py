"""The offline rubric grader's speed: every labelled system-design answer graded, in one or
more source trees side by side (each tree in its own fresh process, alternating, rounds' median).

    python bench/bench_feedback.py [TREE ...] [--rounds 5]

With no tree, the current one. Prints milliseconds per graded stage for each tree and, with two
trees, the ratio of the second to the first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

MEASURE = r"""
import json, sys, time
from pathlib import Path
import app
assert app.__file__.startswith(sys.argv[1]), app.__file__
from app.bank.loader import load_bank
from app.feedback.labelled import load_labelled
from app.kinds.defaults import default_kinds
from app.kinds.design.evaluation import evaluate
from app.kinds.design.models import DesignQuestion
root = Path(sys.argv[1])
bank = load_bank(root / "question_bank", default_kinds().question_models())
questions = {q.id: q for q in bank.questions.values() if isinstance(q, DesignQuestion)}
answers = load_labelled(root / "tests" / "fixtures" / "design" / "labelled")
evaluate(questions, answers)  # warm: caches and imports
started = time.perf_counter()
evaluate(questions, answers)
print(json.dumps({"ms_per_stage": 1000 * (time.perf_counter() - started) / len(answers),
                  "answers": len(answers)}))
"""


def measure(tree: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(tree)],
        cwd=tree, capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path, default=[Path.cwd()])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    trees = [tree.resolve() for tree in args.trees]
    runs: dict[Path, list[float]] = {tree: [] for tree in trees}
    for _ in range(args.rounds):
        for tree in trees:
            runs[tree].append(measure(tree)["ms_per_stage"])
    medians = [statistics.median(runs[tree]) for tree in trees]
    for tree, median in zip(trees, medians, strict=True):
        print(f"{tree}: {median:.1f} ms per graded stage (median of {args.rounds})")
    if len(trees) == 2:
        print(f"ratio second/first: {medians[1] / medians[0]:.2f}")


if __name__ == "__main__":
    main()
