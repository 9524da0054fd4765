// The live state of a game's Jackbox room as the room monitor reports it
// (room.connected, lobby.*, game.started/ended, room.disconnected,
// game.status, player-count.updated): a small state machine from events to
// one line of text.
import { h } from '../dom.js';

export const roomEvents = ['room.connected', 'lobby.player-joined', 'lobby.updated', 'game.started', 'game.ended',
  'room.disconnected', 'game.status'];

const disconnectReasons = {
  game_ended: 'game ended', room_closed: 'room closed', room_not_found: 'room not found',
  connection_failed: 'connection failed', role_rejected: 'monitor refused', manually_stopped: 'stopped',
};

/** The next state after one event (pure). */
export function nextRoomState(state, type, data) {
  const next = { ...state };
  for (const key of ['playerCount', 'maxPlayers', 'lobbyState', 'gameState', 'roomCode']) {
    if (data[key] !== undefined && data[key] !== null) next[key] = data[key];
  }
  if (Array.isArray(data.players)) next.players = data.players.map(String);
  switch (type) {
    case 'room.connected':
    case 'lobby.player-joined':
    case 'lobby.updated':
      next.phase = data.gameState && data.gameState !== 'Lobby' && type === 'room.connected' ? 'started' : 'lobby';
      break;
    case 'game.started': next.phase = 'started'; break;
    case 'game.ended': next.phase = 'ended'; break;
    case 'room.disconnected':
      next.phase = data.reason === 'game_ended' ? 'ended' : 'closed';
      next.reason = data.reason;
      if (data.finalPlayerCount !== undefined && data.finalPlayerCount !== null) next.playerCount = data.finalPlayerCount;
      break;
    case 'game.status':
    case 'status-live':
      if (data.gameFinished) next.phase = 'ended';
      else if (data.gameStarted) next.phase = 'started';
      else if (data.monitoring) next.phase = 'lobby';
      else next.phase = state.phase ?? 'idle';
      break;
    default: break;
  }
  return next;
}

/** One line: "Lobby · 3/8 players: Alice, Bob, Carol". */
export function describeRoom(state) {
  const count = state.playerCount ?? (state.players?.length ?? null);
  const players = count === null ? '' : `${count}${state.maxPlayers ? `/${state.maxPlayers}` : ''} players`;
  const names = state.players?.length ? `: ${state.players.join(', ')}` : '';
  switch (state.phase) {
    case 'lobby': return `Lobby${state.lobbyState ? ` (${state.lobbyState})` : ''} · ${players || 'no players yet'}${names}`;
    case 'started': return `Game in progress · ${players}${names}`;
    case 'ended': return `Game over · ${players}`;
    case 'closed': return `Room closed (${disconnectReasons[state.reason] ?? state.reason ?? 'unknown'})`;
    default: return 'Not monitored';
  }
}

export function createRoomState() {
  let state = { phase: 'idle' };
  const element = h('p', { class: 'room-state', 'data-phase': 'idle' }, describeRoom(state));
  function render() {
    element.dataset.phase = state.phase ?? 'idle';
    element.textContent = describeRoom(state);
  }
  return {
    element,
    apply(type, data) {
      state = nextRoomState(state, type, data);
      render();
      return state;
    },
    get state() { return state; },
  };
}
