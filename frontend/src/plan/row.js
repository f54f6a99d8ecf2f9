// One plan node's row: operator and table, its time (with a bar for its own share of the whole),
// rows estimated against actual, loops and buffers; its details open under it.
import { el } from "../dom.js";
import { MISESTIMATE_ALERT, bufferName, factorText, misestimate, ms, perLoop, rows, share } from "./numbers.js";

const DIRECTION_WORDS = { up: "more rows than estimated", down: "fewer rows than estimated", even: "as estimated" };
const ARROWS = { up: "↑", down: "↓", even: "" };

export function nodeRow(node, total, underLimit = false) {
  return el("div", { class: "plan-row" },
    operatorCell(node), timeCell(node, total), rowsCell(node, underLimit), loopsCell(node), buffersCell(node),
    el("span", { class: "plan-more-cell" },
      el("button", { type: "button", class: "plan-more", tabindex: "-1", "aria-expanded": "false" }, "details")));
}

function operatorCell(node) {
  const where = [];
  if (node.relation) where.push(" on ", el("code", { class: "plan-relation" }, node.relation));
  if (node.index) where.push(" using ", el("code", { class: "plan-index" }, node.index));
  return el("span", { class: "plan-op" },
    el("span", { class: "plan-caret", "aria-hidden": "true" }, node.children.length ? "▾" : "·"),
    el("span", { class: "plan-name" }, el("strong", {}, node.operator), ...where, el("span", { class: "plan-marks" })));
}

function timeCell(node, total) {
  const own = share(node.exclusive_ms, total);
  const bar = el("span", { class: "plan-bar", "aria-hidden": "true" },
    el("span", { class: "plan-bar-fill", style: `width: ${(own * 100).toFixed(1)}%` }));
  return el("span", { class: "plan-time" },
    el("span", { class: "plan-self" }, ms(node.exclusive_ms), el("span", { class: "muted" }, ` self · ${Math.round(own * 100)}%`)),
    bar,
    el("span", { class: "muted small" }, `${ms(node.inclusive_ms)} total`));
}

// Rows out as totals over all loops (as the explain rules say); PostgreSQL's estimate is per
// loop, so a node run in loops also shows its rows per loop, which the estimate is read against.
function rowsCell(node, underLimit) {
  const loops = node.loops > 1;
  const off = misestimate(node);
  const stopped = underLimit && off && off.direction === "down";
  return el("span", { class: "plan-rows" },
    el("span", {}, el("span", { class: "muted" }, "est "), rows(node.estimated_rows), loops ? el("span", { class: "muted" }, " per loop") : null,
      " → ", el("strong", {}, rows(node.actual_rows))),
    loops ? el("span", { class: "muted small" }, `${rows(perLoop(node))} per loop`) : null,
    off ? factorBadge(off, stopped) : null);
}

// Under a Limit, fewer rows than estimated is the Limit stopping early, not a wrong estimate.
function factorBadge(off, stopped) {
  const alert = off.factor >= MISESTIMATE_ALERT && !stopped;
  const words = off.direction === "even" ? "as estimated"
    : `${factorText(off).slice(1)} times ${DIRECTION_WORDS[off.direction]}${stopped ? ": the Limit above stopped it early" : ""}`;
  return el("span", { class: `plan-factor ${off.direction}${alert ? " alert" : ""}`, title: words },
    `${factorText(off)} ${factorText(off) === "×1.0" ? "" : ARROWS[off.direction]}${stopped ? " stopped early" : ""}`.trim(),
    el("span", { class: "visually-hidden" }, `: ${words}`));
}

function loopsCell(node) {
  return el("span", { class: "plan-loops" }, node.loops > 1 ? `${node.loops.toLocaleString("en")} loops` : "");
}

function buffersCell(node) {
  const shown = ["shared_hit", "shared_read", "temp_written"].filter((key) => node.buffers[key]);
  return el("span", { class: "plan-buffers small" },
    shown.map((key) => el("span", {}, `${bufferName(key).replace("shared ", "")} ${node.buffers[key].toLocaleString("en")}`)));
}

// The node in one sentence, its accessible name in the tree.
export function nodeLabel(node, total) {
  const on = node.relation ? ` on ${node.relation}` : "";
  const using = node.index ? ` using ${node.index}` : "";
  const off = misestimate(node);
  const estimate = off && off.direction !== "even" ? `, ${factorText(off).slice(1)} times ${DIRECTION_WORDS[off.direction]}` : "";
  const loops = node.loops > 1 ? `, ${node.loops} loops` : "";
  const own = Math.round(share(node.exclusive_ms, total) * 100);
  return `${node.operator}${on}${using}: ${ms(node.exclusive_ms)} self (${own}%), ${rows(node.actual_rows)} rows${estimate}${loops}`;
}

export function nodeDetails(node) {
  const pairs = [
    ...node.details,
    ["Time with children", ms(node.inclusive_ms)],
    ["Rows estimated", rows(node.estimated_rows) + (node.loops > 1 ? " per loop" : "")],
    ["Rows actual", rows(node.actual_rows) + (node.loops > 1 ? ` over ${node.loops} loops` : "")],
    ...Object.entries(node.buffers).filter(([, value]) => value).map(([key, value]) => [`Buffers ${bufferName(key)}`, value.toLocaleString("en")]),
  ];
  return el("dl", { class: "plan-details", hidden: true },
    pairs.flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, el("code", {}, value))]));
}
