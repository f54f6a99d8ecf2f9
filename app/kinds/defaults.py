"""The kinds the server and the `drill` command know."""

from __future__ import annotations

from app.kinds.api.kind import API
from app.kinds.behavioral.kind import BEHAVIORAL
from app.kinds.card.kind import CARD
from app.kinds.design.kind import DESIGN
from app.kinds.explain.kind import EXPLAIN
from app.kinds.index.kind import INDEX
from app.kinds.isolation.kind import ISOLATION
from app.kinds.registry import KindRegistry
from app.kinds.sql.kind import SQL


def default_kinds() -> KindRegistry:
    return KindRegistry([SQL, DESIGN, CARD, EXPLAIN, INDEX, ISOLATION, BEHAVIORAL, API])
