// A run's report: the confusion matrix (click a cell for its tracks), precision / recall / F1,
// training curves, suggestions to apply, and a pretrained tagger's second opinion.
import { api, path, post } from "../modules/api.js";
import { curves, player } from "../modules/charts.js";
import { describe, el, show } from "../modules/dom.js";

export async function reportView(id) {
  const report = await api(path("runs", id, "report") + "?normalize=true");
  if (report.multiLabel) { multiLabelReport(report); return; }
  const tracks = el("div");
  const matrix = el("table", {}, el("tr", {}, el("th", { text: "given \\ predicted" }),
    ...report.classes.map((name) => el("th", { text: name }))));
  report.classes.forEach((given, row) => {
    const cells = report.classes.map((predicted, column) => {
      const share = report.normalized[row][column];
      const color = row === column ? "33,113,181" : "203,24,29";
      return el("td", {
        class: "cell", style: "background:rgba(" + color + "," + share.toFixed(2) + ")",
        title: given + " → " + predicted, text: String(report.confusion.counts[row][column]),
        onclick: () => cell(id, given, predicted, tracks).catch((error) =>
          tracks.replaceChildren(el("p", { class: "error", text: error.message }))),
      });
    });
    matrix.append(el("tr", {}, el("th", { text: given }), ...cells));
  });
  const metrics = el("table", {}, el("tr", {}, ...["class", "precision", "recall", "F1", "support"].map((h) => el("th", { text: h }))));
  for (const row of report.report.classes) {
    metrics.append(el("tr", {}, el("td", { text: row.name }),
      ...[row.precision, row.recall, row.f1].map((v) => el("td", { class: "n", text: Number(v).toFixed(3) })),
      el("td", { class: "n", text: String(row.support) })));
  }
  const steps = el("ol");
  for (const suggestion of report.suggestions) {
    steps.append(el("li", {}, el("code", { text: suggestion.command }), el("br"), el("span", { text: suggestion.reason }),
      el("br"), el("button", { text: "Apply as a new version", onclick: () => apply(report.run, suggestion) })));
  }
  show(el("h1", { text: "Run " + report.run.id + " on " + report.run.labelSet }),
    el("p", { text: report.run.model + " on " + report.run.extractor + ", " + report.run.tracks + " tracks, accuracy " +
      Number(report.report.accuracy).toFixed(3) }),
    el("h2", { text: "Confusion matrix (click a cell for its tracks)" }), matrix, tracks,
    el("h2", { text: "Precision, recall, F1" }), metrics,
    el("h2", { text: "Training loss per epoch" }), curves(report.curves),
    el("h2", { text: "Suggestions" }), steps, secondOpinion(report.secondOpinion),
    el("p", {}, el("a", { href: "#/queue/" + report.run.id, text: "Review queue (" + report.queue.length + " tracks)" })));
}

/** A multi-label run: per class the metrics at its threshold and the ranking scores, then the averages. */
function multiLabelReport(document) {
  const fixed = (value) => value === null || value === undefined || value === "NaN" ? "–" : Number(value).toFixed(3);
  const headings = ["class", "precision", "recall", "F1", "support", "threshold", "ROC-AUC", "PR-AUC"];
  const metrics = el("table", {}, el("tr", {}, ...headings.map((h) => el("th", { text: h }))));
  for (const entry of document.report.classes) {
    const row = entry.row;
    metrics.append(el("tr", {}, el("td", { text: row.name }),
      ...[row.precision, row.recall, row.f1].map((v) => el("td", { class: "n", text: fixed(v) })),
      el("td", { class: "n", text: String(row.support) }),
      ...[entry.threshold, entry.rocAUC, entry.averagePrecision].map((v) => el("td", { class: "n", text: fixed(v) }))));
  }
  for (const average of ["micro", "macro", "weighted", "samples"]) {
    const row = document.report[average];
    metrics.append(el("tr", {}, el("th", { text: average + " avg" }),
      ...[row.precision, row.recall, row.f1].map((v) => el("td", { class: "n", text: fixed(v) })),
      el("td", { class: "n", text: String(row.support) })));
  }
  show(el("h1", { text: "Run " + document.run.id + " on " + document.run.labelSet }),
    el("p", { text: document.run.model + " on " + document.run.extractor + ", " + document.run.tracks +
      " tracks, several labels per track" }),
    el("h2", { text: "Precision, recall, F1 at each class's threshold" }), metrics,
    el("p", {}, el("a", { href: "#/queue/" + document.run.id,
      text: "Review queue (" + document.queue.length + " disputed labels)" })));
}

/** A confusion-matrix cell's tracks, each playable, with its tags and the evidence behind its label. */
async function cell(run, given, predicted, target) {
  const data = await api(path("runs", run, "cell") + "?given=" + encodeURIComponent(given) +
    "&predicted=" + encodeURIComponent(predicted));
  const list = el("table");
  for (const entry of data.tracks) {
    const tags = el("td", {}, ...entry.tags.map((tag) => el("span", { class: "tag", text: tag })));
    if (entry.evidence.length) {
      tags.append(el("div", { class: "keys", text: entry.evidence.map((hit) => hit.tag + ": " + describe(hit.evidence)).join(" · ") }));
    }
    list.append(el("tr", {}, el("td", { text: entry.track }), el("td", {}, player(entry.track)), tags));
  }
  target.replaceChildren(el("h3", { text: data.total + " tracks given " + given + ", predicted " + predicted +
    (data.total > data.tracks.length ? " (the first " + data.tracks.length + ")" : "") }), list);
}

/** Applies a suggestion's operations (drop, merge or single-track fixes) as one new version. */
async function apply(run, suggestion) {
  if (!confirm("Create a new version of " + run.labelSet + ": " + suggestion.command + "?")) return;
  try {
    const set = await post(path("label-sets", run.labelSetID ?? run.labelSet, "relabel"),
      { operations: suggestion.operations, note: "applied from the review UI" });
    location.hash = "#/labels/" + set.id;
  } catch (error) { alert(error.message); }
}

/** Where a pretrained tagger contradicts the text-mined labels, strongest first. */
function secondOpinion(opinion) {
  if (!opinion) return "";
  const list = el("ul", { class: "disagreements" });
  for (const d of opinion.disagreements.slice(0, 20)) {
    list.append(el("li", { text: d.track + ": text says " + d.given + ", " + opinion.model + " says " + d.tagger.tag +
      " " + d.tagger.probability.toFixed(2) }));
  }
  return el("section", {}, el("h2", { text: "A second opinion: " + opinion.model }),
    el("p", { text: opinion.model + " heard " + opinion.tracks + " tracks and contradicts the text on " +
      opinion.disagreements.length + "." }), list);
}
