"""`drill cards`: import your own cards as a deck, export cards as an Anki package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.bank.loader import Bank, load_bank
from app.kinds.card.anki import apkg_bytes, cards_to_export
from app.kinds.card.importing import CardImportError, import_file
from app.kinds.card.kind import known_tags
from app.kinds.card.models import CardQuestion
from app.kinds.card.rows import slug
from app.kinds.defaults import default_kinds
from app.settings import Settings
from app.workspace import load_user_cards


def add_card_commands(commands: Any) -> None:
    cards = commands.add_parser("cards", help="card commands").add_subparsers(required=True)
    add = cards.add_parser("import", help="validate a CSV or TOML file of cards, add it as a deck")
    add.add_argument("file", type=Path, help="a .csv (see docs/question-format.md) or .toml")
    add.add_argument("--replace", action="store_true", help="replace its earlier import")
    add.set_defaults(handler=_import)
    export = cards.add_parser("export", help="write the cards as an Anki package (.apkg)")
    export.add_argument("out", type=Path, metavar="OUT.apkg")
    export.add_argument("--tag", help="only the cards with this tag")
    export.set_defaults(handler=_export)


def _import(args: argparse.Namespace) -> int:
    settings = Settings()
    target = settings.user_cards_dir / f"{slug(args.file.stem)}.toml"
    if target.exists() and not args.replace:
        return _refuse(f"{target} exists: a file of this name was imported; --replace it")
    existing = _bank(settings, leaving_out=target)
    try:
        cards = import_file(args.file, target, known_tags(settings), existing.questions)
    except CardImportError as error:
        for problem in error.problems:
            print(f"problem: {args.file}: {problem}", file=sys.stderr)
        return 1
    print(f"{_count(cards)} imported into {target}")
    return 0


def _export(args: argparse.Namespace) -> int:
    settings = Settings()
    if args.tag is not None and args.tag not in known_tags(settings):
        return _refuse(f"{args.tag!r} is not a known tag (question_bank/card/tags.toml)")
    cards = cards_to_export(_bank(settings).questions.values(), args.tag)
    if not cards:
        return _refuse("no card to export" + (f" tagged {args.tag!r}" if args.tag else ""))
    args.out.write_bytes(apkg_bytes(cards))
    print(f"{_count(cards)} exported to {args.out}")
    return 0


def _bank(settings: Settings, leaving_out: Path | None = None) -> Bank:
    """The built-in bank and your own decks, but the deck file `leaving_out`."""
    models = default_kinds().question_models()
    bank, mine = load_bank(settings.bank_dir, models), load_user_cards(settings, models)
    for key, source in mine.sources.items():
        if source != leaving_out:
            bank.questions[key], bank.sources[key] = mine.questions[key], source
    return bank


def _count(cards: list[CardQuestion]) -> str:
    return f"{len(cards)} card{'' if len(cards) == 1 else 's'}"


def _refuse(reason: str) -> int:
    print(f"problem: {reason}", file=sys.stderr)
    return 1
