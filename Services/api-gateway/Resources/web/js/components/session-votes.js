// Vote breakdown tables: the session's live votes, and what a chat import counted.
import { h } from '../dom.js';

/**
 * `rows`: `[{ title, pack_name?, upvotes, downvotes }]`. A real table with a
 * caption and header cells, so screen readers announce each number's column.
 */
export function voteTable({ id, caption, rows }) {
  if (rows.length === 0) return h('p', { class: 'empty', id }, `${caption}: none.`);
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'vote-table', id },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Game'),
        h('th', { scope: 'col', class: 'num' }, 'Up'),
        h('th', { scope: 'col', class: 'num' }, 'Down'),
        h('th', { scope: 'col', class: 'num' }, 'Net'))),
      h('tbody', {}, rows.map((row) => h('tr', {},
        h('th', { scope: 'row' }, row.title, row.pack_name ? h('span', { class: 'hint block' }, row.pack_name) : null),
        h('td', { class: 'num' }, String(row.upvotes)),
        h('td', { class: 'num' }, String(row.downvotes)),
        h('td', { class: 'num' }, String(row.upvotes - row.downvotes)))))));
}

/** GET /api/sessions/{id}/votes → rows (already ordered by net score). */
export function liveVoteRows(body) {
  return (body && Array.isArray(body.votes) ? body.votes : []).map((v) => ({
    title: v.title, pack_name: v.pack_name, upvotes: v.upvotes, downvotes: v.downvotes,
  }));
}

/** A chat import's `votesByGame` (keyed by games.id) → rows, best net score first. Pure. */
export function importVoteRows(votesByGame) {
  return Object.values(votesByGame || {})
    .map((v) => ({ title: v.title, upvotes: v.upvotes, downvotes: v.downvotes }))
    .sort((a, b) => (b.upvotes - b.downvotes) - (a.upvotes - a.downvotes) || a.title.localeCompare(b.title));
}
