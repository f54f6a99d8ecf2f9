"""The api grader: a reference meets every check of its prompt, an invalid document gets only
its errors, a table answer is graded like a document, and the content check catches a
reference that misses one of its own checks."""

from __future__ import annotations

import tomllib
from pathlib import Path

from app.feedback.model import quote_in
from app.kinds.api.answer import ApiAnswer
from app.kinds.api.check import check_question
from app.kinds.api.grader import grade_answer
from app.kinds.api.kind import public_view, solution_view
from app.kinds.api.models import ApiQuestion
from app.kinds.defaults import default_kinds
from tests.kinds.api.cases import FIXTURES

BANK = Path(__file__).parents[3] / "question_bank" / "api"
SOURCE = BANK / "api-payments-idempotency.toml"
QUESTION = ApiQuestion.model_validate(tomllib.loads(SOURCE.read_text()))
VERSIONS = ApiQuestion.model_validate(
    tomllib.loads((BANK / "api-versioning-invoices.toml").read_text())
)
TABLE = tomllib.loads((FIXTURES / "table_cases.toml").read_text())["converted"][0]["table"]


def test_the_reference_meets_every_criterion_quoting_itself() -> None:
    document = QUESTION.reference.document
    outcome = grade_answer(QUESTION, ApiAnswer(document=document))
    assert (outcome.status, outcome.score, outcome.missed) == ("graded", 1.0, [])
    criteria = outcome.details["feedback"]["sections"][0]["criteria"]
    assert [c["criterion_id"] for c in criteria] == QUESTION.criterion_ids()
    assert all(
        c["evidence"] and all(quote_in(document, q) for q in c["evidence"]) for c in criteria
    )
    assert outcome.details["validation"] == []


def test_an_invalid_document_gets_only_its_errors_and_scores_zero() -> None:
    broken = QUESTION.reference.document.replace("version: 1.0.0", "versoin: 1.0.0")
    outcome = grade_answer(QUESTION, ApiAnswer(document=broken))
    assert (outcome.status, outcome.score, outcome.details["feedback"]) == ("invalid", 0.0, None)
    first = outcome.details["validation"][0]
    assert (first["path"], first["line"]) == ("$.info", 2) and "version" in first["message"]


def test_a_table_answer_is_graded_with_partial_credit_and_fixes() -> None:
    outcome = grade_answer(QUESTION, ApiAnswer(format="table", document=TABLE))
    feedback = outcome.details["feedback"]
    assert outcome.status == "graded" and 0.5 < outcome.score < 1.0
    assert set(outcome.missed) <= set(QUESTION.criterion_ids()) and outcome.missed
    assert feedback["fixes"] and feedback["level"]["level"] in {"junior", "mid", "senior"}


def test_a_thin_design_scores_low_and_misses_the_retry_safety() -> None:
    thin = (
        "openapi: 3.1.0\ninfo: {title: Thin, version: '1'}\npaths:\n  /payments:\n"
        "    post:\n      responses:\n        '200': {description: ok}\n"
    )
    outcome = grade_answer(QUESTION, ApiAnswer(document=thin))
    assert outcome.score < 0.2 and "idempotency_key" in outcome.missed


def test_a_refund_created_with_a_pending_status_is_as_sound_as_202() -> None:
    accepted = "'202':\n          description: The refund was accepted"
    assert accepted in QUESTION.reference.document
    created = QUESTION.reference.document.replace(accepted, accepted.replace("202", "201"))
    outcome = grade_answer(QUESTION, ApiAnswer(document=created))
    assert (outcome.score, outcome.missed) == (1.0, [])


def test_a_v2_only_design_breaks_the_v1_clients_and_loses_their_actions() -> None:
    document = VERSIONS.reference.document
    v2_only = (
        document[: document.index("  /v1/invoices:\n")]
        + document[document.index("  /v2/invoices:\n") :]
    )
    assert grade_answer(VERSIONS, ApiAnswer(document=document)).score == 1.0
    outcome = grade_answer(VERSIONS, ApiAnswer(document=v2_only))
    assert outcome.status == "graded" and outcome.score < 1.0
    assert {"operations_present", "one_round_trip"} <= set(outcome.missed)
    present = outcome.details["feedback"]["sections"][0]["criteria"][0]
    trips = outcome.details["feedback"]["sections"][0]["criteria"][1]
    assert "GET /v1/invoices/{invoiceId} (for v1-read)" in present["rationale"]
    assert "GET /v1/invoices exists only as GET /v2/invoices" in trips["rationale"]


def test_the_prompt_passes_its_content_checks() -> None:
    assert check_question(QUESTION, SOURCE) == []


def test_a_reference_that_misses_a_check_is_a_content_problem() -> None:
    document = QUESTION.reference.document.replace("'409':", "'419':")
    reference = QUESTION.reference.model_copy(update={"document": document})
    problems = check_question(QUESTION.model_copy(update={"reference": reference}), SOURCE)
    assert [p.field for p in problems] == ["reference.document"]
    assert "conflict" in problems[0].reason


def test_the_kind_is_registered_and_its_views_hide_the_reference() -> None:
    assert "api" in default_kinds()
    shown = str(public_view(QUESTION))
    assert "openapi: 3.1.0" not in shown and "idempotency_key" in shown
    assert solution_view(QUESTION)["reference"]["document"] == QUESTION.reference.document
