// #/sessions/<id> — one session: its games, vote breakdown, chat import, export.
import { h, clear } from '../dom.js';
import { api } from '../api.js';
import { live } from '../live.js';
import { messageLine, errorText } from '../components/pages-message.js';
import { confirmAction } from '../components/pages-confirm.js';
import { sessionGames } from '../components/session-games.js';
import { voteTable, liveVoteRows, importVoteRows } from '../components/session-votes.js';
import { chatImportForm } from '../components/session-import.js';
import { exportButtons } from '../components/session-export.js';

function when(iso) {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
}

export function mount(root, params = {}) {
  let alive = true;
  const id = Number.parseInt(params.id, 10);
  const msg = messageLine({ id: 'session-msg' });
  const heading = h('h1', { id: 'session-title' }, Number.isInteger(id) ? `Session #${id}` : 'Session');
  const header = h('div', { class: 'session-header' });
  const games = h('section', { class: 'card', 'aria-labelledby': 'games-title' });
  const liveVotes = h('div', {});
  const importResult = h('div', { id: 'chat-result' });
  const votes = h('section', { class: 'card', 'aria-labelledby': 'votes-title' },
    h('h2', { id: 'votes-title' }, 'Vote breakdown'), liveVotes, importResult);
  root.append(h('p', {}, h('a', { href: '#/history' }, '← History')), heading, msg.el, header);

  if (!Number.isInteger(id) || id < 1) {
    msg.error('Session not found');
    return () => { alive = false; };
  }

  let session = null;
  const stops = [];
  loadAll();

  async function loadAll() {
    try {
      session = await api('GET', `/api/sessions/${id}`);
    } catch (err) {
      if (alive) msg.error(errorText(err));
      return;
    }
    if (!alive) return;
    renderHeader();
    if (session.is_active === 1 || session.is_active === true) followLive();
    root.append(games, votes, chatImportForm(id, { onImported }), exportButtons(id));
    await Promise.all([loadGames(), loadVotes()]);
  }

  /** While the session runs, new games and live votes show up without a reload. */
  function followLive() {
    stops.push(live.subscribe(id),
      live.on('game.added', (data) => { if (data?.session?.id === id) loadGames(); }),
      live.on('vote.received', (data) => { if (data?.sessionId === id) { loadVotes(); loadGames(); } }));
  }

  function renderHeader() {
    clear(header);
    const active = session.is_active === 1 || session.is_active === true;
    const archived = session.archived === 1 || session.archived === true;
    const facts = [`Started ${when(session.created_at)}`];
    if (session.closed_at) facts.push(`closed ${when(session.closed_at)}`);
    facts.push(session.games_played === 1 ? '1 game' : `${session.games_played} games`);
    header.append(
      h('p', {}, active ? h('span', { class: 'badge', 'data-kind': 'playing' }, 'Active') : null,
        archived ? h('span', { class: 'badge' }, 'Archived') : null, facts.join(' · ')),
      session.notes ? h('p', { class: 'session-notes' }, session.notes) : null);
    if (!active) {
      header.append(h('div', { class: 'row-actions' },
        h('button', { type: 'button', id: 'session-archive', onclick: () => setArchived(!archived) },
          archived ? 'Unarchive' : 'Archive'),
        h('button', { type: 'button', class: 'danger', id: 'session-delete', onclick: deleteSession }, 'Delete session')));
    }
  }

  async function loadGames() {
    try {
      const rows = await api('GET', `/api/sessions/${id}/games`);
      if (!alive) return;
      clear(games);
      games.append(h('h2', { id: 'games-title' }, 'Games'), sessionGames(Array.isArray(rows) ? rows : []));
    } catch (err) {
      if (alive) msg.error(`Could not load the games: ${errorText(err)}`);
    }
  }

  async function loadVotes() {
    try {
      const body = await api('GET', `/api/sessions/${id}/votes`);
      if (!alive) return;
      clear(liveVotes);
      liveVotes.append(voteTable({ id: 'live-votes', caption: 'Live votes this session', rows: liveVoteRows(body) }));
    } catch (err) {
      if (alive) msg.error(`Could not load the votes: ${errorText(err)}`);
    }
  }

  /** Chat votes are not live votes: the import's own per-game count is shown beside them. */
  function onImported(result) {
    if (!alive) return;
    clear(importResult);
    importResult.append(voteTable({ id: 'chat-votes', caption: 'Chat votes from the import', rows: importVoteRows(result.votesByGame) }));
    loadGames();
  }

  async function setArchived(archive) {
    try {
      session = await api('POST', `/api/sessions/${id}/${archive ? 'archive' : 'unarchive'}`);
      if (!alive) return;
      msg.success(archive ? 'Session archived.' : 'Session unarchived.');
      renderHeader();
    } catch (err) {
      if (alive) msg.error(errorText(err));
    }
  }

  async function deleteSession() {
    const ok = await confirmAction({
      title: 'Delete this session?',
      message: `Delete session #${id} with its games, chat logs and votes? This cannot be undone.`,
      confirmLabel: 'Delete',
    });
    if (!ok || !alive) return;
    try {
      await api('DELETE', `/api/sessions/${id}`);
      if (alive) location.hash = '#/history';
    } catch (err) {
      if (alive) msg.error(errorText(err));
    }
  }

  return () => {
    alive = false;
    for (const stop of stops) stop();
  };
}
