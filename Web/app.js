// Tagmine's review UI: plain JavaScript, no build step, no third-party code. Every piece of user
// text (tags, titles, class names, track ids) goes into the page through textContent, never HTML.
"use strict";

const view = document.getElementById("view");
const tokenInput = document.getElementById("token");
tokenInput.value = sessionStorage.getItem("tagmine-token") || "";
document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("tagmine-token", tokenInput.value.trim());
  route();
});

/** An element with text content and children: the only way this UI puts data on the page. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    // Through the CSSOM: the Content-Security-Policy refuses style attributes.
    else if (key === "style") node.style.cssText = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const token = sessionStorage.getItem("tagmine-token");
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch("/api/" + path, Object.assign({}, options, { headers }));
  if (!response.ok) {
    let message = response.status + " " + response.statusText;
    let body = {};
    try { body = await response.json(); message = body.error.message; } catch (_) { /* not JSON */ }
    const error = new Error(message);
    error.status = response.status;
    error.body = body;
    throw error;
  }
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response.blob();
}

/** An audio player for a track; the file is fetched with the token, so no cookie is needed. */
function player(track, waveform) {
  const audio = el("audio", { controls: "" });
  api("tracks/" + encodeURIComponent(track) + "/audio")
    .then((blob) => {
      audio.src = URL.createObjectURL(blob);
      if (waveform) drawWaveform(blob, waveform);
    })
    .catch((error) => audio.replaceWith(el("span", { class: "error", text: error.message })));
  return audio;
}

/** A tag's stored evidence in words: keyword hits name their class, lexicon matches their score. */
function describe(evidence) {
  try {
    return JSON.parse(evidence).map((entry) => entry.className
      ? "keyword " + entry.keyword + (entry.excludes ? " excludes " : " → ") + entry.className
      : "lexicon " + entry.term + " " + Number(entry.score).toFixed(2) + (entry.negated ? " (negated)" : "")).join("; ");
  } catch (_) {
    return evidence;
  }
}

/** The clip's waveform (peak per pixel column), decoded in the browser. */
async function drawWaveform(blob, canvas) {
  try {
    const audio = await new AudioContext().decodeAudioData(await blob.arrayBuffer());
    const samples = audio.getChannelData(0), context = canvas.getContext("2d");
    const step = Math.max(1, Math.floor(samples.length / canvas.width)), middle = canvas.height / 2;
    context.fillStyle = "#2171b5";
    for (let x = 0; x < canvas.width; x++) {
      let peak = 0;
      for (let i = x * step; i < Math.min(samples.length, (x + 1) * step); i++) peak = Math.max(peak, Math.abs(samples[i]));
      context.fillRect(x, middle - peak * middle, 1, Math.max(1, 2 * peak * middle));
    }
  } catch (_) { /* the player still works without a picture */ }
}

function show(...nodes) {
  view.replaceChildren(...nodes);
}

function fail(error) {
  show(el("p", { class: "error", text: error.message }));
}

async function overview() {
  const data = await api("overview");
  const tags = el("p");
  const top = data.topTags.length ? data.topTags[0].tracks : 1;
  for (const tag of data.topTags) {
    const size = 0.8 + 1.2 * (tag.tracks / top);
    tags.append(el("span", { class: "tag", style: "font-size:" + size.toFixed(2) + "em", text: tag.tag,
      title: tag.tracks + " tracks" }));
  }
  const children = new Map();
  for (const set of data.labelSets) {
    const parent = set.parentID || 0;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(set);
  }
  const tree = (parent) => {
    const list = el("ul", { class: "tree" });
    for (const set of children.get(parent) || []) {
      const counts = set.classes.map((name) => name + " " + (set.counts[name] || 0)).join(", ");
      const item = el("li", {}, el("a", { href: "#/labels/" + set.id, text: set.id + " " + (set.name || "") }),
        el("span", { text: " · " + set.task + " · " + counts }));
      if (children.has(set.id)) item.append(tree(set.id));
      list.append(item);
    }
    return list;
  };
  show(el("h1", { text: data.tracks + " tracks" }), el("h2", { text: "Top tags" }), tags,
    el("h2", { text: "Label versions" }), tree(0), el("p", {}, el("a", { href: "#/runs", text: data.runs + " runs" })));
}

async function labels(id) {
  const data = await api("label-sets/" + encodeURIComponent(id));
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
      const created = await api("label-sets/" + set.id + "/relabel", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ operations: [{ op: "rethreshold", low: Number(low.value), high: Number(high.value) }] }),
      });
      location.hash = "#/labels/" + created.id;
    } catch (error) { alert(error.message); }
  } });
  setTimeout(draw);
  return el("div", {}, el("h2", { text: "Polarity scores (" + scores.length + " tracks)" }), stored, canvas,
    el("p", {}, el("label", { text: "negative cut " }), low, el("label", { text: " positive cut " }), high), summary, save);
}

async function runs() {
  const list = await api("runs");
  const table = el("table", {}, el("tr", {}, ...["run", "label set", "model", "tracks", ""].map((h) => el("th", { text: h }))));
  for (const run of list) {
    table.append(el("tr", {}, el("td", {}, el("a", { href: "#/run/" + run.id, text: run.id + " " + (run.name || "") })),
      el("td", { text: String(run.labelSet) }), el("td", { text: run.model + " on " + run.extractor }),
      el("td", { class: "n", text: String(run.tracks) }),
      el("td", {}, el("a", { href: "#/queue/" + run.id, text: "review queue" }))));
  }
  const first = el("select", {}, ...list.map((run) => el("option", { value: String(run.id), text: run.id + " " + (run.name || "") })));
  const second = el("select", {}, ...list.map((run) => el("option", { value: String(run.id), text: run.id + " " + (run.name || "") })));
  if (list.length > 1) second.value = String(list[list.length - 1].id);
  const go = el("button", { text: "Compare side by side", onclick: () => { location.hash = "#/compare/" + first.value + "/" + second.value; } });
  show(el("h1", { text: "Runs" }), table, el("p", {}, first, el("span", { text: " → " }), second, go));
}

async function report(id) {
  const doc = await api("runs/" + encodeURIComponent(id) + "/report?normalize=true");
  const runs = await api("runs");
  reports.set(String(id), { labelSetID: (runs.find((r) => String(r.id) === String(id) || r.name === id) || {}).labelSet });
  const tracks = el("div");
  const matrix = el("table", {}, el("tr", {}, el("th", { text: "given \\ predicted" }),
    ...doc.classes.map((name) => el("th", { text: name }))));
  doc.classes.forEach((given, row) => {
    const cells = doc.classes.map((predicted, column) => {
      const share = doc.normalized[row][column];
      const color = row === column ? "33,113,181" : "203,24,29";
      return el("td", {
        class: "cell", style: "background:rgba(" + color + "," + share.toFixed(2) + ")",
        title: given + " → " + predicted, text: String(doc.confusion.counts[row][column]),
        onclick: () => cell(id, given, predicted, tracks),
      });
    });
    matrix.append(el("tr", {}, el("th", { text: given }), ...cells));
  });
  const metrics = el("table", {}, el("tr", {}, ...["class", "precision", "recall", "F1", "support"].map((h) => el("th", { text: h }))));
  for (const row of doc.report.classes) {
    metrics.append(el("tr", {}, el("td", { text: row.name }),
      ...[row.precision, row.recall, row.f1].map((v) => el("td", { class: "n", text: Number(v).toFixed(3) })),
      el("td", { class: "n", text: String(row.support) })));
  }
  const steps = el("ol");
  for (const suggestion of doc.suggestions) {
    const item = el("li", {}, el("code", { text: suggestion.command }), el("br"), el("span", { text: suggestion.reason }),
      el("br"), el("button", { text: "Apply as a new version", onclick: () => apply(doc, suggestion) }));
    steps.append(item);
  }
  show(el("h1", { text: "Run " + doc.run.id + " on " + doc.run.labelSet }),
    el("p", { text: doc.run.model + " on " + doc.run.extractor + ", " + doc.run.tracks + " tracks, accuracy " +
      Number(doc.report.accuracy).toFixed(3) }),
    el("h2", { text: "Confusion matrix (click a cell for its tracks)" }), matrix, tracks,
    el("h2", { text: "Precision, recall, F1" }), metrics,
    el("h2", { text: "Training loss per epoch" }), curves(doc.curves),
    el("h2", { text: "Suggestions" }), steps, secondOpinion(doc.secondOpinion),
    el("p", {}, el("a", { href: "#/queue/" + doc.run.id, text: "Review queue (" + doc.queue.length + " tracks)" })));
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

const reports = new Map();
const doc = (run) => reports.get(String(run)) || {};

/** Training curves as an SVG of polylines, one per fold. */
function curves(series) {
  const svgNS = "http://www.w3.org/2000/svg", width = 480, height = 160;
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("width", String(width + 90));
  svg.setAttribute("height", String(height + 10));
  const values = series.flatMap((s) => s.values);
  const top = Math.max(...values, 1e-9), longest = Math.max(2, ...series.map((s) => s.values.length));
  const colors = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"];
  series.forEach((line, index) => {
    const polyline = document.createElementNS(svgNS, "polyline");
    polyline.setAttribute("fill", "none");
    polyline.setAttribute("stroke", colors[index % colors.length]);
    polyline.setAttribute("points", line.values.map((v, i) => (i * width / (longest - 1)).toFixed(1) + "," +
      (height - v / top * height + 5).toFixed(1)).join(" "));
    svg.append(polyline);
    const label = document.createElementNS(svgNS, "text");
    label.setAttribute("x", String(width + 10));
    label.setAttribute("y", String(15 + index * 14));
    label.setAttribute("fill", colors[index % colors.length]);
    label.textContent = line.name;
    svg.append(label);
  });
  return svg;
}

async function cell(run, given, predicted, target) {
  const entries = await api("runs/" + encodeURIComponent(run) + "/predictions?given=" + encodeURIComponent(given) +
    "&predicted=" + encodeURIComponent(predicted));
  const list = el("table");
  for (const entry of entries.slice(0, 30)) {
    const tags = el("td");
    api("tracks/" + encodeURIComponent(entry.track)).then((detail) => {
      tags.append(...detail.track.tags.map((tag) => el("span", { class: "tag", text: tag })));
      const labels = detail.labels.find((l) => l.labelSet === doc(run).labelSetID);
      if (labels) tags.append(el("div", { class: "keys", text: labels.labels.tagEvidence.map((h) => h.tag + ": " + describe(h.evidence)).join(" · ") }));
    }).catch(() => {});
    list.append(el("tr", {}, el("td", { text: entry.track }), el("td", {}, player(entry.track)), tags));
  }
  target.replaceChildren(el("h3", { text: entries.length + " tracks given " + given + ", predicted " + predicted }), list);
}

/** Applies a suggestion's operations (drop, merge or single-track fixes) as one new version. */
async function apply(doc, suggestion) {
  if (!confirm("Create a new version of " + doc.run.labelSet + ": " + suggestion.command + "?")) return;
  try {
    const set = await api("label-sets/" + encodeURIComponent(doc.run.labelSet) + "/relabel", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ operations: suggestion.operations, note: "applied from the review UI" }),
    });
    location.hash = "#/labels/" + set.id;
  } catch (error) { alert(error.message); }
}

async function queue(runID) {
  const doc = await api("runs/" + encodeURIComponent(runID) + "/report");
  const runs = await api("runs");
  const run = runs.find((r) => String(r.id) === String(runID) || r.name === runID);
  const corrections = new Map();
  let index = 0;
  const card = el("div", { class: "card" });
  const status = el("p");
  const save = el("button", { text: "Save corrections as a new version", onclick: async () => {
    try {
      const set = await api("annotations", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ parent: run.labelSet, corrections: [...corrections.entries()].map(([track, classes]) => ({ track, classes })) }),
      });
      status.textContent = "Saved as label set " + set.id + ".";
      corrections.clear();
    } catch (error) {
      status.textContent = error.status === 409 ? error.message + " (latest: " + error.body.head + ")" : error.message;
    }
  } });
  const next = () => { index = Math.min(index + 1, doc.queue.length - 1); draw(); };
  const choose = (classes) => { corrections.set(doc.queue[index].track, classes); status.textContent = corrections.size + " corrections"; next(); };
  async function draw() {
    if (!doc.queue.length) { card.replaceChildren(el("p", { text: "Nothing to review." })); return; }
    const entry = doc.queue[index];
    const detail = await api("tracks/" + encodeURIComponent(entry.track));
    const waveform = el("canvas", { width: "600", height: "80", class: "waveform" });
    const tags = el("p", {}, ...detail.track.tags.map((tag) => el("span", { class: "tag", text: tag })));
    const evidence = el("ul");
    for (const set of detail.labels.filter((l) => l.labelSet === run.labelSet)) {
      for (const hit of set.labels.tagEvidence) evidence.append(el("li", { text: hit.tag + ": " + describe(hit.evidence) }));
    }
    const buttons = doc.classes.map((name, i) => el("button", { text: (i + 1) + " " + name, onclick: () => choose([name]) }));
    card.replaceChildren(el("h2", { text: entry.track + " (" + (index + 1) + " of " + doc.queue.length + ")" }),
      el("p", { text: (detail.track.title || "") + " · " + (detail.track.artist || "") }),
      waveform, player(entry.track, waveform),
      el("p", { text: "given " + entry.issue.given + " (" + entry.issue.givenProbability.toFixed(2) + "), predicted " +
        entry.issue.predicted + " (" + entry.issue.predictedProbability.toFixed(2) + ")" }),
      entry.tagger ? el("p", { class: "tagger", text: doc.secondOpinion.model + " hears " + entry.tagger.tag + " (" +
        entry.tagger.probability.toFixed(2) + ")" + (entry.tagger.className === entry.issue.given ? ", as the text says" : "") }) : "",
      tags, el("h3", { text: "Where the label came from" }), evidence,
      el("p", {}, el("button", { text: "k keep", onclick: next }),
        el("button", { text: "p take prediction", onclick: () => choose([entry.issue.predicted]) }),
        el("button", { text: "s skip", onclick: next }), ...buttons),
      el("p", { class: "keys", text: "Keys: k keep · p take the prediction · 1–9 pick a class · s skip · space play/pause" }));
  }
  document.onkeydown = (event) => {
    if (!location.hash.startsWith("#/queue/") || event.target.tagName === "INPUT") return;
    const entry = doc.queue[index];
    if (event.key === "k" || event.key === "s") next();
    else if (event.key === "p") choose([entry.issue.predicted]);
    else if (/^[1-9]$/.test(event.key) && doc.classes[Number(event.key) - 1]) choose([doc.classes[Number(event.key) - 1]]);
    else if (event.key === " ") { const audio = card.querySelector("audio"); if (audio) { event.preventDefault(); audio.paused ? audio.play() : audio.pause(); } }
  };
  show(el("h1", { text: "Review queue of run " + runID }), card, save, status);
  draw();
}

async function compare(first, second) {
  const data = await api("compare?first=" + encodeURIComponent(first) + "&second=" + encodeURIComponent(second));
  const f = (v) => Number(v).toFixed(3);
  const summary = el("table", {}, el("tr", {}, ...["", "run " + first, "run " + second, "change"].map((h) => el("th", { text: h }))));
  for (const [name, a, b] of [["accuracy", data.first.accuracy, data.second.accuracy],
    ["macro F1", data.first.macro.f1, data.second.macro.f1], ["weighted F1", data.first.weighted.f1, data.second.weighted.f1]]) {
    summary.append(el("tr", {}, el("td", { text: name }), el("td", { class: "n", text: f(a) }), el("td", { class: "n", text: f(b) }),
      el("td", { class: "n", text: (b - a >= 0 ? "+" : "") + f(b - a) })));
  }
  const second_ = new Map(data.second.classes.map((row) => [row.name, row]));
  const classes = el("table", {}, el("tr", {}, ...["class", "precision", "recall", "F1"].map((h) => el("th", { text: h }))));
  for (const row of data.first.classes) {
    const other = second_.get(row.name);
    const cell = (key) => el("td", { class: "n", text: other ? f(row[key]) + " → " + f(other[key]) : f(row[key]) + " → (dropped)" });
    classes.append(el("tr", {}, el("td", { text: row.name }), cell("precision"), cell("recall"), cell("f1")));
  }
  for (const row of data.second.classes.filter((r) => !data.first.classes.some((c) => c.name === r.name))) {
    classes.append(el("tr", {}, el("td", { text: row.name + " (new)" }), el("td", { class: "n", text: f(row.precision) }),
      el("td", { class: "n", text: f(row.recall) }), el("td", { class: "n", text: f(row.f1) })));
  }
  show(el("h1", { text: "Run " + first + " → run " + second }), summary, classes);
}

function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  const pages = { "": overview, labels: labels, runs: runs, run: report, queue: queue, compare: compare };
  const page = pages[parts[0]] || overview;
  page(...parts.slice(1).map(decodeURIComponent)).catch(fail);
}

window.addEventListener("hashchange", route);
route();
