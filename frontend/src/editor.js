// The SQL editor: CodeMirror 6 with PostgreSQL highlighting, completion of the dataset's
// tables and columns, bracket matching, and errors marked where the server found them.
import { basicSetup } from "codemirror";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { Compartment, EditorSelection, Prec } from "@codemirror/state";
import { sql, PostgreSQL, StandardSQL } from "@codemirror/lang-sql";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { setDiagnostics } from "@codemirror/lint";
import { tags } from "@lezer/highlight";

// Colours come from CSS variables, so the light and dark themes both read well.
export const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--syn-keyword)", fontWeight: "600" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--syn-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--syn-number)" },
  { tag: tags.comment, color: "var(--syn-comment)", fontStyle: "italic" },
  { tag: [tags.typeName, tags.standard(tags.name)], color: "var(--syn-type)" },
  { tag: [tags.operator, tags.punctuation], color: "var(--syn-operator)" },
]);

const DIALECTS = { postgres: PostgreSQL, duckdb: StandardSQL };

export function createEditor(parent, { doc, tables, dialect, onChange, onRun, onSubmit }) {
  const language = new Compartment();
  const languageFor = (name) => sql({ dialect: DIALECTS[name] || PostgreSQL, schema: tables, upperCaseKeywords: true });
  const shortcuts = Prec.highest(keymap.of([
    { key: "Mod-Shift-Enter", run: () => (onSubmit(), true) },
    { key: "Mod-Enter", run: () => (onRun(), true) },
  ]));
  const view = new EditorView({
    parent,
    doc,
    extensions: [
      shortcuts, basicSetup, language.of(languageFor(dialect)), syntaxHighlighting(highlight),
      EditorView.lineWrapping,
      placeholder("Write your query here. Ctrl+Enter runs it; Ctrl+Shift+Enter submits it."),
      EditorView.contentAttributes.of({ "aria-label": "SQL editor" }),
      EditorView.updateListener.of((update) => update.docChanged && onChange(view.state.doc.toString())),
    ],
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setDialect: (name) => view.dispatch({ effects: language.reconfigure(languageFor(name)) }),
    markError: (line, column, message) => markError(view, line, column, message),
    clearError: () => view.dispatch(setDiagnostics(view.state, [])),
  };
}

// Underline the token at (line, column), both 1-based, and put the cursor there.
function markError(view, line, column, message) {
  const doc = view.state.doc;
  const target = doc.line(Math.min(Math.max(1, line || 1), doc.lines));
  const from = Math.min(target.from + Math.max(0, (column || 1) - 1), target.to);
  const word = /^[\w$."]+/.exec(doc.sliceString(from, target.to));
  const to = Math.max(from + (word ? word[0].length : 1), from);
  const diagnostic = { from, to: Math.min(to, doc.length), severity: "error", message };
  view.dispatch(setDiagnostics(view.state, [diagnostic]));
  view.dispatch({ selection: EditorSelection.cursor(from), scrollIntoView: true });
}
