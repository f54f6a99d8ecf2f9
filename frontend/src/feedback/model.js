// Model feedback on a graded answer, streamed from GET /api/attempts/ID/llm-feedback (server-
// sent events: start, a criterion each as the model finishes it, then done or fallback). The
// offline feedback is already on the page and stays as it is: this panel goes beside it. Off
// (the body's data-model-feedback is not "on"), nothing here is shown or asked for.
import { el, show } from "../dom.js";
import { followUpBlock, offlineQuestions } from "./follow_ups.js";

export function modelFeedbackOn() {
  return document.body.dataset.modelFeedback === "on";
}

// What goes below a graded answer's offline feedback: the model's panel (when on) and the
// follow-up questions, the model's once it is done, else the offline grader's.
// `saved`: GET .../follow-ups's data, when the page has read it already.
export function afterGrading(attemptId, offline, { renderFeedback, saved }) {
  const on = modelFeedbackOn();
  const withReplies = () => (on ? modelPanel(attemptId, { replies: true, title: "Model feedback with your replies" }) : null);
  const followUps = followUpBlock(attemptId, { renderFeedback, modelPanel: withReplies, saved });
  const fromRubric = offlineQuestions(offline);
  if (!on) {
    followUps.offer(fromRubric);
    return [followUps.node];
  }
  const onEnd = (done) => followUps.offer(done?.follow_ups?.length ? done.follow_ups : fromRubric);
  return [modelPanel(attemptId, { onEnd }), followUps.node];
}

// A panel that streams the model's feedback on `attemptId` (with its saved follow-up replies
// when `replies`); `onEnd(done data | null)` is called once, when the stream is over.
export function modelPanel(attemptId, { replies = false, title = "Model feedback", onEnd = () => {} } = {}) {
  const panel = el("section", { class: "model-feedback", "data-state": "reading", "aria-live": "polite" },
    el("h3", {}, title),
    el("p", { class: "model-status muted small" }, "The model is reading your answer…"),
    el("ol", { class: "criteria model-criteria" }),
    el("div", { class: "model-summary" }));
  const query = replies ? "?replies=1" : "";
  stream(panel, `/api/attempts/${attemptId}/llm-feedback${query}`, onEnd);
  return panel;
}

// One stream, closed on done and on fallback: EventSource reconnects on its own otherwise, and
// a stream that breaks is not asked for again (its panel says so, once).
function stream(panel, url, onEnd) {
  const source = new EventSource(url);
  let over = false;
  const end = (done) => {
    if (over) return;
    over = true;
    source.close();
    onEnd(done);
  };
  source.addEventListener("start", (event) => started(panel, JSON.parse(event.data)));
  source.addEventListener("criterion", (event) => criterion(panel, JSON.parse(event.data)));
  source.addEventListener("done", (event) => {
    const data = JSON.parse(event.data);
    finished(panel, data);
    end(data);
  });
  source.addEventListener("fallback", (event) => {
    fellBack(panel, JSON.parse(event.data).notice);
    end(null);
  });
  source.addEventListener("error", () => {
    if (over) return;
    fellBack(panel, "Model feedback could not be loaded; the offline grader's feedback above stands.");
    end(null);
  });
}

// The model is named at once; "reading" stays until its first criterion is in.
function started(panel, start) {
  panel.querySelector("h3").append(" ", el("span", { class: "badge model-name" }, start.model));
}

// A criterion's event adds it, or replaces the one of the same id.
function criterion(panel, event) {
  panel.dataset.state = "streaming";
  panel.querySelector(".model-status")?.remove();
  const item = criterionItem(event);
  const list = panel.querySelector(".model-criteria");
  const key = `${event.section}/${event.criterion.criterion_id}`;
  const old = [...list.children].find((child) => child.dataset.key === key);
  item.dataset.key = key;
  if (old) old.replaceWith(item);
  else list.append(item);
}

function criterionItem({ section, criterion, offline, agrees, dropped }) {
  return el("li", { class: `criterion ${criterion.verdict}`, "data-criterion": criterion.criterion_id, "data-section": section },
    el("div", { class: "criterion-head" },
      el("strong", { class: "criterion-title" }, criterion.title),
      el("span", { class: "verdict-pair" },
        offline ? el("span", { class: "muted small" }, "Offline") : null,
        offline ? el("span", { class: `verdict-badge offline ${offline}` }, offline) : null,
        el("span", { class: "muted small" }, "Model"),
        el("span", { class: `verdict-badge model ${criterion.verdict}` }, criterion.verdict),
        el("span", { class: `agreement small ${agrees ? "agrees" : "differs"}` }, agrees ? "agrees" : "differs from the offline grader"))),
    criterion.evidence.map((quote) => el("blockquote", { class: "evidence" }, quote)),
    el("p", { class: "rationale" }, criterion.rationale),
    dropped.length ? el("p", { class: "dropped muted small" }, droppedLine(dropped.length)) : null);
}

function droppedLine(count) {
  return count === 1
    ? "1 quote the model gave is not in your answer and was dropped."
    : `${count} quotes the model gave are not in your answer and were dropped.`;
}

function finished(panel, done) {
  panel.dataset.state = "done";
  panel.querySelector(".model-status")?.remove();
  const feedback = done.feedback;
  const notes = feedback.sections.flatMap((section) => section.notes || []);
  show(panel.querySelector(".model-summary"),
    el("p", { class: "model-verdict-line" }, agreementLine(done.disagreements), done.cached ? " (from the cache)" : ""),
    notes.length ? el("ul", { class: "notes muted small" }, notes.map((note) => el("li", {}, note))) : null,
    done.addressed_to_grader?.length ? el("p", { class: "addressed muted small" }, addressedLine(done.addressed_to_grader.length)) : null,
    listBlock("What the model would fix first", "fixes", feedback.fixes),
    levelBlock(feedback.level));
}

function agreementLine(differences) {
  if (!differences) return "The model and the offline grader agree on every criterion.";
  return `The model and the offline grader differ on ${differences} ${differences === 1 ? "criterion" : "criteria"}.`;
}

function addressedLine(count) {
  const said = count === 1 ? "1 sentence of your answer addresses" : `${count} sentences of your answer address`;
  return `${said} the grader rather than the interviewer: read as text, ${count === 1 ? "it counts" : "they count"} for nothing.`;
}

function listBlock(heading, className, items = []) {
  if (!items.length) return null;
  return el("div", { class: `${className}-block` }, el("h4", {}, heading),
    el("ol", { class: className }, items.map((item) => el("li", {}, item))));
}

function levelBlock(level) {
  if (!level) return null;
  return el("div", { class: "level-estimate model-level" },
    el("p", { class: "level-line" }, "The model's level estimate: ", el("strong", { class: "level-word" }, level.level)),
    el("ul", { class: "level-reasons small" }, level.reasons.map((reason) => el("li", {}, reason))));
}

// The model's part is gone; one quiet line says why, and the offline feedback stands.
function fellBack(panel, notice) {
  panel.dataset.state = "fallback";
  panel.replaceChildren(el("p", { class: "model-notice muted small" }, notice));
}
