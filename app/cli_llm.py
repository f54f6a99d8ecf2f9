"""`drill feedback eval`: a model on the labelled answers, beside the offline grader."""

from __future__ import annotations

import argparse
import sys
from typing import Any
from urllib.parse import urlsplit

from app.clock import SystemClock
from app.feedback.llm.evaluation import Case, SetResult, evaluate_set, report
from app.feedback.llm.setup import model_feedback
from app.kinds.labelled_tasks import FIXTURES, SETS, labelled_cases
from app.settings import Settings
from app.workspace import Workspace


def add_eval_command(feedback: Any) -> None:
    run = feedback.add_parser(
        "eval", help="a model on the labelled answers, beside the offline grader"
    )
    run.add_argument("--base-url", required=True, type=_url, help="an OpenAI-compatible endpoint")
    run.add_argument("--model", required=True, help="the model, as the endpoint names it")
    run.add_argument("--api-key", help="the endpoint's key (default DRILL_LLM_API_KEY, or none)")
    run.add_argument("--set", choices=[*SETS, "all"], default="all", help="default: all")
    run.add_argument("--limit", type=_positive(int), help="only the first N answers of a set")
    run.add_argument("--timeout", type=_positive(float), help="seconds per request (default 60)")
    run.set_defaults(handler=_eval)


def _eval(args: argparse.Namespace) -> int:
    """Print the tables on stdout, progress on stderr; 1 if the model failed on every answer."""
    chosen = _cases(args)
    if not any(chosen.values()):
        print(f"problem: no labelled answers in {FIXTURES}/*/labelled", file=sys.stderr)
        return 1
    feedback = model_feedback(_settings(args), SystemClock())
    assert feedback is not None, "a base URL and a model turn model feedback on"
    try:
        results = [
            evaluate_set(name, cases, feedback.judge, _progress) for name, cases in chosen.items()
        ]
    finally:
        feedback.client.close()
    print("\n".join(report(results, args.model)))
    return 1 if _failed_everywhere(results) else 0


def _settings(args: argparse.Namespace) -> Settings:
    """The model's settings from the arguments; the rest (retries, breaker) from DRILL_LLM_*."""
    given = {"llm_base_url": args.base_url, "llm_model": args.model}
    if args.api_key is not None:
        given["llm_api_key"] = args.api_key
    if args.timeout is not None:
        given["llm_timeout_s"] = args.timeout
    return Settings(**given)


def _cases(args: argparse.Namespace) -> dict[str, list[Case]]:
    """Each chosen set's answers, graded offline, as tasks for the model."""
    names = list(SETS) if args.set == "all" else [args.set]
    with Workspace.from_env() as workspace:
        kinds, graders, questions = workspace.kinds, workspace.graders, workspace.bank.questions
        return {
            name: labelled_cases(SETS[name], kinds, graders, questions, args.limit)
            for name in names
        }


def _progress(name: str, done: int, total: int) -> None:
    print(f"{name} {done}/{total}", file=sys.stderr, flush=True)


def _failed_everywhere(results: list[SetResult]) -> bool:
    return all(result.judged == 0 for result in results)


def _url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"{text!r} is not an http(s) URL")
    return text


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} must be above 0")
        return value

    parse.__name__ = kind.__name__  # what argparse names in its message
    return parse
