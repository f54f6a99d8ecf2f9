// A finished stage's feedback beside its reference: each criterion with the grader's verdict,
// the quotes it rests on and why, the candidate's own verdict beside it, the fixes and the
// follow-up questions; then the reference answer, its diagram, and what a senior adds.
// `extras(stage, card)` gives what goes below a stage's feedback (the model's, the follow-ups).
import { el } from "../dom.js";
import { renderMarkdown } from "../markdown.js";
import { formatClock } from "../dom.js";
import { drawDiagram } from "./diagram.js";

export const VERDICTS = ["met", "partial", "missing"];

export function renderReview(container, walk, assessments, onAssess, extras = () => null) {
  const over = walk.stages.filter((stage) => stage.status === "over").reverse(); // newest first
  container.replaceChildren(...over.map((stage, index) => stageCard(stage, assessments[stage.section] || {}, onAssess, index === 0, extras)));
}

function stageCard(stage, verdicts, onAssess, open, extras) {
  const feedback = el("section", { class: "review-feedback", "aria-label": `${stage.title}: your feedback` },
    ...feedbackParts(stage, verdicts, onAssess));
  const card = el("details", { class: "card stage-review", id: `review-${stage.section}`, open },
    el("summary", {}, el("h2", {}, `${stage.title}: feedback`), headline(stage)),
    el("div", { class: "review-pair" }, feedback,
      el("section", { class: "review-reference", "aria-label": `${stage.title}: reference` },
        ...referenceParts(stage))));
  const below = extras(stage, card);
  if (below) feedback.append(below);
  return card;
}

function headline(stage) {
  const used = `${formatClock(stage.used_s ?? 0)} of ${formatClock(stage.budget_s)}`;
  const over = (stage.used_s ?? 0) > stage.budget_s;
  return el("span", { class: "review-meta" },
    stage.attempt ? el("span", { class: "badge" }, `score ${Math.round(stage.attempt.score * 100)}%`) : null,
    stage.feedback?.level ? el("span", { class: "badge" }, `level ${stage.feedback.level.level}`) : null,
    el("span", { class: `badge${over ? " over" : ""}` }, `time ${used}`));
}

function feedbackParts(stage, verdicts, onAssess) {
  const feedback = stage.feedback;
  if (!feedback) return [el("p", { class: "empty" }, "No answer was graded for this stage.")];
  return [
    el("ol", { class: "criteria" }, feedback.criteria.map((criterion) => criterionItem(stage, criterion, verdicts, onAssess))),
    feedback.fixes.length ? el("h3", {}, "What to fix first") : null,
    feedback.fixes.length ? el("ol", { class: "fixes" }, feedback.fixes.map((fix) => el("li", {}, fix))) : null,
    feedback.notes?.length ? el("ul", { class: "notes muted small" }, feedback.notes.map((note) => el("li", {}, note))) : null,
  ];  // the follow-up questions come below, to be answered (feedback/follow_ups.js)
}

function criterionItem(stage, criterion, verdicts, onAssess) {
  const mine = verdicts[criterion.criterion_id];
  return el("li", { class: "criterion", "data-criterion": criterion.criterion_id },
    el("div", { class: "criterion-head" },
      el("strong", { class: "criterion-title" }, criterion.title),
      el("span", { class: "verdict-pair" },
        el("span", { class: "muted small" }, "Grader"),
        el("span", { class: `verdict-badge ${criterion.verdict}` }, criterion.verdict),
        selfAssessment(stage, criterion, mine, onAssess),
        agreement(mine, criterion.verdict))),
    criterion.evidence.map((quote) => el("blockquote", { class: "evidence" }, quote)),
    el("p", { class: "rationale" }, criterion.rationale));
}

function selfAssessment(stage, criterion, mine, onAssess) {
  const name = `self-${stage.section}-${criterion.criterion_id}`;
  const group = el("fieldset", { class: "self-assessment" },
    el("legend", { class: "muted small" }, "You"),
    VERDICTS.map((verdict) => {
      const input = el("input", { type: "radio", name, value: verdict, checked: mine === verdict });
      input.addEventListener("change", () => onAssess(stage.section, criterion.criterion_id, verdict));
      return el("label", { class: "check small" }, input, verdict);
    }));
  group.setAttribute("aria-label", `Your verdict on: ${criterion.title}`);
  return group;
}

function agreement(mine, theirs) {
  if (!mine) return el("span", { class: "agreement muted small" }, "not judged yet");
  return el("span", { class: `agreement small ${mine === theirs ? "agrees" : "differs"}` }, mine === theirs ? "agrees" : "differs");
}

function referenceParts(stage) {
  const reference = stage.reference;
  if (!reference) return [el("p", { class: "empty" }, "The reference opens when the stage is over.")];
  const figure = reference.diagram ? el("figure", { class: "diagram-view reference-diagram", "aria-label": "Reference diagram" }) : null;
  if (figure) drawReference(figure, reference.diagram);
  return [el("h3", {}, "Reference answer"), prose(reference.answer), figure,
    el("h3", {}, "What a strong senior answer adds"), prose(reference.senior_adds)];
}

async function drawReference(figure, diagram) {
  const drawn = await drawDiagram(diagram);
  if (drawn.svg) figure.innerHTML = drawn.svg;
  else figure.replaceChildren(el("pre", { class: "code" }, diagram));
}

function prose(markdown) {
  const node = el("div", { class: "prose" });
  node.innerHTML = renderMarkdown(markdown);
  return node;
}
