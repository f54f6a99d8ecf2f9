// The round bar on these pages: the server's countdown, finishing the round, and at the
// deadline a notice (answers after it are graded, marked late and not counted).
import { api } from "../api.js";
import { renderClock, startClock } from "../clock.js";

const $ = (id) => document.getElementById(id);

export function initRoundBar(round, { onStatus, onOver }) {
  $("finish-round")?.addEventListener("click", () => finishRound(round.id, onStatus));
  if (round.over) return;
  const alert = $("round-alert");
  startClock({
    roundId: round.id,
    remainingS: round.remaining_s,
    onTick: (seconds) => renderClock($("clock-time"), seconds),
    onWarn: (text) => {
      if (alert.textContent !== text) alert.textContent = text;
      alert.hidden = !text;
    },
    onExpire: () => {
      document.querySelector(".clock-label").textContent = "Round over";
      $("finish-round")?.remove();
      alert.textContent = "Time is up: answers you give now are graded, marked late and not counted.";
      alert.hidden = false;
      onOver();
    },
  });
}

async function finishRound(roundId, onStatus) {
  if (!window.confirm("Finish the round now? Answers after this are graded but not counted.")) return;
  const answer = await api("POST", `/api/rounds/${roundId}/finish`);
  if (answer.ok) return window.location.assign(`/rounds/${roundId}/summary`);
  onStatus(`The round was not finished. ${answer.data.detail || ""}`);
}

const STATUS_WORDS = { correct: "solved", attempted: "attempted" };

export function markNavigator(questionId, solved) {
  const link = document.querySelector(`.nav-q[data-question="${CSS.escape(questionId)}"]`);
  if (!link || link.classList.contains("correct")) return; // solved stays solved
  const status = solved ? "correct" : "attempted";
  link.classList.remove("attempted", "untouched");
  link.classList.add(status);
  link.querySelector(".nav-status").textContent = solved ? "✓" : "•";
  link.querySelector(".nav-words").textContent = STATUS_WORDS[status];
}
