"""The `drill` command: build datasets, check the bank, run and grade SQL from a terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import uvicorn

from app.bank.loader import BankError, load_bank, load_questions
from app.bank.models import dataset_of
from app.catalog.build import build_builtin
from app.catalog.errors import CatalogError
from app.cli_cards import add_card_commands
from app.cli_llm import add_eval_command
from app.feedback.labelled import load_labelled
from app.kinds.defaults import default_kinds
from app.kinds.design.evaluation import evaluate, report
from app.kinds.design.models import DesignQuestion
from app.review import export
from app.settings import Settings
from app.sqlengine.errors import SqlError
from app.sqlengine.execution.results import QueryResult
from app.sqlengine.grading.values import show
from app.store import create_store, ensure_user, review_logs
from app.workspace import Workspace, jsonable, load_user_cards

LABELLED = Path(__file__).parents[1] / "tests" / "fixtures" / "design" / "labelled"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `drill` console script."""
    args = _parser().parse_args(argv)
    handler: Any = args.handler
    try:
        code: int = handler(args)
    except BankError as error:  # content that cannot load: one line per problem, no traceback
        for problem in error.problems:
            print(f"problem: {problem}", file=sys.stderr)
        return 1
    except CatalogError as error:
        print(f"problem: {error}", file=sys.stderr)
        return 1
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="drill", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="run the web server")
    serve.add_argument("--host", help="address to listen on (default DRILL_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default DRILL_PORT, 8000)")
    serve.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    serve.set_defaults(handler=_serve)
    datasets = commands.add_parser("datasets", help="dataset commands").add_subparsers(
        required=True
    )
    build = datasets.add_parser("build", help="build the DuckDB files of the built-in datasets")
    build.add_argument("names", nargs="*", help="only these datasets")
    build.add_argument("--force", action="store_true", help="rebuild even if up to date")
    build.set_defaults(handler=_datasets_build)
    bank = commands.add_parser("bank", help="question bank commands").add_subparsers(required=True)
    check = bank.add_parser("check", help="run and verify every question's content")
    _add_pack_argument(check)
    check.set_defaults(handler=_bank_check)
    show = bank.add_parser("show", help="show a question as a candidate sees it")
    show.add_argument("question_id")
    _add_pack_argument(show)
    show.set_defaults(handler=_bank_show)
    sql = commands.add_parser("sql", help="run SQL").add_subparsers(required=True)
    run = sql.add_parser("run", help="run one query on a dataset")
    run.add_argument("--dataset", required=True)
    _add_query_arguments(run)
    run.set_defaults(handler=_sql_run)
    grade = commands.add_parser("grade", help="grade a query as an answer to a question")
    grade.add_argument("question_id")
    _add_query_arguments(grade)
    grade.set_defaults(handler=_grade)
    feedback = commands.add_parser("feedback", help="feedback graders").add_subparsers(
        required=True
    )
    measured = feedback.add_parser("agreement", help="the offline grader on labelled answers")
    measured.add_argument("--labelled", type=Path, default=LABELLED, metavar="DIR")
    measured.set_defaults(handler=_feedback_agreement)
    add_eval_command(feedback)
    add_card_commands(commands)
    _review_commands(commands)
    return parser


def _review_commands(commands: Any) -> None:
    review = commands.add_parser("review", help="spaced repetition").add_subparsers(required=True)
    export = review.add_parser("export-log", help="write the review log as fsrs ReviewLog rows")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--out", type=Path, help="the file to write (default: standard output)")
    export.set_defaults(handler=_review_export_log)


def _review_export_log(args: argparse.Namespace) -> int:
    store = create_store(Settings().state_url)
    store.migrate()
    with store.session() as session:
        rows = export.fsrs_rows(review_logs(session, user_id=ensure_user(session).id))
    store.close()
    text = export.as_csv(rows) if args.format == "csv" else export.as_json(rows)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _add_pack_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pack", action="append", default=[], metavar="DIR", help="also load this pack folder"
    )


def _add_query_arguments(parser: argparse.ArgumentParser) -> None:
    _add_pack_argument(parser)
    parser.add_argument("sql", help="the query (use '-' to read it from standard input)")
    parser.add_argument("--dialect", choices=["postgres", "duckdb"], default="postgres")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _serve(args: argparse.Namespace) -> int:
    settings = Settings()
    where: dict[str, Any] = (
        {"fd": settings.listen_fd}
        if settings.listen_fd is not None and not (args.host or args.port)
        else {"host": args.host or settings.host, "port": args.port or settings.port}
    )
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        **where,
        workers=args.workers,
        log_config=None,
        http="app.web.protocol:TimedH11Protocol",  # uvicorn alone waits for headers forever
    )
    return 0


def _datasets_build(args: argparse.Namespace) -> int:
    settings = Settings()
    build_builtin(
        settings.datasets_dir,
        settings.built_datasets_dir,
        names=args.names or None,
        force=args.force,
    )
    return 0


# Content checks prove answers right, not fast: a busy machine must not fail a sound question.
CHECK_QUERY_TIMEOUT_S = 120.0


def _bank_check(args: argparse.Namespace) -> int:
    with Workspace.from_env(packs=args.pack, query_timeout_s=CHECK_QUERY_TIMEOUT_S) as workspace:
        problems = workspace.check_bank()
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(f"{len(workspace.bank.questions)} questions checked, {len(problems)} problems")
    return 1 if problems else 0


def _feedback_agreement(args: argparse.Namespace) -> int:
    """Grade the labelled answers offline; print agreement and the ranking (1 if misranked)."""
    with Workspace.from_env() as workspace:
        designs = [q for q in workspace.bank.questions.values() if isinstance(q, DesignQuestion)]
    questions = {question.id: question for question in designs}
    evaluation = evaluate(questions, load_labelled(args.labelled))
    print("\n".join(report(evaluation)))
    return 1 if evaluation.misranked else 0


def _bank_show(args: argparse.Namespace) -> int:
    kinds = default_kinds()
    bank = load_bank(Settings().bank_dir, kinds.question_models())
    bank.add(load_questions([Path(p) / "questions" for p in args.pack], kinds.question_models()))
    bank.add(load_user_cards(Settings(), kinds.question_models()))
    question = bank.questions.get(args.question_id)
    if question is None:
        print(f"There is no question {args.question_id!r}.", file=sys.stderr)
        return 2
    print(
        f"{question.title}  [{dataset_of(question) or question.kind}, {question.difficulty}, "
        f"{question.time_budget_minutes} min: {', '.join(question.topics)}]\n"
    )
    print(question.prompt.strip() + "\n\nGrading:")
    for rule in kinds[question.kind].rules(question):
        print(f"  - {rule}")
    return 0


def _sql_run(args: argparse.Namespace) -> int:
    with Workspace.from_env(packs=args.pack, load_bank=False) as workspace:
        try:
            result = workspace.engine.run(args.dataset, _query(args), dialect=args.dialect)
        except SqlError as error:
            return _fail(error, args.json)
    print(json.dumps(_result_json(result)) if args.json else _table(result))
    return 0


def _grade(args: argparse.Namespace) -> int:
    with Workspace.from_env(packs=args.pack) as workspace:
        try:
            verdict = workspace.grade(args.question_id, _query(args), args.dialect)
        except KeyError as error:
            return _fail(SqlError(str(error.args[0])), args.json)
        except SqlError as error:  # the question's reference failed: no verdict
            return _fail(error, args.json)
    if args.json:
        print(json.dumps(jsonable(verdict)))
    else:
        print(f"verdict: {verdict.status}")
        for line in [f"  {d.code}: {d.message}" for d in verdict.diagnostics] + (
            [f"  {verdict.error['code']}: {verdict.error['message']}"] if verdict.error else []
        ):
            print(line)
    return 0 if verdict.status == "correct" else 1


def _query(args: argparse.Namespace) -> str:
    return sys.stdin.read() if args.sql == "-" else str(args.sql)


def _fail(error: SqlError, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": error.to_dict()}))
    else:
        where = (
            f" (line {error.position.line}, column {error.position.col})" if error.position else ""
        )
        print(f"error [{error.code}]{where}: {error.message}", file=sys.stderr)
    return 2


def _result_json(result: QueryResult) -> dict[str, Any]:
    return {
        "columns": [c.name for c in result.columns],
        "rows": jsonable(result.rows),
        "truncated": result.truncated,
        "elapsed_ms": round(result.elapsed_ms, 3),
    }


def _table(result: QueryResult) -> str:
    header = [c.name for c in result.columns]
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = [" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    more = " (truncated)" if result.truncated else ""
    count = f"{len(result.rows)} row{'' if len(result.rows) == 1 else 's'}"
    lines.append(f"({count}{more}, {result.elapsed_ms:.1f} ms)")
    return "\n".join(lines)


def _cell(value: object) -> str:
    return (
        show(value) if isinstance(value, (dt.date, dt.timedelta)) or value is None else str(value)
    )


if __name__ == "__main__":
    sys.exit(main())
