// After answering a behavioral prompt: the feedback (the STAR rubric, then the prompt's own
// criteria, each with its quotes) beside the reference story; what the interviewer listens
// for goes under the prompt once the solution is open. Below the feedback: the model's (when a
// model is on) and the follow-up questions.
import { el, show } from "../dom.js";
import { renderMarkdown } from "../markdown.js";
import { levelReasons, sectionView } from "../feedback/criteria.js";
import { afterGrading } from "../feedback/model.js";

const $ = (id) => document.getElementById(id);
const SECTION_TITLES = { star: "The STAR rubric", criteria: "What this prompt is about" };
const PART_TITLES = { situation: "Situation", task: "Task", action: "Action", result: "Result", reflection: "Reflection" };

export function showReview(state, response, head) {
  show($("outcome"), head);
  const feedback = response.details.feedback;
  const pair = reviewPair();
  show(pair.feedback, el("h3", {}, "Feedback on your answer"), levelReasons(feedback), ...sectionsOf(feedback),
    ...afterGrading(response.attempt_id, feedback, { renderFeedback: regraded }));
  if (!state.solution) pair.reference.replaceChildren(referencePending(state.page));
}

// After a reload: the last answer's feedback as recorded (or, once replies were sent, graded
// with them, which the follow-ups show), its model feedback and its follow-up questions.
export function showLastReview(state, attemptId, saved) {
  const pair = reviewPair();
  show(pair.feedback, el("h3", {}, "Feedback on your last answer"),
    el("p", { class: "muted small" }, "Answer again to be graded anew."),
    ...(saved.replies.length ? [] : sectionsOf(saved.feedback)),
    ...afterGrading(attemptId, saved.feedback, { renderFeedback: regraded, saved }));
  if (!state.solution) pair.reference.replaceChildren(referencePending(state.page, { reloaded: true }));
}

function sectionsOf(feedback) {
  return feedback.sections.map((section) => sectionView(section, { title: SECTION_TITLES[section.section] || section.section, askNext: false }));
}

function regraded(feedback) {
  return el("div", { class: "regraded" }, ...sectionsOf(feedback));
}

function reviewPair() {
  const review = $("review");
  if (!review.firstChild) {
    review.append(el("div", { class: "review-pair" },
      el("section", { class: "review-feedback", id: "review-feedback", "aria-label": "Your feedback" }),
      el("section", { class: "review-reference", id: "review-reference", "aria-label": "The reference story" })));
  }
  review.hidden = false;
  return { feedback: $("review-feedback"), reference: $("review-reference") };
}

function referencePending(page, { reloaded = false } = {}) {
  const opening = reloaded ? "The reference story opens beside your next answer." : "Opening the reference story…";
  const text = page.solution_open ? opening : "The reference story opens when the round ends.";
  return el("p", { class: "empty muted" }, text);
}

export function showReference(state, solution) {
  state.solution = solution;
  const reference = solution.reference;
  show($("listens-for"), el("h3", {}, "What the interviewer listens for"), prose(reference.listens_for));
  const pair = reviewPair();
  show(pair.reference, el("h3", {}, "A reference story"),
    el("dl", { class: "reference-story" }, Object.entries(PART_TITLES).flatMap(([part, title]) => [
      el("dt", {}, title), el("dd", {}, reference.story[part])])),
    el("h4", {}, "An interviewer would ask next"),
    el("ul", { class: "follow-ups" }, reference.follow_ups.map((question) => el("li", {}, question))));
}

function prose(markdown) {
  const node = el("div", { class: "prose" });
  node.innerHTML = renderMarkdown(markdown);
  return node;
}
