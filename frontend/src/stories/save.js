// "Save this answer as a story": a title and the competencies it shows, sent to the story bank
// (POST /api/stories). Stories hold STAR fields, so a single text is not saved as one.
import { api } from "../api.js";

const $ = (id) => document.getElementById(id);

export function initSaveStory(page, fieldsNow, onSaved) {
  $("save-form").addEventListener("submit", (event) => {
    event.preventDefault();
    save(fieldsNow(), onSaved);
  });
}

async function save(fields, onSaved) {
  const status = $("save-status");
  if (!fields) return (status.textContent = "Stories are kept as STAR fields: switch to the STAR fields to save this one.");
  if (!Object.values(fields).some((text) => text.trim())) return (status.textContent = "Fill the STAR fields first.");
  const competencies = [...document.querySelectorAll('#save-form input[name="competency"]:checked')].map((box) => box.value);
  const body = { title: $("story-title").value.trim(), ...fields, competencies };
  const answer = await api("POST", "/api/stories", body);
  if (!answer.ok) return (status.textContent = `Not saved: ${answer.data.detail || answer.data.title}`);
  status.textContent = `Saved as "${answer.data.title}" in your story bank.`;
  onSaved(answer.data);
}
