// #/catalogue — the games catalogue for admins: search, filters, edit, packs, favor, CSV.
import { h, clear } from '../dom.js';
import { api } from '../api.js';
import { messageLine, errorText } from '../components/pages-message.js';
import { confirmAction } from '../components/pages-confirm.js';
import { catalogueFilters } from '../components/catalogue-filters.js';
import { gameItem, matchesSearch } from '../components/catalogue-list.js';
import { editGame } from '../components/catalogue-form.js';
import { packList } from '../components/catalogue-packs.js';
import { csvSection } from '../components/catalogue-csv.js';

export function mount(root) {
  let alive = true;
  let gameLoads = 0; // only the latest filter's answer may render
  let games = [];
  let packs = [];

  const msg = messageLine({ id: 'cat-msg' });
  const count = h('p', { class: 'hint', id: 'cat-count', 'aria-live': 'polite' });
  const list = h('ul', { class: 'game-list', id: 'game-list', 'aria-labelledby': 'games-heading' });
  const packsBox = h('div', {});
  const filters = catalogueFilters({ onSearch: renderGames, onFilter: loadGames });
  const addButton = h('button', { type: 'button', class: 'primary', id: 'cat-add', onclick: () => openEditor(null) }, 'Add a game');

  // Packs and CSV are folded away above the (long) games list, so neither
  // needs scrolling past every game; <details> is a native keyboard toggle.
  const packsSummary = h('summary', { id: 'packs-summary' }, 'Packs');
  root.append(
    h('h1', {}, 'Catalogue'),
    msg.el,
    h('details', { class: 'card fold', id: 'packs-fold' }, packsSummary, packsBox),
    h('details', { class: 'card fold', id: 'csv-fold' }, h('summary', { id: 'csv-summary' }, 'CSV import and export'),
      csvSection({ onImported: reloadAll })),
    filters.el,
    h('section', { class: 'card', 'aria-labelledby': 'games-heading' },
      h('div', { class: 'section-head' }, h('h2', { id: 'games-heading' }, 'Games'), addButton),
      count, list));

  reloadAll();

  function reloadAll() {
    return Promise.all([loadPacks(), loadGames(filters.query())]);
  }

  async function loadGames(query) {
    const mine = ++gameLoads;
    list.setAttribute('aria-busy', 'true');
    try {
      const rows = await api('GET', '/api/games', { query });
      if (!alive || mine !== gameLoads) return;
      games = Array.isArray(rows) ? rows : [];
      renderGames();
    } catch (err) {
      if (alive) msg.error(`Could not load games: ${errorText(err)}`);
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  async function loadPacks() {
    try {
      const rows = await api('GET', '/api/games/packs');
      if (!alive) return;
      packs = Array.isArray(rows) ? rows : [];
      filters.setPacks(packs);
      packsSummary.textContent = `Packs (${packs.length})`;
      clear(packsBox);
      packsBox.append(packList(packs, { onToggle: togglePack, onFavor: packFavor }));
    } catch (err) {
      if (alive) msg.error(`Could not load packs: ${errorText(err)}`);
    }
  }

  const actions = { onEnabled: setEnabled, onFavor: setFavor, onEdit: openEditor, onDelete: deleteGame };

  function renderGames() {
    const text = filters.searchText();
    const shown = games.filter((g) => matchesSearch(g, text));
    clear(list);
    list.append(...shown.map((g) => gameItem(g, actions)));
    count.textContent = shown.length === games.length
      ? `${games.length} ${games.length === 1 ? 'game' : 'games'}`
      : `Showing ${shown.length} of ${games.length} games`;
  }

  /** Puts a saved row in place without re-rendering the list, so keyboard focus stays put. */
  function replaceRow(row, { refocus } = {}) {
    games = games.map((g) => (g.id === row.id ? row : g));
    const old = list.querySelector(`li[data-game-id="${row.id}"]`);
    if (!old) return;
    const fresh = gameItem(row, actions);
    old.replaceWith(fresh);
    if (refocus) fresh.querySelector(refocus)?.focus();
  }

  async function setEnabled(game, on, box) {
    try {
      const row = await api('PUT', `/api/games/${game.id}`, { body: { enabled: on } });
      if (!alive) return;
      games = games.map((g) => (g.id === row.id ? row : g));
      box.closest('li').classList.toggle('is-disabled', !row.enabled);
      msg.success(`${row.title} ${row.enabled ? 'enabled' : 'disabled'}.`);
      loadPacks();
    } catch (err) {
      if (!alive) return;
      box.checked = !on;
      msg.error(errorText(err));
    }
  }

  async function setFavor(game, value, select) {
    try {
      const row = await api('PATCH', `/api/games/${game.id}/favor`, { body: { favor_bias: value } });
      if (!alive) return;
      games = games.map((g) => (g.id === row.id ? row : g));
      msg.success(`${row.title}: favor set to ${select.selectedOptions[0].textContent.toLowerCase()}.`);
    } catch (err) {
      if (!alive) return;
      select.value = String(game.favor_bias);
      msg.error(errorText(err));
    }
  }

  async function openEditor(game) {
    const saved = await editGame(game, {
      packs,
      save: (body) => (game ? api('PUT', `/api/games/${game.id}`, { body }) : api('POST', '/api/games', { body })),
    });
    if (!alive) return;
    if (!saved) {
      (game ? list.querySelector(`li[data-game-id="${game.id}"] [data-action="edit"]`) : addButton)?.focus();
      return;
    }
    msg.success(game ? `Saved ${saved.title}.` : `Added ${saved.title}.`);
    if (game) {
      replaceRow(saved, { refocus: '[data-action="edit"]' });
    } else {
      await loadGames(filters.query());
      addButton.focus();
    }
    loadPacks();
  }

  async function deleteGame(game) {
    const ok = await confirmAction({
      title: 'Delete this game?',
      message: `Delete ${game.title} (${game.pack_name}) from the catalogue?`,
      confirmLabel: 'Delete',
    });
    if (!ok || !alive) return;
    try {
      await api('DELETE', `/api/games/${game.id}`);
      if (!alive) return;
      games = games.filter((g) => g.id !== game.id);
      renderGames();
      msg.success(`Deleted ${game.title}.`);
      loadPacks();
    } catch (err) {
      if (alive) msg.error(errorText(err));
    }
  }

  async function togglePack(pack, enable, button) {
    button.disabled = true;
    try {
      const result = await api('PATCH', `/api/games/packs/${encodeURIComponent(pack.name)}/toggle`, { body: { enabled: enable } });
      if (!alive) return;
      msg.success(`${pack.name}: ${result.games_updated} ${result.games_updated === 1 ? 'game' : 'games'} ${enable ? 'enabled' : 'disabled'}.`);
      await reloadAll();
      packsBox.querySelector(`li[data-pack="${CSS.escape(pack.name)}"] button`)?.focus();
    } catch (err) {
      if (!alive) return;
      button.disabled = false;
      msg.error(errorText(err));
    }
  }

  async function packFavor(pack, value, select) {
    try {
      await api('PATCH', `/api/games/packs/${encodeURIComponent(pack.name)}/favor`, { body: { favor_bias: value } });
      if (!alive) return;
      pack.favor_bias = value;
      msg.success(`${pack.name}: favor set to ${select.selectedOptions[0].textContent.toLowerCase()}.`);
    } catch (err) {
      if (!alive) return;
      select.value = String(pack.favor_bias);
      msg.error(errorText(err));
    }
  }

  return () => { alive = false; };
}
