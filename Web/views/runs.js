// The runs, and two runs compared side by side.
import { api } from "../modules/api.js";
import { el, show } from "../modules/dom.js";

export async function runs() {
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

export async function compare(first, second) {
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
