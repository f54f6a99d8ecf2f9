// The asks of an explain or isolation question (rendered by the server as .ask items): read
// their answers, restore them from a draft, and show each one's result after answering.
// An "operator" ask is answered by picking a node on the plan tree while the ask is active.
import { el } from "../dom.js";
import { renderMarkdown } from "../markdown.js";

export function createAsks(container, { onChange, onActivate = () => {} }) {
  const asks = new Map([...container.querySelectorAll(".ask")].map((node) => [node.dataset.ask, node]));
  const state = { asks, onChange, onActivate, active: null, picks: {} };
  for (const node of asks.values()) wireAsk(state, node);
  const firstOperator = [...asks.values()].find((node) => node.dataset.answer === "operator");
  if (firstOperator) activate(state, firstOperator.dataset.ask);
  return {
    answers: () => answers(state),
    content: () => content(state),
    restore: (saved) => restore(state, saved),
    pick: (nodeId, name) => pick(state, nodeId, name),
    activePick: () => state.picks[state.active]?.id ?? null,
    hasOperator: () => Boolean(firstOperator),
    showResults: (results) => showResults(state, results),
  };
}

function wireAsk(state, node) {
  node.addEventListener("input", () => state.onChange());
  node.addEventListener("change", () => state.onChange());
  node.querySelector(".pick-button")?.addEventListener("click", () => activate(state, node.dataset.ask));
}

function activate(state, id) {
  state.active = id;
  for (const [key, node] of state.asks) {
    if (node.dataset.answer !== "operator") continue;
    node.classList.toggle("active", key === id);
    node.querySelector(".pick-button")?.setAttribute("aria-pressed", String(key === id));
  }
  state.onActivate(state.picks[id]?.id ?? null);
}

function pick(state, nodeId, name) {
  if (!state.active) return;
  state.picks[state.active] = { id: nodeId, name };
  const node = state.asks.get(state.active);
  node.querySelector(".picked-name").textContent = name;
  node.querySelector(".picked-name").dataset.node = nodeId;
  state.onChange();
}

function valueOf(state, id, node) {
  const kind = node.dataset.answer;
  if (kind === "operator") return state.picks[id]?.id ?? null;
  if (kind === "number") {
    const text = node.querySelector("input").value.trim();
    return text === "" ? null : Number(text);
  }
  return node.querySelector("input:checked")?.value ?? null;
}

function answers(state) {
  const given = {};
  for (const [id, node] of state.asks) {
    const value = valueOf(state, id, node);
    if (value !== null && !Number.isNaN(value)) given[id] = value;
  }
  return given;
}

// A draft holds strings only; an operator pick keeps its node's name to show it again.
function content(state) {
  const saved = {};
  for (const [id, node] of state.asks) {
    if (node.dataset.answer === "operator") {
      if (state.picks[id]) saved[id] = JSON.stringify(state.picks[id]);
    } else {
      const value = valueOf(state, id, node);
      if (value !== null) saved[id] = String(value);
    }
  }
  return saved;
}

function restore(state, saved) {
  for (const [id, node] of state.asks) {
    const value = saved?.[id];
    if (value === undefined) continue;
    if (node.dataset.answer === "operator") restorePick(state, id, value);
    else if (node.dataset.answer === "number") node.querySelector("input").value = value;
    else {
      const radio = [...node.querySelectorAll("input[type=radio]")].find((input) => input.value === value);
      if (radio) radio.checked = true;
    }
  }
}

function restorePick(state, id, value) {
  try {
    const { id: nodeId, name } = JSON.parse(value);
    const previous = state.active;
    state.active = id;
    pick(state, nodeId, name);
    state.active = previous;
  } catch {
    // a draft from an older page: nothing to restore for this ask
  }
}

// results: {ask id: {right, expected_text?, explanation?}}. A result that does not say whether
// the candidate was right (the solution view's) keeps what the last answer showed.
function showResults(state, results) {
  for (const [id, node] of state.asks) {
    const result = results[id];
    if (!result) continue;
    const right = result.right ?? (node.classList.contains("right") ? true : node.classList.contains("wrong") ? false : undefined);
    node.classList.toggle("right", right === true);
    node.classList.toggle("wrong", right === false);
    node.querySelector(".ask-outcome").replaceChildren(...resultLines({ ...result, right }));
  }
}

function resultLines(result) {
  const verdict = result.right === undefined ? null : result.right ? "✓ Right" : "✗ Not right";
  const lines = verdict ? [el("p", { class: "ask-result" }, verdict)] : [];
  if (result.expected_text && result.right !== true) lines.push(el("p", { class: "small" }, "The answer: ", el("strong", {}, result.expected_text)));
  if (result.explanation) {
    const prose = el("div", { class: "prose ask-explanation" });
    prose.innerHTML = renderMarkdown(result.explanation);
    lines.push(prose);
  }
  return lines;
}
