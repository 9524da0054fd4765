// Export buttons: the session as JSON or as readable text.
import { h } from '../dom.js';
import { downloadFile } from './pages-download.js';
import { messageLine, errorText } from './pages-message.js';

export function exportButtons(sessionId) {
  const msg = messageLine({ id: 'export-msg' });
  const button = (format, text) => h('button', {
    type: 'button', id: `export-${format}`,
    onclick: async (event) => {
      const b = event.currentTarget;
      b.disabled = true;
      try {
        const { name } = await downloadFile(`/api/sessions/${sessionId}/export`, {
          query: { format }, fallbackName: `session-${sessionId}.${format}`,
        });
        msg.success(`Downloaded ${name}.`);
      } catch (err) {
        msg.error(errorText(err));
      } finally {
        b.disabled = false;
      }
    },
  }, text);
  return h('section', { class: 'card', 'aria-labelledby': 'export-title' },
    h('h2', { id: 'export-title' }, 'Export'),
    h('div', { class: 'row-actions' }, button('json', 'Download JSON'), button('txt', 'Download text')),
    msg.el);
}
