// Drawing one card of the review page: the prompt, the answer with its key points (marked
// covered or missed by the typed answer), the intervals on the buttons and the done panel.
import { el } from "../dom.js";
import { renderMarkdown } from "../markdown.js";

const $ = (id) => document.getElementById(id);

// A reason names `terms` in backticks: shown as code, the rest as text (never as HTML).
export function inlineCode(text) {
  return text.split("`").map((part, index) => (index % 2 ? el("code", {}, part) : part));
}

export function drawCard(card) {
  $("card-state").textContent = card.state;
  $("card-state").className = `chip state-${card.state}`;
  $("card-topic").textContent = [card.source_topic, ...card.tags].join(" · ");
  $("card-title").textContent = card.title;
  $("card-prompt").innerHTML = renderMarkdown(card.prompt);
  const pulled = $("card-pulled");
  pulled.hidden = !card.pulled;
  if (card.pulled) pulled.replaceChildren("Pulled forward because ", ...inlineCode(card.pulled.reason));
  for (const node of document.querySelectorAll("[data-interval]")) {
    const preview = card.previews[node.dataset.interval];
    node.textContent = preview ? preview.label : "";
    node.closest("button").title = preview ? `Next due ${new Date(preview.due).toLocaleString()}` : "";
  }
  const typed = $("typed");
  typed.value = "";
  typed.readOnly = false;
  $("answer").hidden = $("ratings").hidden = $("review-error").hidden = true;
  $("reveal-row").hidden = false;
  $("flashcard").hidden = false;
  $("done").hidden = true;
}

export function drawAnswer(answer, coverage) {
  $("model-answer").innerHTML = renderMarkdown(answer.model_answer);
  const covered = new Set(coverage?.covered ?? []);
  $("key-points").replaceChildren(...answer.key_points.map((point) => keyPoint(point, coverage, covered)));
  const summary = $("coverage-summary");
  summary.hidden = !coverage;
  if (coverage) summary.textContent = `Your answer covered ${covered.size} of ${answer.key_points.length} key points.`;
  $("typed").readOnly = true;
  $("reveal-row").hidden = true;
  $("answer").hidden = $("ratings").hidden = false;
}

function keyPoint(point, coverage, covered) {
  if (!coverage) return el("li", {}, point);
  const hit = covered.has(point);
  return el("li", { class: hit ? "covered" : "missed" },
    el("span", { class: "visually-hidden" }, hit ? "Covered: " : "Missed: "), point);
}

export function drawCounts(counts) {
  for (const node of document.querySelectorAll("[data-count]")) {
    node.textContent = counts[node.dataset.count] ?? 0;
  }
}

export function drawDone(queue, reviewedToday) {
  $("flashcard").hidden = true;
  const done = $("done");
  const { days, cards } = queue.ahead;
  const span = days === 1 ? "the next day" : `the next ${days} days`;
  $("done-title").textContent = queue.studying_ahead ? "Nothing left to study ahead" : "Done for today";
  $("done-counts").textContent = `${plural(reviewedToday, "rating")} today. ` +
    `${cards ? plural(cards, "card") : "No card"} ${cards === 1 ? "comes" : "come"} due in ${span}.`;
  const ahead = $("study-ahead");
  ahead.disabled = cards === 0;
  ahead.textContent = cards ? `Study ahead (${plural(cards, "card")})` : "Study ahead";
  done.hidden = false;
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function showError(problem) {
  const node = $("review-error");
  node.textContent = problem.detail || problem.title;
  node.hidden = false;
}

export function showNote(text) {
  const note = $("undo-note");
  note.textContent = text;
  note.hidden = !text;
}
