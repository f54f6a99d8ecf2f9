// The walkthrough's two editors: Markdown for the answer, Mermaid for the architecture
// diagram (with line numbers, so an error's line is easy to find, and lint marks on it).
import { minimalSetup } from "codemirror";
import { EditorView, lineNumbers, placeholder } from "@codemirror/view";
import { markdown } from "@codemirror/lang-markdown";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { tags } from "@lezer/highlight";
import { flowchartTags, mermaid } from "codemirror-lang-mermaid";

// Colours come from the page's CSS variables, as in the SQL editor, so both themes read well.
const highlight = HighlightStyle.define([
  { tag: [tags.heading, flowchartTags.diagramName], color: "var(--syn-keyword)", fontWeight: "600" },
  { tag: [tags.strong, flowchartTags.keyword, flowchartTags.orientation], fontWeight: "600" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: [tags.monospace, flowchartTags.nodeText, flowchartTags.string], color: "var(--syn-string)" },
  { tag: [tags.link, tags.url, flowchartTags.nodeEdge, flowchartTags.link], color: "var(--syn-type)" },
  { tag: [tags.list, tags.quote, flowchartTags.nodeId], color: "var(--syn-number)" },
  { tag: [tags.comment, flowchartTags.lineComment], color: "var(--syn-comment)", fontStyle: "italic" },
]);

function createEditor(host, { label, hint, language, gutters = [], onChange }) {
  host.replaceChildren();
  let replacing = false;
  const view = new EditorView({
    parent: host,
    extensions: [
      ...gutters, minimalSetup, language, syntaxHighlighting(highlight), EditorView.lineWrapping,
      placeholder(hint), EditorView.contentAttributes.of({ "aria-label": label }),
      EditorView.updateListener.of((update) => update.docChanged && !replacing && onChange(view.state.doc.toString())),
    ],
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    // Replaced without calling onChange: loading a stage's draft is not an edit.
    setText: (text) => {
      replacing = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      replacing = false;
    },
    markError: (line, message) => markLine(view, line, message),
    clearError: () => view.dispatch(setDiagnostics(view.state, [])),
  };
}

export function createAnswerEditor(host, onChange) {
  return createEditor(host, {
    label: "Your answer (Markdown)", language: markdown(),
    hint: "Answer in Markdown: lists, tables and headings are fine. It is saved as you type.",
    onChange,
  });
}

export function createDiagramEditor(host, onChange) {
  return createEditor(host, {
    label: "Your diagram (Mermaid)", language: mermaid(), gutters: [lineNumbers(), lintGutter()],
    hint: "flowchart LR\n  client --> api", onChange,
  });
}

// The whole line underlined: a diagram's errors are reported by line.
function markLine(view, line, message) {
  const doc = view.state.doc;
  const target = doc.line(Math.min(Math.max(1, line || 1), doc.lines));
  const diagnostic = { from: target.from, to: Math.max(target.to, target.from), severity: "error", message };
  view.dispatch(setDiagnostics(view.state, [diagnostic]));
}
