// Feedback JSON (app/feedback/model.py) as the API-design and behavioral pages show it: per
// section, each criterion with its verdict, the quotes it rests on and why, then the fixes and
// the follow-up questions. `quote` turns a quote into a node (the API page makes it a button
// that selects the line it came from).
import { el } from "../dom.js";

// The head of a graded answer: full marks, or the score, with the badges given.
export function scoreHead(response, ...badges) {
  const solved = response.solved;
  return el("header", { class: `outcome-head ${solved ? "solved" : "unsolved"}` },
    el("h2", {}, solved ? "✓ Every criterion met" : `Scored ${Math.round(response.score * 100)}%`),
    response.late ? el("span", { class: "badge late" }, "late: graded, not counted") : null, ...badges);
}

export function levelBadge(feedback) {
  return feedback?.level ? el("span", { class: "badge level" }, `level ${feedback.level.level}`) : null;
}

// `askNext: false` leaves out the follow-up questions, for a page that offers them to answer.
export function sectionView(section, { title, quote = plainQuote, extra = () => null, askNext = true } = {}) {
  return el("section", { class: "feedback-section", "data-section": section.section },
    title ? el("h3", {}, title) : null,
    el("ol", { class: "criteria" }, section.criteria.map((criterion) => criterionItem(criterion, quote, extra))),
    listOf("What to fix first", "fixes", section.fixes),
    section.notes?.length ? el("ul", { class: "notes muted small" }, section.notes.map((note) => el("li", {}, note))) : null,
    askNext ? listOf("An interviewer would ask next", "follow-ups", section.follow_ups) : null);
}

function criterionItem(criterion, quote, extra) {
  return el("li", { class: `criterion ${criterion.verdict}`, "data-criterion": criterion.criterion_id },
    el("div", { class: "criterion-head" },
      el("strong", { class: "criterion-title" }, criterion.title),
      el("span", { class: "verdict-pair" },
        criterion.level ? el("span", { class: "muted small" }, criterion.level) : null,
        el("span", { class: `verdict-badge ${criterion.verdict}` }, criterion.verdict))),
    extra(criterion),
    criterion.evidence.map((text) => quote(text)),
    el("p", { class: "rationale" }, criterion.rationale));
}

function plainQuote(text) {
  return el("blockquote", { class: "evidence" }, text);
}

function listOf(heading, className, items = []) {
  if (!items.length) return null;
  return el("div", { class: `${className}-block` }, el("h4", {}, heading),
    el("ul", { class: className }, items.map((item) => el("li", {}, item))));
}

export function levelReasons(feedback) {
  const level = feedback?.level;
  if (!level) return null;
  return el("div", { class: "level-estimate" },
    el("p", { class: "level-line" }, "Level estimate: ", el("strong", { class: "level-word" }, level.level)),
    el("ul", { class: "level-reasons small" }, level.reasons.map((reason) => el("li", {}, reason))));
}
