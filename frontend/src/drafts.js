// The candidate's SQL per question, kept in this browser on every keystroke, so a reload, a
// crash or moving between questions never loses it. The server's copy of the last submitted
// answer is the fallback (and the only copy when browser storage is blocked).
import { readStored, store } from "./storage.js";

function draftKey(page) {
  return `drill:sql:${page.round ? page.round.id : "practice"}:${page.question_id}`;
}

export function loadDraft(page) {
  return readStored(draftKey(page)) ?? page.saved_sql ?? "";
}

export function saveDraft(page, text) {
  return store(draftKey(page), text);
}
