// Home: start a round from a preset or a recipe; the server fixes its deadline.
import { api } from "./api.js";
import { formatClock } from "./dom.js";
import { startWalkthrough } from "./design/start.js";

export function initHome() {
  const form = document.getElementById("round-form");
  for (const preset of document.querySelectorAll(".preset")) {
    const { count, minutes, difficulty } = preset.dataset;
    preset.addEventListener("click", () => start({ count, minutes, difficulty, topics: [] }));
  }
  form?.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    start({
      count: data.get("count"), minutes: data.get("minutes"),
      difficulty: data.get("difficulty"), topics: data.getAll("topics"),
    });
  });
  tickRunningRound();
  offerWalkthroughs();
}

// A walkthrough of a prompt, at the length picked above the list.
function offerWalkthroughs() {
  const node = document.getElementById("design-data");
  if (!node) return;
  const data = JSON.parse(node.textContent);
  const buttons = [...document.querySelectorAll(".start-design")];
  const error = document.getElementById("design-error");
  for (const button of buttons) {
    button.addEventListener("click", () => {
      const index = data.ids.indexOf(button.dataset.question);
      const minutes = document.querySelector("input[name=design-preset]:checked").value;
      startWalkthrough(button.dataset.question, data.stages[index], data.presets[minutes], { buttons, error });
    });
  }
}

// One round per click: the buttons stay disabled until the server has answered.
async function start({ count, minutes, difficulty, topics }) {
  const error = document.getElementById("round-error");
  const buttons = document.querySelectorAll(".preset, #round-form button");
  if (buttons[0]?.disabled) return;
  buttons.forEach((button) => (button.disabled = true));
  error.hidden = true;
  const body = { count: Number(count), topics, time_limit_s: Math.round(Number(minutes) * 60) };
  if (difficulty) body.difficulty = difficulty;
  const answer = await api("POST", "/api/rounds", body);
  if (answer.ok) return window.location.assign(`/rounds/${answer.data.id}`);
  buttons.forEach((button) => (button.disabled = false));
  error.textContent = answer.data.detail || answer.data.title;
  error.hidden = false;
}

function tickRunningRound() {
  const node = document.querySelector("[data-remaining]");
  if (!node) return;
  const deadline = performance.now() + Number(node.dataset.remaining) * 1000;
  const timer = setInterval(() => {
    const left = (deadline - performance.now()) / 1000;
    node.textContent = left > 0 ? formatClock(left) : "No time";
    if (left <= 0) clearInterval(timer);
  }, 1000);
}
