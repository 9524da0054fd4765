// Chat-log import: a JSON file of `{ username, message, timestamp }` messages.
import { h } from '../dom.js';
import { api } from '../api.js';
import { readText } from './pages-file.js';
import { messageLine, errorText } from './pages-message.js';

/**
 * The sessions document's body is `{ chatData: [...] }`; a file holding just
 * the array (the usual chat export) or that whole object is accepted.
 * Returns the array, or throws an Error with a message for the user.
 */
export function chatDataFrom(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('The file is not valid JSON.');
  }
  if (data && !Array.isArray(data) && Array.isArray(data.chatData)) data = data.chatData;
  if (!Array.isArray(data)) throw new Error('The file must hold a JSON array of { username, message, timestamp } messages.');
  return data;
}

/** `onImported(result)` gets the API's answer (counts and `votesByGame`). */
export function chatImportForm(sessionId, { onImported }) {
  const file = h('input', { type: 'file', id: 'chat-file', accept: '.json,application/json', 'aria-describedby': 'chat-file-hint' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'chat-import' }, 'Import chat log');
  const msg = messageLine({ id: 'chat-msg' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'chat-title' },
    h('h2', { id: 'chat-title' }, 'Import chat log'),
    h('div', { class: 'field' },
      h('label', { for: 'chat-file' }, 'Chat log file (JSON)'),
      file,
      h('p', { class: 'hint', id: 'chat-file-hint' },
        'An array of messages with username, message and timestamp. "thisgame++" and "thisgame--" count as votes for the game playing at that time; repeated messages are skipped.')),
    h('div', { class: 'row-actions' }, button),
    msg.el);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files && file.files[0];
    if (!chosen) { msg.error('Choose a chat log file first.'); return; }
    button.disabled = true;
    msg.info(`Importing ${chosen.name}…`);
    try {
      const chatData = chatDataFrom(await readText(chosen));
      const result = await api('POST', `/api/sessions/${sessionId}/chat-import`, { body: { chatData } });
      msg.success(`Imported ${result.messagesImported} messages (${result.duplicatesSkipped} duplicates skipped), ${result.votesProcessed} votes counted.`);
      file.value = '';
      onImported(result);
    } catch (err) {
      msg.error(errorText(err));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
