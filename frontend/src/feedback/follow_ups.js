// An interviewer's follow-up questions on a graded answer, answered in the page: a textarea per
// question (at most two), sent to POST /api/attempts/ID/follow-ups, which grades the answer
// again with the replies. What moved is shown with the regraded feedback, then, when a model
// is on, the model's feedback on the answer with its replies. Replies are a draft in this
// browser until sent; once sent, GET .../follow-ups brings them back after a reload.
import { api } from "../api.js";
import { el, show } from "../dom.js";
import { forget, readStored, store } from "../storage.js";

export const MAX_QUESTIONS = 2;

function draftKey(attemptId) {
  return `drill:follow-ups:${attemptId}`;
}

function loadDraft(attemptId) {
  try {
    const draft = JSON.parse(readStored(draftKey(attemptId)) || "null");
    return Array.isArray(draft?.questions) ? draft : null;
  } catch {
    return null;
  }
}

// The questions offered on an offline feedback: its sections' follow-ups, the first two.
export function offlineQuestions(feedback) {
  const sections = feedback?.sections ?? [feedback];
  return sections.flatMap((section) => section?.follow_ups || []).slice(0, MAX_QUESTIONS);
}

// `renderFeedback(feedback JSON)` draws the regraded offline feedback as its page does;
// `modelPanel()` gives the model's panel on the answer with its replies, or null (off);
// `saved` is GET .../follow-ups's data if the page has it (else it is read here).
// Call `offer(questions)` once the questions are known (the model's, else the offline ones);
// saved replies, or a draft, win over them.
export function followUpBlock(attemptId, { renderFeedback, modelPanel = () => null, saved }) {
  const block = el("section", { class: "follow-up-block", hidden: true, "aria-label": "Follow-up questions" });
  const ui = { attemptId, block, renderFeedback, modelPanel, questions: null, offered: null, saved: undefined };
  const read = saved ? Promise.resolve({ ok: true, data: saved }) : api("GET", `/api/attempts/${attemptId}/follow-ups`);
  read.then((answer) => {
    ui.saved = answer.ok ? answer.data : null;
    if (ui.saved?.replies.length) showSaved(ui, ui.saved);
    else if (ui.offered) draw(ui, ui.offered);
  });
  return {
    node: block,
    offer(questions) {
      ui.offered = questions.slice(0, MAX_QUESTIONS);
      if (ui.saved !== undefined && !ui.saved?.replies.length) draw(ui, ui.offered);
    },
  };
}

function draw(ui, offered) {
  if (ui.questions) return;
  const draft = loadDraft(ui.attemptId);
  const questions = draft?.questions.length ? draft.questions.slice(0, MAX_QUESTIONS) : offered;
  if (!questions.length) return;
  form(ui, questions, draft?.replies || []);
}

function showSaved(ui, saved) {
  const draft = loadDraft(ui.attemptId);
  const questions = saved.replies.map((item) => item.question);
  const same = draft && JSON.stringify(draft.questions) === JSON.stringify(questions);
  form(ui, questions, same ? draft.replies : saved.replies.map((item) => item.reply));
  ui.status.textContent = "Your replies are saved; send them again to change them.";
  showRegraded(ui, saved.feedback, null);
}

function form(ui, questions, replies) {
  ui.questions = questions;
  ui.boxes = questions.map((question, index) => {
    const box = el("textarea", { id: `follow-up-${ui.attemptId}-${index}`, rows: 4, maxlength: 5000 });
    box.value = replies[index] || "";
    box.addEventListener("input", () => keepDraft(ui));
    return box;
  });
  const send = el("button", { type: "button", class: "button", "data-action": "send-replies" }, "Send replies");
  send.addEventListener("click", () => sendReplies(ui, send));
  ui.status = el("p", { class: "follow-up-status small", "aria-live": "polite" });
  ui.regraded = el("div", { class: "follow-up-result" });
  ui.block.replaceChildren(el("h3", {}, "An interviewer asks next"),
    el("p", { class: "muted small" }, "Reply as you would out loud; your answer is graded again with your replies (its recorded score does not change)."),
    el("ol", { class: "follow-up-questions" }, questions.map((question, index) => el("li", {},
      el("label", { for: ui.boxes[index].id }, question), ui.boxes[index]))),
    el("div", { class: "toolbar" }, send, ui.status), ui.regraded);
  ui.block.hidden = false;
}

function keepDraft(ui) {
  store(draftKey(ui.attemptId), JSON.stringify({ questions: ui.questions, replies: ui.boxes.map((box) => box.value) }));
}

async function sendReplies(ui, button) {
  const replies = ui.questions.map((question, index) => ({ question, reply: ui.boxes[index].value.trim() }))
    .filter((item) => item.reply);
  if (!replies.length) return (ui.status.textContent = "Write a reply to at least one question first.");
  button.disabled = true;
  ui.status.textContent = "Sending…";
  try {
    const answer = await api("POST", `/api/attempts/${ui.attemptId}/follow-ups`, { replies });
    if (!answer.ok) return (ui.status.textContent = `Not sent: ${problemText(answer.data)} Your replies are kept here.`);
    forget(draftKey(ui.attemptId));
    ui.status.textContent = "Your replies are saved.";
    showRegraded(ui, answer.data.feedback, answer.data.moved);
  } finally {
    button.disabled = false;
  }
}

function problemText(problem) {
  const fields = (problem.errors || []).map((e) => e.msg).filter(Boolean);
  return [problem.detail || problem.title || "the server refused the replies.", ...fields].join(" ");
}

function showRegraded(ui, feedback, moved) {
  show(ui.regraded,
    moved ? el("p", { class: "moved-line" }, movedLine(moved, feedback)) : null,
    el("h4", {}, "Graded again with your replies"),
    ui.renderFeedback(feedback),
    ui.modelPanel());
}

function movedLine(moved, feedback) {
  if (!moved.length) return "Your replies moved no criterion.";
  const titles = Object.fromEntries(criteriaOf(feedback).map((c) => [c.criterion_id, c.title]));
  const steps = moved.map((m) => `${titles[m.criterion_id] || m.criterion_id} ${m.before} → ${m.after}`);
  return `Your replies moved: ${steps.join("; ")}`;
}

function criteriaOf(feedback) {
  const sections = feedback?.sections ?? [feedback];
  return sections.flatMap((section) => section?.criteria || []);
}
