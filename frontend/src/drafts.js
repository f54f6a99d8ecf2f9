// The candidate's SQL per question, kept in this browser on every keystroke, so a reload, a
// crash or moving between questions never loses it. The server's copy of the last submitted
// answer is the fallback.
export function draftKey(page) {
  return `drill:sql:${page.round ? page.round.id : "practice"}:${page.question_id}`;
}

export function loadDraft(page) {
  try {
    const saved = localStorage.getItem(draftKey(page));
    if (saved !== null) return saved;
  } catch {
    // Storage can be disabled; the server's copy still works.
  }
  return page.saved_sql ?? "";
}

export function saveDraft(page, text) {
  try {
    localStorage.setItem(draftKey(page), text);
    return true;
  } catch {
    return false;
  }
}
