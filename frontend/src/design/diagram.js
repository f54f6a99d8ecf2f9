// Mermaid, loaded on first use: it is most of the walkthrough's weight, and pages without a
// diagram never fetch it. Labels are treated as text (securityLevel "strict"), so a diagram
// cannot carry script or links into the page.
let loading = null;
let renders = 0;

function mermaid() {
  loading ??= import("mermaid").then(({ default: loaded }) => {
    const dark = document.documentElement.dataset.theme === "dark";
    loaded.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "neutral" });
    return loaded;
  });
  return loading;
}

// The diagram drawn as SVG markup, or the parse error with its 1-based line. Mermaid draws in
// a scratch element of its own in the body; it is removed whatever happens, so a drawing cut
// short (its card replaced meanwhile) leaves nothing behind.
export async function drawDiagram(text) {
  const drawing = await mermaid();
  renders += 1;
  const id = `diagram-${renders}`;
  try {
    await drawing.parse(text);
    const { svg } = await drawing.render(id, text);
    return { svg };
  } catch (error) {
    return { error: parseError(error) };
  } finally {
    document.getElementById(`d${id}`)?.remove();
  }
}

// Mermaid's parsers report where they stopped in `hash.loc` (jison) or in the message.
function parseError(error) {
  const message = String(error?.message || error || "The diagram could not be read.");
  const hash = error?.hash || {};
  const found = /line (\d+)/i.exec(message);
  const line = hash.loc?.first_line ?? (hash.line !== undefined ? hash.line + 1 : null) ?? (found ? Number(found[1]) : null);
  return { line: line || 1, column: hash.loc ? hash.loc.first_column + 1 : 1, message: message.trim() };
}
