// The dashboard shell: a hash router (#/tonight, #/sessions/3…) that mounts
// one page module at a time into <main id="view">, the header (navigation,
// live status, log out) and the presence bar. Every page but login needs
// the admin token; losing it (log out, expiry, refusal) returns to login.
import { h, clear } from './dom.js';
import { clearToken, currentClaims, isLoggedIn, onLogout } from './auth.js';
import { live } from './live.js';
import { mountPresenceBar } from './components/presence-bar.js';

/** Route table: hash path pattern → page module (js/pages/<page>.js). */
const routes = [
  { pattern: /^\/login$/, page: 'login', title: 'Log in', public: true },
  { pattern: /^\/tonight$/, page: 'tonight', title: 'Tonight' },
  { pattern: /^\/picker$/, page: 'picker', title: 'Picker' },
  { pattern: /^\/history$/, page: 'history', title: 'History' },
  { pattern: /^\/sessions\/(\d+)$/, page: 'session', title: 'Session', keys: ['id'] },
  { pattern: /^\/catalogue$/, page: 'catalogue', title: 'Catalogue' },
];
const afterLoginKey = 'gamenight.afterLogin';
const logoutReasonKey = 'gamenight.logoutReason';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const logoutButton = document.getElementById('logout');
const liveStatus = document.getElementById('live-status');
let unmount = null;
let generation = 0;
let firstRender = true;

function match(path) {
  for (const route of routes) {
    const found = route.pattern.exec(path);
    if (!found) continue;
    const params = {};
    (route.keys ?? []).forEach((key, index) => { params[key] = found[index + 1]; });
    return { ...route, params };
  }
  return null;
}

function currentPath() {
  return location.hash.replace(/^#/, '') || '/tonight';
}

function showChrome(loggedIn, page) {
  nav.hidden = !loggedIn;
  logoutButton.hidden = !loggedIn;
  liveStatus.hidden = !loggedIn;
  for (const link of nav.querySelectorAll('a[data-route]')) {
    if (link.dataset.route === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function render() {
  const path = currentPath();
  const route = match(path);
  if (!route) return void location.replace('#/tonight');
  const loggedIn = isLoggedIn();
  if (!route.public && !loggedIn) {
    sessionStorage.setItem(afterLoginKey, `#${path}`);
    return void location.replace('#/login');
  }
  if (route.page === 'login' && loggedIn) return void location.replace('#/tonight');

  const mine = ++generation;
  if (unmount) {
    try { unmount(); } catch (error) { console.warn('unmount failed', error); }
    unmount = null;
  }
  clear(view);
  showChrome(loggedIn, route.page);
  document.title = `${route.title} · gamenight`;
  view.dataset.page = route.page;

  let module;
  try {
    module = await import(`./pages/${route.page}.js`);
  } catch (error) {
    if (mine !== generation) return;
    console.warn(`page ${route.page} failed to load`, error);
    view.append(h('h1', {}, route.title), h('p', { class: 'notice error', role: 'alert' },
      'This page is not available.'));
    return;
  }
  if (mine !== generation) return;
  unmount = module.mount(view, route.params) ?? null;
  if (loggedIn) live.send({ type: 'page_focus', page: `#${path}` });
  // Keyboard and screen-reader users land on the new page's heading.
  if (!firstRender) {
    const heading = view.querySelector('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
    }
  }
  firstRender = false;
}

logoutButton.addEventListener('click', () => clearToken('logout'));

onLogout((reason) => {
  live.stop();
  if (reason !== 'logout') sessionStorage.setItem(logoutReasonKey, reason);
  if (currentPath() !== '/login') {
    sessionStorage.setItem(afterLoginKey, `#${currentPath()}`);
    location.hash = '#/login';
  } else {
    render();
  }
});

live.onStatus((status) => {
  liveStatus.dataset.status = status;
  liveStatus.textContent = { open: 'Live', connecting: 'Connecting…', closed: 'Reconnecting…' }[status] ?? status;
});

/** Called by the login page once a token is stored. */
export function loggedIn() {
  live.start();
  const next = sessionStorage.getItem(afterLoginKey);
  sessionStorage.removeItem(afterLoginKey);
  location.hash = next && next !== '#/login' ? next : '#/tonight';
}

/** Why the last session ended ('expired', 'rejected'), read once. */
export function takeLogoutReason() {
  const reason = sessionStorage.getItem(logoutReasonKey);
  sessionStorage.removeItem(logoutReasonKey);
  return reason;
}

mountPresenceBar(document.getElementById('presence'), live, () => currentClaims()?.name ?? null);
window.addEventListener('hashchange', render);
if (isLoggedIn()) live.start();
render();
