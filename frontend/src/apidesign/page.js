// The API-design page: the editor with its two formats (an OpenAPI document, or the endpoint
// table with its syntax shown), the rationale, answering, and after answering the reference
// document and rationale beside the design as answered. The work in progress is the draft.
import { el, show } from "../dom.js";
import { renderMarkdown } from "../markdown.js";
import { initQuestionPage } from "../plan/page.js";
import { createApiEditor, readOnlyEditor } from "./editor.js";
import { showFindings } from "./findings.js";

const $ = (id) => document.getElementById(id);
const FORMATS = ["openapi", "table"];

export function initApiDesign(page) {
  const state = { page, format: "openapi", texts: { openapi: "", table: "" }, answered: null, solution: null };
  const controller = initQuestionPage(page, {
    answer: () => answerOf(state, controller),
    content: () => contentOf(state),
    restore: (content) => restore(state, content),
    showOutcome: (response) => answered(state, response, controller.say),
    showSolution: (solution) => showReference(state, solution),
    statusOf: (response) => (response.status === "invalid" ? "Not valid yet: fix the errors marked in the editor" : `Judged: ${Math.round(response.score * 100)}%`),
    revealAfter: (response) => response.status !== "invalid",
  });
  state.editor = createApiEditor($("api-editor"), {
    onChange: () => edited(state, controller),
    onSubmit: () => $("answer-button").click(),
  });
  $("rationale").addEventListener("input", () => ((state.edited = true), controller.changed()));
  for (const format of FORMATS) $(`format-${format}`).addEventListener("click", () => switchFormat(state, format));
}

function edited(state, controller) {
  state.texts[state.format] = state.editor.text();
  if (!state.restoring) state.edited = true;
  controller.changed();
}

// Each format keeps its own text, so trying the table does not lose the document.
function switchFormat(state, format) {
  if (format === state.format) return;
  state.texts[state.format] = state.editor.text();
  applyFormat(state, format);
}

function applyFormat(state, format) {
  state.format = format;
  for (const name of FORMATS) $(`format-${name}`).setAttribute("aria-selected", String(name === format));
  $("table-syntax").hidden = format !== "table";
  state.editor.setFormat(format);
  state.editor.setText(state.texts[format]);
  state.editor.markErrors([]);
}

function answerOf(state, controller) {
  const document = state.editor.text();
  if (!document.trim()) {
    controller.say(state.format === "table" ? "Write the endpoint table first." : "Write the OpenAPI document first.");
    return null;
  }
  state.answered = { format: state.format, document, rationale: $("rationale").value };
  return state.answered;
}

function contentOf(state) {
  state.texts[state.format] = state.editor.text();
  return { format: state.format, openapi: state.texts.openapi, table: state.texts.table, rationale: $("rationale").value };
}

// The draft comes a moment after the page: what was typed meanwhile is not overwritten.
function restore(state, content) {
  if (state.edited) return;
  state.restoring = true;
  state.texts = { openapi: content.openapi || "", table: content.table || "" };
  $("rationale").value = content.rationale || "";
  applyFormat(state, content.format === "table" ? "table" : "openapi");
  state.restoring = false;
}

function answered(state, response, say) {
  showFindings(state.editor, response, say);
  if (state.solution) showCompare(state);
}

function showReference(state, solution) {
  state.solution = solution;
  showCompare(state);
}

function showCompare(state) {
  if (!state.solution) return;
  const mine = state.answered;
  $("compare").hidden = false;
  if (mine) readOnlyEditor($("answered-document"), mine.document, mine.format, "Your design as answered");
  else $("answered-document").replaceChildren(el("p", { class: "empty" }, "Not answered yet."));
  show($("answered-rationale"), el("h4", {}, "Your rationale"), mine?.rationale?.trim() ? prose(mine.rationale) : el("p", { class: "empty" }, "No rationale given."));
  readOnlyEditor($("reference-document"), state.solution.reference.document, "openapi", "The reference design");
  show($("reference-rationale"), el("h4", {}, "Its rationale"), prose(state.solution.reference.rationale));
}

function prose(markdown) {
  const node = el("div", { class: "prose" });
  node.innerHTML = renderMarkdown(markdown);
  return node;
}
