// The verdict panel: correct, or what is wrong made visible. Which rows and cells are wrong
// comes from the server (it compares values as the grader does); this only draws them.
import { el } from "./dom.js";
import { cell, grid } from "./grid.js";

const HEADLINES = {
  correct: "Correct",
  incorrect: "Not right yet",
  error: "The query failed",
  timeout: "The query ran out of time",
  rejected: "This query is not allowed here",
  too_many_rows: "Far too many rows",
};
const ROW_LABELS = {
  missing_rows: "Expected but missing",
  extra_rows: "Returned but not expected",
  duplicate_rows: "Returned a different number of times than expected",
};
const MARK_WORDS = { extra: "not expected", misplaced: "first row out of order" };

export function verdictSentence(answer) {
  const codes = answer.diagnostics.map((d) => d.code.replaceAll("_", " "));
  const late = answer.late ? " (late: graded, not counted)" : "";
  const what = codes.length ? `: ${codes.join(", ")}` : answer.error ? `: ${answer.error.message}` : "";
  return `${HEADLINES[answer.status] || answer.status}${what}${late}.`;
}

export function renderVerdict(answer) {
  return [
    head(answer),
    shape(answer),
    answer.error ? errorBlock(answer.error) : null,
    answer.diagnostics.length ? el("ul", { class: "diagnostics" }, answer.diagnostics.map((d) => diagnostic(d, answer.columns))) : null,
    answer.columns.length ? yourRows(answer) : null,
    el("details", { class: "rules small" }, el("summary", {}, "Grading rules"), el("ul", {}, answer.grading.map((r) => el("li", {}, r)))),
  ];
}

function head(answer) {
  const counted = answer.status === "correct" ? "counts in the round" : "recorded in the round";
  return el("header", { class: `verdict-head ${answer.status}` },
    el("h2", {}, HEADLINES[answer.status] || answer.status),
    answer.late ? el("span", { class: "badge late" }, "late: graded, not counted") : null,
    answer.round_id && !answer.late ? el("span", { class: "badge" }, counted) : null);
}

function shape(answer) {
  if (answer.row_count === null || answer.expected_row_count === null) return null;
  const expected = `${count(answer.expected_row_count, "row")}`
    + (answer.expected_columns ? ` of ${count(answer.expected_columns.length, "column")}` : "");
  const got = `${count(answer.row_count, "row")} of ${count(answer.columns.length, "column")}`;
  return el("p", { class: "shape" }, `Expected ${expected}; you returned ${got}.`);
}

function count(n, noun) {
  return `${n.toLocaleString()} ${noun}${n === 1 ? "" : "s"}`;
}

function errorBlock(error) {
  const where = error.line ? ` (line ${error.line}, column ${error.col})` : "";
  return el("p", { class: "error-text" }, el("code", {}, error.code), " ", error.message + where);
}

function diagnostic(d, columns) {
  return el("li", { class: `diagnostic ${d.code}` },
    el("p", {}, el("strong", {}, d.code.replaceAll("_", " ")), ": ", d.message),
    examples(d, columns));
}

function examples(d, columns) {
  const rows = d.examples.filter((e) => "row" in e).map((e) => e.row);
  if (rows.length) {
    const label = el("p", { class: "small" }, ROW_LABELS[d.code] || "Rows");
    return el("div", { class: `example ${d.code}` }, label, grid(columns, rows, () => d.code));
  }
  const pairs = d.examples.filter((e) => "expected" in e);
  return pairs.length ? el("div", { class: "example pairs" }, pairTable(pairs, columns)) : null;
}

// Each pair: the expected row, then yours, with the cells that differ marked.
function pairTable(pairs, columns) {
  const line = (label, values, differs) => el("tr", {}, el("th", { scope: "row" }, label),
    values.map((v, i) => markCell(cell(v), differs.includes(i))));
  const body = pairs.flatMap((p) => [line("expected", p.expected, p.differs || []), line("yours", p.actual, p.differs || [])]);
  const header = el("tr", {}, el("th", {}, ""), columns.map((c) => el("th", { scope: "col" }, c.name)));
  return el("div", { class: "scroll-x" }, el("table", { class: "grid pair" }, el("thead", {}, header), el("tbody", {}, body)));
}

function markCell(td, differs) {
  if (!differs) return td;
  td.classList.add("differs");
  td.prepend(el("span", { class: "visually-hidden" }, "differs: "));
  return td;
}

function yourRows(answer) {
  const order = answer.diagnostics.find((d) => d.code === "wrong_order");
  const misplaced = order ? order.examples[0].position - 1 : -1;
  const marks = answer.row_marks || [];
  const mark = (row, i) => (i === misplaced ? "misplaced" : marks[i] || null);
  const shown = answer.rows.length < (answer.row_count ?? 0) ? ` (first ${answer.rows.length} of ${answer.row_count})` : "";
  const table = grid(answer.columns, answer.rows, mark);
  table.querySelectorAll("tr.extra, tr.misplaced").forEach((tr) => {
    tr.firstChild.prepend(el("span", { class: "visually-hidden" }, `${MARK_WORDS[tr.className]}: `));
  });
  return el("details", { class: "your-rows", open: answer.status !== "correct" },
    el("summary", {}, `Your rows${shown}`),
    legend(marks.includes("extra"), misplaced),
    table);
}

function legend(hasExtra, misplaced) {
  const parts = [];
  if (hasExtra) parts.push(el("span", { class: "legend extra" }, "rows (or copies of rows) that should not be there"));
  if (misplaced >= 0) parts.push(el("span", { class: "legend misplaced" }, `row ${misplaced + 1}: the first one out of order`));
  return parts.length ? el("p", { class: "small legend-line" }, "Marked: ", ...parts) : null;
}
