// The admin's token (a JWT from POST /api/auth/login), kept in
// localStorage so every tab shares it, and only until its `exp`: a timer
// logs out at that moment, and any token past it reads as no token.

const storageKey = 'gamenight.token';
const listeners = new Set();
let expiryTimer = null;

/** The token's claims ({name, role, iat, exp}), or null if unreadable. */
export function decodeClaims(token) {
  try {
    const part = token.split('.')[1];
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

function expiresAt(token) {
  const exp = decodeClaims(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : 0;
}

/** The token while it is valid, else null (and a stale one is dropped). */
export function getToken() {
  let token = null;
  try { token = localStorage.getItem(storageKey); } catch { return null; }
  if (!token) return null;
  if (expiresAt(token) <= Date.now()) {
    clearToken('expired');
    return null;
  }
  return token;
}

export function setToken(token) {
  localStorage.setItem(storageKey, token);
  scheduleExpiry();
}

/** Forgets the token; listeners hear why ('logout', 'expired', 'rejected'). */
export function clearToken(reason = 'logout') {
  let had = false;
  try {
    had = localStorage.getItem(storageKey) !== null;
    localStorage.removeItem(storageKey);
  } catch { /* storage unavailable: nothing kept */ }
  clearTimeout(expiryTimer);
  expiryTimer = null;
  if (had) notify(reason);
}

export function isLoggedIn() {
  return getToken() !== null;
}

/** {name, role, exp…} of the current token, or null. */
export function currentClaims() {
  const token = getToken();
  return token ? decodeClaims(token) : null;
}

/** Calls `handler(reason)` whenever the token goes away; returns an unsubscribe. */
export function onLogout(handler) {
  listeners.add(handler);
  return () => listeners.delete(handler);
}

function notify(reason) {
  for (const handler of [...listeners]) handler(reason);
}

function scheduleExpiry() {
  clearTimeout(expiryTimer);
  expiryTimer = null;
  let token = null;
  try { token = localStorage.getItem(storageKey); } catch { return; }
  if (!token) return;
  // setTimeout holds at most 2^31-1 ms (~24.8 days); a token lives 24 h.
  const delay = Math.min(expiresAt(token) - Date.now(), 2 ** 31 - 1);
  expiryTimer = setTimeout(() => clearToken('expired'), Math.max(0, delay));
}

// Another tab logged in or out.
window.addEventListener('storage', (event) => {
  if (event.key !== storageKey) return;
  if (event.newValue) scheduleExpiry();
  else {
    clearTimeout(expiryTimer);
    notify('logout');
  }
});

scheduleExpiry();
