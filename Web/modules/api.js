// The JSON API, with the token the user gave: the only place the UI talks to the server.

/** The token the user entered, kept for this tab only. */
export function token() {
  return sessionStorage.getItem("tagmine-token") || "";
}

export function setToken(value) {
  sessionStorage.setItem("tagmine-token", value);
}

/** `path` under /api/ with each dynamic part encoded: api.path("tracks", id, "audio"). */
export function path(...parts) {
  return parts.map((part) => encodeURIComponent(String(part))).join("/");
}

/** GET (or `options.method`) /api/`path`; JSON or a Blob back, or an Error with the server's message. */
export async function api(resource, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token()) headers.Authorization = "Bearer " + token();
  const response = await fetch("/api/" + resource, Object.assign({}, options, { headers }));
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

/** POST JSON to /api/`resource`. */
export function post(resource, body) {
  return api(resource, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}
