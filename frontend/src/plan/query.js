// SQL shown read-only, highlighted as in the editor (the query under study, a session's step).
import { EditorView } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { sql, PostgreSQL, StandardSQL } from "@codemirror/lang-sql";
import { syntaxHighlighting } from "@codemirror/language";
import { highlight } from "../editor.js";

export function showQuery(host, text, engine) {
  const dialect = engine === "duckdb" ? StandardSQL : PostgreSQL;
  host.replaceChildren();
  return new EditorView({
    parent: host,
    doc: text,
    extensions: [
      EditorState.readOnly.of(true), EditorView.editable.of(false), EditorView.lineWrapping,
      sql({ dialect, upperCaseKeywords: true }), syntaxHighlighting(highlight),
      EditorView.contentAttributes.of({ "aria-label": "The query (read only)" }),
    ],
  });
}
