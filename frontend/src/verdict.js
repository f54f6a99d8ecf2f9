// The verdict panel: correct, or what is wrong made visible.
import { el } from "./dom.js";
import { cell, grid, sameRow } from "./grid.js";

const HEADLINES = {
  correct: "Correct",
  incorrect: "Not right yet",
  error: "The query failed",
  timeout: "The query ran out of time",
  rejected: "This query is not allowed here",
  too_many_rows: "Far too many rows",
};
const ROW_LABELS = { missing_rows: "Expected but missing", extra_rows: "Returned but not expected", duplicate_rows: "Counted a different number of times" };

export function renderVerdict(answer) {
  const status = answer.status;
  return [
    el("header", { class: `verdict-head ${status}` },
      el("h2", {}, HEADLINES[status] || status),
      answer.late ? el("span", { class: "badge late" }, "late: graded, not counted") : null,
      answer.round_id && !answer.late ? el("span", { class: "badge" }, "counted in the round") : null),
    shape(answer),
    answer.error ? errorBlock(answer.error) : null,
    answer.diagnostics.length ? el("ul", { class: "diagnostics" }, answer.diagnostics.map((d) => diagnostic(d, answer.columns))) : null,
    answer.columns.length ? yourRows(answer) : null,
    el("details", { class: "rules small" }, el("summary", {}, "Grading rules"), el("ul", {}, answer.grading.map((r) => el("li", {}, r)))),
  ];
}

function shape(answer) {
  if (answer.row_count === null || answer.expected_row_count === null) return null;
  const width = answer.columns.length;
  return el("p", { class: "shape" },
    `Expected ${answer.expected_row_count} row${answer.expected_row_count === 1 ? "" : "s"}; `,
    `you returned ${answer.row_count} row${answer.row_count === 1 ? "" : "s"} of ${width} column${width === 1 ? "" : "s"}.`);
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
    return el("div", { class: `example ${d.code}` }, el("p", { class: "small" }, ROW_LABELS[d.code] || "Rows"), grid(columns, rows, () => d.code));
  }
  const pairs = d.examples.filter((e) => "expected" in e);
  return pairs.length ? el("div", { class: "example pairs" }, pairs.map((p) => pairTable(p, columns))) : null;
}

// Expected above, yours below, the cells that differ marked.
function pairTable(pair, columns) {
  const row = (label, values, other) => el("tr", {}, el("th", { scope: "row" }, label),
    values.map((v, i) => markCell(cell(v), !sameRow(v, other[i]))));
  return el("div", { class: "scroll-x" }, el("table", { class: "grid pair" },
    el("thead", {}, el("tr", {}, el("th", {}, ""), columns.map((c) => el("th", { scope: "col" }, c.name)))),
    el("tbody", {}, row("expected", pair.expected, pair.actual), row("yours", pair.actual, pair.expected))));
}

function markCell(td, differs) {
  if (differs) td.classList.add("differs");
  return td;
}

function yourRows(answer) {
  // Rows known to be wrong: the examples of extra rows, and "yours" of rows that nearly match.
  const extra = answer.diagnostics.flatMap((d) => d.examples.map((e) => (d.code === "extra_rows" ? e.row : e.actual))).filter(Boolean);
  const order = answer.diagnostics.find((d) => d.code === "wrong_order");
  const misplaced = order ? order.examples[0].position - 1 : -1;
  const mark = (row, i) => (i === misplaced ? "misplaced" : extra.some((e) => sameRow(e, row)) ? "extra_rows" : null);
  const shown = answer.rows.length < (answer.row_count ?? 0) ? ` (first ${answer.rows.length} of ${answer.row_count})` : "";
  return el("details", { class: "your-rows", open: answer.status !== "correct" },
    el("summary", {}, `Your rows${shown}`),
    misplaced >= 0 ? el("p", { class: "small" }, `Row ${misplaced + 1} is the first one out of order.`) : null,
    grid(answer.columns, answer.rows, mark));
}
