// The index page: the slow query, its plan and the table's statistics, an editor for the
// CREATE INDEX answer, the findings per part after answering, and once solved the reference,
// the plan with it and the before/after line.
import { basicSetup } from "codemirror";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import { sql, PostgreSQL } from "@codemirror/lang-sql";
import { syntaxHighlighting } from "@codemirror/language";
import { el, show } from "../dom.js";
import { highlight } from "../editor.js";
import { ms } from "./numbers.js";
import { initQuestionPage, outcomeHead } from "./page.js";
import { showQuery } from "./query.js";
import { createPlanTree } from "./tree.js";

const $ = (id) => document.getElementById(id);

export function initIndex(page) {
  const view = page.view;
  showQuery($("query"), view.query, "postgres");
  createPlanTree($("plan-before"), view.before, { label: "The plan before" });
  const state = { view, editor: null };
  const controller = initQuestionPage(page, {
    answer: () => answerOf(state),
    content: () => ({ sql: state.editor.state.doc.toString() }),
    restore: (content) => setText(state.editor, content.sql || ""),
    showOutcome: (response) => showFindings(response),
    showSolution: (solution) => showReference(state, solution),
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
  const findings = response.details.findings || [];
  const problem = response.details.error;
  const list = findings.length
    ? el("ul", { class: "findings" }, findings.map((f) => el("li", { class: "finding", "data-code": f.code },
      el("span", { class: "part" }, partName(f.part)), ": ", f.message)))
    : null;
  const praise = response.solved ? el("p", {}, "This index serves the query as well as the reference does.") : null;
  show($("outcome"), outcomeHead(response), praise, problem ? el("p", { class: "error-text" }, problem.message || String(problem)) : null, list);
}

function partName(part) {
  return { key: "Key", table: "Table", USING: "Method", INCLUDE: "INCLUDE", WHERE: "WHERE" }[part] || part;
}

function showReference(state, solution) {
  const reference = solution.reference || {};
  const after = reference.after ?? solution.after;
  const blocks = [el("h2", {}, "The reference index"), el("pre", { class: "code" }, el("code", {}, reference.sql || ""))];
  if (after) blocks.push(el("p", { class: "before-after", id: "before-after" }, beforeAfter(state.view.before, after)));
  show($("reference"), ...blocks);
  if (after) {
    $("after-block").hidden = false;
    createPlanTree($("plan-after"), after, { label: "The plan with the reference index" });
  }
}

// "Execution 48.1 ms → 0.09 ms (530× faster) · buffers 1,474 → 4"
export function beforeAfter(before, after) {
  const parts = [];
  const [t0, t1] = [before.execution_ms ?? before.root.inclusive_ms, after.execution_ms ?? after.root.inclusive_ms];
  if (t0 && t1) parts.push(`Execution ${ms(t0)} → ${ms(t1)} (${speedup(t0, t1)})`);
  const [b0, b1] = [blocks(before.root), blocks(after.root)];
  if (b0 !== null && b1 !== null) parts.push(`buffers ${b0.toLocaleString("en")} → ${b1.toLocaleString("en")}`);
  parts.push(`top operator ${before.root.operator} → ${after.root.operator}`);
  return parts.join(" · ");
}

function speedup(t0, t1) {
  const factor = t0 / t1;
  return factor >= 1 ? `${factor >= 10 ? Math.round(factor).toLocaleString("en") : factor.toFixed(1)}× faster` : `${(1 / factor).toFixed(1)}× slower`;
}

// Blocks touched by the whole plan: PostgreSQL reports buffers inclusive, so the root's.
function blocks(root) {
  const buffers = root.buffers || {};
  if (!Object.keys(buffers).length) return null;
  return (buffers.shared_hit || 0) + (buffers.shared_read || 0);
}
