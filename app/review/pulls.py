"""Which cards a drill's miss pulls forward: data (pulls.toml: a topic or criterion id -> card
tags), plus the obvious match of a miss named like a card's tag or source topic. Pure."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

PULLS_FILE = Path(__file__).with_name("pulls.toml")


def slug(text: str) -> str:
    """The form topics and tags are compared in: "Window functions" -> "window-functions"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class PullMap:
    """Card tags by the topic or criterion id (slugged) a drill may report missed."""

    tags_by_key: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def tags_for(self, keys: Iterable[str]) -> frozenset[str]:
        """The tags (slugged) a miss named by `keys` pulls: each key's own slug and its
        mapped tags."""
        wanted: set[str] = set()
        for key in keys:
            wanted |= {slug(key), *self.tags_by_key.get(slug(key), frozenset())}
        return frozenset(wanted)


def load_pull_map(path: Path = PULLS_FILE) -> PullMap:
    """The mapping in `path`: top-level `"topic or criterion id" = ["tag", ...]`."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return PullMap({slug(key): frozenset(slug(t) for t in tags) for key, tags in data.items()})


def matches(card_tags: Iterable[str], source_topic: str, wanted: frozenset[str]) -> bool:
    """Whether a card with these tags and source topic is one a miss pulls."""
    return slug(source_topic) in wanted or any(slug(tag) in wanted for tag in card_tags)
