// Catalogue search (in the page) and filters (sent to GET /api/games).
import { h, clear } from '../dom.js';

function select(id, label, options) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id }, options.map(([value, text]) => h('option', { value }, text))));
}

/** `onSearch(text)` on every keystroke; `onFilter(query)` when a server-side filter changes. */
export function catalogueFilters({ onSearch, onFilter }) {
  const search = h('input', { type: 'search', id: 'cat-search', autocomplete: 'off', placeholder: 'Title, pack, ticker or type' });
  const players = h('input', { type: 'number', id: 'cat-players', min: '1', inputmode: 'numeric', placeholder: 'any' });
  const el = h('form', { class: 'card toolbar-grid', role: 'search', 'aria-label': 'Search the catalogue' },
    h('div', { class: 'field field-wide' }, h('label', { for: 'cat-search' }, 'Search'), search),
    select('cat-pack', 'Pack', [['', 'All packs']]),
    select('cat-enabled', 'Enabled', [['', 'Any'], ['true', 'Enabled only'], ['false', 'Disabled only']]),
    h('div', { class: 'field' }, h('label', { for: 'cat-players' }, 'Players'), players),
    select('cat-length', 'Length', [['', 'Any'], ['short', 'Short'], ['medium', 'Medium'], ['long', 'Long']]),
    select('cat-drawing', 'Drawing', [['', 'Any'], ['only', 'Drawing only'], ['exclude', 'No drawing']]),
    select('cat-family', 'Family-friendly', [['', 'Any'], ['true', 'Yes'], ['false', 'No']]));
  const pack = el.querySelector('#cat-pack');

  el.addEventListener('submit', (event) => event.preventDefault());
  search.addEventListener('input', () => onSearch(search.value));
  const changed = () => onFilter(query());
  for (const id of ['cat-pack', 'cat-enabled', 'cat-length', 'cat-drawing', 'cat-family']) {
    el.querySelector(`#${id}`).addEventListener('change', changed);
  }
  players.addEventListener('change', changed);

  function query() {
    const q = {};
    const value = (id) => el.querySelector(`#${id}`).value;
    if (value('cat-pack')) q.pack = value('cat-pack');
    if (value('cat-enabled')) q.enabled = value('cat-enabled');
    const n = Number.parseInt(players.value, 10);
    if (Number.isInteger(n) && n > 0) q.playerCount = String(n);
    if (value('cat-length')) q.length = value('cat-length');
    if (value('cat-drawing')) q.drawing = value('cat-drawing');
    if (value('cat-family')) q.familyFriendly = value('cat-family');
    return q;
  }

  return {
    el,
    query,
    searchText: () => search.value,
    /** Refills the pack choices, keeping the chosen pack when it still exists. */
    setPacks(packs) {
      const chosen = pack.value;
      clear(pack);
      pack.append(h('option', { value: '' }, 'All packs'), ...packs.map((p) => h('option', { value: p.name }, p.name)));
      pack.value = packs.some((p) => p.name === chosen) ? chosen : '';
    },
  };
}
