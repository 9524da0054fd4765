// The latest live votes (from vote.received), newest first, as text.
import { h, formatTime } from '../dom.js';

export function createVoteFeed({ limit = 8 } = {}) {
  const list = h('ol', { class: 'list vote-feed', id: 'vote-feed', 'aria-label': 'Latest votes' });
  const empty = h('p', { class: 'muted small' }, 'No votes yet.');
  const element = h('div', {}, empty, list);
  return {
    element,
    add(data) {
      const up = data?.vote?.type === 'up';
      empty.hidden = true;
      list.prepend(h('li', { class: 'vote', 'data-vote': up ? 'up' : 'down' },
        h('span', { class: up ? 'up' : 'down', 'aria-label': up ? 'up' : 'down' }, up ? '▲' : '▼'), ' ',
        h('strong', { class: 'username' }, String(data?.vote?.username ?? '')), ' · ',
        h('span', { class: 'game' }, String(data?.game?.title ?? '')), ' ',
        h('span', { class: 'muted small' }, formatTime(data?.vote?.timestamp))));
      while (list.children.length > limit) list.lastElementChild.remove();
    },
  };
}
