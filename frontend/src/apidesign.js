// The API-design page (its own bundle entry, so other pages never load the YAML editor).
import { pageData } from "./dom.js";
import { initApiDesign } from "./apidesign/page.js";

function start() {
  if (document.body.dataset.page === "api") initApiDesign(pageData());
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
