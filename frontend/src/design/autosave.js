// Drafts of each stage's answer, saved to the server a moment after typing stops, on a stage
// change and when the page is hidden. Until the server has a version, the text is also kept
// in this browser and replayed when the server can be reached again; a save refused because
// another tab saved first (409 draft_conflict) asks the candidate which copy to keep. Nothing
// typed is dropped without the candidate choosing so.
import { api } from "../api.js";
import { forget, readStored, store } from "../storage.js";

const SAVE_AFTER_MS = 1500;
const RETRY_AFTER_MS = 15000;

export function createAutosave({ roundId, questionId, onStatus, onConflict }) {
  const saver = { roundId, questionId, onStatus, onConflict, drafts: {}, timers: {}, saving: {} };
  window.addEventListener("online", () => replayAll(saver));
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flushAll(saver, true));
  window.addEventListener("pagehide", () => flushAll(saver, true));
  return {
    load: () => load(saver),
    content: (section) => saver.drafts[section]?.pending ?? saver.drafts[section]?.content ?? null,
    changed: (section, content) => changed(saver, section, content),
    flush: (section) => save(saver, section),
    loadTheirs: (section) => loadTheirs(saver, section),
    keepMine: (section) => keepMine(saver, section),
  };
}

function draft(saver, section) {
  saver.drafts[section] ??= { content: null, version: null, saved_at: null, pending: null, conflict: null };
  return saver.drafts[section];
}

function localKey(saver, section) {
  return `drill:design:${saver.roundId}:${saver.questionId}:${section}`;
}

// The server's drafts, then any copy this browser kept that the server does not have yet.
async function load(saver) {
  const answer = await api("GET", `/api/questions/${saver.questionId}/drafts?round_id=${saver.roundId}`);
  const listed = answer.ok ? answer.data.items ?? answer.data.drafts ?? answer.data : [];
  for (const row of Array.isArray(listed) ? listed : []) Object.assign(draft(saver, row.section), pick(row));
  for (const section of localSections(saver)) restoreLocal(saver, section);
  const pending = Object.keys(saver.drafts).filter((section) => saver.drafts[section].pending);
  await Promise.all(pending.map((section) => save(saver, section)));
  if (!answer.ok && !pending.length) saver.onStatus("Not saved: kept in this browser", "offline");
}

function pick({ content, version, saved_at }) {
  return { content, version, saved_at };
}

function localSections(saver) {
  const prefix = localKey(saver, "");
  const sections = [];
  try {
    for (let i = 0; i < window.localStorage.length; i += 1) {
      const key = window.localStorage.key(i);
      if (key?.startsWith(prefix)) sections.push(key.slice(prefix.length));
    }
  } catch {
    return [];
  }
  return sections;
}

function restoreLocal(saver, section) {
  const kept = JSON.parse(readStored(localKey(saver, section)) || "null");
  if (!kept) return;
  const entry = draft(saver, section);
  entry.pending = kept.content;
  entry.version ??= kept.base_version; // the version it was typed over, for the conflict check
}

// Drafts hold string fields only: a stage without a diagram saves no diagram field.
function changed(saver, section, answer) {
  const content = Object.fromEntries(Object.entries(answer).filter(([, value]) => typeof value === "string"));
  const entry = draft(saver, section);
  entry.pending = content;
  store(localKey(saver, section), JSON.stringify({ content, base_version: entry.version }));
  clearTimeout(saver.timers[section]);
  if (entry.conflict) return; // the candidate chooses first; the text stays in this browser
  saver.timers[section] = setTimeout(() => save(saver, section), SAVE_AFTER_MS);
}

// One save per stage at a time; edits made meanwhile are saved right after it.
async function save(saver, section, keepalive = false) {
  clearTimeout(saver.timers[section]);
  const entry = draft(saver, section);
  if (saver.saving[section]) return saver.saving[section].then(() => save(saver, section));
  if (!entry.pending || entry.conflict) return;
  saver.saving[section] = put(saver, section, entry, keepalive).finally(() => delete saver.saving[section]);
  return saver.saving[section];
}

async function put(saver, section, entry, keepalive) {
  const content = entry.pending;
  saver.onStatus("Saving…", "saving");
  const body = { round_id: saver.roundId, content, base_version: entry.version };
  const url = `/api/questions/${saver.questionId}/drafts/${section}`;
  const answer = await api("PUT", url, body, {}, { keepalive });
  if (answer.ok) return saved(saver, section, entry, content, answer.data);
  if (answer.data.code === "draft_conflict") return conflicted(saver, section, entry, answer.data.current);
  saver.onStatus("Not saved: kept in this browser", "offline");
  saver.timers[section] = setTimeout(() => save(saver, section), RETRY_AFTER_MS);
}

function saved(saver, section, entry, content, { version, saved_at: savedAt }) {
  Object.assign(entry, { content, version, saved_at: savedAt });
  if (entry.pending === content) {
    entry.pending = null;
    forget(localKey(saver, section));
  }
  saver.onStatus(`Saved ${clockTime(savedAt)}`, "saved");
}

function conflicted(saver, section, entry, current) {
  entry.conflict = current;
  saver.onStatus("Not saved: this stage was changed in another tab", "conflict");
  saver.onConflict(section, current);
}

function loadTheirs(saver, section) {
  const entry = draft(saver, section);
  const theirs = entry.conflict;
  Object.assign(entry, { content: theirs.content, version: theirs.version, saved_at: theirs.saved_at });
  Object.assign(entry, { pending: null, conflict: null });
  forget(localKey(saver, section));
  saver.onStatus(`Saved ${clockTime(theirs.saved_at)}`, "saved");
  return theirs.content;
}

// Mine wins, as the candidate chose: saved over the other tab's version.
function keepMine(saver, section) {
  const entry = draft(saver, section);
  entry.version = entry.conflict.version;
  entry.conflict = null;
  return save(saver, section);
}

function flushAll(saver, keepalive) {
  for (const section of Object.keys(saver.drafts)) save(saver, section, keepalive);
}

function replayAll(saver) {
  for (const section of Object.keys(saver.drafts)) save(saver, section);
}

export function clockTime(iso) {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
}
