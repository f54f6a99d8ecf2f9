// The design editor: CodeMirror with YAML highlighting (JSON reads as YAML too) or markdown for
// the endpoint table, validation errors as lint diagnostics at their line, and a quote of the
// feedback selected where it stands in the text.
import { basicSetup } from "codemirror";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { Compartment, EditorSelection, EditorState, Prec } from "@codemirror/state";
import { yaml } from "@codemirror/lang-yaml";
import { markdown } from "@codemirror/lang-markdown";
import { syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { highlight } from "../editor.js";

const PLACEHOLDERS = {
  openapi: "openapi: 3.1.0\ninfo: ...\npaths: ...   (Ctrl+Enter answers)",
  table: "| method | path | request | responses | notes |   (Ctrl+Enter answers)",
};

function languageOf(format) {
  return format === "table" ? markdown() : yaml();
}

export function createApiEditor(host, { onChange, onSubmit }) {
  const language = new Compartment();
  const hint = new Compartment();
  const submit = Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (onSubmit(), true) }]));
  host.replaceChildren();
  const view = new EditorView({
    parent: host,
    extensions: [
      submit, basicSetup, language.of(yaml()), syntaxHighlighting(highlight), lintGutter(),
      hint.of(placeholder(PLACEHOLDERS.openapi)),
      EditorView.contentAttributes.of({ "aria-label": "Your API design" }),
      EditorView.updateListener.of((update) => update.docChanged && onChange()),
    ],
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    setFormat: (format) => view.dispatch({ effects: [language.reconfigure(languageOf(format)), hint.reconfigure(placeholder(PLACEHOLDERS[format]))] }),
    markErrors: (errors) => view.dispatch(setDiagnostics(view.state, errors.map((error) => diagnostic(view.state.doc, error)))),
    goTo: (line, column) => goTo(view, line, column),
    selectQuote: (quote) => selectQuote(view, quote),
  };
}

export function readOnlyEditor(host, text, format, label) {
  host.replaceChildren();
  return new EditorView({
    parent: host,
    doc: text,
    extensions: [basicSetup, languageOf(format), syntaxHighlighting(highlight), EditorView.lineWrapping, EditorState.readOnly.of(true),
      EditorView.editable.of(false), EditorView.contentAttributes.of({ "aria-label": label })],
  });
}

function position(doc, line, column) {
  const target = doc.line(Math.min(Math.max(1, line || 1), doc.lines));
  return { target, from: Math.min(target.from + Math.max(0, (column || 1) - 1), target.to) };
}

// An error marks from where it is written to the end of its line, its JSON path in the message.
function diagnostic(doc, error) {
  const { target, from } = position(doc, error.line, error.column);
  const to = Math.max(target.to, Math.min(from + 1, doc.length));
  return { from, to, severity: "error", message: `${error.message} (at ${error.path})` };
}

function goTo(view, line, column) {
  const { from } = position(view.state.doc, line, column);
  view.dispatch({ selection: EditorSelection.cursor(from), scrollIntoView: true });
  view.focus();
}

// A quote is one or more lines of the document as answered; it is found verbatim, else line by
// line with the indentation ignored. False when the text no longer holds it.
function selectQuote(view, quote) {
  const text = view.state.doc.toString();
  let from = text.indexOf(quote);
  let to = from + quote.length;
  if (from < 0) {
    const first = quote.trim().split("\n")[0].trim();
    const line = [...Array(view.state.doc.lines).keys()].map((n) => view.state.doc.line(n + 1)).find((l) => l.text.trim() === first || l.text.includes(first));
    if (!line) return false;
    from = line.from;
    to = line.to;
  }
  view.dispatch({ selection: EditorSelection.range(from, to), scrollIntoView: true });
  view.focus();
  return true;
}
