// The explain page: the query, the plan tree and the asks; picking an operator on the tree,
// answering, and after solving or giving up each ask's answer and the hot node on the tree.
import { el, show } from "../dom.js";
import { createAsks } from "./asks.js";
import { initQuestionPage, outcomeHead } from "./page.js";
import { showQuery } from "./query.js";
import { nodeNames, readResults } from "./results.js";
import { createPlanTree } from "./tree.js";

const $ = (id) => document.getElementById(id);

export function initExplain(page) {
  const view = page.view;
  const names = nodeNames(view.plan);
  const kinds = Object.fromEntries(view.asks.map((ask) => [ask.id, ask.answer]));
  showQuery($("query"), view.query, view.engine);
  let tree = null;
  const asks = createAsks($("asks"), {
    onChange: () => controller.changed(),
    onActivate: (nodeId) => tree?.pick(nodeId),
  });
  const onPick = asks.hasOperator() ? (nodeId) => asks.pick(nodeId, names[nodeId]) : null;
  tree = createPlanTree($("plan"), view.plan, { label: "Query plan", onPick });
  tree.pick(asks.activePick());
  const controller = initQuestionPage(page, {
    answer: () => answerOf(asks),
    content: () => asks.content(),
    restore: (content) => (asks.restore(content), tree.pick(asks.activePick())),
    showOutcome: (response) => showOutcome(response, asks, { names, kinds }),
    showSolution: (solution) => showSolution(solution, asks, tree, { names, kinds }),
  });
}

function answerOf(asks) {
  const given = asks.answers();
  if (Object.keys(given).length) return { asks: given };
  $("status").textContent = "Answer at least one of the asks first.";
  return null;
}

function showOutcome(response, asks, lookup) {
  const results = readResults(response.details.asks, lookup);
  asks.showResults(results);
  const wrong = Object.values(results).filter((r) => r.right === false).length;
  const note = response.solved ? null : el("span", { class: "muted small" }, `${wrong} of the asks ${wrong === 1 ? "is" : "are"} not right yet.`);
  show($("outcome"), outcomeHead(response, note));
}

function showSolution(solution, asks, tree, lookup) {
  const hot = hotNode(solution);
  if (hot) tree.markHot(hot);
  const reference = solution.reference || {};
  if (reference.asks) asks.showResults(readResults(reference.asks, lookup));
}

function hotNode(solution) {
  const reference = solution.reference || {};
  return reference.hot_node ?? solution.hot_node ?? reference.hot ?? null;
}
