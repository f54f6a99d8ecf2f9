// The round's countdown. The server's deadline is the truth: the page counts down from the
// remaining time the server gave, and asks again now and then and whenever the tab returns,
// so a reload, a second tab or a sleeping laptop all agree with it.
import { api } from "./api.js";
import { formatClock } from "./dom.js";

const SYNC_EVERY_MS = 15000;
const WARNINGS = [
  [60, "1 minute left. Submit your best answer now: it counts only before the deadline."],
  [300, "5 minutes left. Make sure your best answer to each question is submitted."],
];

export function startClock({ roundId, remainingS, onTick, onWarn, onExpire }) {
  let deadline = performance.now() + remainingS * 1000;
  let expired = false;
  const left = () => Math.max(0, (deadline - performance.now()) / 1000);
  const sync = async () => {
    const answer = await api("GET", `/api/rounds/${roundId}`);
    if (answer.ok) deadline = performance.now() + answer.data.remaining_s * 1000;
  };
  const tick = () => {
    const seconds = left();
    onTick(seconds);
    onWarn(warningFor(seconds));
    if (seconds <= 0 && !expired) {
      expired = true;
      clearInterval(timer);
      sync().then(() => (left() > 0 ? restart() : onExpire()));
    }
  };
  const restart = () => { expired = false; timer = setInterval(tick, 250); };
  let timer = setInterval(tick, 250);
  setInterval(sync, SYNC_EVERY_MS);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && sync());
  tick();
}

function warningFor(seconds) {
  const found = WARNINGS.find(([limit]) => seconds > 0 && seconds <= limit);
  return found ? found[1] : "";
}

export function renderClock(node, seconds) {
  node.textContent = formatClock(seconds);
  node.closest(".clock")?.classList.toggle("warn", seconds <= 300 && seconds > 60);
  node.closest(".clock")?.classList.toggle("danger", seconds <= 60);
}
