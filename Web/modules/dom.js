// Building the page: every piece of user text (tags, titles, class names, track ids) goes in through
// textContent, never HTML.

const view = document.getElementById("view");

/** An element with text content and children: the only way this UI puts data on the page. */
export function el(tag, attributes = {}, ...children) {
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

let keyHandler = null;
// One listener for the page's lifetime; each view says which keys it takes (see `keys`).
document.addEventListener("keydown", (event) => {
  if (keyHandler && event.target.tagName !== "INPUT") keyHandler(event);
});

/** The current view's keyboard shortcuts, or `null` for none; the router clears them on every change of page. */
export function keys(handler) {
  keyHandler = handler;
}

/** Replaces the page's content. */
export function show(...nodes) {
  view.replaceChildren(...nodes);
}

/** Shows an error in place of the page. */
export function fail(error) {
  show(el("p", { class: "error", text: error.message }));
}

/** A tag's evidence in words: keyword hits name their class, lexicon matches their score. */
export function describe(evidence) {
  return evidence.map((entry) => "keyword" in entry
    ? "keyword " + entry.keyword + (entry.excludes ? " excludes " : " → ") + entry.className
    : "lexicon " + entry.term + " " + Number(entry.score).toFixed(2) + (entry.negated ? " (negated)" : "")).join("; ");
}
