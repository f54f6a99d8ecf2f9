"""An API-design answer in Chromium: invalid YAML gets its errors in place (a lint mark at the
line, the JSON path in the list), then a valid document gets findings per criterion whose quote
selects its line; the reference shows beside the design as answered, and a reload keeps the
work."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.settings import Settings
from tests.web.serving import AppServer
from tests.web.talk_bank import API_ID, talk_settings

ANSWER_API = re.compile(r"/api/questions/[a-z0-9-]+/answers$")
DRAFT_API = re.compile(r"/api/questions/[a-z0-9-]+/drafts/main$")
DRAFTS_READ = re.compile(r"/api/questions/[a-z0-9-]+/drafts$")
INVALID = """openapi: 3.1.0
info:
  title: Payments
paths: {}
"""
SMALL = """openapi: 3.1.0
info:
  title: Payments
  version: '1'
paths:
  /payments:
    post:
      operationId: createPayment
      responses:
        '201':
          description: The payment
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return talk_settings(tmp_path_factory)


def write_design(page: Page, text: str) -> None:
    editor = page.locator("#api-editor .cm-content")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
    expect(editor).to_contain_text(text.splitlines()[-1].strip())


def answer(page: Page) -> None:
    with page.expect_response(ANSWER_API):
        page.keyboard.press("ControlOrMeta+Enter")


def test_invalid_yaml_then_a_design_with_findings(live: AppServer, page: Page) -> None:
    page.clock.install()
    page.goto(f"{live.base}/questions/{API_ID}")
    write_design(page, INVALID)
    answer(page)
    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("Not a valid OpenAPI 3.1 document")
    error = outcome.locator('.validation-error[data-line="2"]')
    expect(error).to_contain_text('$.info: "version" is a required property')
    line = page.locator("#api-editor .cm-line").nth(1)
    expect(line.locator(".cm-lintRange-error")).to_have_text("info:")
    expect(page.locator("#api-editor .cm-lint-marker-error")).to_have_count(1)
    page.wait_for_load_state("networkidle")  # a reveal would have been asked for by now
    expect(page.get_by_role("textbox", name="The reference design")).to_have_count(0)  # untried

    write_design(page, SMALL)
    answer(page)
    expect(outcome).to_contain_text("Scored")
    expect(page.locator("#api-editor .cm-lintRange-error")).to_have_count(0)
    key = outcome.locator('[data-criterion="idempotency_key"]')
    expect(key.locator(".verdict-badge")).to_have_text("missing")
    created = outcome.locator('[data-criterion="created_with_location"]')
    expect(created.locator(".verdict-badge")).to_have_text("partial")
    expect(created.locator(".operation")).to_have_text("POST /payments")
    created.locator("button.evidence", has_text="'201':").click()
    page.keyboard.insert_text("'202':")  # typed over the line the quote selected
    expect(page.locator("#api-editor .cm-content")).to_contain_text("'202':")
    expect(page.locator("#api-editor .cm-content")).not_to_contain_text("'201':")

    expect(page.locator("#answered-document")).to_contain_text("operationId: createPayment")
    reference = page.get_by_role("textbox", name="The reference design")
    expect(reference).to_contain_text("$ref: '#/components/parameters/IdempotencyKey'")
    expect(page.locator("#reference-rationale")).to_contain_text("Its rationale")


def test_the_table_format_shows_its_syntax_and_a_reload_keeps_the_work(
    live: AppServer, page: Page
) -> None:
    page.clock.install()
    with page.expect_response(DRAFTS_READ):  # the draft of the test before is restored first
        page.goto(f"{live.base}/questions/{API_ID}")
    expect(page.locator("#table-syntax")).to_be_hidden()
    page.get_by_role("tab", name="Endpoint table").click()
    expect(page.locator("#table-syntax")).to_be_visible()
    row = "| POST | /payments | header Idempotency-Key | 201 [Location] {id} | Pays. |"
    write_design(
        page, f"| method | path | request | responses | notes |\n|---|---|---|---|---|\n{row}"
    )
    page.locator("#rationale").fill("A header key, because retries must be safe.")
    with page.expect_response(DRAFT_API):
        page.clock.run_for(2000)
    page.reload()
    expect(page.get_by_role("tab", name="Endpoint table")).to_have_attribute(
        "aria-selected", "true"
    )
    expect(page.locator("#api-editor .cm-content")).to_contain_text(row)
    expect(page.locator("#rationale")).to_have_value("A header key, because retries must be safe.")
    page.locator("#api-editor .cm-content").click()
    answer(page)
    key = page.locator('#outcome [data-criterion="idempotency_key"]')
    expect(key.locator(".verdict-badge")).to_have_text("met")
    expect(key.locator("button.evidence")).to_contain_text("Idempotency-Key")
