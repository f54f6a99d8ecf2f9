// The round's countdown. The server's deadline is the truth: the page counts down from the
// remaining time the server gave, asks again at once (a page restored by Back may be old), then
// every 15 s and whenever the tab comes back, so reloads, tabs and sleeping laptops agree.
import { api } from "./api.js";
import { formatClock } from "./dom.js";

const SYNC_EVERY_MS = 15000;
const TICK_MS = 250;
const WARNINGS = [
  [60, "1 minute left. Submit your best answer now: it counts only before the deadline."],
  [300, "5 minutes left. Make sure your best answer to each question is submitted."],
];

export function startClock({ roundId, remainingS, onTick, onWarn, onExpire }) {
  const clock = { deadline: performance.now() + remainingS * 1000, done: false, expiring: false };
  const left = () => Math.max(0, (clock.deadline - performance.now()) / 1000);
  // Counted from when the question was sent: the server's answer is at least that recent, so
  // a slow answer (or a laptop asleep while it travels) never adds time the server did not give.
  const sync = async () => {
    const asked = performance.now();
    const answer = await api("GET", `/api/rounds/${roundId}`);
    if (answer.ok) clock.deadline = asked + answer.data.remaining_s * 1000;
  };
  const stop = () => {
    clock.done = true;
    clearInterval(ticker);
    clearInterval(syncer);
  };
  const tick = () => {
    if (clock.done) return;
    onTick(left());
    onWarn(warningFor(left()));
    if (left() <= 0) expire();
  };
  // At zero, ask the server before declaring the round over: it may have moved the deadline.
  const expire = () => {
    if (clock.expiring) return;
    clock.expiring = true;
    clearInterval(ticker);
    sync().then(() => {
      clock.expiring = false;
      if (left() > 0) ticker = setInterval(tick, TICK_MS);
      else if (!clock.done) (stop(), onExpire());
    });
  };
  let ticker = setInterval(tick, TICK_MS);
  const syncer = setInterval(sync, SYNC_EVERY_MS);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && sync());
  window.addEventListener("pageshow", (event) => event.persisted && sync());
  sync().then(tick);
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
