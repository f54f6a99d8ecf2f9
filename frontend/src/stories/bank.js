// The story bank page: the stories (newest edit first), a form to write or edit one, delete,
// and the competencies with and without a story. An edit names the version it was based on;
// one saved meanwhile in another tab is a 409 `story_conflict`, and the page offers to load
// the saved story or to save this one over it, as the drafts do.
import { api } from "../api.js";
import { el } from "../dom.js";
import { storyForm } from "./form.js";

const $ = (id) => document.getElementById(id);
const PARTS = ["situation", "task", "action", "result", "reflection"];

export function initStoryBank(page) {
  const bank = { stories: page.stories, competencies: page.competencies, editing: null };
  bank.say = (text) => ($("status").textContent = text);
  $("new-story").addEventListener("click", () => openForm(bank, null));
  render(bank);
}

function render(bank) {
  const list = $("story-list");
  list.replaceChildren(...(bank.stories.length ? bank.stories.map((story) => storyItem(bank, story))
    : [el("li", { class: "empty muted" }, "No story yet. Answer a behavioral prompt and save your answer as a story, or write one here.")]));
  renderCoverage(bank);
}

function storyItem(bank, story) {
  const edit = el("button", { type: "button", class: "button", "aria-label": `Edit: ${story.title}` }, "Edit");
  const remove = el("button", { type: "button", class: "button subtle", "aria-label": `Delete: ${story.title}` }, "Delete");
  edit.addEventListener("click", () => openForm(bank, story));
  remove.addEventListener("click", () => removeStory(bank, story));
  return el("li", { class: "story", "data-story": story.id },
    el("div", { class: "story-head" }, el("h3", {}, story.title), el("span", { class: "story-actions" }, edit, remove)),
    el("p", { class: "tags" }, story.competencies.map((id) => el("span", { class: "chip" }, titleOf(bank, id)))),
    el("details", { class: "story-parts" }, el("summary", {}, "The story"),
      el("dl", { class: "reference-story" }, PARTS.filter((part) => story[part]).flatMap((part) => [
        el("dt", {}, part[0].toUpperCase() + part.slice(1)), el("dd", {}, story[part])]))));
}

function titleOf(bank, id) {
  return bank.competencies.find((c) => c.id === id)?.title || id;
}

function renderCoverage(bank) {
  const covered = bank.competencies.filter((c) => bank.stories.some((story) => story.competencies.includes(c.id)));
  $("coverage-count").textContent = `${covered.length} of ${bank.competencies.length} competencies have a story.`;
  $("coverage").replaceChildren(...bank.competencies.map((c) => {
    const count = bank.stories.filter((story) => story.competencies.includes(c.id)).length;
    return el("li", { class: `competency ${count ? "covered" : "uncovered"}`, "data-competency": c.id },
      el("div", { class: "competency-head" }, el("strong", {}, c.title), " ",
        el("span", { class: "badge" }, count ? `${count} ${count === 1 ? "story" : "stories"}` : "no story yet")),
      el("p", { class: "muted small" }, `${c.meaning}.`),
      c.prompts.length ? el("ul", { class: "prompt-links" }, c.prompts.map((p) => el("li", {}, el("a", { href: `/questions/${p.id}` }, p.title)))) : null);
  }));
}

function openForm(bank, story) {
  const form = storyForm(story, bank.competencies, {
    onSave: (content, base) => save(bank, story, content, base, form),
    onCancel: () => closeForm(bank),
  });
  bank.editing = form;
  $("story-editor-slot").replaceChildren(form.node);
  form.focus();
}

function closeForm(bank) {
  bank.editing = null;
  $("story-editor-slot").replaceChildren();
}

async function save(bank, story, content, baseVersion, form) {
  const answer = story
    ? await api("PUT", `/api/stories/${story.id}`, { ...content, base_version: baseVersion })
    : await api("POST", "/api/stories", content);
  if (answer.ok) return saved(bank, answer.data, story ? "saved" : "added");
  if (answer.data.code === "story_conflict") return form.conflict(answer.data.current);
  form.problem(answer.data.detail || answer.data.title);
}

function saved(bank, story, what) {
  bank.stories = [story, ...bank.stories.filter((s) => s.id !== story.id)];
  closeForm(bank);
  render(bank);
  bank.say(`"${story.title}" is ${what} (version ${story.version}).`);
}

async function removeStory(bank, story) {
  if (!window.confirm(`Delete the story "${story.title}"? Answers already given from it keep their text.`)) return;
  const answer = await api("DELETE", `/api/stories/${story.id}`);
  if (!answer.ok && answer.status !== 404) return bank.say(`Not deleted: ${answer.data.detail || ""}`);
  bank.stories = bank.stories.filter((s) => s.id !== story.id);
  render(bank);
  bank.say(`"${story.title}" is deleted.`);
}
