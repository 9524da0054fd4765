// The games of one session, in the order they were played.
import { h } from '../dom.js';

const STATUS = { playing: 'Playing', played: 'Played', skipped: 'Skipped' };

function timeOf(iso) {
  return iso ? new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : '';
}

function gameItem(game) {
  const facts = [game.pack_name, `played ${timeOf(game.played_at)}`];
  if (game.room_code) facts.push(`room ${game.room_code}`);
  if (game.player_count !== null && game.player_count !== undefined) facts.push(`${game.player_count} players`);
  facts.push(game.manually_added ? 'added by hand' : 'picked');
  return h('li', { class: 'session-game', 'data-game-id': String(game.game_id) },
    h('p', { class: 'session-game-head' },
      h('span', { class: 'session-game-title' }, game.title),
      h('span', { class: 'badge', 'data-kind': game.status }, STATUS[game.status] || game.status)),
    h('p', { class: 'hint' }, facts.join(' · ')),
    h('p', { class: 'hint session-game-votes' },
      `All-time votes: ${game.upvotes} up, ${game.downvotes} down (score ${game.popularity_score})`));
}

export function sessionGames(games) {
  if (games.length === 0) return h('p', { class: 'empty' }, 'No games were added to this session.');
  return h('ol', { class: 'session-games', id: 'session-games' }, games.map(gameItem));
}
