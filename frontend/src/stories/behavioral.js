// The behavioral prompt's page: the STAR fields or one text with a live length line, stories
// from the bank that fit (filling the fields from one), saving the answer as a story, and
// after answering the feedback per criterion beside the reference story, what the interviewer
// listens for and the follow-ups. The answer in progress is the question's draft; the last
// answer's id is kept in this browser, so a reload brings back its feedback and follow-ups.
import { api } from "../api.js";
import { el, formatClock } from "../dom.js";
import { initQuestionPage } from "../plan/page.js";
import { levelBadge, scoreHead } from "../feedback/criteria.js";
import { readStored, store } from "../storage.js";
import { lengthLine, wordCount } from "./length.js";
import { showLastReview, showReview, showReference } from "./review.js";
import { initSaveStory } from "./save.js";
import { initSuggestions } from "./suggest.js";

const $ = (id) => document.getElementById(id);
export const PARTS = ["situation", "task", "action", "result", "reflection"];

export function initBehavioral(page) {
  const state = { page, mode: "star", storyId: null, storyTitle: "", answered: null };
  const controller = initQuestionPage(page, {
    answer: () => answerOf(state, controller),
    content: () => contentOf(state),
    restore: (content) => restore(state, content),
    showOutcome: (response) => answered(state, response),
    showSolution: (solution) => showReference(state, solution),
    statusOf: (response) => `Graded: ${Math.round(response.score * 100)}%`,
    revealAfter: () => true,
  });
  state.changed = () => ((state.edited = true), updateLength(state), controller.changed());
  for (const box of boxes()) box.addEventListener("input", () => state.changed());
  $("mode-star").addEventListener("click", () => setMode(state, "star"));
  $("mode-text").addEventListener("click", () => setMode(state, "text"));
  initSuggestions(page, (story) => fillFrom(state, story));
  initSaveStory(page, () => (state.mode === "star" ? fieldsOf() : null), (story) => fromStory(state, story));
  restoreLastAnswer(state);
}

function lastAnswerKey(page) {
  return `drill:last-answer:${page.round ? page.round.id : "practice"}:${page.question_id}`;
}

function answered(state, response) {
  state.reviewed = true;
  store(lastAnswerKey(state.page), String(response.attempt_id));
  showReview(state, response, scoreHead(response, lengthBadge(response), levelBadge(response.details.feedback)));
}

async function restoreLastAnswer(state) {
  const attemptId = readStored(lastAnswerKey(state.page));
  if (!attemptId) return;
  const saved = await api("GET", `/api/attempts/${attemptId}/follow-ups`);
  if (saved.ok && !state.reviewed) showLastReview(state, attemptId, saved.data);
}

function boxes() {
  return [...PARTS.map((part) => $(`field-${part}`)), $("field-text")];
}

export function fieldsOf() {
  return Object.fromEntries(PARTS.map((part) => [part, $(`field-${part}`).value]));
}

// A story's fields are STAR fields: an answer told as one text is not the story's any more.
function setMode(state, mode, { save = true } = {}) {
  state.mode = mode;
  if (mode === "text" && state.storyId) {
    state.storyId = null;
    markStory(state, "");
  }
  $("mode-star").setAttribute("aria-selected", String(mode === "star"));
  $("mode-text").setAttribute("aria-selected", String(mode === "text"));
  $("star-fields").hidden = mode !== "star";
  $("text-field").hidden = mode !== "text";
  if (save) state.changed();
  else updateLength(state);
}

function spokenText(state) {
  if (state.mode === "text") return $("field-text").value;
  return PARTS.map((part) => $(`field-${part}`).value).filter((text) => text.trim()).join("\n\n");
}

function updateLength(state) {
  const line = lengthLine(wordCount(spokenText(state)), state.page.view.speaking);
  const node = $("length-line");
  node.textContent = line.text;
  node.dataset.fit = line.fit;
}

function answerOf(state, controller) {
  if (!spokenText(state).trim()) {
    controller.say("Tell the story first: fill the STAR fields or write it as one text.");
    return null;
  }
  const answer = state.mode === "text" ? { text: $("field-text").value } : fieldsOf();
  if (state.storyId) answer.story_id = state.storyId;
  state.answered = answer;
  return answer;
}

function contentOf(state) {
  return { mode: state.mode, ...fieldsOf(), text: $("field-text").value, story_id: state.storyId ? String(state.storyId) : "" };
}

// The draft comes a moment after the page: what was typed meanwhile is not overwritten.
function restore(state, content) {
  if (state.edited) return;
  for (const part of PARTS) $(`field-${part}`).value = content[part] || "";
  $("field-text").value = content.text || "";
  state.storyId = content.story_id ? Number(content.story_id) : null;
  markStory(state, state.storyId ? "a story from your bank" : "");
  setMode(state, content.mode === "text" ? "text" : "star", { save: false });
}

// Answering from a story sends its fields as they are now: an edit of the story later does
// not change an answer already given.
function fillFrom(state, story) {
  const typed = spokenText(state).trim();
  if (typed && !window.confirm(`Replace your answer with the story "${story.title}"?`)) return;
  for (const part of PARTS) $(`field-${part}`).value = story[part] || "";
  $("field-text").value = "";
  fromStory(state, story);
  setMode(state, "star");
  $("field-situation").focus();
}

function fromStory(state, story) {
  state.storyId = story.id;
  markStory(state, `"${story.title}"`);
  state.changed();
}

function markStory(state, name) {
  const note = $("from-story");
  note.hidden = !state.storyId;
  note.textContent = state.storyId ? `From the story ${name}: answering records that it came from it.` : "";
}

function lengthBadge(response) {
  const { words, speaking_s: seconds } = response.details;
  return el("span", { class: "badge" }, `${words} words · about ${formatClock(seconds)} spoken`);
}
