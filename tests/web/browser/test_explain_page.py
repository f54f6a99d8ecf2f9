"""An explain drill in Chromium: the plan as a tree, an operator picked by clicking its row
(the wrong one), answers kept over a reload, then the right operator picked with the keyboard,
and once solved the hot node marked on the tree and each ask's explanation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.settings import Settings
from tests.web.dbdepth_bank import EXPLAIN_ID, LOOP_EXPLAIN_ID, dbdepth_settings
from tests.web.serving import AppServer

DRAFT_API = re.compile(r"/api/questions/[a-z0-9-]+/drafts/main$")
ANSWER_API = re.compile(r"/api/questions/[a-z0-9-]+/answers$")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return dbdepth_settings(tmp_path_factory)


def answer(page: Page) -> None:
    with page.expect_response(ANSWER_API):
        page.locator("#answer-button").click()


def test_pick_the_wrong_operator_then_the_right_one(live: AppServer, page: Page) -> None:
    page.clock.install()
    page.goto(f"{live.base}/questions/{EXPLAIN_ID}")
    tree = page.get_by_role("tree", name="Query plan")
    expect(tree.get_by_role("treeitem")).to_have_count(5)
    join = tree.locator('[data-node="0.0"]')
    join.locator(":scope > .plan-row").click()
    expect(join).to_have_attribute("aria-selected", "true")
    hot = page.locator('.ask[data-ask="hot"]')
    expect(hot.locator(".picked-name")).to_have_text("Hash Join (node 0.0)")
    page.locator('.ask[data-ask="rows"] input').fill("12000")
    page.locator('.ask[data-ask="build"]').get_by_label("customers").check()
    with page.expect_response(DRAFT_API):
        page.clock.run_for(1000)

    page.reload()
    expect(hot.locator(".picked-name")).to_have_text("Hash Join (node 0.0)")
    expect(page.locator('.ask[data-ask="rows"] input')).to_have_value("12000")
    expect(join).to_have_attribute("aria-selected", "true")
    answer(page)
    expect(page.locator("#outcome")).to_contain_text("Not right yet")
    expect(hot).to_have_class(re.compile(r"\bwrong\b"))
    expect(page.locator('.ask[data-ask="build"]')).to_have_class(re.compile(r"\bright\b"))
    expect(tree.locator(".plan-node.hot")).to_have_count(0)

    join.focus()
    page.keyboard.press("ArrowDown")  # the scan of orders, the join's first child
    expect(tree.locator('[data-node="0.0.0"]')).to_be_focused()
    page.keyboard.press("Enter")
    expect(hot.locator(".picked-name")).to_have_text("Seq Scan on orders (node 0.0.0)")
    answer(page)
    expect(page.locator("#outcome")).to_contain_text("Solved")
    scan = tree.locator('[data-node="0.0.0"]')
    expect(scan).to_have_class(re.compile(r"\bhot\b"))
    expect(scan.locator(":scope > .plan-row .plan-mark.hot")).to_have_text("most time of its own")
    expect(hot.locator(".ask-explanation")).to_contain_text("reading and filtering every order")
    expect(page.locator("#solution")).to_contain_text("where the time goes")


def test_the_tree_folds_and_opens_details_from_the_keyboard(live: AppServer, page: Page) -> None:
    page.goto(f"{live.base}/questions/{EXPLAIN_ID}")
    tree = page.get_by_role("tree", name="Query plan")
    root = tree.locator('[data-node="0"]')
    join = tree.locator('[data-node="0.0"]')
    page.locator("#query").click()
    page.keyboard.press("Tab")  # into the tree: one stop, on its root
    expect(root).to_be_focused()
    page.keyboard.press("ArrowRight")  # open already: to the first child
    expect(join).to_be_focused()
    page.keyboard.press("ArrowLeft")  # open: fold it
    expect(join).to_have_attribute("aria-expanded", "false")
    expect(tree.locator('[data-node="0.0.0"]')).to_be_hidden()
    page.keyboard.press("End")  # the last row that shows is the folded join
    expect(join).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(join).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("End")
    scan = tree.locator('[data-node="0.0.1.0"]')
    expect(scan).to_be_focused()
    page.keyboard.press(" ")
    details = scan.locator(":scope > .plan-details")
    expect(details).to_be_visible()
    expect(details).to_contain_text("Buffers shared read")
    page.keyboard.press("ArrowLeft")  # a leaf: to its parent
    expect(tree.locator('[data-node="0.0.1"]')).to_be_focused()


def test_giving_up_shows_each_answer_and_the_hot_node(live: AppServer, page: Page) -> None:
    page.goto(f"{live.base}/questions/{EXPLAIN_ID}")  # a recorded plan: its hot node is fixed
    tree = page.get_by_role("tree", name="Query plan")
    expect(tree.locator(".plan-node.hot")).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_response(re.compile(r"/give-up$")):
        page.locator("#give-up").click()
    expect(tree.locator(".plan-node.hot")).to_have_attribute("data-node", "0.0.0")
    hot = page.locator('.ask[data-ask="hot"]')
    expect(hot).to_contain_text("The answer: Seq Scan on orders (node 0.0.0)")
    build = page.locator('.ask[data-ask="build"]')
    expect(build).to_contain_text("The answer: customers")
    expect(build.locator(".ask-explanation")).to_contain_text("the smaller input is hashed")
    expect(page.locator('.ask[data-ask="rows"]')).to_contain_text("The answer: 12,000")
    expect(page.locator("#give-up")).to_have_count(0)


def test_loops_and_a_far_misestimate_read_on_the_tree(live: AppServer, page: Page) -> None:
    page.goto(f"{live.base}/questions/{LOOP_EXPLAIN_ID}")
    tree = page.get_by_role("tree", name="Query plan")
    outer = tree.locator('[data-node="0.0"] > .plan-row')
    expect(outer.locator(".plan-factor")).to_have_class(re.compile(r"\balert\b"))
    factor = "\N{MULTIPLICATION SIGN}99.0 \N{UPWARDS ARROW}"  # 99 times more rows than estimated
    expect(outer.locator(".plan-factor")).to_contain_text(factor)
    inner = tree.locator('[data-node="0.1"] > .plan-row')
    expect(inner.locator(".plan-loops")).to_have_text("99 loops")
    expect(inner.locator(".plan-rows")).to_contain_text("est 40 per loop → 3,960")
    expect(inner.locator(".plan-rows")).to_contain_text("40 per loop")
    expect(inner.locator(".plan-factor")).not_to_have_class(re.compile(r"\balert\b"))

    inner.click()
    page.locator('.ask[data-ask="loops"] input').fill("99")
    page.locator('.ask[data-ask="estimate"] input').fill("1")
    answer(page)
    expect(page.locator("#outcome")).to_contain_text("Solved")
    expect(tree.locator('[data-node="0.1"]')).to_have_class(re.compile(r"\bhot\b"))
