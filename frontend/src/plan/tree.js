// A query plan (app/plans' Plan JSON) as a collapsible tree (the ARIA tree pattern): one row per
// operator, arrow keys to move and fold, Space for a node's details, and in pick mode Enter or a
// click picks a node (an "operator" ask). After the answer, the hot node is marked.
import { el } from "../dom.js";
import { ms } from "./numbers.js";
import { nodeDetails, nodeLabel, nodeRow } from "./row.js";

const ENGINES = { postgres: "PostgreSQL", duckdb: "DuckDB" };
// Operators that stop reading their input once they have their rows: what runs under them returns
// fewer rows than estimated without the estimate being wrong.
const LIMITS = new Set(["Limit", "LIMIT", "STREAMING_LIMIT"]);

export function createPlanTree(host, plan, { label = "Query plan", onPick = null } = {}) {
  const total = plan.root.inclusive_ms || plan.execution_ms || 0;
  const state = { onPick, picking: Boolean(onPick), items: new Map() };
  const root = el("div", { role: "tree", class: `plan-tree${state.picking ? " picking" : ""}`, "aria-label": label });
  root.append(item(state, plan.root, 1, total));
  host.replaceChildren(caption(plan), columnHeads(plan.engine), root, keysHelp(state.picking));
  host.classList.add("plan-host");
  wire(state, root);
  setFocusable(state, plan.root.id);
  return {
    pick: (id) => markPicked(state, id),
    markHot: (id) => markHot(state, id),
    setPicking: (on) => setPicking(state, root, on),
    focus: (id) => focusItem(state, id ?? plan.root.id),
  };
}

function item(state, node, level, total, underLimit = false) {
  const attrs = { role: "treeitem", class: "plan-node", "aria-level": level, tabindex: "-1", "data-node": node.id };
  if (node.children.length) attrs["aria-expanded"] = "true";
  if (state.picking) attrs["aria-selected"] = "false";
  const node_ = el("div", { ...attrs, "aria-label": nodeLabel(node, total) }, nodeRow(node, total, underLimit), nodeDetails(node));
  node_.style.setProperty("--depth", String(level - 1));
  state.items.set(node.id, node_); // before its children: the map's order is the tree's order
  if (node.children.length) {
    node_.append(el("div", { role: "group" }, node.children.map((child) => item(state, child, level + 1, total, underLimit || LIMITS.has(node.operator)))));
  }
  return node_;
}

function caption(plan) {
  const parts = [`${ENGINES[plan.engine] || plan.engine} plan`];
  if (plan.execution_ms !== null && plan.execution_ms !== undefined) parts.push(`execution ${ms(plan.execution_ms)}`);
  if (plan.planning_ms !== null && plan.planning_ms !== undefined) parts.push(`planning ${ms(plan.planning_ms)}`);
  return el("p", { class: "plan-caption muted small" }, parts.join(" · "),
    el("span", { class: "plan-legend" }, el("span", { class: "plan-bar-swatch", "aria-hidden": "true" }),
      "bar: the node's own share of the whole time"));
}

// DuckDB reports neither loops nor buffers: their columns stay, for alignment, unnamed.
function columnHeads(engine) {
  const postgres = engine === "postgres";
  return el("div", { class: "plan-row plan-heads", "aria-hidden": "true" },
    el("span", {}, "Operator"), el("span", {}, "Time"), el("span", {}, "Rows: estimated → actual"),
    el("span", {}, postgres ? "Loops" : ""), el("span", {}, postgres ? "Buffers" : ""), el("span", {}, ""));
}

function keysHelp(picking) {
  const pick = picking ? " · Enter or click: pick the node" : "";
  return el("p", { class: "plan-keys muted small" }, `↑ ↓ move · ← → fold · Space: details${pick}`);
}

function wire(state, root) {
  root.addEventListener("keydown", (event) => onKey(state, event));
  root.addEventListener("click", (event) => onClick(state, event));
  root.addEventListener("focusin", (event) => {
    const target = event.target.closest('[role="treeitem"]');
    if (target) setFocusable(state, target.dataset.node);
  });
}

function onClick(state, event) {
  const target = event.target.closest('[role="treeitem"]');
  if (!target || event.target.closest(".plan-details")) return;
  event.stopPropagation();
  const id = target.dataset.node;
  focusItem(state, id);
  if (event.target.closest(".plan-more")) return toggleDetails(state, id);
  if (event.target.closest(".plan-caret")) return toggleChildren(state, id);
  if (state.picking) return choose(state, id);
  toggleDetails(state, id);
}

const KEYS = {
  ArrowDown: (state, id) => focusItem(state, step(state, id, 1)),
  ArrowUp: (state, id) => focusItem(state, step(state, id, -1)),
  Home: (state) => focusItem(state, visible(state)[0]),
  End: (state) => focusItem(state, visible(state).at(-1)),
  ArrowRight: (state, id) => (expanded(state, id) === false ? toggleChildren(state, id) : expanded(state, id) && focusItem(state, `${id}.0`)),
  ArrowLeft: (state, id) => (expanded(state, id) ? toggleChildren(state, id) : id.includes(".") && focusItem(state, id.slice(0, id.lastIndexOf(".")))),
  " ": (state, id) => toggleDetails(state, id),
  Enter: (state, id) => (state.picking ? choose(state, id) : toggleDetails(state, id)),
};

function onKey(state, event) {
  const target = event.target.closest('[role="treeitem"]');
  const action = KEYS[event.key];
  if (!target || !action || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  event.stopPropagation();
  action(state, target.dataset.node);
}

function visible(state) {
  return [...state.items.keys()].filter((id) => !state.items.get(id).parentElement.closest('[aria-expanded="false"]'));
}

function step(state, id, by) {
  const ids = visible(state);
  return ids[Math.min(ids.length - 1, Math.max(0, ids.indexOf(id) + by))];
}

function expanded(state, id) {
  const value = state.items.get(id).getAttribute("aria-expanded");
  return value === null ? null : value === "true";
}

function toggleChildren(state, id) {
  const node = state.items.get(id);
  const open = expanded(state, id);
  if (open === null) return;
  node.setAttribute("aria-expanded", String(!open));
  node.querySelector(":scope > .plan-row .plan-caret").textContent = open ? "▸" : "▾";
  node.querySelector(':scope > [role="group"]').hidden = open;
}

function toggleDetails(state, id) {
  const node = state.items.get(id);
  const details = node.querySelector(":scope > .plan-details");
  details.hidden = !details.hidden;
  node.classList.toggle("open", !details.hidden);
  node.querySelector(":scope > .plan-row .plan-more").setAttribute("aria-expanded", String(!details.hidden));
}

function setFocusable(state, id) {
  for (const [key, node] of state.items) node.tabIndex = key === id ? 0 : -1;
}

function focusItem(state, id) {
  const node = state.items.get(id);
  if (!node) return;
  setFocusable(state, id);
  node.focus({ preventScroll: false });
}

function choose(state, id) {
  markPicked(state, id);
  state.onPick?.(id);
}

function markPicked(state, id) {
  for (const [key, node] of state.items) {
    const picked = key === id;
    if (state.picking) node.setAttribute("aria-selected", String(picked));
    node.classList.toggle("picked", picked);
    mark(node, "pick", picked ? "your pick" : null);
  }
}

function markHot(state, id) {
  for (const [key, node] of state.items) {
    node.classList.toggle("hot", key === id);
    mark(node, "hot", key === id ? "most time of its own" : null);
  }
}

function mark(node, kind, text) {
  const marks = node.querySelector(":scope > .plan-row .plan-marks");
  marks.querySelector(`.plan-mark.${kind}`)?.remove();
  if (text) marks.append(el("span", { class: `plan-mark ${kind}` }, text));
}

function setPicking(state, root, on) {
  state.picking = on;
  root.classList.toggle("picking", on);
  for (const node of state.items.values()) {
    if (on) node.setAttribute("aria-selected", String(node.classList.contains("picked")));
    else node.removeAttribute("aria-selected");
  }
}
