// Tonight: the active session as it happens. Games in the order played,
// each with its status, room code, player count, the room's live state and
// its vote tally; start and close the session; manage each game. Live
// events update the page in place; after a reconnect it reloads, since
// events sent while it was away are lost.
import { h, clear, formatDate } from '../dom.js';
import { api } from '../api.js';
import { live } from '../live.js';
import { createGameRow } from '../components/tonight-game.js';
import { roomEvents } from '../components/room-state.js';
import { createVoteFeed } from '../components/vote-feed.js';

export function mount(root) {
  const offs = [];
  let session = null;
  let shown = false;
  let unsubscribe = null;
  let loadSequence = 0;
  let rows = new Map();
  let gamesList = null;
  let feed = null;

  const summary = h('p', { class: 'muted', id: 'session-summary' });
  const pageError = h('p', { class: 'form-error', role: 'alert', id: 'tonight-error' });
  const body = h('div', { id: 'tonight-body', 'aria-busy': 'true' });
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Tonight'), summary), pageError, body);

  const sameSession = (data) => session && Number(data?.sessionId ?? data?.session?.id) === session.id;

  function showError(failure) {
    pageError.textContent = failure ? failure.message : '';
  }

  // --- loading -------------------------------------------------------------

  async function load() {
    const mine = ++loadSequence;
    try {
      const active = await api('GET', '/api/sessions/active');
      if (mine !== loadSequence) return;
      const next = active && typeof active.id === 'number' ? active : null;
      if (!shown || next?.id !== session?.id) showSession(next);
      else session = next;
      renderSummary();
      if (session) await loadGames(mine);
      showError(null);
    } catch (failure) {
      if (mine === loadSequence) showError(failure);
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }

  async function loadGames(mine = loadSequence) {
    if (!session) return;
    const id = session.id;
    const games = await api('GET', `/api/sessions/${id}/games`);
    if (mine !== loadSequence || session?.id !== id) return;
    renderGames(games);
    // The room state of games whose monitor may be running.
    for (const game of games) {
      if (game.status === 'playing' && game.room_code) loadRoom(id, game.id);
    }
  }

  async function loadRoom(sessionId, sessionGameId) {
    try {
      const status = await api('GET', `/api/sessions/${sessionId}/games/${sessionGameId}/status-live`);
      if (status.monitoring) rows.get(sessionGameId)?.roomEvent('status-live', status);
    } catch { /* the row keeps its last state */ }
  }

  // --- rendering -----------------------------------------------------------

  function renderSummary() {
    summary.textContent = session
      ? `Session ${session.id} · started ${formatDate(session.created_at)} · ${session.games_played ?? rows.size} games`
      : '';
  }

  function showSession(next) {
    unsubscribe?.();
    unsubscribe = null;
    session = next;
    shown = true;
    rows = new Map();
    clear(body);
    if (!session) {
      body.append(startForm());
      return;
    }
    unsubscribe = live.subscribe(session.id);
    gamesList = h('ol', { class: 'list games', id: 'games', 'aria-label': 'Games played tonight' });
    feed = createVoteFeed();
    body.append(
      sessionCard(),
      h('section', { 'aria-labelledby': 'games-title' },
        h('div', { class: 'section-head' }, h('h2', { id: 'games-title' }, 'Games'),
          h('a', { class: 'button primary', href: '#/picker' }, 'Add a game')),
        h('p', { class: 'muted empty-games' }, 'No games yet: pick one in the Picker.'),
        gamesList),
      h('section', { class: 'card', 'aria-labelledby': 'votes-title' },
        h('h2', { id: 'votes-title' }, 'Latest votes'), feed.element));
  }

  function startForm() {
    const notes = h('input', { id: 'session-notes', type: 'text', maxlength: '500', autocomplete: 'off' });
    const button = h('button', { type: 'submit', class: 'primary', id: 'start-session' }, 'Start session');
    const error = h('p', { class: 'form-error', role: 'alert' });
    return h('form', { class: 'card stack', id: 'start-form', onsubmit: async (event) => {
      event.preventDefault();
      button.disabled = true;
      error.textContent = '';
      try {
        await api('POST', '/api/sessions', { body: notes.value.trim() ? { notes: notes.value.trim() } : {} });
        await load();
      } catch (failure) {
        error.textContent = failure.message;
      } finally {
        button.disabled = false;
      }
    } },
    h('h2', {}, 'No session is running'),
    h('div', { class: 'field' }, h('label', { for: 'session-notes' }, 'Notes (optional)'), notes),
    error, button);
  }

  function sessionCard() {
    const notes = h('p', { class: 'session-notes', id: 'session-notes-text' }, String(session.notes ?? ''));
    const error = h('p', { class: 'form-error', role: 'alert' });
    const confirm = h('div', { class: 'row confirm', hidden: true },
      h('span', {}, 'Close tonight\'s session?'),
      h('button', { type: 'button', class: 'danger', id: 'confirm-close', onclick: async (event) => {
        const button = event.currentTarget;
        button.disabled = true;
        try {
          await api('POST', `/api/sessions/${session.id}/close`);
          await load();
        } catch (failure) {
          error.textContent = failure.message;
          button.disabled = false;
        }
      } }, 'Yes, close it'),
      h('button', { type: 'button', class: 'ghost', onclick: () => { confirm.hidden = true; closeButton.hidden = false; closeButton.focus(); } },
        'Cancel'));
    const closeButton = h('button', { type: 'button', class: 'danger', id: 'close-session', onclick: () => {
      confirm.hidden = false;
      closeButton.hidden = true;
      confirm.querySelector('button').focus();
    } }, 'Close session');
    return h('section', { class: 'card session', 'aria-label': 'Session' },
      notes.textContent ? notes : null,
      h('div', { class: 'row' },
        h('a', { class: 'button', href: `/overlay?session=${session.id}`, target: '_blank', rel: 'noopener' },
          'Open stream overlay'),
        closeButton),
      confirm, error);
  }

  function renderGames(games) {
    const actions = gameActions();
    const seen = new Set();
    games.forEach((game, index) => {
      seen.add(game.id);
      let row = rows.get(game.id);
      if (!row) {
        row = createGameRow(game, actions);
        rows.set(game.id, row);
      }
      row.update(game, index + 1);
      // Move only rows out of place: moving a node would blur its inputs.
      if (gamesList.children[index] !== row.element) gamesList.insertBefore(row.element, gamesList.children[index] ?? null);
    });
    for (const [id, row] of rows) {
      if (!seen.has(id)) {
        row.element.remove();
        rows.delete(id);
      }
    }
    body.querySelector('.empty-games').hidden = rows.size > 0;
    if (session) session.games_played = games.length;
    renderSummary();
  }

  function gameActions() {
    const base = () => `/api/sessions/${session.id}/games`;
    const after = () => loadGames();
    return {
      setRoomCode: async (id, code) => { await api('PATCH', `${base()}/${id}/room-code`, { body: { room_code: code } }); await after(); },
      setPlayerCount: async (id, count) => { await api('PATCH', `${base()}/${id}/player-count`, { body: { player_count: count } }); await after(); },
      setStatus: async (id, status) => { await api('PATCH', `${base()}/${id}/status`, { body: { status } }); await after(); },
      startCheck: async (id) => { await api('POST', `${base()}/${id}/start-player-check`); await after(); },
      stopCheck: async (id) => { await api('POST', `${base()}/${id}/stop-player-check`); await after(); },
    };
  }

  // --- live events ---------------------------------------------------------

  offs.push(live.on('session.started', () => { if (!session) load(); }));
  offs.push(live.on('session.ended', (data) => { if (sameSession(data)) load(); }));
  offs.push(live.on('game.added', (data) => {
    if (!sameSession(data) || !data.game) return;
    // Show it at once from the event; the reload fills in the rest.
    const game = data.game;
    if (!rows.has(game.session_game_id)) {
      const known = [...rows.values()].map((row) => ({ ...row.game,
        status: row.game.status === 'playing' ? 'played' : row.game.status }));
      renderGames([...known, { id: game.session_game_id, game_id: game.id, title: game.title,
        pack_name: game.pack_name, min_players: game.min_players, max_players: game.max_players,
        manually_added: game.manually_added, room_code: game.room_code, status: 'playing',
        player_count: null }]);
    }
    loadGames();
  }));
  offs.push(live.on('player-count.updated', (data) => {
    if (sameSession(data)) rows.get(data.gameId)?.roomEvent('player-count.updated', data);
  }));
  offs.push(live.on('vote.received', (data) => {
    if (!sameSession(data)) return;
    for (const row of rows.values()) {
      if (row.game.game_id === data.game?.id) row.setTally(data.totals);
    }
    feed?.add(data);
  }));
  for (const type of roomEvents) {
    offs.push(live.on(type, (data) => {
      if (!sameSession(data)) return;
      rows.get(data.gameId)?.roomEvent(type, data);
      // The session game's status changes when its game ends.
      if (type === 'game.ended' || type === 'room.disconnected') loadGames();
    }));
  }
  // Events sent while disconnected are lost: reload on every (re)connect.
  offs.push(live.onStatus((status) => { if (status === 'open') load(); }));

  load();
  return () => {
    for (const off of offs) off();
    unsubscribe?.();
    loadSequence += 1;
  };
}
