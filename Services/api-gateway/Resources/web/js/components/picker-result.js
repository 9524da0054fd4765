// The picked game and the "add to tonight" form under it.
import { h, clear } from '../dom.js';

const FAVOR = { 1: 'Favoured', 0: null, '-1': 'Disfavoured' };

/** One line of facts about a game row, skipping what the catalogue does not know. */
export function gameFacts(game) {
  const facts = [];
  facts.push(game.min_players === game.max_players ? `${game.min_players} players` : `${game.min_players}–${game.max_players} players`);
  if (game.length_minutes) facts.push(`about ${game.length_minutes} min`);
  if (game.game_type) facts.push(game.secondary_type ? `${game.game_type} / ${game.secondary_type}` : game.game_type);
  if (game.family_friendly) facts.push('family-friendly');
  if (game.has_audience) facts.push('audience');
  return facts.join(' · ');
}

/** Shows a pick: `{ game, poolSize, totalEnabled }` as POST /api/pick answers. */
export function renderPick(container, pick) {
  clear(container);
  const { game } = pick;
  const favor = FAVOR[game.favor_bias];
  container.append(
    h('p', { class: 'pick-label' }, 'Tonight’s pick'),
    h('h2', { class: 'pick-title', id: 'pick-title', tabindex: '-1' }, game.title),
    h('p', { class: 'pick-pack' }, game.pack_name),
    h('p', { class: 'pick-facts' }, gameFacts(game)),
    h('p', { class: 'hint' },
      `Chosen from ${pick.poolSize} matching of ${pick.totalEnabled} enabled games`,
      game.ticker ? ` · ticker ${game.ticker}` : '',
      favor ? ` · ${favor}` : ''));
}

/**
 * The add form. `onAdd(roomCode)` gets the upper-cased code or null; the
 * API checks it too, this only spares a round trip for an obvious typo.
 */
export function addToTonightForm({ onAdd }) {
  const code = h('input', {
    type: 'text', id: 'pick-room-code', name: 'room_code', maxlength: '4', autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', pattern: '[A-Za-z0-9]{4}', 'aria-describedby': 'pick-room-hint',
  });
  const button = h('button', { type: 'submit', class: 'primary', id: 'pick-add' }, 'Add to tonight');
  const form = h('form', { class: 'pick-add', 'aria-label': 'Add the pick to tonight' },
    h('div', { class: 'field' },
      h('label', { for: 'pick-room-code' }, 'Room code (optional)'),
      code,
      h('p', { class: 'hint', id: 'pick-room-hint' }, 'Four letters or digits; with a code the room is watched for players.')),
    h('div', { class: 'row-actions' }, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = code.value.trim().toUpperCase();
    onAdd(value === '' ? null : value);
  });
  return {
    el: form,
    setBusy(busy) { button.disabled = busy; },
    reset() { code.value = ''; },
    validCode: (value) => value === null || /^[A-Z0-9]{4}$/.test(value),
  };
}
