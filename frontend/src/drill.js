// The drill page: write SQL, run it, submit it, take hints, give up; inside a round, the clock.
import MarkdownIt from "markdown-it";
import { api, idempotencyKey } from "./api.js";
import { renderClock, startClock } from "./clock.js";
import { el, pageData, show } from "./dom.js";
import { loadDraft, saveDraft } from "./drafts.js";
import { createEditor } from "./editor.js";
import { grid } from "./grid.js";
import { renderVerdict } from "./verdict.js";

const markdown = new MarkdownIt({ html: false });
const $ = (id) => document.getElementById(id);

export function initDrill() {
  const page = pageData();
  const ui = { page, busy: false, status: $("status"), verdict: $("verdict"), result: $("result"), solution: $("solution") };
  ui.dialect = initDialect();
  ui.editor = mountEditor(ui);
  wireButtons(ui);
  if (page.round) initRound(ui);
}

function initDialect() {
  const select = $("dialect");
  select.value = localStorage.getItem("drill:dialect") || "postgres";
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
      ui.verdict.classList.add("stale");
    },
    onRun: () => run(ui),
    onSubmit: () => submit(ui),
  });
  ui.dialect.addEventListener("change", () => {
    localStorage.setItem("drill:dialect", ui.dialect.value);
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
    if (!(event.ctrlKey || event.metaKey) || event.key !== "Enter" || event.defaultPrevented) return;
    event.preventDefault();
    event.shiftKey ? submit(ui) : run(ui);
  });
}

async function busy(ui, message, work) {
  if (ui.busy) return;
  ui.busy = true;
  ui.status.textContent = message;
  for (const id of ["run-button", "submit-button"]) $(id).disabled = true;
  try {
    await work();
  } finally {
    ui.busy = false;
    for (const id of ["run-button", "submit-button"]) $(id).disabled = false;
  }
}

function run(ui) {
  return busy(ui, "Running…", async () => {
    ui.editor.clearError();
    const answer = await api("POST", "/api/sql/run", { dataset: ui.page.dataset, sql: ui.editor.text(), dialect: ui.dialect.value });
    if (!answer.ok) return showProblem(ui, ui.result, answer.data);
    const { columns, rows, truncated, elapsed_ms: ms } = answer.data;
    ui.status.textContent = `${plural(rows.length, "row")} in ${Math.round(ms)} ms.`;
    show(ui.result,
      el("header", { class: "result-head" }, el("h2", {}, "Result"), el("span", { class: "muted small", id: "result-meta" }, `${plural(rows.length, "row")} · ${ms.toFixed(1)} ms`)),
      truncated ? el("p", { class: "banner warn small" }, `Only the first ${rows.length.toLocaleString()} rows are shown: the query returned more.`) : null,
      rows.length ? grid(columns, rows) : el("p", { class: "empty" }, `No rows. Columns: ${columns.map((c) => c.name).join(", ")}.`));
  });
}

function plural(count, noun) {
  return `${count.toLocaleString()} ${noun}${count === 1 ? "" : "s"}`;
}

function submit(ui) {
  return busy(ui, "Grading…", async () => {
    ui.editor.clearError();
    const body = { question_id: ui.page.question_id, sql: ui.editor.text(), dialect: ui.dialect.value, round_id: ui.page.round?.id ?? null };
    const key = { "Idempotency-Key": idempotencyKey() };
    let answer = await api("POST", "/api/sql/submit", body, key);
    if (answer.status === 0) answer = await api("POST", "/api/sql/submit", body, key); // safe: same key
    if (!answer.ok) return showProblem(ui, ui.verdict, answer.data);
    showVerdict(ui, answer.data);
  });
}

function showVerdict(ui, verdict) {
  ui.verdict.classList.remove("stale");
  show(ui.verdict, ...renderVerdict(verdict));
  ui.status.textContent = verdict.status === "correct" ? "Correct." : "Graded: see what differs below.";
  if (verdict.error?.line) ui.editor.markError(verdict.error.line, verdict.error.col, verdict.error.message);
  if (verdict.solution) showSolution(ui, verdict.solution);
  if (verdict.status === "correct" && !verdict.late) markSolvedInNavigator(ui.page.question_id);
  ui.verdict.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

function showProblem(ui, panel, problem) {
  ui.status.textContent = problem.title || "Error";
  const where = problem.line ? `Line ${problem.line}, column ${problem.column}. ` : "";
  show(panel, el("header", { class: "verdict-head error" }, el("h2", {}, problem.title || "Error")),
    el("p", { class: "error-text" }, where + (problem.detail || "")),
    problem.code ? el("p", { class: "muted small" }, el("code", {}, problem.code)) : null);
  if (problem.line) ui.editor.markError(problem.line, problem.column, problem.detail);
}

function showSolution(ui, solution) {
  const explanation = el("div", { class: "prose" });
  explanation.innerHTML = markdown.render(solution.explanation); // html: false escapes raw HTML
  show(ui.solution, el("h2", {}, "Reference solution"), el("pre", { class: "code" }, el("code", {}, solution.sql)), explanation);
  $("give-up")?.remove();
}

async function nextHint(ui) {
  const button = $("hint-button");
  button.disabled = true;
  const answer = await api("POST", `/api/questions/${ui.page.question_id}/hints`, { round_id: ui.page.round?.id ?? null });
  if (!answer.ok) {
    ui.status.textContent = answer.data.detail;
    button.textContent = answer.data.code === "no_more_hints" ? "No more hints" : "Show a hint";
    button.disabled = answer.data.code === "no_more_hints" || answer.data.code === "round_expired";
    return;
  }
  const item = el("li");
  item.innerHTML = markdown.render(answer.data.text);
  $("hint-list").append(item);
  button.textContent = answer.data.remaining ? `Show a hint (${answer.data.remaining} left)` : "No more hints";
  button.disabled = answer.data.remaining === 0;
}

async function giveUp(ui) {
  if (!window.confirm("Show the reference solution? Try one more hint first if there is one left.")) return;
  const answer = await api("POST", `/api/questions/${ui.page.question_id}/give-up`);
  if (!answer.ok) return showProblem(ui, ui.solution, answer.data);
  showSolution(ui, answer.data);
}

function markSolvedInNavigator(questionId) {
  const link = document.querySelector(`.nav-q[href$="/questions/${questionId}"]`);
  if (!link) return;
  link.classList.remove("attempted", "untouched");
  link.classList.add("correct");
  link.querySelector(".nav-status").textContent = "✓";
}

function initRound(ui) {
  const round = ui.page.round;
  $("finish-round")?.addEventListener("click", () => finishRound(round.id));
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
    onExpire: () => roundOver(round.id),
  });
}

async function finishRound(roundId) {
  if (!window.confirm("Finish the round now? Answers after this are graded but not counted.")) return;
  const answer = await api("POST", `/api/rounds/${roundId}/finish`);
  if (answer.ok) window.location.assign(`/rounds/${roundId}/summary`);
}

function roundOver(roundId) {
  document.querySelector(".clock-label").textContent = "Round over";
  $("submit-button").firstChild.textContent = "Submit (late) ";
  $("finish-round")?.remove();
  const dialog = el("dialog", { class: "dialog", id: "time-up", "aria-labelledby": "time-up-title" },
    el("h2", { id: "time-up-title" }, "Time is up"),
    el("p", {}, "The round is over and your counted answers are saved. You can keep working: answers you submit now are still graded, but marked late and not counted."),
    el("p", { class: "dialog-actions" },
      el("a", { class: "button primary", href: `/rounds/${roundId}/summary` }, "See the summary"),
      el("button", { type: "button", class: "button", id: "keep-working" }, "Keep working")));
  document.body.append(dialog);
  dialog.querySelector("#keep-working").addEventListener("click", () => dialog.close());
  dialog.showModal();
}
