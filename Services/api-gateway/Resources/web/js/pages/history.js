// #/history — past sessions by day, paged, with archive and bulk actions.
import { h, clear } from '../dom.js';
import { api } from '../api.js';
import { live } from '../live.js';
import { messageLine, errorText } from '../components/pages-message.js';
import { getWithHeaders } from '../components/pages-raw.js';
import { confirmAction } from '../components/pages-confirm.js';
import { historyList } from '../components/history-list.js';
import { historyFilters, bulkBar, pager } from '../components/history-controls.js';

const LIMIT_KEY = 'gamenight.history.limit';
const FILTERS = ['default', 'archived', 'all'];

function savedLimit() {
  const n = Number(localStorage.getItem(LIMIT_KEY));
  return [10, 25, 50, 100].includes(n) ? n : 10;
}

export function mount(root) {
  let alive = true;
  let loads = 0; // only the latest request may render (filters can change mid-flight)
  const state = {
    filter: 'default',
    limit: savedLimit(),
    cursors: [null], // cursors[i] is the `before` of page i (null: newest)
    page: 0,
    nextCursor: null, // X-Prev-Last-Date of the page shown
    rows: [],
    selected: new Set(),
  };

  const msg = messageLine({ id: 'history-msg' });
  const list = h('div', { class: 'history-list', id: 'history-list', 'aria-busy': 'true' });
  const bulk = bulkBar({ onSelectAll: selectAll, onAction: bulkAction });
  const pages = pager({ onNewer: () => goTo(state.page - 1), onOlder: () => goTo(state.page + 1) });

  root.append(
    h('h1', {}, 'History'),
    historyFilters({
      filter: state.filter,
      limit: state.limit,
      onFilter: (value) => { if (FILTERS.includes(value)) { state.filter = value; restart(); } },
      onLimit: (value) => { state.limit = value; localStorage.setItem(LIMIT_KEY, String(value)); restart(); },
    }),
    bulk.el,
    msg.el,
    list,
    pages.el);

  const stopLive = live.on('session.started', () => { if (state.page === 0) load(); });
  load();

  function restart() {
    state.cursors = [null];
    state.page = 0;
    state.selected.clear();
    load();
  }

  function goTo(page) {
    if (page < 0 || page >= state.cursors.length + (state.nextCursor ? 1 : 0)) return;
    if (page === state.cursors.length) state.cursors.push(state.nextCursor);
    state.page = page;
    state.selected.clear();
    load();
  }

  async function load() {
    const mine = ++loads;
    list.setAttribute('aria-busy', 'true');
    const query = { filter: state.filter, limit: String(state.limit) };
    const before = state.cursors[state.page];
    if (before) query.before = before;
    try {
      const { body, headers } = await getWithHeaders('/api/sessions', query);
      if (!alive || mine !== loads) return;
      state.rows = Array.isArray(body) ? body : [];
      // A full page may have more behind it; the header is the cursor for it.
      const cursor = headers.get('X-Prev-Last-Date');
      state.nextCursor = state.rows.length === state.limit && cursor ? cursor : null;
      state.cursors.length = state.page + 1;
    } catch (err) {
      if (!alive || mine !== loads) return;
      state.rows = [];
      state.nextCursor = null;
      msg.error(`Could not load sessions: ${errorText(err)}`);
    }
    render();
  }

  function selectable() {
    return state.rows.filter((s) => !(s.is_active === 1 || s.is_active === true));
  }

  function render() {
    clear(list);
    if (state.rows.length === 0) {
      list.append(h('p', { class: 'empty' }, state.page === 0 ? 'No sessions to show.' : 'No older sessions.'));
    } else {
      list.append(...historyList(state.rows, {
        selected: state.selected,
        onSelect: (id, on) => { if (on) state.selected.add(id); else state.selected.delete(id); updateBulk(); },
        onArchive: archiveOne,
      }));
    }
    list.setAttribute('aria-busy', 'false');
    pages.update({ page: state.page + 1, hasNewer: state.page > 0, hasOlder: Boolean(state.nextCursor) });
    updateBulk();
  }

  function updateBulk() {
    bulk.update(state.selected.size, selectable().length);
  }

  function selectAll(on) {
    state.selected.clear();
    if (on) for (const s of selectable()) state.selected.add(s.id);
    for (const box of list.querySelectorAll('input.history-select')) {
      if (!box.disabled) box.checked = on;
    }
    updateBulk();
  }

  async function archiveOne(session, archive) {
    const verb = archive ? 'archive' : 'unarchive';
    try {
      await api('POST', `/api/sessions/${session.id}/${verb}`);
      if (!alive) return;
      msg.success(`Session #${session.id} ${archive ? 'archived' : 'unarchived'}.`);
      state.selected.delete(session.id);
      await load();
    } catch (err) {
      if (alive) msg.error(errorText(err));
    }
  }

  async function bulkAction(action) {
    const ids = [...state.selected].sort((a, b) => a - b);
    if (ids.length === 0) return;
    const what = ids.length === 1 ? `session #${ids[0]}` : `${ids.length} sessions`;
    const texts = {
      archive: ['Archive sessions?', `Archive ${what}? Archived sessions are hidden from the current list.`, 'Archive'],
      unarchive: ['Unarchive sessions?', `Unarchive ${what}?`, 'Unarchive'],
      delete: ['Delete sessions?', `Delete ${what} with their games, chat logs and votes? This cannot be undone.`, 'Delete'],
    };
    const [title, message, confirmLabel] = texts[action];
    if (!await confirmAction({ title, message, confirmLabel })) return;
    try {
      const result = await api('POST', '/api/sessions/bulk', { body: { action, ids } });
      if (!alive) return;
      const done = { archive: 'archived', unarchive: 'unarchived', delete: 'deleted' }[action];
      msg.success(`${result.affected} ${result.affected === 1 ? 'session' : 'sessions'} ${done}.`);
      state.selected.clear();
      await load();
      if (alive && state.rows.length === 0 && state.page > 0) goTo(state.page - 1);
    } catch (err) {
      if (alive) msg.error(errorText(err));
    }
  }

  return () => { alive = false; stopLive(); };
}
