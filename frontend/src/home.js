// Home: start a round from a preset or a recipe; the server fixes its deadline.
import { api } from "./api.js";
import { formatClock } from "./dom.js";

export function initHome() {
  const form = document.getElementById("round-form");
  const error = document.getElementById("round-error");
  for (const preset of document.querySelectorAll(".preset")) {
    preset.addEventListener("click", () => start(error, {
      count: Number(preset.dataset.count), minutes: Number(preset.dataset.minutes),
      difficulty: preset.dataset.difficulty, topics: [],
    }));
  }
  form?.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    start(error, {
      count: Number(data.get("count")), minutes: Number(data.get("minutes")),
      difficulty: data.get("difficulty"), topics: data.getAll("topics"),
    });
  });
  tickRunningRound();
}

async function start(error, { count, minutes, difficulty, topics }) {
  error.hidden = true;
  const body = { count, topics, time_limit_s: Math.round(minutes * 60) };
  if (difficulty) body.difficulty = difficulty;
  const answer = await api("POST", "/api/rounds", body);
  if (answer.ok) {
    window.location.assign(`/rounds/${answer.data.id}`);
    return;
  }
  error.textContent = answer.data.detail || answer.data.title;
  error.hidden = false;
}

function tickRunningRound() {
  const node = document.querySelector("[data-remaining]");
  if (!node) return;
  const deadline = performance.now() + Number(node.dataset.remaining) * 1000;
  setInterval(() => (node.textContent = formatClock((deadline - performance.now()) / 1000)), 1000);
}
