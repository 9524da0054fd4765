// fetch() for the gateway's JSON API: Bearer token, JSON bodies, and one
// error type carrying the server's `{"error": "…"}` text.
import { clearToken, getToken } from './auth.js';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

/**
 * api('GET', '/api/sessions/active') → parsed JSON (null for an empty body).
 * options: body (sent as JSON), query (object; null/undefined/'' skipped),
 * raw (return the Response itself when it is a success).
 * A token the server refuses (401, or 403 "Invalid or expired token") is
 * dropped and the app goes back to #/login.
 */
export async function api(method, path, { body, query, raw } = {}) {
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
    }
    const text = params.toString();
    if (text) url += (url.includes('?') ? '&' : '?') + text;
  }
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = { method, headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'The server cannot be reached', null);
  }
  if (raw && response.ok) return response;

  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!response.ok) {
    const message = data && typeof data === 'object' && typeof data.error === 'string'
      ? data.error : `Request failed (HTTP ${response.status})`;
    if (token && (response.status === 401 || response.status === 403)) {
      clearToken('rejected');
      if (location.hash !== '#/login' && !location.pathname.startsWith('/overlay')) location.hash = '#/login';
    }
    throw new ApiError(response.status, message, data);
  }
  return data;
}
