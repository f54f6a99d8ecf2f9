// One bundle for every page; each page names itself in <body data-page>.
import { initDrill } from "./drill.js";
import { initHome } from "./home.js";
import { initTheme } from "./theme.js";

const PAGES = { drill: initDrill, home: initHome };

function start() {
  initTheme();
  PAGES[document.body.dataset.page]?.();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
