// The index page: the slow query, its plan and the table's statistics, an editor for the
// CREATE INDEX answer, the findings per part after answering, and once solved (or given up)
// the reference, the plan with it and the before/after line the kind computes from the two
// captures.
import { basicSetup } from "codemirror";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import { sql, PostgreSQL } from "@codemirror/lang-sql";
import { syntaxHighlighting } from "@codemirror/language";
import { el, show } from "../dom.js";
import { highlight } from "../editor.js";
import { initQuestionPage, outcomeHead } from "./page.js";
import { showQuery } from "./query.js";
import { createPlanTree } from "./tree.js";

const $ = (id) => document.getElementById(id);

export function initIndex(page) {
  const view = page.view;
  showQuery($("query"), view.query, "postgres");
  createPlanTree($("plan-before"), view.plan, { label: "The plan today" });
  const state = { view, editor: null };
  const controller = initQuestionPage(page, {
    answer: () => answerOf(state),
    content: () => ({ sql: state.editor.state.doc.toString() }),
    restore: (content) => setText(state.editor, content.sql || ""),
    showOutcome: (response) => showFindings(response),
    showSolution: (solution) => showReference(solution),
  });
  state.editor = indexEditor($("index-editor"), () => controller.changed(), () => $("answer-button").click());
}

function indexEditor(host, onChange, onSubmit) {
  host.replaceChildren();
  const submit = Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (onSubmit(), true) }]));
  const view = new EditorView({
    parent: host,
    extensions: [
      submit, basicSetup, sql({ dialect: PostgreSQL, upperCaseKeywords: true }), syntaxHighlighting(highlight),
      EditorView.lineWrapping, placeholder("CREATE INDEX ON ... (...)   Ctrl+Enter answers"),
      EditorView.contentAttributes.of({ "aria-label": "Your CREATE INDEX statement" }),
      EditorView.updateListener.of((update) => update.docChanged && onChange()),
    ],
  });
  return view;
}

function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

function answerOf(state) {
  const text = state.editor.state.doc.toString().trim();
  if (text) return { sql: text };
  $("status").textContent = "Write one CREATE INDEX statement first.";
  return null;
}

function showFindings(response) {
  const { findings = [], error = null, index = null } = response.details;
  const list = findings.length
    ? el("ul", { class: "findings" }, findings.map((f) => el("li", { class: "finding", "data-code": f.code },
      el("span", { class: "part" }, partName(f.part)), ": ", f.message)))
    : null;
  const praise = response.solved ? el("p", {}, "This index serves the query as well as the reference does.") : null;
  show($("outcome"), outcomeHead(response), praise, error ? el("p", { class: "error-text" }, error) : null,
    index ? readBack(index) : null, list);
}

// How the grader read the statement, so the candidate sees what was compared.
function readBack(index) {
  const parts = [`${index.method} on ${index.table} (${index.key.join(", ")})`];
  if (index.include.length) parts.push(`INCLUDE (${index.include.join(", ")})`);
  if (index.where) parts.push(`WHERE ${index.where}`);
  return el("p", { class: "muted small read-back" }, "Read as: ", el("code", {}, parts.join(" ")));
}

function partName(part) {
  return { key: "Key", table: "Table", USING: "Method", UNIQUE: "UNIQUE", INCLUDE: "INCLUDE", WHERE: "WHERE" }[part] || part;
}

function showReference(solution) {
  const reference = solution.reference || {};
  show($("reference"), el("h2", {}, "The reference index"),
    el("pre", { class: "code" }, el("code", {}, reference.sql || "")),
    reference.comparison ? el("p", { class: "before-after", id: "before-after" }, capitalised(reference.comparison)) : null);
  if (!reference.plan) return;
  $("after-block").hidden = false;
  createPlanTree($("plan-after"), reference.plan, { label: "The plan with the reference index" });
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
