"""The engine's hot paths in two source trees side by side: is a refactoring free?

    python bench/compare_trees.py OLD_TREE NEW_TREE [--rounds 5]

Each round runs one fresh process per tree, alternating, with the tree first on the import path;
each process measures validate + translate, a run and a submit through SqlEngine, and a worker
replacement, and the table shows the median of the rounds. Both trees need built datasets
(`var/datasets`; a symlink to another tree's will do). The module paths of either layout work.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

MEASURE = r"""
import json, statistics, sys, time
import app
assert app.__file__.startswith(sys.argv[1]), app.__file__
from app.catalog.build import load_all
from app.settings import Settings
from app.sqlengine.engine import SqlEngine, dataset_schema
try:
    from app.sqlengine.execution.connection import Limits
    from app.sqlengine.grading.compare import GradingPolicy
    from app.sqlengine.grading.verdict import Grader, Reference
    from app.sqlengine.translate.to_duckdb import translate
    from app.sqlengine.translate.validate import validate_sql
except ImportError:  # the layout before the split
    from app.sqlengine.connection import Limits
    from app.sqlengine.compare import GradingPolicy
    from app.sqlengine.grade import Grader, Reference
    from app.sqlengine.dialect import translate
    from app.sqlengine.validate import validate_sql

WINDOW = '''WITH monthly AS (SELECT o.customer_id, date_trunc('month', o.ordered_at) AS month,
  sum(i.quantity * i.unit_price) AS spent
  FROM orders o JOIN order_items i ON i.order_id = o.order_id
  WHERE o.status <> 'cancelled' GROUP BY o.customer_id, date_trunc('month', o.ordered_at))
SELECT customer_id, month, spent,
  spent - lag(spent) OVER (PARTITION BY customer_id ORDER BY month) AS change,
  rank() OVER (PARTITION BY month ORDER BY spent DESC) AS month_rank FROM monthly'''
QUERY = "SELECT customer_id, count(*) FROM orders GROUP BY customer_id ORDER BY 2 DESC LIMIT 20"

def median_ms(action, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)

datasets = load_all(Settings().built_datasets_dir)
with SqlEngine({"shop": datasets["shop"]}, workers=2, limits=Limits(timeout_s=5.0)) as engine:
    info = engine.datasets["shop"]
    schema, tables = dataset_schema(info), info.table_names()
    grader = Grader(engine)
    reference = Reference("shop", QUERY, "postgres", GradingPolicy())
    grader.grade(reference, QUERY)  # the reference result is cached in the workers from here
    print(json.dumps({
        "validate + translate (window query)": median_ms(
            lambda: translate(validate_sql(WINDOW, dialect="postgres", tables=tables), schema),
            200),
        "run through SqlEngine (group by, 20 rows)": median_ms(
            lambda: engine.run("shop", QUERY), 200),
        "submit through Grader (same query)": median_ms(
            lambda: grader.grade(reference, QUERY), 200),
        "worker replacement": median_ms(lambda: engine.pool._spawn().stop(), 10),
    }))
"""


def measure(tree: Path) -> dict[str, float]:
    """One fresh process importing `tree`'s code: its medians in ms."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(tree)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs=2, type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    trees: list[Path] = [tree.resolve() for tree in args.trees]
    rounds: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    for round_number in range(args.rounds):
        for tree in trees if round_number % 2 == 0 else trees[::-1]:
            rounds[tree].append(measure(tree))
    names = list(rounds[trees[0]][0])
    old, new = (str(tree) for tree in trees)
    print(f"| median of {args.rounds} rounds, ms | {old} | {new} | ratio |\n|---|---|---|---|")
    for name in names:
        before, after = (statistics.median(r[name] for r in rounds[tree]) for tree in trees)
        print(f"| {name} | {before:.3f} | {after:.3f} | {after / before:.2f} |")


if __name__ == "__main__":
    main()
