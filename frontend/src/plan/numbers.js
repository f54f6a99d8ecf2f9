// How the plan tree writes numbers: times in ms, row counts grouped, and the misestimate factor
// computed as app/plans does (PostgreSQL estimates per loop, so the actual rows per loop).

export const MISESTIMATE_ALERT = 10; // a factor this large is a finding worth pointing at
// PostgreSQL's bitmap combiners hand on a bitmap, not rows: they always report 0 rows out, so
// their estimate has nothing to be compared with.
const NO_ROWS_OUT = new Set(["BitmapAnd", "BitmapOr"]);

export function ms(value) {
  if (value === null || value === undefined) return "–";
  if (value >= 100) return `${Math.round(value).toLocaleString("en")} ms`;
  if (value >= 1) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(3)} ms`;
}

export function rows(value) {
  if (value === null || value === undefined) return "–";
  const rounded = Math.abs(value - Math.round(value)) < 1e-9 ? Math.round(value) : Number(value.toFixed(1));
  return rounded.toLocaleString("en");
}

export function perLoop(node) {
  if (node.actual_rows === null || node.actual_rows === undefined) return null;
  return node.actual_rows / Math.max(node.loops || 1, 1);
}

// {factor, direction: "up" (more rows than estimated) | "down" | "even"} or null.
export function misestimate(node) {
  const actual = perLoop(node);
  const estimate = node.estimated_rows;
  if (NO_ROWS_OUT.has(node.operator)) return null;
  if (actual === null || estimate === null || estimate === undefined) return null;
  const factor = Math.max(actual, estimate) / Math.max(Math.min(actual, estimate), 1);
  const direction = actual > estimate ? "up" : actual < estimate ? "down" : "even";
  return { factor, direction };
}

export function factorText({ factor }) {
  return `×${factor >= 100 ? Math.round(factor).toLocaleString("en") : factor.toFixed(1)}`;
}

export function share(part, total) {
  if (!total || part === null || part === undefined) return 0;
  return Math.min(1, Math.max(0, part / total));
}

// "shared_hit" -> "shared hit"
export function bufferName(key) {
  return key.replaceAll("_", " ");
}
