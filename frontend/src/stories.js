// The behavioral prompt's page and the story bank page (one bundle entry); each page names
// itself in <body data-page>.
import { pageData } from "./dom.js";
import { initBehavioral } from "./stories/behavioral.js";
import { initStoryBank } from "./stories/bank.js";

const PAGES = { behavioral: initBehavioral, stories: initStoryBank };

function start() {
  PAGES[document.body.dataset.page]?.(pageData());
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
