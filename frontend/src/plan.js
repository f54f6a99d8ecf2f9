// The database-depth pages (explain, index, isolation), one bundle entry: they share the plan
// tree, the asks and answering; each page names itself in <body data-page>.
import { pageData } from "./dom.js";
import { initExplain } from "./plan/explain.js";
import { initIndex } from "./plan/index_page.js";
import { initIsolation } from "./plan/isolation.js";

const PAGES = { explain: initExplain, index: initIndex, isolation: initIsolation };

function start() {
  PAGES[document.body.dataset.page]?.(pageData());
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
