// The overview: catalogue size, the tag cloud, the tree of label versions.
import { api } from "../modules/api.js";
import { el, show } from "../modules/dom.js";

export async function overview() {
  const data = await api("overview");
  const cloud = el("p");
  const most = data.topTags.length ? data.topTags[0].tracks : 1;
  for (const tag of data.topTags) {
    const size = 0.8 + 1.2 * (tag.tracks / most);
    cloud.append(el("span", { class: "tag", style: "font-size:" + size.toFixed(2) + "em", text: tag.tag,
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
  show(el("h1", { text: data.tracks + " tracks" }), el("h2", { text: "Top tags" }), cloud,
    el("h2", { text: "Label versions" }), tree(0), el("p", {}, el("a", { href: "#/runs", text: data.runs + " runs" })));
}
