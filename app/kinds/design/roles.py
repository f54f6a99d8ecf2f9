"""What role each node of a flowchart plays (a cache, a queue, an API...), read from the words
of its label and id with the table in roles.toml (which says how ambiguity is settled)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, get_args

from app.kinds.design.flowchart import Node
from app.kinds.design.models import Role

ROLES_FILE = Path(__file__).with_name("roles.toml")
ROLE_ORDER: tuple[Role, ...] = get_args(Role)
CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
NOT_WORD = re.compile(r"[^a-z0-9]+")
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class RoleWords:
    noun: str  # "load balancer": in "a route client -> load balancer -> API"
    article: str  # "a" or "an"
    words: tuple[Phrase, ...]
    weak: tuple[Phrase, ...]


@dataclass(frozen=True)
class RoleTable:
    roles: dict[Role, RoleWords]
    phrases: dict[Phrase, tuple[Role, bool]]  # every form (with plurals): (role, weak)
    longest: int  # words in the longest phrase
    shape_roles: dict[str, tuple[Role, frozenset[Role]]]  # shape: (role it adds, unless these)


def roles(node: Node) -> frozenset[Role]:
    """The roles the node's label and id name; empty when they name none."""
    table = role_table()
    strong: set[Role] = set()
    weak: set[Role] = set()
    for words in _readings(node):
        for role, is_weak in _phrases_in(words, table):
            (weak if is_weak else strong).add(role)
    shaped = table.shape_roles.get(node.shape)
    if shaped and not strong & shaped[1]:
        strong.add(shaped[0])
    return frozenset(strong or weak)


def describe(role: Role) -> str:
    """`a cache`, `an API`."""
    words = role_table().roles[role]
    return f"{words.article} {words.noun}"


def noun(role: Role) -> str:
    return role_table().roles[role].noun


def _readings(node: Node) -> list[Phrase]:
    """The label and the id as words, each split two ways: at punctuation only
    ("postgresql") and at camelCase as well ("user", "db" in `userDb`)."""
    sources = [node.label] if node.label.lower() == node.id.lower() else [node.label, node.id]
    return [words_of(text) for source in sources for text in (source, CAMEL.sub(" ", source))]


def words_of(text: str) -> Phrase:
    """Lower-case words of `text`; a known word with a number after it (`db1`) is the word."""
    known = role_table().phrases
    found = (word for word in NOT_WORD.split(text.lower()) if word)
    return tuple(word if (word,) in known else word.rstrip("0123456789") or word for word in found)


def _phrases_in(words: Phrase, table: RoleTable) -> list[tuple[Role, bool]]:
    """The roles of the phrases in `words`, taking the longest phrase at each point."""
    found: list[tuple[Role, bool]] = []
    start = 0
    while start < len(words):
        for size in range(min(table.longest, len(words) - start), 0, -1):
            match = table.phrases.get(words[start : start + size])
            if match:
                found.append(match)
                start += size
                break
        else:
            start += 1
    return found


@cache
def role_table() -> RoleTable:
    """roles.toml, read once."""
    return read_role_table(tomllib.loads(ROLES_FILE.read_text(encoding="utf-8")))


def read_role_table(data: dict[str, Any]) -> RoleTable:
    """The role table in `data` (roles.toml's form); it must describe every role."""
    if set(data["roles"]) != set(ROLE_ORDER):
        raise ValueError(f"{ROLES_FILE.name} must describe exactly the roles {ROLE_ORDER}")
    roles = {role: _role_words(data["roles"][role]) for role in ROLE_ORDER}
    phrases = _phrase_index(roles)
    shapes = {shape: _shape_rule(rule) for shape, rule in data["shapes"].items()}
    return RoleTable(roles, phrases, max(len(phrase) for phrase in phrases), shapes)


def _phrase_index(roles: dict[Role, RoleWords]) -> dict[Phrase, tuple[Role, bool]]:
    """Every form of every phrase, with its role; a phrase listed under two roles is an error."""
    index: dict[Phrase, tuple[Role, bool]] = {}
    for role, entry in roles.items():
        for weak, listed in ((False, entry.words), (True, entry.weak)):
            for phrase in listed:
                for form in _forms(phrase):
                    if index.setdefault(form, (role, weak)) != (role, weak):
                        raise ValueError(f"{' '.join(form)!r} is listed for two roles")
    return index


def _shape_rule(rule: dict[str, Any]) -> tuple[Role, frozenset[Role]]:
    named = [rule["adds"], *rule["unless"]]
    unknown = [role for role in named if role not in ROLE_ORDER]
    if unknown:
        raise ValueError(f"{ROLES_FILE.name} names unknown roles for a shape: {unknown}")
    return rule["adds"], frozenset(rule["unless"])


def _role_words(entry: dict[str, Any]) -> RoleWords:
    def phrases(key: str) -> tuple[Phrase, ...]:
        return tuple(tuple(NOT_WORD.split(term.lower())) for term in entry[key])

    return RoleWords(str(entry["noun"]), str(entry["article"]), phrases("words"), phrases("weak"))


def _forms(phrase: Phrase) -> list[Phrase]:
    """The phrase and the plurals of its last word."""
    *head, last = phrase
    plurals = {last, last + "s", last + "es"}
    if last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        plurals.add(last[:-1] + "ies")
    return [(*head, form) for form in sorted(plurals)]
