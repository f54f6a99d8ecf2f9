// Calls to the JSON API. Every failure comes back as a problem (RFC 9457) a person can read.

const NETWORK_PROBLEM = {
  title: "The server did not answer",
  detail: "Check that drill is still running, then try again. Your SQL is kept in this browser.",
  code: "network_error",
};

// `keepalive` lets a request made as the page is hidden outlive the page.
export async function api(method, url, body, headers = {}, { keepalive = false } = {}) {
  const init = { method, keepalive, headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    return { ok: false, status: 0, data: NETWORK_PROBLEM };
  }
  const data = await response.json().catch(() => ({
    title: `The server answered ${response.status}`,
    detail: "The answer was not JSON. Try again; if it keeps happening, restart the server.",
  }));
  return { ok: response.ok, status: response.status, data };
}

// A key per submission, so a retried request is recorded once (the server replays it).
export function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
