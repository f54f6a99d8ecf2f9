// The stage stepper and the stage clock. The server's stages are the truth: the clock counts
// from the budget left (negative once over it) the server last gave, ticking locally, and is
// set again from every round the server sends (on load, every 15 s, after each action).
import { api } from "../api.js";
import { el, formatClock } from "../dom.js";

const TICK_MS = 250;
const SYNC_EVERY_MS = 15000;

// Seconds of budget left in a stage: its remaining time less any time past its budget.
export function budgetLeft(stage) {
  return stage.remaining_s - (stage.over_budget_s || 0);
}

export function startStageClock({ roundId, onRound, onTick }) {
  const clock = { anchor: null, timer: null };
  const sync = async () => {
    const asked = performance.now();
    const answer = await api("GET", `/api/rounds/${roundId}`);
    if (answer.ok) onRound(answer.data, asked);
  };
  clock.timer = setInterval(() => clock.anchor && onTick(leftNow(clock)), TICK_MS);
  const syncer = setInterval(sync, SYNC_EVERY_MS);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && sync());
  return {
    sync,
    set: (stage, at = performance.now()) => {
      clock.anchor = stage ? { left: budgetLeft(stage), at } : null;
      if (clock.anchor) onTick(leftNow(clock));
    },
    stop: () => (clearInterval(clock.timer), clearInterval(syncer)),
  };
}

function leftNow(clock) {
  return clock.anchor.left - (performance.now() - clock.anchor.at) / 1000;
}

export function clockText(left) {
  return left >= 0 ? `${formatClock(left)} left` : `${formatClock(-left)} over budget`;
}

export function renderStageClock(left) {
  const node = document.getElementById("stage-clock");
  document.getElementById("stage-clock-time").textContent = clockText(left);
  node.classList.toggle("danger", left < 0);
  node.classList.toggle("warn", left >= 0 && left <= 60);
  const step = document.querySelector(".step.current .step-time");
  if (step) showStepTime(step, left >= 0 ? `${formatClock(left)} left` : `+${formatClock(-left)} over`, left < 0);
}

function showStepTime(node, text, over) {
  node.textContent = text;
  node.closest(".step").classList.toggle("over-budget", over);
}

// Each step: done (with time used, red when past budget), current, or upcoming (its budget).
export function renderStepper(stages, walk) {
  for (const stage of stages) {
    const step = document.querySelector(`.step[data-position="${stage.position}"]`);
    if (!step) continue;
    const status = stage.status === "over" ? "over" : stage.status;
    step.classList.remove("upcoming", "current", "over");
    step.classList.add(status);
    step.toggleAttribute("aria-current", status === "current");
    if (status === "current") step.setAttribute("aria-current", "step");
    if (status === "upcoming") showStepTime(step.querySelector(".step-time"), `${Math.round(stage.time_limit_s / 60)} min`, false);
    if (status === "over") showDone(step, stage, walk?.stages[stage.position]);
  }
}

function showDone(step, stage, walked) {
  const used = walked?.used_s ?? stage.time_limit_s;
  const over = used - stage.time_limit_s;
  const text = over > 0 ? `+${formatClock(over)} over` : `${formatClock(used)} used`;
  showStepTime(step.querySelector(".step-time"), text, over > 0);
  const number = step.querySelector(".step-num");
  if (number.textContent !== "✓") number.replaceChildren(el("span", { "aria-hidden": "true" }, "✓"));
}
