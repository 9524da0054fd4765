// A confirmation dialog for destructive actions (bulk delete, game delete).
import { h } from '../dom.js';

/**
 * A native modal `<dialog>`: it traps focus, Escape cancels, and the
 * `<form method="dialog">` sets `returnValue` from the pressed button, so no
 * focus handling is hand-written. Focus starts on Cancel so Enter alone never
 * destroys anything. Resolves true when confirmed.
 */
export function confirmAction({ title, message, confirmLabel = 'Confirm' }) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'submit', value: 'cancel', }, 'Cancel');
    const ok = h('button', { type: 'submit', value: 'ok', class: 'danger', 'data-confirm': 'ok' }, confirmLabel);
    const dialog = h('dialog', { class: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'confirm-title' }, title),
        h('p', { id: 'confirm-text' }, message),
        h('div', { class: 'row-actions' }, cancel, ok)));
    // The dialog lives on <body>, outside the page: leaving the page (Back,
    // a nav link) must not leave it open over the next one.
    const leave = () => dialog.close('cancel');
    window.addEventListener('hashchange', leave);
    dialog.addEventListener('close', () => {
      window.removeEventListener('hashchange', leave);
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
