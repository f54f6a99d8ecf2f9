// The walkthrough inside its round: the stepper and stage clock, the current stage's answer
// boxes with autosave, "Next stage" (grade the stage, then leave it), feedback on each stage
// that is over, and the summary at the end. A reload rebuilds all of it from the server.
import { api, idempotencyKey } from "../api.js";
import { el, show } from "../dom.js";
import { sectionView } from "../feedback/criteria.js";
import { afterGrading } from "../feedback/model.js";
import { createAnswerBoxes } from "./answer.js";
import { createAutosave } from "./autosave.js";
import { renderReview } from "./feedback.js";
import { renderStageClock, renderStepper, startStageClock } from "./stepper.js";
import { renderSummary } from "./summary.js";

const $ = (id) => document.getElementById(id);

export async function initWalkthrough(page) {
  const walk = { page, roundId: page.round.id, qid: page.question_id, round: page.round, data: null };
  Object.assign(walk, { position: null, assessments: {}, unanswered: null, busy: false });
  walk.below = new Map(); // attempt id -> what goes below its feedback, kept across renders
  walk.saver = createAutosave({
    roundId: walk.roundId, questionId: walk.qid,
    onStatus: (text, state) => Object.assign($("save-status"), { textContent: text, className: `save-status small ${state}` }),
    onConflict: () => ($("conflict-banner").hidden = false),
  });
  walk.boxes = createAnswerBoxes(() => walk.position !== null && walk.saver.changed(section(walk), walk.boxes.content()));
  walk.clock = startStageClock({ roundId: walk.roundId, onRound: (round, at) => applyRound(walk, round, at), onTick: renderStageClock });
  wire(walk);
  await Promise.all([refresh(walk), walk.saver.load(), loadAssessments(walk)]);
  applyRound(walk, walk.round);
  walk.clock.sync();
}

function section(walk) {
  return walk.page.stages[walk.position].section;
}

function wire(walk) {
  $("next-stage").addEventListener("click", () => nextStage(walk));
  $("load-theirs").addEventListener("click", () => {
    const theirs = walk.saver.loadTheirs(section(walk));
    walk.boxes.show(section(walk), theirs);
    $("conflict-banner").hidden = true;
  });
  $("keep-mine").addEventListener("click", () => {
    $("conflict-banner").hidden = true;
    walk.saver.keepMine(section(walk));
  });
}

// The round as the server last gave it: the clock, the stepper, and the stage shown.
function applyRound(walk, round, at) {
  walk.round = round;
  const current = round.current_stage;
  walk.clock.set(current === null ? null : round.stages[current], at);
  renderStepper(round.stages, walk.data);
  if (current !== walk.position) enterStage(walk, current);
}

function enterStage(walk, position) {
  const moved = walk.position !== null;
  walk.position = position;
  if (position === null) return finished(walk);
  const stage = walk.page.stages[position];
  $("stage-title").textContent = `Stage ${position + 1} of ${walk.page.stages.length}: ${stage.title}`;
  show($("guiding-questions"), ...stage.guiding_questions.map((question) => el("li", {}, question)));
  $("next-stage").textContent = position === walk.page.stages.length - 1 ? "Finish walkthrough" : "Next stage";
  walk.boxes.show(stage.section, walk.saver.content(stage.section));
  if (moved) refresh(walk);
}

async function finished(walk) {
  $("work-pane").hidden = true;
  document.querySelector(".design")?.classList.add("done");
  $("stage-clock-label").textContent = "Walkthrough over";
  $("stage-clock-time").textContent = "";
  document.querySelector(".guiding")?.remove();
  await refresh(walk);
}

// The walkthrough as the server has it: feedback and references of the stages that are over.
async function refresh(walk) {
  const answer = await api("GET", `/api/questions/${walk.qid}/walkthrough?round_id=${walk.roundId}`);
  if (!answer.ok) return ($("status").textContent = answer.data.detail || answer.data.title);
  walk.data = answer.data;
  renderStepper(walk.round.stages, walk.data);
  review(walk);
  if (walk.data.over) renderSummary($("summary"), walk.data, walk.assessments);
}

function review(walk) {
  const onAssess = (sectionName, criterion, verdict) => assess(walk, sectionName, criterion, verdict);
  renderReview($("review"), walk.data, walk.assessments, onAssess, (stage, card) => belowFeedback(walk, stage, card));
}

// The model's feedback and the follow-ups of a stage's answer, made once per answer (a render
// moves them, so a stream in progress and replies being typed survive it) and started only
// when its card is open: a reload does not open a stream for every stage at once.
function belowFeedback(walk, stage, card) {
  const id = stage.attempt?.attempt_id;
  if (!id || !stage.feedback) return null;
  if (!walk.below.has(id)) walk.below.set(id, el("div", { class: "after-grading" }));
  const holder = walk.below.get(id);
  const start = () => {
    if (card.open && !holder.firstChild) holder.append(...afterGrading(id, stage.feedback, { renderFeedback: regraded }));
  };
  card.addEventListener("toggle", start);
  start();
  return holder;
}

function regraded(feedback) {
  return el("div", { class: "regraded" }, ...feedback.sections.map((section) => sectionView(section, { askNext: false })));
}

async function loadAssessments(walk) {
  const answer = await api("GET", `/api/questions/${walk.qid}/assessments?round_id=${walk.roundId}`);
  const listed = answer.ok ? answer.data.items ?? answer.data.assessments ?? answer.data : [];
  for (const row of Array.isArray(listed) ? listed : []) walk.assessments[row.section] = { ...row.verdicts };
}

async function assess(walk, sectionName, criterion, verdict) {
  const verdicts = { ...(walk.assessments[sectionName] || {}), [criterion]: verdict };
  walk.assessments[sectionName] = verdicts;
  const body = { round_id: walk.roundId, verdicts };
  const answer = await api("PUT", `/api/questions/${walk.qid}/assessments/${sectionName}`, body);
  $("status").textContent = answer.ok ? "Your verdicts are saved." : `Your verdicts were not saved. ${answer.data.detail || ""}`;
  if (walk.data) review(walk);
  if (walk.data?.over) renderSummary($("summary"), walk.data, walk.assessments);
}

// Grade the stage, then leave it. One at a time: a double click neither grades twice (the
// button waits, and a retry reuses its Idempotency-Key) nor skips a stage (advance names the
// stage it leaves).
async function nextStage(walk) {
  if (walk.busy || walk.position === null) return;
  walk.busy = true;
  $("next-stage").disabled = true;
  try {
    const leaving = walk.position;
    await walk.saver.flush(section(walk));
    if (!(await submitStage(walk, leaving))) return;
    const moved = await api("POST", `/api/rounds/${walk.roundId}/advance`, { leaving });
    if (moved.ok) applyRound(walk, moved.data);
    else if (moved.data.code === "stage_already_over") await walk.clock.sync();
    else $("status").textContent = `The walkthrough did not move on. ${moved.data.detail || ""}`;
  } finally {
    walk.busy = false;
    $("next-stage").disabled = false;
  }
}

async function submitStage(walk, position) {
  const content = walk.boxes.content();
  const body = { answer: { stage: walk.page.stages[position].section, ...content }, round_id: walk.roundId };
  const text = JSON.stringify(body);
  const key = walk.unanswered?.text === text ? walk.unanswered.key : idempotencyKey();
  walk.unanswered = { text, key };
  $("status").textContent = "Grading this stage…";
  const url = `/api/questions/${walk.qid}/answers`;
  let answer = await api("POST", url, body, { "Idempotency-Key": key });
  if (answer.status === 0) answer = await api("POST", url, body, { "Idempotency-Key": key });
  if (answer.status !== 0) walk.unanswered = null;
  $("status").textContent = answer.ok ? "" : `Not graded: ${answer.data.detail || answer.data.title}`;
  return answer.ok;
}
