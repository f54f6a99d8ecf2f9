// The current stage's answer boxes: Markdown with a Write / Preview switch, and on the
// architecture stage a Mermaid editor whose diagram is drawn beside it as you type. A syntax
// error is shown in place with its line (the server's check, which is what the grader reads,
// else Mermaid's own), and the line is marked in the editor.
import { api } from "../api.js";
import { el, show } from "../dom.js";
import { renderMarkdown } from "../markdown.js";
import { drawDiagram } from "./diagram.js";
import { createAnswerEditor, createDiagramEditor } from "./editors.js";

const DRAW_AFTER_MS = 400;
const $ = (id) => document.getElementById(id);

export function createAnswerBoxes(onChange) {
  const boxes = { section: null, diagram: null, timer: null, drawing: 0 };
  boxes.text = createAnswerEditor($("answer-editor"), () => onChange());
  wireTabs(boxes);
  return {
    show: (section, content) => showStage(boxes, section, content, onChange),
    content: () => ({ text: boxes.text.text(), diagram: hasDiagram(boxes) ? boxes.diagram.text() : null }),
    focus: () => boxes.text.view.focus(),
  };
}

function hasDiagram(boxes) {
  return boxes.section === "architecture" && boxes.diagram !== null;
}

function showStage(boxes, section, content, onChange) {
  boxes.section = section;
  boxes.text.setText(content?.text || "");
  selectTab(boxes, "write");
  const architecture = section === "architecture";
  $("diagram-block").hidden = !architecture;
  if (!architecture) return;
  boxes.diagram ??= createDiagramEditor($("diagram-editor"), () => (onChange(), scheduleDraw(boxes)));
  boxes.diagram.setText(content?.diagram || "");
  scheduleDraw(boxes);
}

function wireTabs(boxes) {
  $("tab-write").addEventListener("click", () => selectTab(boxes, "write"));
  $("tab-preview").addEventListener("click", () => selectTab(boxes, "preview"));
}

// The preview uses the shared Markdown configuration, so it reads as feedback quotes it.
function selectTab(boxes, tab) {
  const preview = tab === "preview";
  $("tab-write").setAttribute("aria-selected", String(!preview));
  $("tab-preview").setAttribute("aria-selected", String(preview));
  $("answer-editor").hidden = preview;
  $("answer-preview").hidden = !preview;
  if (!preview) return;
  const text = boxes.text.text();
  $("answer-preview").innerHTML = text.trim() ? renderMarkdown(text) : "<p class=\"empty\">Nothing written yet.</p>";
}

function scheduleDraw(boxes) {
  clearTimeout(boxes.timer);
  boxes.timer = setTimeout(() => redraw(boxes), DRAW_AFTER_MS);
}

// Only the latest drawing is shown: an older one finishing late is dropped.
async function redraw(boxes) {
  const text = boxes.diagram.text();
  const drawing = ++boxes.drawing;
  if (!text.trim()) return showDrawing(boxes, { empty: true });
  const [drawn, checked] = await Promise.all([drawDiagram(text), checkOnServer(text)]);
  if (drawing !== boxes.drawing) return;
  // The server's reading first: it is what the grader reads, and its messages say what to write.
  showDrawing(boxes, { ...drawn, ...checked, error: checked.error || drawn.error });
}

// The grader's own reading of the diagram; a server without the check answers 404 (ignored).
async function checkOnServer(diagram) {
  const answer = await api("POST", "/api/design/diagram", { diagram });
  if (answer.ok) return { counts: answer.data };
  if (answer.data.code === "diagram_syntax") {
    const { line, column, detail, message } = answer.data;
    return { error: { line, column, message: message || detail } };
  }
  return {};
}

function showDrawing(boxes, { empty, svg, error, counts }) {
  const view = $("diagram-view");
  const problem = $("diagram-error");
  boxes.diagram.clearError();
  problem.hidden = !error;
  view.classList.toggle("has-error", Boolean(error));
  if (error) {
    problem.textContent = `Line ${error.line}: ${error.message}`;
    boxes.diagram.markError(error.line, error.message);
  }
  if (empty) return show(view, el("p", { class: "empty" }, "Your diagram is drawn here as you type."));
  if (svg) {
    view.innerHTML = svg;
    if (counts) view.append(el("figcaption", { class: "muted small" }, componentCount(counts)));
  }
}

// The check may list the nodes and edges or count them.
function componentCount(counts) {
  const [nodes, edges] = [counts.nodes, counts.edges].map((n) => (Array.isArray(n) ? n.length : n));
  if (nodes === undefined) return "";
  return `${nodes} component${nodes === 1 ? "" : "s"}, ${edges} connection${edges === 1 ? "" : "s"}`;
}
