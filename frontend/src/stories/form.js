// The form that writes a new story or edits one: a title, the STAR fields and the
// competencies. On a conflict it shows what another tab saved and lets the candidate load it
// or save theirs over it (with the stored version as the base).
import { el } from "../dom.js";

const PARTS = ["situation", "task", "action", "result", "reflection"];

export function storyForm(story, competencies, { onSave, onCancel }) {
  const form = { base: story?.version ?? null, inputs: {} };
  const title = input(form, "title", "Title", story?.title || "");
  const parts = PARTS.map((part) => textarea(form, part, story?.[part] || ""));
  const tags = el("fieldset", { class: "competency-tags" }, el("legend", {}, "Competencies it shows"),
    competencies.map((c) => el("label", { class: "check small" },
      el("input", { type: "checkbox", name: "competency", value: c.id, checked: story?.competencies.includes(c.id) }), ` ${c.title}`)));
  const notice = el("div", { class: "form-notice", role: "alert", hidden: true });
  const cancel = el("button", { type: "button", class: "button subtle" }, "Cancel");
  const node = el("form", { class: "story-form card", "aria-label": story ? `Edit: ${story.title}` : "New story" },
    el("h3", {}, story ? "Edit the story" : "A new story"), title, ...parts, tags, notice,
    el("div", { class: "form-actions" }, el("button", { type: "submit", class: "button primary" }, "Save story"), cancel));
  Object.assign(form, { node, tags, notice });
  node.addEventListener("submit", (event) => (event.preventDefault(), onSave(contentOf(form), form.base)));
  cancel.addEventListener("click", onCancel);
  return {
    node,
    focus: () => form.inputs.title.focus(),
    conflict: (current) => showConflict(form, current, onSave),
    problem: (text) => notify(form, el("span", { class: "error-text" }, `Not saved: ${text}`)),
  };
}

function input(form, name, label, value) {
  const box = el("input", { id: `story-${name}`, name, value, maxlength: 200, required: true });
  form.inputs[name] = box;
  return el("label", { class: "story-field" }, label, box);
}

function textarea(form, part, value) {
  const box = el("textarea", { id: `story-${part}`, name: part, rows: part === "action" ? 5 : 3 });
  box.value = value;
  form.inputs[part] = box;
  return el("label", { class: "story-field" }, part[0].toUpperCase() + part.slice(1), box);
}

function contentOf(form) {
  const content = Object.fromEntries(Object.entries(form.inputs).map(([name, box]) => [name, box.value]));
  content.competencies = [...form.tags.querySelectorAll("input:checked")].map((box) => box.value);
  return content;
}

function fill(form, story) {
  for (const [name, box] of Object.entries(form.inputs)) box.value = story[name] || "";
  for (const box of form.tags.querySelectorAll("input")) box.checked = story.competencies.includes(box.value);
}

function showConflict(form, current, onSave) {
  const load = el("button", { type: "button", class: "button" }, "Load the saved version");
  const keep = el("button", { type: "button", class: "button" }, "Save mine over it");
  load.addEventListener("click", () => {
    fill(form, current);
    form.base = current.version;
    notify(form, null);
  });
  keep.addEventListener("click", () => {
    form.base = current.version;
    notify(form, null);
    onSave(contentOf(form), form.base);
  });
  notify(form, el("div", { class: "conflict" },
    el("span", {}, `This story was saved elsewhere meanwhile (version ${current.version}, "${current.title}").`), load, keep));
}

function notify(form, content) {
  form.notice.replaceChildren(...(content ? [content] : []));
  form.notice.hidden = !content;
}
