// "Answer from a story": the stories of the bank that fit the prompt
// (GET /api/questions/{id}/stories), each with why it fits and a button that fills the fields.
import { api } from "../api.js";
import { el, show } from "../dom.js";

const $ = (id) => document.getElementById(id);

export function initSuggestions(page, onPick) {
  $("suggest-button").addEventListener("click", () => suggest(page, onPick));
}

async function suggest(page, onPick) {
  const host = $("suggestions");
  const answer = await api("GET", `/api/questions/${page.question_id}/stories`);
  if (!answer.ok) return show(host, el("p", { class: "error-text" }, answer.data.detail || "The stories could not be read."));
  const found = answer.data.stories;
  if (!found.length) {
    return show(host, el("p", { class: "muted" }, "No story in your bank fits this prompt yet. Answer it, then save your answer as a story, or ",
      el("a", { href: "/stories" }, "write one in the story bank"), "."));
  }
  show(host, el("ul", { class: "suggestion-list" }, found.map((fit) => suggestion(fit, onPick))));
}

function suggestion(fit, onPick) {
  const story = fit.story;
  const use = el("button", { type: "button", class: "button", "aria-label": `Answer from the story: ${story.title}` }, "Use this story");
  use.addEventListener("click", () => onPick(story));
  return el("li", { class: "suggestion", "data-story": story.id },
    el("div", { class: "suggestion-head" }, el("strong", {}, story.title), use),
    el("p", { class: "muted small" }, why(fit)));
}

function why(fit) {
  const reasons = [];
  if (fit.tagged) reasons.push("tagged with this prompt's competency");
  if (fit.terms.length) reasons.push(`uses ${fit.terms.slice(0, 6).map((t) => `"${t}"`).join(", ")}`);
  return reasons.join("; ");
}
