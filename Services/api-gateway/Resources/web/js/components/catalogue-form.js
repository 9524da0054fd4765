// Create / edit one game, in a modal dialog.
import { h } from '../dom.js';
import { messageLine, errorText } from './pages-message.js';

const FIELDS = [
  // [name, label, input attributes]
  ['title', 'Title', { type: 'text', required: true, maxlength: '200' }],
  ['pack_name', 'Pack', { type: 'text', required: true, maxlength: '100', list: 'game-form-packs' }],
  ['min_players', 'Minimum players', { type: 'number', required: true, min: '1', inputmode: 'numeric' }],
  ['max_players', 'Maximum players', { type: 'number', required: true, min: '1', inputmode: 'numeric' }],
  ['length_minutes', 'Length in minutes (optional)', { type: 'number', min: '1', inputmode: 'numeric' }],
  ['game_type', 'Type (optional)', { type: 'text', maxlength: '100' }],
  ['secondary_type', 'Second type (optional)', { type: 'text', maxlength: '100' }],
  ['ticker', 'Ticker (optional, 1–8 of A–Z, 0–9)', { type: 'text', maxlength: '8', pattern: '[A-Za-z0-9]{1,8}', autocapitalize: 'characters', spellcheck: 'false' }],
];
const FLAGS = [['enabled', 'Enabled'], ['family_friendly', 'Family-friendly'], ['has_audience', 'Has an audience']];

/** Form values → the JSON body for POST /api/games or PUT /api/games/{id}. Pure. */
export function gameBody(values) {
  const text = (v) => (v.trim() === '' ? null : v.trim());
  const int = (v) => (v.trim() === '' ? null : Number(v));
  return {
    title: values.title.trim(),
    pack_name: values.pack_name.trim(),
    min_players: int(values.min_players),
    max_players: int(values.max_players),
    length_minutes: int(values.length_minutes),
    game_type: text(values.game_type),
    secondary_type: text(values.secondary_type),
    ticker: values.ticker.trim() === '' ? null : values.ticker.trim().toUpperCase(),
    enabled: values.enabled,
    family_friendly: values.family_friendly,
    has_audience: values.has_audience,
    favor_bias: Number(values.favor_bias),
  };
}

/**
 * Opens the dialog for `game` (null: a new game). `save(body)` performs the
 * request and resolves to the saved row; an error keeps the dialog open with
 * the API's message. Resolves to the saved row, or null when cancelled.
 */
export function editGame(game, { packs, save }) {
  return new Promise((resolve) => {
    const msg = messageLine({ id: 'game-form-msg' });
    const inputs = {};
    const rows = FIELDS.map(([name, label, attrs]) => {
      const input = h('input', { id: `game-form-${name}`, name, ...attrs });
      const value = game ? game[name] : '';
      input.value = value === null || value === undefined ? '' : String(value);
      inputs[name] = input;
      const wide = name === 'title' || name === 'pack_name';
      return h('div', { class: wide ? 'field field-wide' : 'field' }, h('label', { for: input.id }, label), input);
    });
    const flags = FLAGS.map(([name, label]) => {
      const box = h('input', { type: 'checkbox', id: `game-form-${name}`, name });
      box.checked = game ? Boolean(game[name]) : name === 'enabled';
      inputs[name] = box;
      return h('div', { class: 'field field-check' }, box, h('label', { for: box.id }, label));
    });
    const favor = h('select', { id: 'game-form-favor_bias', name: 'favor_bias' },
      h('option', { value: '1' }, 'Pick more often'), h('option', { value: '0' }, 'Normal'), h('option', { value: '-1' }, 'Pick less often'));
    favor.value = String(game ? game.favor_bias : 0);
    const cancel = h('button', { type: 'button', id: 'game-form-cancel' }, 'Cancel');
    const submit = h('button', { type: 'submit', class: 'primary', id: 'game-form-save' }, game ? 'Save changes' : 'Add game');
    const title = game ? `Edit ${game.title}` : 'Add a game';
    const form = h('form', { class: 'game-form' },
      h('h2', { id: 'game-form-heading' }, title),
      h('datalist', { id: 'game-form-packs' }, packs.map((p) => h('option', { value: p.name }))),
      h('div', { class: 'field-grid' }, rows),
      h('div', { class: 'field' }, h('label', { for: favor.id }, 'Favor'), favor),
      h('div', { class: 'field-row' }, flags),
      msg.el,
      h('div', { class: 'row-actions' }, cancel, submit));
    const dialog = h('dialog', { class: 'form-dialog', 'aria-labelledby': 'game-form-heading' }, form);
    let saved = null;

    // Leaving the page closes the form (it lives on <body>, outside the page).
    const leave = () => dialog.close();
    window.addEventListener('hashchange', leave);
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      window.removeEventListener('hashchange', leave);
      dialog.remove();
      resolve(saved);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const values = { favor_bias: favor.value };
      for (const [name] of FIELDS) values[name] = inputs[name].value;
      for (const [name] of FLAGS) values[name] = inputs[name].checked;
      submit.disabled = true;
      msg.info('Saving…');
      try {
        saved = await save(gameBody(values));
        dialog.close();
      } catch (err) {
        msg.error(errorText(err));
      } finally {
        submit.disabled = false;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    inputs.title.focus();
  });
}
