// #/picker — filters, a roll button, the pick, and "add to tonight".
import { h } from '../dom.js';
import { api } from '../api.js';
import { messageLine, errorText } from '../components/pages-message.js';
import { pickerFilters } from '../components/picker-filters.js';
import { renderPick, addToTonightForm } from '../components/picker-result.js';

export function mount(root, params = {}) {
  let alive = true;
  let session = null; // the active session, or null
  let picked = null; // the last picked game row

  const sessionLine = h('p', { class: 'hint', id: 'pick-session' }, 'Looking for tonight’s session…');
  const filters = pickerFilters({ onRoll: roll });
  const result = h('div', { class: 'pick-result', id: 'pick-result' });
  const rollMsg = messageLine({ id: 'pick-msg' });
  const addMsg = messageLine({ id: 'pick-add-msg' });
  const add = addToTonightForm({ onAdd: addPick });
  const pickCard = h('section', { class: 'card pick-card', 'aria-labelledby': 'pick-title', hidden: true },
    result, add.el, addMsg.el);

  root.append(
    h('h1', {}, 'Picker'),
    sessionLine,
    filters.el,
    rollMsg.el,
    pickCard);

  loadSession();

  async function loadSession() {
    try {
      const active = await api('GET', '/api/sessions/active');
      if (!alive) return;
      session = active && typeof active.id === 'number' ? active : null;
    } catch (err) {
      if (!alive) return;
      session = null;
      rollMsg.error(`Could not load tonight’s session: ${errorText(err)}`);
    }
    filters.setSession(session && session.id);
    showSession();
  }

  function showSession() {
    sessionLine.textContent = '';
    if (session) {
      sessionLine.append(`Tonight’s session #${session.id} is running`,
        session.notes ? ` (${session.notes})` : '', ' — picks avoid its most recent games.');
    } else {
      sessionLine.append('No session is running, so a pick cannot be added yet. ',
        h('a', { href: '#/tonight' }, 'Start one on Tonight'), '.');
    }
    add.el.hidden = !session;
  }

  async function roll() {
    rollMsg.info('Rolling…');
    addMsg.clear();
    try {
      const pick = await api('POST', '/api/pick', { body: filters.body(session && session.id) });
      if (!alive) return;
      picked = pick.game;
      renderPick(result, pick);
      pickCard.hidden = false;
      rollMsg.clear();
      result.querySelector('#pick-title').focus();
    } catch (err) {
      if (!alive) return;
      picked = null;
      pickCard.hidden = true;
      rollMsg.error(errorText(err));
    }
  }

  async function addPick(roomCode) {
    if (!picked || !session) return;
    if (!add.validCode(roomCode)) {
      addMsg.error('A room code is four letters or digits.');
      return;
    }
    add.setBusy(true);
    const body = { game_id: picked.id, manually_added: false };
    if (roomCode) body.room_code = roomCode;
    try {
      const row = await api('POST', `/api/sessions/${session.id}/games`, { body });
      if (!alive) return;
      add.reset();
      addMsg.success(`Added ${row.title} to tonight${row.room_code ? ` (room ${row.room_code})` : ''}.`);
    } catch (err) {
      if (!alive) return;
      addMsg.error(errorText(err));
      // The session may have been closed meanwhile: look again.
      if (err && err.status === 400) loadSession();
    } finally {
      if (alive) add.setBusy(false);
    }
  }

  return () => { alive = false; };
}
