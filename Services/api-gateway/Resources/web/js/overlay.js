// The stream overlay (/overlay?session=<id>, or the active session): the
// current game, its player count and its live up/down tally, for an OBS
// browser source. Read-only and without login: public GET routes for the
// state, the public live feed (/api/sessions/live/public) for the changes;
// it reconnects forever and reloads the state after each reconnect.
import { h } from './dom.js';
import { api } from './api.js';
import { createLive } from './live.js';
import { createTally } from './components/vote-tally.js';
import { roomEvents } from './components/room-state.js';

const root = document.getElementById('overlay');
const requested = Number(new URLSearchParams(location.search).get('session')) || null;
const live = createLive({ path: '/api/sessions/live/public' });

let sessionId = null;
let unsubscribe = null;
let current = null;
let livePlayers = null;
let loadSequence = 0;

const title = h('div', { class: 'title', id: 'overlay-title' });
const pack = h('div', { class: 'pack', id: 'overlay-pack' });
const players = h('div', { class: 'players', id: 'overlay-players' });
const tally = createTally();
tally.element.id = 'overlay-tally';
const label = h('div', { class: 'label' }, 'Now playing');
const card = h('section', { class: 'card' }, label, title, pack, h('div', { class: 'facts' }, players, tally.element));
root.append(card);

function show(state, text = '') {
  root.dataset.state = state;
  if (state !== 'playing') {
    label.textContent = text;
    title.textContent = '';
    pack.textContent = '';
    players.textContent = '';
  }
}

function render() {
  if (!current) return show('empty', sessionId ? 'Waiting for the first game' : 'No session running');
  root.dataset.state = 'playing';
  root.dataset.gameId = String(current.game_id);
  label.textContent = current.status === 'playing' ? 'Now playing' : 'Last played';
  title.textContent = String(current.title ?? '');
  pack.textContent = String(current.pack_name ?? '');
  const count = livePlayers ?? current.player_count;
  players.textContent = count === null || count === undefined ? '' : `${count} player${count === 1 ? '' : 's'}`;
  tally.set(current);
}

function follow(id) {
  if (id === sessionId) return;
  unsubscribe?.();
  unsubscribe = null;
  sessionId = id;
  current = null;
  livePlayers = null;
  if (id) unsubscribe = live.subscribe(id);
}

async function load() {
  const mine = ++loadSequence;
  try {
    let id = requested;
    if (id) {
      await api('GET', `/api/sessions/${id}`); // 404 for an unknown session
    } else {
      const active = await api('GET', '/api/sessions/active');
      id = active && typeof active.id === 'number' ? active.id : null;
    }
    if (mine !== loadSequence) return;
    follow(id);
    if (!id) return render();
    const games = await api('GET', `/api/sessions/${id}/games`);
    if (mine !== loadSequence) return;
    const playing = games.filter((game) => game.status === 'playing');
    const next = playing.at(-1) ?? games.at(-1) ?? null;
    if (next?.id !== current?.id) livePlayers = null;
    current = next;
    render();
  } catch (failure) {
    if (mine !== loadSequence) return;
    if (failure.status === 404) show('missing', 'Session not found');
    // Otherwise keep showing the last state; the next reconnect reloads.
  }
}

const mine = (data) => sessionId !== null && Number(data?.sessionId ?? data?.session?.id) === sessionId;

live.on('session.started', (data) => { if (!requested) load(); else if (mine(data)) load(); });
live.on('session.ended', (data) => { if (mine(data)) load(); });
live.on('game.added', (data) => {
  if (!mine(data) || !data.game) return;
  const game = data.game;
  current = { id: game.session_game_id, game_id: game.id, title: game.title, pack_name: game.pack_name,
    status: 'playing', player_count: null, upvotes: 0, downvotes: 0 };
  livePlayers = null;
  render();
  load();
});
live.on('vote.received', (data) => {
  if (!mine(data) || !current || data.game?.id !== current.game_id) return;
  current = { ...current, ...data.totals };
  render();
});
for (const type of [...roomEvents, 'player-count.updated']) {
  live.on(type, (data) => {
    if (!mine(data) || !current || data.gameId !== current.id) return;
    const count = data.playerCount ?? data.finalPlayerCount;
    if (typeof count === 'number') livePlayers = count;
    render();
  });
}
live.onStatus((status) => {
  root.dataset.live = status;
  if (status === 'open') load();
});

show('loading', '');
live.start();
load();
