// One game of tonight's session: title, status, room code, player count,
// the room's live state and the vote tally, with the admin's controls
// (room code, player count, status, player check). Updates change text in
// place, never the inputs being typed in.
import { h, formatTime } from '../dom.js';
import { createRoomState } from './room-state.js';
import { createTally } from './vote-tally.js';

const statuses = ['playing', 'played', 'skipped'];

/**
 * game: a row of GET /api/sessions/{id}/games. actions: async functions
 * (sessionGameId, value) → throws ApiError on failure:
 * setRoomCode, setPlayerCount, setStatus, startCheck, stopCheck.
 */
export function createGameRow(game, actions) {
  const id = game.id;
  const prefix = `game-${id}`;
  const order = h('span', { class: 'order', 'aria-hidden': 'true' });
  const title = h('h3', { class: 'title' });
  const status = h('span', { class: 'badge status' });
  const meta = h('p', { class: 'meta muted small' });
  const roomCode = h('strong', { class: 'room-code' });
  const playerCount = h('strong', { class: 'player-count' });
  const tally = createTally(game);
  const room = createRoomState();
  const error = h('p', { class: 'form-error', role: 'alert' });

  const codeInput = h('input', { id: `${prefix}-room-code`, type: 'text', maxlength: '4', size: '5',
    autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', pattern: '[A-Za-z0-9]{4}',
    class: 'room-code-input' });
  const countInput = h('input', { id: `${prefix}-player-count`, type: 'number', min: '0', max: '100', step: '1',
    inputmode: 'numeric', class: 'player-count-input' });
  const statusSelect = h('select', { id: `${prefix}-status`, class: 'status-select' },
    statuses.map((value) => h('option', { value }, value)));

  async function run(button, action) {
    error.textContent = '';
    if (button) button.disabled = true;
    try {
      await action();
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      if (button) button.disabled = false;
    }
  }

  const codeButton = h('button', { type: 'submit', class: 'set-room-code' }, 'Set code');
  const countButton = h('button', { type: 'submit', class: 'set-player-count' }, 'Set count');
  const startButton = h('button', { type: 'button', class: 'start-check',
    onclick: () => run(startButton, () => actions.startCheck(id)) }, 'Start player check');
  const stopButton = h('button', { type: 'button', class: 'stop-check',
    onclick: () => run(stopButton, () => actions.stopCheck(id)) }, 'Stop player check');
  statusSelect.addEventListener('change', () =>
    run(statusSelect, () => actions.setStatus(id, statusSelect.value)));

  const controls = h('details', { class: 'controls', open: game.status === 'playing' },
    h('summary', {}, 'Manage'),
    h('div', { class: 'control-grid' },
      h('form', { class: 'row', onsubmit: (event) => {
        event.preventDefault();
        run(codeButton, () => actions.setRoomCode(id, codeInput.value.trim().toUpperCase()));
      } },
      h('div', { class: 'field' }, h('label', { for: codeInput.id }, 'Room code'), codeInput), codeButton),
      h('form', { class: 'row', onsubmit: (event) => {
        event.preventDefault();
        run(countButton, () => actions.setPlayerCount(id, countInput.value === '' ? null : Number(countInput.value)));
      } },
      h('div', { class: 'field' }, h('label', { for: countInput.id }, 'Players'), countInput), countButton),
      h('div', { class: 'field' }, h('label', { for: statusSelect.id }, 'Status'), statusSelect),
      h('div', { class: 'row' }, startButton, stopButton)),
    error);

  const element = h('li', { class: 'game card', 'data-session-game-id': String(id), 'aria-labelledby': `${prefix}-title` },
    h('div', { class: 'game-head' }, order, title, status),
    meta,
    h('p', { class: 'facts' }, 'Room ', roomCode, ' · Players ', playerCount, ' · ', tally.element),
    room.element,
    controls);
  title.id = `${prefix}-title`;

  let current = game;
  function update(next, position) {
    current = { ...current, ...next };
    element.dataset.gameId = String(current.game_id);
    element.dataset.status = current.status ?? '';
    if (position !== undefined) order.textContent = String(position);
    title.textContent = String(current.title ?? '');
    status.textContent = current.status ?? '';
    status.dataset.kind = current.status ?? '';
    const players = current.min_players && current.max_players ? `${current.min_players}–${current.max_players} players` : '';
    meta.textContent = [current.pack_name, players, current.played_at ? `added ${formatTime(current.played_at)}` : '']
      .filter(Boolean).join(' · ');
    roomCode.textContent = current.room_code || '—';
    playerCount.textContent = current.player_count ?? '—';
    if (current.upvotes !== undefined) tally.set(current);
    if (document.activeElement !== codeInput) codeInput.value = current.room_code ?? '';
    if (document.activeElement !== countInput) countInput.value = current.player_count ?? '';
    if (document.activeElement !== statusSelect) statusSelect.value = current.status ?? 'playing';
  }
  update(game);

  return {
    id,
    element,
    update,
    get game() { return current; },
    setTally: (totals) => tally.set(totals),
    roomEvent(type, data) {
      room.apply(type, data);
      if (type === 'player-count.updated') update({ player_count: data.playerCount });
    },
  };
}
