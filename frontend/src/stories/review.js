// After answering a behavioral prompt: the feedback (the STAR rubric, then the prompt's own
// criteria, each with its quotes) beside the reference story; what the interviewer listens
// for goes under the prompt once the solution is open.
import { el, show } from "../dom.js";
import { renderMarkdown } from "../markdown.js";
import { levelReasons, sectionView } from "../feedback/criteria.js";

const $ = (id) => document.getElementById(id);
const SECTION_TITLES = { star: "The STAR rubric", criteria: "What this prompt is about" };
const PART_TITLES = { situation: "Situation", task: "Task", action: "Action", result: "Result", reflection: "Reflection" };

export function showReview(state, response, head) {
  show($("outcome"), head);
  const feedback = response.details.feedback;
  const pair = reviewPair();
  show(pair.feedback, el("h3", {}, "Feedback on your answer"), levelReasons(feedback),
    ...feedback.sections.map((section) => sectionView(section, { title: SECTION_TITLES[section.section] || section.section })));
  if (!state.solution) pair.reference.replaceChildren(referencePending(state.page));
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

function referencePending(page) {
  const text = page.solution_open ? "Opening the reference story…" : "The reference story opens when the round ends.";
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
