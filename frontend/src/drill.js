// The drill page: write SQL, run it, submit it, take hints, give up; inside a round, the clock.
import { api, idempotencyKey } from "./api.js";
import { renderClock, startClock } from "./clock.js";
import { el, pageData, show } from "./dom.js";
import { loadDraft, saveDraft } from "./drafts.js";
import { createEditor } from "./editor.js";
import { grid } from "./grid.js";
import { renderMarkdown } from "./markdown.js";
import { readStored, store } from "./storage.js";
import { renderVerdict, verdictSentence } from "./verdict.js";

const $ = (id) => document.getElementById(id);
const ACTIONS = ["run-button", "submit-button"];

export function initDrill() {
  const page = pageData();
  const ui = { page, busy: false, queued: null, unanswered: null, status: $("status") };
  Object.assign(ui, { verdict: $("verdict"), result: $("result"), solution: $("solution") });
  ui.dialect = initDialect();
  ui.editor = mountEditor(ui);
  wireButtons(ui);
  showMacKeys();
  if (page.round) initRound(ui);
}

function initDialect() {
  const select = $("dialect");
  select.value = readStored("drill:dialect") || "postgres";
  return select;
}

function mountEditor(ui) {
  const host = $("editor");
  host.replaceChildren();
  const editor = createEditor(host, {
    doc: loadDraft(ui.page),
    tables: ui.page.completion,
    dialect: ui.dialect.value,
    onChange: (text) => {
      saveDraft(ui.page, text);
      if (ui.verdict.dataset.kind === "verdict") ui.verdict.classList.add("stale");
    },
    onRun: () => run(ui),
    onSubmit: () => submit(ui),
  });
  ui.dialect.addEventListener("change", () => {
    store("drill:dialect", ui.dialect.value);
    editor.setDialect(ui.dialect.value);
  });
  return editor;
}

function wireButtons(ui) {
  $("run-button").addEventListener("click", () => run(ui));
  $("submit-button").addEventListener("click", () => submit(ui));
  $("hint-button").addEventListener("click", () => nextHint(ui));
  $("give-up")?.addEventListener("click", () => giveUp(ui));
  document.addEventListener("keydown", (event) => {
    const chord = (event.ctrlKey || event.metaKey) && event.key === "Enter";
    if (!chord || event.defaultPrevented || document.querySelector("dialog[open]")) return;
    event.preventDefault();
    event.shiftKey ? submit(ui) : run(ui);
  });
}

function showMacKeys() {
  if (!/Mac|iPhone|iPad/.test(navigator.platform)) return;
  for (const key of document.querySelectorAll(".toolbar kbd")) {
    if (key.textContent === "Ctrl") key.textContent = "⌘";
  }
}

// One query at a time; an action asked for meanwhile runs right after (the last one wins).
async function act(ui, message, work) {
  if (ui.busy) {
    ui.queued = () => act(ui, message, work);
    ui.status.textContent = `${message} as soon as the current query is done.`;
    return;
  }
  ui.busy = true;
  ui.status.textContent = `${message}…`;
  ACTIONS.forEach((id) => ($(id).ariaBusy = "true"));
  try {
    await work();
  } finally {
    ui.busy = false;
    ACTIONS.forEach((id) => ($(id).ariaBusy = "false"));
    const next = ui.queued;
    ui.queued = null;
    if (next) next();
  }
}

function run(ui) {
  return act(ui, "Running", async () => {
    ui.editor.clearError();
    const body = { dataset: ui.page.dataset, sql: ui.editor.text(), dialect: ui.dialect.value };
    const answer = await api("POST", "/api/sql/run", body);
    if (!answer.ok) return showProblem(ui, ui.result, answer.data);
    showResult(ui, answer.data);
  });
}

function showResult(ui, { columns, rows, truncated, elapsed_ms: ms, cached }) {
  // A cached answer is the same rows as the run that produced them (the dataset never changes).
  const timing = cached ? `${ms.toFixed(1)} ms when first run; from the result cache` : `${ms.toFixed(1)} ms`;
  ui.status.textContent = `${plural(rows.length, "row")} in ${Math.round(ms)} ms${cached ? " (cached)" : ""}.`;
  const meta = el("span", { class: "muted small", id: "result-meta" }, `${plural(rows.length, "row")} · ${timing}`);
  const cut = `Only the first ${rows.length.toLocaleString()} rows are shown: the query returned more.`;
  const names = columns.map((c) => c.name).join(", ");
  show(ui.result,
    el("header", { class: "result-head" }, el("h2", {}, "Result"), meta),
    truncated ? el("p", { class: "banner warn small" }, cut) : null,
    rows.length ? grid(columns, rows) : el("p", { class: "empty" }, `No rows. Columns: ${names}.`));
}

function plural(count, noun) {
  return `${count.toLocaleString()} ${noun}${count === 1 ? "" : "s"}`;
}

// A retry of the same answer reuses its Idempotency-Key until the server has answered, so an
// answer whose response was lost on the network is recorded once, not twice.
function submit(ui) {
  return act(ui, "Grading", async () => {
    ui.editor.clearError();
    const body = {
      question_id: ui.page.question_id, sql: ui.editor.text(),
      dialect: ui.dialect.value, round_id: ui.page.round?.id ?? null,
    };
    const text = JSON.stringify(body);
    const key = ui.unanswered?.text === text ? ui.unanswered.key : idempotencyKey();
    ui.unanswered = { text, key };
    let answer = await api("POST", "/api/sql/submit", body, { "Idempotency-Key": key });
    if (answer.status === 0) answer = await api("POST", "/api/sql/submit", body, { "Idempotency-Key": key });
    if (answer.status !== 0) ui.unanswered = null;
    if (!answer.ok) return showProblem(ui, ui.verdict, answer.data);
    showVerdict(ui, answer.data);
  });
}

function showVerdict(ui, verdict) {
  ui.verdict.classList.remove("stale");
  ui.verdict.dataset.kind = "verdict";
  show(ui.verdict, ...renderVerdict(verdict));
  ui.status.textContent = verdictSentence(verdict);
  if (verdict.error?.line) ui.editor.markError(verdict.error.line, verdict.error.col, verdict.error.message);
  if (verdict.solution) showSolution(ui, verdict.solution);
  if (!verdict.late) updateNavigator(ui.page.question_id, verdict.status === "correct" ? "correct" : "attempted");
  ui.verdict.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

function showProblem(ui, panel, problem) {
  ui.status.textContent = `${problem.title || "Error"}: ${problem.detail || ""}`;
  const where = problem.line ? `Line ${problem.line}, column ${problem.column}. ` : "";
  panel.classList.remove("stale");
  panel.dataset.kind = "problem";
  show(panel, el("header", { class: "verdict-head error" }, el("h2", {}, problem.title || "Error")),
    el("p", { class: "error-text" }, where + (problem.detail || "")),
    problem.code ? el("p", { class: "muted small" }, el("code", {}, problem.code)) : null);
  if (problem.line) ui.editor.markError(problem.line, problem.column, problem.detail);
}

function showSolution(ui, solution) {
  const explanation = el("div", { class: "prose" });
  explanation.innerHTML = renderMarkdown(solution.explanation);
  const code = el("pre", { class: "code" }, el("code", {}, solution.sql));
  show(ui.solution, el("h2", {}, "Reference solution"), code, explanation);
  $("give-up")?.remove();
}

async function nextHint(ui) {
  const button = $("hint-button");
  button.disabled = true;
  const body = { round_id: ui.page.round?.id ?? null };
  const answer = await api("POST", `/api/questions/${ui.page.question_id}/hints`, body);
  if (!answer.ok) {
    const closed = ["no_more_hints", "round_expired"].includes(answer.data.code);
    ui.status.textContent = answer.data.detail;
    button.textContent = closed ? answer.data.detail : "Show a hint";
    button.disabled = closed;
    return;
  }
  const item = el("li");
  item.innerHTML = renderMarkdown(answer.data.text);
  $("hint-list").append(item);
  const left = answer.data.remaining;
  button.textContent = left ? `Show a hint (${left} left)` : "No more hints";
  button.disabled = left === 0;
  ui.status.textContent = `Hint ${answer.data.index + 1} shown.`;
}

async function giveUp(ui) {
  if (!window.confirm("Show the reference solution? Try one more hint first if there is one left.")) return;
  const answer = await api("POST", `/api/questions/${ui.page.question_id}/give-up`);
  if (!answer.ok) return showProblem(ui, ui.solution, answer.data);
  showSolution(ui, answer.data);
}

const STATUS_WORDS = { correct: "solved", attempted: "attempted", untouched: "not tried yet" };

function updateNavigator(questionId, status) {
  const link = document.querySelector(`.nav-q[data-question="${CSS.escape(questionId)}"]`);
  if (!link || link.classList.contains("correct")) return; // solved stays solved
  link.classList.remove("attempted", "untouched");
  link.classList.add(status);
  link.querySelector(".nav-status").textContent = status === "correct" ? "✓" : "•";
  link.querySelector(".nav-words").textContent = STATUS_WORDS[status];
}

function initRound(ui) {
  const round = ui.page.round;
  $("finish-round")?.addEventListener("click", () => finishRound(ui, round.id));
  $("next-stage")?.addEventListener("click", (event) => nextStage(ui, round.id, event.currentTarget));
  if (round.over) return;
  const alert = $("round-alert");
  startClock({
    roundId: round.id,
    remainingS: round.remaining_s,
    onTick: (seconds) => renderClock($("clock-time"), seconds),
    onWarn: (text) => {
      if (alert.textContent !== text) alert.textContent = text;
      alert.hidden = !text;
    },
    onExpire: () => roundOver(ui, round.id),
  });
}

async function finishRound(ui, roundId) {
  if (!window.confirm("Finish the round now? Answers after this are graded but not counted.")) return;
  const answer = await api("POST", `/api/rounds/${roundId}/finish`);
  if (answer.ok) return window.location.assign(`/rounds/${roundId}/summary`);
  ui.status.textContent = `The round was not finished. ${answer.data.detail || ""}`;
}

// The stage being left is sent along, so a second click (or another tab) cannot skip a stage.
async function nextStage(ui, roundId, button) {
  button.disabled = true;
  const answer = await api("POST", `/api/rounds/${roundId}/advance`, { leaving: Number(button.dataset.leaving) });
  if (answer.ok || answer.data.code === "stage_already_over") return window.location.reload();
  button.disabled = false;
  ui.status.textContent = `The round did not move on. ${answer.data.detail || ""}`;
}

// At the deadline: say so, and turn the page into review mode (hints closed, solution open).
function roundOver(ui, roundId) {
  document.querySelector(".clock-label").textContent = "Round over";
  $("round-alert").hidden = true;
  $("submit-button").firstChild.textContent = "Submit (late) ";
  $("finish-round")?.remove();
  Object.assign($("hint-button"), { disabled: true, textContent: "Hints are closed: the round is over" });
  openSolutionButton(ui);
  const dialog = timeUpDialog(roundId);
  document.body.append(dialog);
  dialog.showModal();
}

function openSolutionButton(ui) {
  const button = el("button", { type: "button", class: "button subtle", id: "give-up" }, "Show the solution");
  button.addEventListener("click", () => giveUp(ui));
  $("solution-actions").replaceChildren(button);
}

function timeUpDialog(roundId) {
  const keepWorking = el("button", { type: "button", class: "button", id: "keep-working" }, "Keep working");
  const dialog = el("dialog", { class: "dialog", id: "time-up", "aria-labelledby": "time-up-title" },
    el("h2", { id: "time-up-title" }, "Time is up"),
    el("p", {}, "The round is over and your counted answers are saved. You can keep working: "
      + "answers you submit now are still graded, but marked late and not counted."),
    el("p", { class: "dialog-actions" },
      el("a", { class: "button primary", href: `/rounds/${roundId}/summary` }, "See the summary"), keepWorking));
  keepWorking.addEventListener("click", () => dialog.close());
  return dialog;
}
