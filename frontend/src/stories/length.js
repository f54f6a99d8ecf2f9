// The live word count and the spoken length at the rubric's pace (public view `speaking`),
// counted as the grader counts (app/kinds/behavioral/signals.py): a run of non-space
// characters holding a letter or a digit is a word; a dash alone is not said.
import { formatClock } from "../dom.js";

export function wordCount(text) {
  return (text.match(/\S*[A-Za-z0-9]\S*/g) || []).length;
}

export function lengthLine(words, speaking) {
  const [low, high] = speaking.fit_words;
  const seconds = Math.round((words / speaking.words_per_minute) * 60);
  const fit = words >= low && words <= high ? "fits" : words < low ? "short" : "long";
  const advice = { fits: "fits a two to three minute answer", short: `short: ${low}-${high} words fit`, long: `long: ${low}-${high} words fit` }[fit];
  return { fit, text: `${words} words · about ${formatClock(seconds)} spoken · ${advice}` };
}
