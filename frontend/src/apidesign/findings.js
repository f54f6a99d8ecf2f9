// What answering an API design shows: an invalid document's errors (listed, and marked at their
// line in the editor), or a valid one's findings per criterion with the verdict, the operation
// it is about, the quoted lines (a click selects the line in the editor) and the fixes.
import { el, show } from "../dom.js";
import { levelBadge, levelReasons, scoreHead, sectionView } from "../feedback/criteria.js";

const $ = (id) => document.getElementById(id);
const OPERATION = /\b(GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS|WEBHOOK) (\/[^\s:,;()]*|[a-z][\w.-]*)/g;

export function showFindings(editor, response, say) {
  const { validation = [], feedback = null } = response.details;
  editor.markErrors(validation);
  if (response.status === "invalid") return showInvalid(editor, response, validation, say);
  const section = feedback.sections[0];
  show($("outcome"), scoreHead(response, levelBadge(feedback)), levelReasons(feedback),
    sectionView(section, { quote: (text) => quoteButton(editor, text, say), extra: operations }));
}

function showInvalid(editor, response, errors, say) {
  const items = errors.map((error) => {
    const go = el("button", { type: "button", class: "go-line", "aria-label": `Go to line ${error.line}, column ${error.column}` }, `line ${error.line}:${error.column}`);
    go.addEventListener("click", () => editor.goTo(error.line, error.column));
    return el("li", { class: "validation-error", "data-line": error.line }, go, " ", el("span", { class: "json-path" }, error.path), ": ", error.message);
  });
  show($("outcome"),
    el("header", { class: "outcome-head unsolved" }, el("h2", {}, "✗ Not a valid OpenAPI 3.1 document"),
      el("span", { class: "badge" }, `${errors.length} ${errors.length === 1 ? "error" : "errors"}`)),
    el("p", {}, "Nothing else is judged until the document validates. Each error is marked at its line in the editor."),
    el("ol", { class: "validation-list" }, items));
  if (errors.length) editor.goTo(errors[0].line, errors[0].column);
  say(`Not valid: ${errors.length} ${errors.length === 1 ? "error" : "errors"} to fix`);
}

function quoteButton(editor, text, say) {
  const button = el("button", { type: "button", class: "evidence", title: "Select this line in the editor" }, text);
  button.addEventListener("click", () => editor.selectQuote(text) || say("That line is no longer in your document."));
  return button;
}

// The operations a finding is about, as its rationale names them ("POST /payments: ...").
function operations(criterion) {
  const named = [...new Set([...criterion.rationale.matchAll(OPERATION)].map((match) => match[0].replace(/\.+$/, "")))];
  const fix = criterion.fix ? el("p", { class: "criterion-fix" }, el("strong", {}, "Fix: "), criterion.fix) : null;
  if (!named.length) return fix;
  return [el("p", { class: "operations" }, named.map((op) => el("code", { class: "operation" }, op))), fix];
}
