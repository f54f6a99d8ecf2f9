"""app/review/pulls.toml names what the drills can miss, and tags the deck knows."""

from __future__ import annotations

import tomllib

import pytest

from app.bank import loader
from app.kinds.defaults import default_kinds
from app.review.pulls import PULLS_FILE, PullMap, load_pull_map, matches, slug
from app.settings import Settings


def _missable() -> set[str]:
    """Every topic, section and criterion id a question of the bank can report missed."""
    kinds = default_kinds()
    bank = loader.load_bank(Settings().bank_dir, kinds.question_models())
    names: set[str] = set()
    for question in bank.questions.values():
        names |= {slug(t) for t in question.topics}
        kind = kinds[question.kind]
        if kind.sections and kind.criteria:
            for section in kind.sections(question):
                names |= {slug(section), *map(slug, kind.criteria(question, section))}
    return names


def test_every_key_is_something_a_drill_can_miss() -> None:
    unknown = sorted(set(load_pull_map().tags_by_key) - _missable())
    assert unknown == []


def test_every_tag_is_a_known_card_tag() -> None:
    tags_file = Settings().bank_dir / "card" / "tags.toml"
    if not tags_file.exists():
        pytest.skip("no deck yet: question_bank/card/tags.toml lists the known tags")
    known = {slug(tag) for tag in tomllib.loads(tags_file.read_text(encoding="utf-8"))}
    used = {tag for tags in load_pull_map().tags_by_key.values() for tag in tags}
    assert sorted(used - known) == []


def test_a_miss_pulls_by_its_own_name_and_by_the_map() -> None:
    pulls = PullMap({"running-totals": frozenset({"window-frames"})})
    wanted = pulls.tags_for(["Running totals"])
    assert wanted == {"running-totals", "window-frames"}
    assert matches(["Window-Frames"], "SQL", wanted)
    assert matches(["joins"], "running totals", wanted)  # by source topic
    assert not matches(["joins"], "SQL", wanted)


def test_the_file_is_one_table_of_lists() -> None:
    data = tomllib.loads(PULLS_FILE.read_text(encoding="utf-8"))
    assert all(isinstance(tags, list) and tags for tags in data.values())
