// History toolbar: which sessions to show, how many per page, and the bulk actions.
import { h } from '../dom.js';

function labelledSelect(id, label, options, value, onChange) {
  const select = h('select', { id }, options.map(([v, text]) => h('option', { value: v }, text)));
  select.value = value;
  select.addEventListener('change', () => onChange(select.value));
  return h('div', { class: 'field' }, h('label', { for: id }, label), select);
}

/** Filter (default/archived/all) and page size (the `limit` the API pages by). */
export function historyFilters({ filter, limit, onFilter, onLimit }) {
  return h('div', { class: 'toolbar history-filters' },
    labelledSelect('history-filter', 'Show', [['default', 'Current sessions'], ['archived', 'Archived sessions'], ['all', 'All sessions']], filter, onFilter),
    labelledSelect('history-limit', 'Per page', [['10', '10'], ['25', '25'], ['50', '50'], ['100', '100']], String(limit), (v) => onLimit(Number(v))));
}

/**
 * Bulk bar: a "select all on this page" box and the three bulk actions,
 * which stay disabled until something is selected.
 */
export function bulkBar({ onSelectAll, onAction }) {
  const all = h('input', { type: 'checkbox', id: 'history-select-all' });
  all.addEventListener('change', () => onSelectAll(all.checked));
  const count = h('span', { class: 'hint', id: 'history-selected-count', 'aria-live': 'polite' }, 'None selected');
  const buttons = [
    ['archive', 'Archive selected'],
    ['unarchive', 'Unarchive selected'],
    ['delete', 'Delete selected'],
  ].map(([action, text]) => h('button', {
    type: 'button', class: action === 'delete' ? 'danger' : null, id: `history-bulk-${action}`,
    onclick: () => onAction(action),
  }, text));
  const el = h('div', { class: 'toolbar history-bulk', role: 'group', 'aria-label': 'Bulk actions' },
    h('div', { class: 'field field-check' }, all, h('label', { for: 'history-select-all' }, 'Select all on this page')),
    count, h('div', { class: 'row-actions' }, buttons));
  return {
    el,
    /** `n` selected of `selectable` on the page. */
    update(n, selectable) {
      count.textContent = n === 0 ? 'None selected' : `${n} selected`;
      for (const b of buttons) b.disabled = n === 0;
      all.checked = selectable > 0 && n === selectable;
      all.indeterminate = n > 0 && n < selectable;
      all.disabled = selectable === 0;
    },
  };
}

/** Newer / older page buttons around the page position. */
export function pager({ onNewer, onOlder }) {
  const newer = h('button', { type: 'button', id: 'history-newer', onclick: onNewer }, '← Newer');
  const older = h('button', { type: 'button', id: 'history-older', onclick: onOlder }, 'Older →');
  const where = h('span', { class: 'hint', id: 'history-page' });
  const el = h('nav', { class: 'pager', 'aria-label': 'Session pages' }, newer, where, older);
  return {
    el,
    update({ page, hasNewer, hasOlder }) {
      newer.disabled = !hasNewer;
      older.disabled = !hasOlder;
      where.textContent = `Page ${page}`;
    },
  };
}
