// The catalogue's games, each with its enable switch, favor, edit and delete.
import { h } from '../dom.js';
import { gameFacts } from './picker-result.js';

/** A `<select>` for favor_bias with the picker's meaning in words. */
export function favorSelect(id, value, label) {
  const select = h('select', { id, 'aria-label': label },
    h('option', { value: '1' }, 'More often'), h('option', { value: '0' }, 'Normal'), h('option', { value: '-1' }, 'Less often'));
  select.value = String(value);
  return select;
}

/**
 * One game. `actions`: `{ onEnabled(game, on, box), onFavor(game, value, select), onEdit(game), onDelete(game) }`.
 * The controls call back with themselves so the page can roll them back on failure.
 */
export function gameItem(game, actions) {
  const enabledId = `game-enabled-${game.id}`;
  const favorId = `game-favor-${game.id}`;
  const enabled = h('input', { type: 'checkbox', id: enabledId });
  enabled.checked = Boolean(game.enabled);
  enabled.addEventListener('change', () => actions.onEnabled(game, enabled.checked, enabled));
  const favor = favorSelect(favorId, game.favor_bias, `Favor for ${game.title}`);
  favor.addEventListener('change', () => actions.onFavor(game, Number(favor.value), favor));
  return h('li', { class: game.enabled ? 'game-item' : 'game-item is-disabled', 'data-game-id': String(game.id) },
    h('div', { class: 'game-main' },
      h('p', { class: 'game-title' }, game.title, game.ticker ? h('span', { class: 'badge' }, game.ticker) : null),
      h('p', { class: 'hint' }, game.pack_name),
      h('p', { class: 'hint' }, gameFacts(game), ` · played ${game.play_count}× · score ${game.popularity_score}`)),
    h('div', { class: 'game-controls' },
      h('div', { class: 'field field-check' }, enabled, h('label', { for: enabledId }, 'Enabled')),
      h('div', { class: 'field field-inline' }, h('label', { for: favorId }, 'Favor'), favor),
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'compact', 'data-action': 'edit', 'aria-label': `Edit ${game.title}`, onclick: () => actions.onEdit(game) }, 'Edit'),
        h('button', { type: 'button', class: 'compact danger', 'data-action': 'delete', 'aria-label': `Delete ${game.title}`, onclick: () => actions.onDelete(game) }, 'Delete'))));
}

/** Case-insensitive match of the search text against title, pack, ticker and types. Pure. */
export function matchesSearch(game, text) {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return [game.title, game.pack_name, game.ticker, game.game_type, game.secondary_type]
    .some((field) => typeof field === 'string' && field.toLowerCase().includes(needle));
}
