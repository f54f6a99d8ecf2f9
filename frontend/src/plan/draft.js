// The answer in progress, kept as the question's one draft section (`main`, docs/kinds.md
// "Drafts"): saved a moment after each change and when the page is hidden, restored on load.
// A save refused because another tab saved first keeps this tab's answer (it is what the
// candidate is looking at) and says so.
import { api } from "../api.js";
import { clockTime } from "../design/autosave.js";

const SAVE_AFTER_MS = 800;
const SECTION = "main";

export function createDraft({ questionId, roundId, onStatus }) {
  const draft = { questionId, roundId, onStatus, version: null, pending: null, timer: null, saving: null };
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && save(draft, true));
  window.addEventListener("pagehide", () => save(draft, true));
  return {
    load: () => load(draft),
    changed: (content) => changed(draft, content),
    flush: () => save(draft),
  };
}

function query(draft) {
  return draft.roundId ? `?round_id=${encodeURIComponent(draft.roundId)}` : "";
}

async function load(draft) {
  const answer = await api("GET", `/api/questions/${draft.questionId}/drafts${query(draft)}`);
  if (!answer.ok) return null;
  const found = answer.data.drafts.find((row) => row.section === SECTION);
  if (!found) return null;
  draft.version = found.version;
  return found.content;
}

function changed(draft, content) {
  draft.pending = content;
  clearTimeout(draft.timer);
  draft.timer = setTimeout(() => save(draft), SAVE_AFTER_MS);
}

async function save(draft, keepalive = false) {
  clearTimeout(draft.timer);
  if (draft.saving) await draft.saving;
  if (!draft.pending) return;
  const content = draft.pending;
  draft.pending = null;
  draft.saving = put(draft, content, keepalive).finally(() => (draft.saving = null));
  return draft.saving;
}

async function put(draft, content, keepalive) {
  const body = { round_id: draft.roundId, content, base_version: draft.version };
  const url = `/api/questions/${draft.questionId}/drafts/${SECTION}`;
  const answer = await api("PUT", url, body, {}, { keepalive });
  if (answer.ok) {
    draft.version = answer.data.version;
    return draft.onStatus(`Your answers so far are saved (${clockTime(answer.data.saved_at)}).`);
  }
  if (answer.data.code === "draft_conflict") {
    draft.version = answer.data.current.version;
    draft.pending ??= content;
    draft.onStatus("Another tab saved answers to this question: this tab's answers are saved over them.");
    return save(draft);
  }
  draft.pending ??= content;
  draft.onStatus("Your answers so far could not be saved; they are kept in this page.");
}
