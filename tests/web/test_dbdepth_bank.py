"""The page tests' own questions are sound content: each passes its kind's checks against the
captures beside it, as `drill bank check` would prove a question of the bank."""

from __future__ import annotations

import pytest

from app.settings import Settings
from app.workspace import Workspace
from tests.web.dbdepth_bank import KINDS, dbdepth_settings


def test_the_fixture_questions_pass_their_kinds_checks(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    settings: Settings = dbdepth_settings(tmp_path_factory)
    with Workspace(settings) as workspace:
        checks = {kind: workspace.kinds[kind].make_checker(workspace.services) for kind in KINDS}
        bank = workspace.bank
        ours = sorted(qid for qid, q in bank.questions.items() if q.kind in KINDS)
        assert len(ours) == 5
        problems = [
            p
            for qid in ours
            for p in checks[bank.questions[qid].kind](bank.questions[qid], bank.sources[qid])
        ]
    assert problems == []
