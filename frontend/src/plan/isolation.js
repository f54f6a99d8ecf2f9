// The isolation page: two sessions' steps on a timeline (rendered by the server), the asks on
// their steps, and after answering (once revealed) what every step did, shown on its step.
import { el, show } from "../dom.js";
import { createAsks } from "./asks.js";
import { initQuestionPage, outcomeHead } from "./page.js";
import { readResults } from "./results.js";

const $ = (id) => document.getElementById(id);

export function initIsolation(page) {
  const asks = createAsks($("asks"), { onChange: () => controller.changed() });
  const controller = initQuestionPage(page, {
    answer: () => answerOf(asks),
    content: () => asks.content(),
    restore: (content) => asks.restore(content),
    showOutcome: (response) => showOutcome(response, asks),
    showSolution: (solution) => showSolution(solution, asks),
  });
}

function answerOf(asks) {
  const given = asks.answers();
  if (Object.keys(given).length) return { asks: given };
  $("status").textContent = "Answer at least one of the asks first.";
  return null;
}

function showOutcome(response, asks) {
  const results = readResults(response.details.asks);
  asks.showResults(results);
  show($("outcome"), outcomeHead(response));
}

function showSolution(solution, asks) {
  const reference = solution.reference || {};
  if (reference.asks) asks.showResults(readResults(reference.asks));
  if (reference.steps) showSteps(reference.steps);
}

// outcomes: [{step, outcome: the outcome in words, recorded: {blocked_until, error, rows, ...}}]
function showSteps(outcomes) {
  for (const row of outcomes) {
    const place = document.querySelector(`.step-outcome[data-step="${CSS.escape(String(row.step))}"]`);
    if (!place) continue;
    place.className = `step-outcome ${category(row.recorded || {})}`;
    place.replaceChildren(el("span", { class: "visually-hidden" }, "What it did: "), `→ ${row.outcome}`);
    place.hidden = false;
    if (row.recorded?.blocked_until) markWaiting(place.closest("td").dataset.session, row.step, row.recorded.blocked_until);
  }
  $("timeline").classList.add("revealed");
}

// A session whose statement waits on a lock runs nothing until it is let go: say so on its
// side of the steps in between.
function markWaiting(session, from, until) {
  for (let step = from + 1; step <= until; step += 1) {
    const cell = document.querySelector(`tr.step[data-step="${step}"] td.empty[data-session="${CSS.escape(session)}"]`);
    if (!cell) continue;
    cell.classList.add("waiting");
    cell.replaceChildren(el("span", { class: "small" }, step === until ? "… waiting, let go here" : "… still waiting on a lock"));
  }
}

function category(recorded) {
  if (recorded.error) return "fails";
  if (recorded.blocked_until) return "blocks";
  return recorded.rows ? "returns" : "ok";
}
