// The picker's filter form: exactly the fields POST /api/pick accepts.
import { h } from '../dom.js';

/** A labelled `<select>`; options are `[value, text]` pairs, the first is the default. */
function selectField(id, label, options) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, name: id }, options.map(([value, text]) => h('option', { value }, text))));
}

function checkField(id, label, hint) {
  return h('div', { class: 'field field-check' },
    h('input', { type: 'checkbox', id, name: id, 'aria-describedby': hint ? `${id}-hint` : null }),
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

/**
 * Builds the form. `onRoll()` runs on submit (button or Enter in a field).
 * The "avoid tonight's games" box only makes sense with a running session,
 * so the page enables it through `setSession`.
 */
export function pickerFilters({ onRoll }) {
  const players = h('input', { type: 'number', id: 'pick-players', name: 'players', min: '1', inputmode: 'numeric', placeholder: 'any' });
  const form = h('form', { class: 'card picker-filters', 'aria-labelledby': 'pick-filters-title' },
    h('h2', { id: 'pick-filters-title' }, 'Filters'),
    h('div', { class: 'field-grid' },
      h('div', { class: 'field' }, h('label', { for: 'pick-players' }, 'Players'), players),
      selectField('pick-length', 'Length', [['', 'Any length'], ['short', 'Short (up to 15 min)'], ['medium', 'Medium (16–25 min)'], ['long', 'Long (over 25 min)']]),
      selectField('pick-drawing', 'Drawing games', [['', 'Include'], ['exclude', 'Leave out'], ['only', 'Only drawing games']]),
      selectField('pick-family', 'Family-friendly', [['', 'Any'], ['true', 'Family-friendly only'], ['false', 'Not family-friendly']])),
    checkField('pick-exclude-played', 'Leave out every game already played tonight',
      'Without this, only the last two games of tonight are left out.'),
    h('div', { class: 'row-actions' }, h('button', { type: 'submit', class: 'primary', id: 'pick-roll' }, 'Roll')));
  const excludePlayed = form.querySelector('#pick-exclude-played');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onRoll();
  });

  return {
    el: form,
    setSession(sessionId) {
      excludePlayed.disabled = !sessionId;
    },
    /** The JSON body for POST /api/pick; unset filters are left out, not sent as null. */
    body(sessionId) {
      return pickBody({
        players: players.value,
        length: form.querySelector('#pick-length').value,
        drawing: form.querySelector('#pick-drawing').value,
        family: form.querySelector('#pick-family').value,
        excludePlayed: excludePlayed.checked,
        sessionId,
      });
    },
  };
}

/** Form values → pick body. Pure, so the mapping is easy to read and check. */
export function pickBody({ players, length, drawing, family, excludePlayed, sessionId }) {
  const body = {};
  const count = Number.parseInt(players, 10);
  if (Number.isInteger(count) && count > 0) body.playerCount = count;
  if (length) body.length = length;
  if (drawing) body.drawing = drawing;
  if (family === 'true' || family === 'false') body.familyFriendly = family === 'true';
  if (sessionId) {
    body.sessionId = sessionId;
    if (excludePlayed) body.excludePlayed = true;
  }
  return body;
}
