"""Serve the fake by hand: `python -m tests.fakellm --port 8765 [--responder fabricating]
[--script-file actions.json]`. A script file is a JSON list of actions, each named by its
"action" key: [{"action": "status", "code": 429, "headers": {"Retry-After": "7"}},
{"action": "truncated", "content": "{\\"criteria\\": [", "after_chars": 5}]."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
from pathlib import Path

from tests.fakellm.actions import Action, Responder, action_from_json
from tests.fakellm.responders import echo_offline, fabricating
from tests.fakellm.server import FakeLlm

RESPONDERS: dict[str, Responder] = {"echo_offline": echo_offline, "fabricating": fabricating}


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    script = _script(args.script_file) if args.script_file else []
    responder = RESPONDERS[args.responder]
    with FakeLlm(port=args.port, model=args.model, responder=responder, log=True) as fake:
        fake.script(*script)
        print(fake.base_url, flush=True)  # alone on its line, for a script to read
        print("a fake OpenAI-compatible server; Ctrl-C (or SIGTERM) stops it", file=sys.stderr)
        for stop in (signal.SIGINT, signal.SIGTERM):  # even where the shell ignored SIGINT
            signal.signal(stop, signal.default_int_handler)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.fakellm", description=__doc__)
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free one")
    parser.add_argument("--model", default="fake-model", help="the model GET /v1/models lists")
    parser.add_argument("--responder", choices=sorted(RESPONDERS), default="echo_offline")
    parser.add_argument("--script-file", type=Path, help="a JSON list of actions to play first")
    return parser


def _script(path: Path) -> list[Action]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(entries, list):
            raise ValueError("a script file holds a JSON list of actions")
        return [action_from_json(entry) for entry in entries]
    except (OSError, ValueError) as error:
        raise SystemExit(f"{path}: {error}") from error


if __name__ == "__main__":
    main()
