// Tagmine's review UI: native ES modules, no build step, no third-party code. This module signs in
// with the token and routes `#/page/arguments` to one view module.
import { setToken, token } from "./modules/api.js";
import { fail, keys } from "./modules/dom.js";
import { labels } from "./views/labels.js";
import { overview } from "./views/overview.js";
import { queue } from "./views/queue.js";
import { reportView } from "./views/report.js";
import { compare, runs } from "./views/runs.js";

const pages = { "": overview, labels, runs, run: reportView, queue, compare };

function route() {
  keys(null);
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  const page = pages[parts[0]] || overview;
  page(...parts.slice(1).map(decodeURIComponent)).catch(fail);
}

const tokenInput = document.getElementById("token");
tokenInput.value = token();
document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  setToken(tokenInput.value.trim());
  route();
});
window.addEventListener("hashchange", route);
route();
