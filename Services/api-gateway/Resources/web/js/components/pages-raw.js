// Calls whose response headers matter (paging cursor, download filename).
import { api } from '../api.js';

/** GET with the headers kept: `{ body, headers }`; an error status throws like `api` does. */
export async function getWithHeaders(path, query) {
  const res = await api('GET', path, { query, raw: true });
  if (!res.ok) throw await responseError(res);
  return { body: await res.json(), headers: res.headers };
}

/** An Error carrying the API's `{"error": …}` text and the status, for a non-2xx raw response. */
export async function responseError(res) {
  let message = `Request failed (HTTP ${res.status})`;
  let body = null;
  try {
    body = await res.json();
    if (body && typeof body.error === 'string') message = body.error;
  } catch { /* not JSON: keep the status text */ }
  const err = new Error(message);
  err.status = res.status;
  err.body = body;
  return err;
}
