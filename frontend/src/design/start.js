// Starting a walkthrough: one round of six stages over the one prompt, each stage with its
// budget from the chosen preset, paced softly (a stage stays open past its budget until the
// candidate moves on, and the overrun is shown).
import { api } from "../api.js";

export function walkthroughRequest(questionId, stages, budgets) {
  return {
    pace: "soft",
    stages: stages.map((stage, index) => ({
      name: stage.title, section: stage.section, question_ids: [questionId], time_limit_s: budgets[index],
    })),
  };
}

// One round per click: the buttons stay disabled until the server has answered.
export async function startWalkthrough(questionId, stages, budgets, { buttons, error }) {
  if (buttons.some((button) => button.disabled)) return;
  buttons.forEach((button) => (button.disabled = true));
  error.hidden = true;
  const answer = await api("POST", "/api/rounds", walkthroughRequest(questionId, stages, budgets));
  if (answer.ok) return window.location.assign(`/rounds/${answer.data.id}/questions/${questionId}`);
  buttons.forEach((button) => (button.disabled = false));
  error.textContent = answer.data.detail || answer.data.title;
  error.hidden = false;
}

// The page before the round: each stage's budget follows the length chosen.
export function initStart(page) {
  const chosen = () => document.querySelector("input[name=preset]:checked")?.value || page.default_preset;
  const budgets = () => page.presets[chosen()];
  const showBudgets = () => {
    document.querySelectorAll("#stage-plan .stage-budget").forEach((node, index) => {
      node.textContent = `${Math.round(budgets()[index] / 60)} min`;
    });
  };
  document.querySelectorAll("input[name=preset]").forEach((input) => input.addEventListener("change", showBudgets));
  const button = document.getElementById("start-walkthrough");
  const error = document.getElementById("start-error");
  button.addEventListener("click", () => startWalkthrough(page.question_id, page.stages, budgets(), { buttons: [button], error }));
}
