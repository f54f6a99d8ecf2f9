// The end of a walkthrough: per stage the time used against its budget, the score, the
// verdicts counted, how often the candidate's own verdicts agreed with the grader's, and the
// overall level estimate with its reasons.
import { el, formatClock, show } from "../dom.js";
import { VERDICTS } from "./feedback.js";

export function renderSummary(node, walk, assessments) {
  const rows = walk.stages.map((stage) => summaryRow(stage, assessments[stage.section] || {}));
  show(node,
    el("h2", { id: "summary-title" }, "Walkthrough summary"),
    level(walk.level),
    el("div", { class: "scroll-x" }, el("table", { class: "plain summary-table" },
      el("thead", {}, el("tr", {}, ["Stage", "Time used", "Score", "Met / partial / missing", "You vs grader"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows))),
    el("p", {}, el("a", { class: "button", href: "/" }, "Back to the home page")));
}

function level(estimate) {
  if (!estimate) return el("p", { class: "muted" }, "The level estimate needs feedback on every stage.");
  return el("section", { class: "level", "aria-label": "Overall level" },
    el("p", { class: "level-line" }, "Overall level: ", el("strong", { class: "level-word" }, estimate.level)),
    el("ul", { class: "level-reasons" }, estimate.reasons.map((reason) => el("li", {}, reason))));
}

function summaryRow(stage, mine) {
  const criteria = stage.feedback?.criteria || [];
  const used = stage.used_s ?? 0;
  const over = used > stage.budget_s;
  const counts = VERDICTS.map((verdict) => criteria.filter((c) => c.verdict === verdict).length).join(" / ");
  const judged = criteria.filter((c) => mine[c.criterion_id]);
  const agreed = judged.filter((c) => mine[c.criterion_id] === c.verdict).length;
  return el("tr", { "data-section": stage.section },
    el("th", { scope: "row" }, stage.title),
    el("td", { class: over ? "over-budget" : null }, `${formatClock(used)} of ${formatClock(stage.budget_s)}`),
    el("td", {}, stage.attempt ? `${Math.round(stage.attempt.score * 100)}%` : "not answered"),
    el("td", {}, criteria.length ? counts : "–"),
    el("td", {}, judged.length ? `agree on ${agreed} of ${judged.length}` : "not judged"));
}
