// What the explain, index and isolation pages share: answering through
// POST /api/questions/{id}/answers with an Idempotency-Key, hints, giving up, the draft of the
// answer in progress, and inside a round the round bar.
import { api, idempotencyKey } from "../api.js";
import { el, show } from "../dom.js";
import { renderMarkdown } from "../markdown.js";
import { createDraft } from "./draft.js";
import { initRoundBar, markNavigator } from "./round.js";

const $ = (id) => document.getElementById(id);

// kind: {answer() -> answer JSON or null, content() -> draft fields, restore(content),
//        showOutcome(response), showSolution(solution), and optionally statusOf(response) ->
//        the status line, revealAfter(response) -> whether this answer opens the solution where
//        it is open (kinds whose reference is there to compare with, once there is something
//        to compare: never after an answer that could not be judged)}
export function initQuestionPage(page, kind) {
  const ui = { page, kind, busy: false, unanswered: null, status: $("status") };
  ui.say = (text) => (ui.status.textContent = text);
  ui.draft = createDraft({ questionId: page.question_id, roundId: page.round?.id ?? null, onStatus: ui.say });
  $("answer-button").addEventListener("click", () => submit(ui));
  $("hint-button")?.addEventListener("click", () => nextHint(ui));
  $("give-up")?.addEventListener("click", () => giveUp(ui));
  if (page.round) initRoundBar(page.round, { onStatus: ui.say, onOver: () => roundOver(ui) });
  ui.draft.load().then((content) => content && kind.restore(content));
  return { changed: () => ui.draft.changed(kind.content()), say: ui.say };
}

// A retry of the same answer reuses its key until the server has answered, so an answer whose
// response was lost on the network is recorded once.
async function submit(ui) {
  const answer = ui.kind.answer();
  if (!answer || ui.busy) return;
  ui.busy = true;
  ui.say("Grading…");
  try {
    const body = { answer, round_id: ui.page.round?.id ?? null };
    const text = JSON.stringify(body);
    const key = ui.unanswered?.text === text ? ui.unanswered.key : idempotencyKey();
    ui.unanswered = { text, key };
    const url = `/api/questions/${ui.page.question_id}/answers`;
    let response = await api("POST", url, body, { "Idempotency-Key": key });
    if (response.status === 0) response = await api("POST", url, body, { "Idempotency-Key": key });
    if (response.status !== 0) ui.unanswered = null;
    if (!response.ok) return showProblem(ui, response.data);
    showOutcome(ui, response.data);
  } finally {
    ui.busy = false;
  }
}

function showOutcome(ui, response) {
  ui.kind.showOutcome(response);
  const late = response.late ? " (late: graded, not counted)" : "";
  const said = ui.kind.statusOf?.(response) ?? (response.solved ? "Solved" : `Not solved yet: ${Math.round(response.score * 100)}% right`);
  ui.say(`${said}${late}.`);
  if (!response.late) markNavigator(ui.page.question_id, response.solved);
  if (response.solution) showSolution(ui, response.solution);
  else if (ui.page.solution_open && ui.kind.revealAfter?.(response)) revealSolution(ui);
}

async function revealSolution(ui) {
  const answer = await api("POST", `/api/questions/${ui.page.question_id}/give-up`);
  if (answer.ok) showSolution(ui, answer.data);
}

export function outcomeHead(response, extra = null) {
  const solved = response.solved;
  return el("header", { class: `outcome-head ${solved ? "solved" : "unsolved"}` },
    el("h2", {}, solved ? "✓ Solved" : "✗ Not right yet"),
    el("span", { class: "badge" }, `${Math.round(response.score * 100)}% right`),
    response.late ? el("span", { class: "badge late" }, "late: graded, not counted") : null, extra);
}

function showProblem(ui, problem) {
  ui.say(`${problem.title || "Error"}: ${problem.detail || ""}`);
  const fields = (problem.errors || []).map((e) => el("li", {}, `${(e.loc || []).slice(2).join(".")}: ${e.msg}`));
  show($("outcome"), el("header", { class: "outcome-head unsolved" }, el("h2", {}, problem.title || "Error")),
    el("p", { class: "error-text" }, problem.detail || ""), fields.length ? el("ul", {}, fields) : null);
}

function showSolution(ui, solution) {
  $("give-up")?.remove();
  ui.kind.showSolution(solution);
  if (!solution.explanation) return;
  const prose = el("div", { class: "prose" });
  prose.innerHTML = renderMarkdown(solution.explanation);
  show($("solution"), el("h2", {}, "Explanation"), prose);
}

async function nextHint(ui) {
  const button = $("hint-button");
  button.disabled = true;
  const answer = await api("POST", `/api/questions/${ui.page.question_id}/hints`, { round_id: ui.page.round?.id ?? null });
  if (!answer.ok) {
    const closed = ["no_more_hints", "round_expired"].includes(answer.data.code);
    ui.say(answer.data.detail);
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
  ui.say(`Hint ${answer.data.index + 1} shown.`);
}

async function giveUp(ui) {
  if (!window.confirm("Show the answers and the explanation? Try one more hint first if there is one left.")) return;
  const answer = await api("POST", `/api/questions/${ui.page.question_id}/give-up`);
  if (!answer.ok) return showProblem(ui, answer.data);
  showSolution(ui, answer.data);
  ui.say("The answers are shown.");
}

function roundOver(ui) {
  ui.page.solution_open = true;
  const button = $("answer-button");
  button.textContent = "Answer (late)";
  Object.assign($("hint-button") || {}, { disabled: true, textContent: "Hints are closed: the round is over" });
  if ($("give-up")) return;
  const reveal = el("button", { type: "button", class: "button subtle", id: "give-up" }, "Show the answers");
  reveal.addEventListener("click", () => giveUp(ui));
  $("solution-actions").replaceChildren(reveal);
}
