// The review queue: one track at a time with its waveform and audio, given and predicted label,
// tags and evidence; corrections saved together as one new version.
import { api, path, post } from "../modules/api.js";
import { player } from "../modules/charts.js";
import { describe, el, keys, show } from "../modules/dom.js";

export async function queue(runID) {
  const report = await api(path("runs", runID, "report"));
  if (report.multiLabel) { await labelQueue(report); return; }
  const corrections = new Map();
  let index = 0;
  const card = el("div", { class: "card" });
  const status = el("p");
  const save = saveButton(report, corrections, status);
  const next = () => { index = Math.min(index + 1, report.queue.length - 1); draw().catch(showError); };
  const choose = (classes) => {
    corrections.set(report.queue[index].track, classes);
    status.textContent = corrections.size + " corrections";
    next();
  };
  const showError = (error) => card.replaceChildren(el("p", { class: "error", text: error.message }));

  async function draw() {
    if (!report.queue.length) { card.replaceChildren(el("p", { text: "Nothing to review." })); return; }
    const entry = report.queue[index];
    const detail = await api(path("tracks", entry.track));
    const waveform = el("canvas", { width: "600", height: "80", class: "waveform" });
    const tags = el("p", {}, ...detail.track.tags.map((tag) => el("span", { class: "tag", text: tag })));
    const evidence = el("ul");
    for (const version of detail.labels.filter((l) => l.labelSet === report.run.labelSetID)) {
      for (const hit of version.labels.tagEvidence) evidence.append(el("li", { text: hit.tag + ": " + describe(hit.evidence) }));
    }
    const buttons = report.classes.map((name, i) => el("button", { text: (i + 1) + " " + name, onclick: () => choose([name]) }));
    card.replaceChildren(el("h2", { text: entry.track + " (" + (index + 1) + " of " + report.queue.length + ")" }),
      el("p", { text: (detail.track.title || "") + " · " + (detail.track.artist || "") }),
      waveform, player(entry.track, waveform),
      el("p", { text: "given " + entry.issue.given + " (" + entry.issue.givenProbability.toFixed(2) + "), predicted " +
        entry.issue.predicted + " (" + entry.issue.predictedProbability.toFixed(2) + ")" }),
      entry.tagger ? el("p", { class: "tagger", text: report.secondOpinion.model + " hears " + entry.tagger.tag + " (" +
        entry.tagger.probability.toFixed(2) + ")" + (entry.tagger.className === entry.issue.given ? ", as the text says" : "") }) : "",
      tags, el("h3", { text: "Where the label came from" }), evidence,
      el("p", {}, el("button", { text: "k keep", onclick: next }),
        el("button", { text: "p take prediction", onclick: () => choose([entry.issue.predicted]) }),
        el("button", { text: "s skip", onclick: next }), ...buttons),
      el("p", { class: "keys", text: "Keys: k keep · p take the prediction · 1–9 pick a class · s skip · space play/pause" }));
  }

  keys((event) => {
    const entry = report.queue[index];
    if (!entry) return;
    if (event.key === "k" || event.key === "s") next();
    else if (event.key === "p") choose([entry.issue.predicted]);
    else if (/^[1-9]$/.test(event.key) && report.classes[Number(event.key) - 1]) choose([report.classes[Number(event.key) - 1]]);
    else if (event.key === " ") {
      const audio = card.querySelector("audio");
      if (audio) { event.preventDefault(); audio.paused ? audio.play() : audio.pause(); }
    }
  });
  show(el("h1", { text: "Review queue of run " + runID }), card, save, status);
  await draw();
}

/**
 * A multi-label run's queue: one disputed (track, class) decision at a time, a label the model
 * doubts or one it would add; taking the model's side removes or adds that class to the track's
 * labels, and the corrections are saved together as one new version.
 */
async function labelQueue(report) {
  const corrections = new Map();
  let index = 0;
  const card = el("div", { class: "card" });
  const status = el("p");
  const save = saveButton(report, corrections, status);
  const showError = (error) => card.replaceChildren(el("p", { class: "error", text: error.message }));
  const next = () => { index = Math.min(index + 1, report.queue.length - 1); draw().catch(showError); };
  let current = null;
  const takeModel = () => {
    const entry = report.queue[index];
    const classes = new Set(corrections.get(entry.track) ?? current);
    if (entry.given) classes.delete(entry.className); else classes.add(entry.className);
    corrections.set(entry.track, classes);
    status.textContent = corrections.size + " tracks corrected";
    next();
  };

  async function draw() {
    if (!report.queue.length) { card.replaceChildren(el("p", { text: "Nothing to review." })); return; }
    const entry = report.queue[index];
    const detail = await api(path("tracks", entry.track));
    const versions = detail.labels.filter((l) => l.labelSet === report.run.labelSetID);
    current = versions.flatMap((version) => version.labels.labels.map((label) => label.className));
    const labels = corrections.get(entry.track) ?? new Set(current);
    const waveform = el("canvas", { width: "600", height: "80", class: "waveform" });
    const evidence = el("ul");
    for (const version of versions) {
      for (const hit of version.labels.tagEvidence) evidence.append(el("li", { text: hit.tag + ": " + describe(hit.evidence) }));
    }
    const verdict = (entry.given ? "labeled " : "not labeled ") + entry.className + ", the model gives " +
      entry.probability.toFixed(2) + " (threshold " + entry.threshold.toFixed(2) + ")";
    card.replaceChildren(el("h2", { text: entry.track + " (" + (index + 1) + " of " + report.queue.length + ")" }),
      el("p", { text: (detail.track.title || "") + " · " + (detail.track.artist || "") }),
      waveform, player(entry.track, waveform), el("p", { text: verdict }),
      el("p", { text: "labels now: " + ([...labels].join(", ") || "none") }),
      el("p", {}, ...detail.track.tags.map((tag) => el("span", { class: "tag", text: tag }))),
      el("h3", { text: "Where the labels came from" }), evidence,
      el("p", {}, el("button", { text: "k keep", onclick: next }),
        el("button", { text: (entry.given ? "r remove " : "a add ") + entry.className, onclick: takeModel }),
        el("button", { text: "s skip", onclick: next })),
      el("p", { class: "keys", text: "Keys: k keep · " + (entry.given ? "r remove" : "a add") +
        " the class · s skip · space play/pause" }));
  }

  keys((event) => {
    const entry = report.queue[index];
    if (!entry) return;
    if (event.key === "k" || event.key === "s") next();
    else if (event.key === (entry.given ? "r" : "a")) takeModel();
    else if (event.key === " ") {
      const audio = card.querySelector("audio");
      if (audio) { event.preventDefault(); audio.paused ? audio.play() : audio.pause(); }
    }
  });
  show(el("h1", { text: "Review queue of run " + report.run.id + " (multi-label)" }), card, save, status);
  await draw();
}

/** "Save": the corrections (track → its classes, a list or a set) as one new version of the run's labels. */
function saveButton(report, corrections, status) {
  return el("button", { text: "Save corrections as a new version", onclick: async () => {
    try {
      const set = await post("annotations", {
        parent: report.run.labelSetID,
        corrections: [...corrections.entries()].map(([track, classes]) => ({ track, classes: [...classes] })),
      });
      status.textContent = "Saved as label set " + set.id + ".";
      corrections.clear();
    } catch (error) {
      status.textContent = error.status === 409 ? error.message + " (latest: " + error.body.head + ")" : error.message;
    }
  } });
}
