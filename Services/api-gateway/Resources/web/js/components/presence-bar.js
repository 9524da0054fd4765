// "Who is watching": the named admins with the dashboard open and the page
// each one is on, from `presence_update` (sent by the gateway whenever the
// set changes; each tab reports its page with `page_focus`).
//
// The gateway sends at most one update per second (docs/dashboard.md), so
// after a quick hop (Tonight, then Catalogue half a second later) its last
// update still names the page this window has just left, and the next one
// comes up to a second later. The window knows its own move, so the bar
// shows it at once: until an update names this admin on the new page, the
// entry of this admin on the page it left is shown on the new one. Entries
// are told apart only by name and page, so which of two identical entries
// is "this window" does not change what the bar shows.
import { h, replace } from '../dom.js';

const pageNames = {
  '#/tonight': 'Tonight', '#/picker': 'Picker', '#/history': 'History', '#/catalogue': 'Catalogue',
};

export function pageLabel(page) {
  if (pageNames[page]) return pageNames[page];
  const session = /^#\/sessions\/(\d+)$/.exec(page);
  return session ? `Session ${session[1]}` : page;
}

/**
 * The admins to show: the gateway's list with this window's own move
 * applied. `move`: {name, from, to} (from: the page left, or null), or
 * null. Returns {admins, settled}: settled once the list itself shows this
 * admin on the new page, so the move need not be applied again; until
 * then the list is shown with the move applied (when it has an entry of
 * this admin on the page left) or as it is.
 */
export function withOwnMove(admins, move) {
  if (!move) return { admins, settled: true };
  const mine = (admin, page) => String(admin.name ?? '') === move.name && String(admin.page ?? '') === page;
  if (admins.some((admin) => mine(admin, move.to))) return { admins, settled: true };
  const index = move.from === null ? -1 : admins.findIndex((admin) => mine(admin, move.from));
  if (index < 0) return { admins, settled: false };
  const moved = admins.slice();
  moved[index] = { ...admins[index], page: move.to };
  return { admins: moved, settled: false };
}

/** `me()`: this admin's name (the token's `name` claim), or null. */
export function mountPresenceBar(element, live, me) {
  element.setAttribute('aria-label', 'Admins online');
  /** The gateway's last list (null before the first update). */
  let received = null;
  /** This window's move not yet seen in an update. */
  let move = null;

  function render() {
    if (received === null) return;
    const shown = withOwnMove(received, move);
    if (shown.settled) move = null;
    element.hidden = shown.admins.length === 0;
    replace(element,
      h('span', { class: 'muted' }, 'Watching:'),
      h('ul', {}, shown.admins.map((admin) => h('li', { 'data-name': String(admin.name ?? '') },
        h('strong', {}, String(admin.name ?? '')), ' · ', pageLabel(String(admin.page ?? ''))))));
  }

  const offPresence = live.on('presence_update', (data) => {
    received = Array.isArray(data?.admins) ? data.admins : [];
    render();
  });
  const offFocus = live.onFocus((page, previous) => {
    const name = me();
    if (typeof name !== 'string' || page === previous) return;
    // A move during an unsettled one starts from where the bar shows it.
    move = { name, from: move ? move.from : previous, to: page };
    render();
  });
  const offStatus = live.onStatus((status) => {
    if (status !== 'closed') return;
    element.hidden = true;
    // A reconnect re-sends the focus; the next update tells the truth.
    received = null;
    move = null;
  });
  return () => { offPresence(); offFocus(); offStatus(); };
}
