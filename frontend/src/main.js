// One bundle for every page; each page names itself in <body data-page>.
import { initDrill } from "./drill.js";
import { initHome } from "./home.js";
import { initReview } from "./review.js";
import { initTheme } from "./theme.js";

const PAGES = { drill: initDrill, home: initHome, review: initReview };

function start() {
  initTheme();
  PAGES[document.body.dataset.page]?.();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
