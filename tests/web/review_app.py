"""An app whose bank holds the SQL questions and the fixture flashcards, for the review pages'
tests over HTTP and in the browser."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi import FastAPI

from app.main import create_app
from app.settings import Settings
from tests.review.card_kind import CARDS, card_kinds

NEGATIVE = "ledger-accounts-that-went-negative"  # topics: window functions, running totals
FRAMES, ISOLATION, INDEX = "card-window-frames", "card-isolation", "card-covering-index"


def review_app(root: Path) -> FastAPI:
    """The app over a bank of the SQL questions and the fixture cards, its state in `root`."""
    shutil.copytree(Settings().bank_dir / "sql", root / "bank" / "sql")
    shutil.copytree(CARDS, root / "bank" / "card")
    settings = Settings(
        bank_dir=root / "bank", database_url=f"sqlite:///{root / 'state.sqlite3'}", query_workers=1
    )
    return create_app(settings, kinds=card_kinds())
