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

// The diagram drawn as SVG markup, or the parse error with its 1-based line.
export async function drawDiagram(text) {
  const drawing = await mermaid();
  try {
    await drawing.parse(text);
    renders += 1;
    const { svg } = await drawing.render(`diagram-${renders}`, text);
    return { svg };
  } catch (error) {
    document.getElementById(`ddiagram-${renders}`)?.remove(); // mermaid's leftover on failure
    return { error: parseError(error) };
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
