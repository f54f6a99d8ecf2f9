// Result grids: NULL and '' look different, timestamps read as timestamps, rows can be marked.
import { el } from "./dom.js";

const TIMESTAMP = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/;

export function cell(value) {
  if (value === null) return el("td", { class: "null" }, "NULL");
  if (value === "") return el("td", { class: "empty-string", title: "empty string" }, "''");
  if (typeof value === "object") return el("td", {}, JSON.stringify(value));
  const text = String(value);
  const numeric = typeof value === "number" ? "num" : null;
  return el("td", { class: numeric }, TIMESTAMP.test(text) ? text.replace("T", " ") : text);
}

// rowClass(row, index) may return a class name to mark a row (missing, extra, misplaced...).
export function grid(columns, rows, rowClass = () => null) {
  const head = el("tr", {}, columns.map((c) => el("th", { scope: "col", title: c.type || null }, c.name ?? c)));
  const body = rows.map((row, i) => el("tr", { class: rowClass(row, i) }, row.map(cell)));
  return el("div", { class: "scroll-x grid-wrap" }, el("table", { class: "grid" }, el("thead", {}, head), el("tbody", {}, body)));
}
