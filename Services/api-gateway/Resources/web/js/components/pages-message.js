// A message line shared by the webpages pages (picker, history, session, catalogue).
import { h } from '../dom.js';

/**
 * A polite live region: results and errors are announced by screen readers
 * without moving keyboard focus. Errors only change the look (class), since
 * swapping `role` on a live node is announced unreliably.
 */
export function messageLine(attrs = {}) {
  const el = h('p', { class: 'page-msg', role: 'status', 'aria-live': 'polite', ...attrs });
  const set = (text, kind) => {
    el.className = kind ? `page-msg page-msg-${kind}` : 'page-msg';
    el.textContent = text;
  };
  return {
    el,
    info: (text) => set(text, ''),
    success: (text) => set(text, 'ok'),
    error: (text) => set(text, 'error'),
    clear: () => set('', ''),
  };
}

/** The text to show for a failed call: the API's own `error`, or the browser's network message. */
export function errorText(err) {
  if (err && typeof err.message === 'string' && err.message) return err.message;
  return 'Something went wrong';
}
