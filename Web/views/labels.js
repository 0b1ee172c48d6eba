// A label version: its class distribution, and for an emotion set its polarity histogram with
// cut points that can be saved as a new version.
import { api, path, post } from "../modules/api.js";
import { el, show } from "../modules/dom.js";

export async function labels(id) {
  const data = await api(path("label-sets", id));
  const set = data.labelSet;
  const most = Math.max(1, ...Object.values(set.counts));
  const table = el("table");
  for (const name of set.classes) {
    const count = set.counts[name] || 0;
    table.append(el("tr", {}, el("td", { text: name }), el("td", { class: "n", text: String(count) }),
      el("td", {}, el("span", { class: "bar", style: "width:" + (20 * count / most).toFixed(1) + "em" }))));
  }
  const lineage = data.lineage.map((step) => step.id + " " + (step.name || "")).join(" → ");
  show(el("h1", { text: (set.name || "label set " + set.id) + " (" + set.task + ")" }),
    el("p", { text: set.labeledTracks + " labeled tracks · lineage " + lineage }),
    data.latest ? el("p", { text: "A newer version derives from this one: " + data.latest }) : "", table,
    data.scores.length ? histogram(set, data.scores) : "");
}

/** The polarity histogram of an emotion set with adjustable cut points, saved as a new version. */
function histogram(set, scores) {
  const bins = 40, counts = new Array(bins).fill(0);
  for (const score of scores) counts[Math.min(bins - 1, Math.floor((score + 1) / 2 * bins))] += 1;
  const most = Math.max(1, ...counts);
  // Start at the stored set's cut points: its highest negative and its lowest positive score.
  const sorted = [...scores].sort((a, b) => a - b);
  const negatives = set.counts.negative || 0, positives = set.counts.positive || 0;
  const storedLow = negatives ? sorted[negatives - 1] : -1, storedHigh = positives ? sorted[sorted.length - positives] : 1;
  const low = el("input", { type: "range", min: "-1", max: "1", step: "any", value: String(storedLow) });
  const high = el("input", { type: "range", min: "-1", max: "1", step: "any", value: String(storedHigh) });
  // A top-N cut splits tracks that tie at its score; cut points cannot, so say how many more they take.
  const tiedLow = scores.filter((s) => s <= storedLow).length - negatives;
  const tiedHigh = scores.filter((s) => s >= storedHigh).length - positives;
  const stored = el("p", { text: "Stored: " + negatives + " negative (score ≤ " + storedLow.toFixed(2) + "), " +
    positives + " positive (score ≥ " + storedHigh.toFixed(2) + ")" + (tiedLow || tiedHigh
      ? "; " + tiedLow + " more tracks tie at the negative cut and " + tiedHigh +
        " at the positive one, and saving these cut points labels them too"
      : ", exactly what these cut points give") });
  const canvas = el("canvas", { width: "640", height: "160" });
  const summary = el("p");
  const draw = () => {
    const context = canvas.getContext("2d"), width = canvas.width / bins;
    context.clearRect(0, 0, canvas.width, canvas.height);
    counts.forEach((count, bin) => {
      const mid = -1 + (bin + 0.5) * 2 / bins;
      context.fillStyle = mid <= Number(low.value) ? "#cb181d" : mid >= Number(high.value) ? "#2171b5" : "#bbb";
      const h = (canvas.height - 10) * count / most;
      context.fillRect(bin * width + 1, canvas.height - h, width - 2, h);
    });
    const negative = scores.filter((s) => s <= Number(low.value)).length, positive = scores.filter((s) => s >= Number(high.value)).length;
    summary.textContent = "negative ≤ " + Number(low.value).toFixed(2) + ": " + negative + " tracks · positive ≥ " +
      Number(high.value).toFixed(2) + ": " + positive + " tracks";
  };
  low.addEventListener("input", draw);
  high.addEventListener("input", draw);
  const save = el("button", { text: "Save as new version", onclick: async () => {
    if (Number(low.value) >= Number(high.value)) { alert("the negative cut must be below the positive one"); return; }
    if (!confirm("Write a new version of " + (set.name || set.id) + " with these cut points?")) return;
    try {
      const created = await post(path("label-sets", set.id, "relabel"),
        { operations: [{ op: "rethreshold", low: Number(low.value), high: Number(high.value) }] });
      location.hash = "#/labels/" + created.id;
    } catch (error) { alert(error.message); }
  } });
  setTimeout(draw);
  return el("div", {}, el("h2", { text: "Polarity scores (" + scores.length + " tracks)" }), stored, canvas,
    el("p", {}, el("label", { text: "negative cut " }), low, el("label", { text: " positive cut " }), high), summary, save);
}
