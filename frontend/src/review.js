// The review page: one card at a time from the server's queue. Reveal shows the answer (and
// which key points a typed answer covered); a rating goes to the API with one Idempotency-Key
// per card shown, so a double click rates once; `u` undoes the last rating.
import { api, idempotencyKey } from "./api.js";
import { pageData } from "./dom.js";
import { drawAnswer, drawCard, drawCounts, drawDone, showError, showNote } from "./review/render.js";

const GRADES = ["again", "hard", "good", "easy"];
const MAX_DURATION_MS = 24 * 3600 * 1000;

export function initReview() {
  const page = pageData();
  if (!page.queue || !document.getElementById("flashcard")) return;
  const session = { ...page, ahead: false, current: null, last: null, busy: false };
  bindButtons(session);
  document.addEventListener("keydown", (event) => onKey(session, event));
  showQueue(session, page.queue);
}

function bindButtons(session) {
  document.getElementById("reveal").addEventListener("click", () => reveal(session));
  for (const button of document.querySelectorAll(".rate")) {
    button.addEventListener("click", () => rate(session, button.dataset.grade));
  }
  document.getElementById("study-ahead").addEventListener("click", () => {
    session.ahead = true;
    refresh(session);
  });
}

// Shortcuts never fire while typing an answer: there Ctrl+Enter reveals and Esc leaves the box.
function onKey(session, event) {
  if (event.target.closest?.("textarea, input, select")) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) (event.preventDefault(), reveal(session));
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  const grade = GRADES["1234".indexOf(event.key)];
  if (event.key === " " && session.current && !session.current.revealing) {
    event.preventDefault();
    reveal(session);
  } else if (grade && event.key.length === 1) rate(session, grade);
  else if (event.key === "u") undo(session);
}

function showQueue(session, queue, preferred = null) {
  session.queue = queue;
  drawCounts(queue.counts);
  const card = queue.cards.find((c) => c.card_id === preferred) ?? queue.cards[0];
  if (!card) {
    session.current = null;
    drawDone(queue, session.reviewed_today);
    return;
  }
  // One key per card shown: every press while it shows is the same rating, replayed.
  session.current = { card, key: idempotencyKey(), shownAt: performance.now() };
  drawCard(card);
}

async function reveal(session) {
  const current = session.current;
  if (!current || current.revealing) return;
  current.revealing = true; // ratings wait for the answer to be on screen (`revealed`)
  const id = encodeURIComponent(current.card.card_id);
  const typed = document.getElementById("typed").value;
  const [answer, covered] = await Promise.all([
    api("GET", `/api/review/cards/${id}`),
    typed.trim() ? api("POST", `/api/review/cards/${id}/coverage`, { typed }) : null,
  ]);
  if (!answer.ok) return (current.revealing = false, showError(answer.data));
  drawAnswer(answer.data, covered?.ok ? covered.data.coverage : null);
  current.revealed = true;
  document.getElementById("answer").focus({ preventScroll: true });
}

async function rate(session, grade) {
  const current = session.current;
  if (!current?.revealed || session.busy) return;
  session.busy = true;
  setRatingsDisabled(true);
  const typed = document.getElementById("typed").value.trim() || null;
  const duration = Math.min(MAX_DURATION_MS, Math.round(performance.now() - current.shownAt));
  const url = `/api/review/cards/${encodeURIComponent(current.card.card_id)}/reviews`;
  const body = { rating: grade, duration_ms: duration, typed };
  const answer = await api("POST", url, body, { "Idempotency-Key": current.key });
  if (answer.ok) {
    session.last = { id: current.card.card_id, title: current.card.title };
    session.reviewed_today += 1;
    showNote("");
    await refresh(session);
  } else showError(answer.data);
  setRatingsDisabled(false);
  session.busy = false;
}

async function undo(session) {
  if (session.busy) return;
  if (!session.last) return showNote("Nothing to undo: no rating since the page opened, or it was undone.");
  session.busy = true;
  const last = session.last;
  const answer = await api("POST", `/api/review/cards/${encodeURIComponent(last.id)}/undo`);
  if (answer.ok) {
    session.last = null;
    session.reviewed_today -= 1;
    showNote(`Undone: “${last.title}” is back as it was before you rated it.`);
    await refresh(session, last.id);
  } else showNote(answer.data.detail || answer.data.title);
  session.busy = false;
}

// The server's queue is the truth: asked again after every rating and undo.
async function refresh(session, preferred = null) {
  const params = new URLSearchParams({ limit: session.page_size, ahead_days: session.ahead ? 1 : 0 });
  const answer = await api("GET", `/api/review/queue?${params}`);
  if (!answer.ok) return showError(answer.data);
  showQueue(session, answer.data, preferred);
}

function setRatingsDisabled(disabled) {
  for (const button of document.querySelectorAll(".rate")) button.disabled = disabled;
}
