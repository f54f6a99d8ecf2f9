// The per-ask results of an outcome (or of the solution view), in the asks' terms: right or
// not, and once revealed the right answer (an operator ask's node named as on the tree) and
// its explanation.

export function nodeNames(plan) {
  const names = {};
  const visit = (node) => {
    const on = node.relation ? ` on ${node.relation}` : "";
    names[node.id] = `${node.operator}${on} (node ${node.id})`;
    node.children.forEach(visit);
  };
  if (plan) visit(plan.root);
  return names;
}

// `asks`: {id: {...}} or [{id, ...}], as the kind reports them.
export function readResults(asks, { names = {}, kinds = {} } = {}) {
  const entries = Array.isArray(asks) ? asks.map((row) => [row.id, row]) : Object.entries(asks || {});
  const results = {};
  for (const [id, row] of entries) results[id] = readOne(row, kinds[id], names);
  return results;
}

function readOne(row, kind, names) {
  const right = row.right ?? row.correct ?? (row.status ? row.status === "right" : undefined);
  const expected = row.expected ?? row.answer;
  const shownExpected = expected === undefined || expected === null ? null
    : kind === "operator" ? names[expected] || String(expected)
      : typeof expected === "number" ? expected.toLocaleString("en", { maximumFractionDigits: 3 }) : String(expected);
  return { right, expected_text: shownExpected, explanation: row.explanation ?? null };
}
