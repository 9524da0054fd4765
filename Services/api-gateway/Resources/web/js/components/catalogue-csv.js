// CSV export (download) and import (file → POST, with line-numbered errors).
import { h, clear } from '../dom.js';
import { api } from '../api.js';
import { downloadFile } from './pages-download.js';
import { readText } from './pages-file.js';
import { confirmAction } from './pages-confirm.js';
import { messageLine, errorText } from './pages-message.js';

/** `onImported()` runs after a successful import, so the page reloads the catalogue. */
export function csvSection({ onImported }) {
  const msg = messageLine({ id: 'csv-msg' });
  const errors = h('ul', { class: 'csv-errors', id: 'csv-errors', hidden: true });
  const file = h('input', { type: 'file', id: 'csv-file', accept: '.csv,text/csv' });
  const mode = h('select', { id: 'csv-mode' },
    h('option', { value: 'append' }, 'Add and update (keep other games)'),
    h('option', { value: 'replace' }, 'Replace the catalogue with the file'));
  const importButton = h('button', { type: 'submit', class: 'primary', id: 'csv-import' }, 'Import CSV');
  const exportButton = h('button', { type: 'button', id: 'csv-export' }, 'Download CSV');

  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    try {
      const { name } = await downloadFile('/api/games/export/csv', { fallbackName: 'games.csv' });
      msg.success(`Downloaded ${name}.`);
    } catch (err) {
      msg.error(errorText(err));
    } finally {
      exportButton.disabled = false;
    }
  });

  const form = h('form', { class: 'csv-import' },
    h('div', { class: 'field' }, h('label', { for: 'csv-file' }, 'CSV file'), file),
    h('div', { class: 'field' }, h('label', { for: 'csv-mode' }, 'Import mode'), mode),
    h('div', { class: 'row-actions' }, importButton));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showErrors([]);
    const chosen = file.files && file.files[0];
    if (!chosen) { msg.error('Choose a CSV file first.'); return; }
    if (mode.value === 'replace' && !await confirmAction({
      title: 'Replace the catalogue?',
      message: 'Games not in the file are deleted, except games a session has played. Continue?',
      confirmLabel: 'Replace',
    })) return;
    importButton.disabled = true;
    msg.info(`Importing ${chosen.name}…`);
    try {
      const csvData = await readText(chosen);
      const result = await api('POST', '/api/games/import/csv', { body: { csvData, mode: mode.value } });
      msg.success(`Import complete: ${result.inserted} added, ${result.updated} updated${result.kept ? `, ${result.kept} kept because sessions played them` : ''}.`);
      file.value = '';
      onImported();
    } catch (err) {
      const list = err && err.body && Array.isArray(err.body.errors) ? err.body.errors : [];
      msg.error(list.length ? `${errorText(err)}: nothing was changed. Fix these lines and import again.` : errorText(err));
      showErrors(list);
    } finally {
      importButton.disabled = false;
    }
  });

  function showErrors(list) {
    clear(errors);
    errors.hidden = list.length === 0;
    errors.append(...list.map((e) => h('li', {}, `Line ${e.line}: ${e.error}`)));
  }

  return h('div', { class: 'csv-section' },
    h('p', { class: 'hint' }, 'The file has one game per line with the header pack_name,title,min_players,max_players,… as the download shows.'),
    h('div', { class: 'row-actions' }, exportButton),
    form, msg.el, errors);
}
