// The system-design walkthrough page (its own bundle entry, so other pages never load its
// editors or Mermaid): before the round, the length picker and "Start walkthrough"; inside the
// round, the walkthrough.
import { pageData } from "./dom.js";
import { initStart } from "./design/start.js";
import { initWalkthrough } from "./design/walk.js";

function start() {
  if (document.body.dataset.page !== "design") return;
  const page = pageData();
  if (page.round) initWalkthrough(page);
  else initStart(page);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
