// Sessions grouped by the day they started, each with select and archive controls.
import { h } from '../dom.js';

function pad(n) { return String(n).padStart(2, '0'); }

/** The viewer's local calendar day of an ISO timestamp, as `YYYY-MM-DD` (a game night is a local event). */
export function dayKey(iso) {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Newest-first sessions → `[{ key, label, sessions }]`, keeping the order. Pure. */
export function groupByDay(sessions) {
  const groups = [];
  for (const session of sessions) {
    const key = dayKey(session.created_at);
    let group = groups[groups.length - 1];
    if (!group || group.key !== key) {
      group = { key, label: dayLabel(session.created_at), sessions: [] };
      groups.push(group);
    }
    group.sessions.push(session);
  }
  return groups;
}

function dayLabel(iso) {
  return new Date(iso).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

function timeOf(iso) {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function summary(session) {
  const parts = [`started ${timeOf(session.created_at)}`];
  parts.push(session.games_played === 1 ? '1 game' : `${session.games_played} games`);
  if (session.closed_at) parts.push(`closed ${timeOf(session.closed_at)}`);
  return parts.join(' · ');
}

/**
 * One session row. The active session cannot be archived, deleted or
 * bulk-selected (the API refuses), so it gets no controls for that.
 */
function sessionRow(session, { selected, onSelect, onArchive }) {
  const active = session.is_active === 1 || session.is_active === true;
  const archived = session.archived === 1 || session.archived === true;
  const boxId = `history-select-${session.id}`;
  const box = h('input', { type: 'checkbox', id: boxId, class: 'history-select', 'data-id': String(session.id) });
  box.checked = selected.has(session.id);
  box.disabled = active;
  box.addEventListener('change', () => onSelect(session.id, box.checked));
  const badges = [];
  if (active) badges.push(h('span', { class: 'badge', 'data-kind': 'playing' }, 'Active'));
  if (archived) badges.push(h('span', { class: 'badge' }, 'Archived'));
  const action = active ? null : h('button', {
    type: 'button', class: 'compact', 'data-action': archived ? 'unarchive' : 'archive',
    'aria-label': `${archived ? 'Unarchive' : 'Archive'} session ${session.id}`,
    onclick: () => onArchive(session, !archived),
  }, archived ? 'Unarchive' : 'Archive');
  return h('li', { class: 'history-row', 'data-session-id': String(session.id) },
    h('div', { class: 'history-check' },
      box, h('label', { for: boxId, class: 'visually-hidden' }, `Select session ${session.id}`)),
    h('div', { class: 'history-main' },
      h('p', { class: 'history-head' },
        h('a', { href: `#/sessions/${session.id}`, class: 'history-link' }, `Session #${session.id}`), ...badges),
      session.notes ? h('p', { class: 'history-notes' }, session.notes) : null,
      h('p', { class: 'hint' }, summary(session))),
    action ? h('div', { class: 'history-actions' }, action) : null);
}

/** The grouped list; `handlers` are `{ selected: Set, onSelect(id, on), onArchive(session, archive) }`. */
export function historyList(sessions, handlers) {
  return groupByDay(sessions).map((group) =>
    h('section', { class: 'history-day', 'aria-labelledby': `day-${group.key}` },
      h('h2', { id: `day-${group.key}`, class: 'history-day-title' }, group.label),
      h('ul', { class: 'history-rows' }, group.sessions.map((s) => sessionRow(s, handlers)))));
}
