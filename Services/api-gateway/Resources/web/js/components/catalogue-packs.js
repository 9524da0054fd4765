// Packs: enable or disable a whole pack, and its favor.
import { h } from '../dom.js';
import { favorSelect } from './catalogue-list.js';

/**
 * `packs` from GET /api/games/packs. `actions`: `{ onToggle(pack, enable, button), onFavor(pack, value, select) }`.
 * A pack is "on" when any of its games is enabled; the button says what it will do.
 */
export function packList(packs, actions) {
  if (packs.length === 0) return h('p', { class: 'empty' }, 'No packs yet.');
  return h('ul', { class: 'pack-list', id: 'pack-list' }, packs.map((pack, i) => {
    const favorId = `pack-favor-${i}`;
    const enable = pack.enabled_games === 0;
    const favor = favorSelect(favorId, pack.favor_bias, `Favor for ${pack.name}`);
    favor.addEventListener('change', () => actions.onFavor(pack, Number(favor.value), favor));
    const toggle = h('button', {
      type: 'button', class: 'compact', 'data-action': enable ? 'enable' : 'disable',
      'aria-label': `${enable ? 'Enable' : 'Disable'} every game in ${pack.name}`,
    }, enable ? 'Enable all' : 'Disable all');
    toggle.addEventListener('click', () => actions.onToggle(pack, enable, toggle));
    return h('li', { class: 'pack-item', 'data-pack': pack.name },
      h('div', { class: 'game-main' },
        h('p', { class: 'game-title' }, pack.name),
        h('p', { class: 'hint' }, `${pack.enabled_games} of ${pack.total_games} games enabled`)),
      h('div', { class: 'game-controls' },
        h('div', { class: 'field field-inline' }, h('label', { for: favorId }, 'Favor'), favor),
        h('div', { class: 'row-actions' }, toggle)));
  }));
}
