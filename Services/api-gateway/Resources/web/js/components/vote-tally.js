// Up/down votes of a game: "▲ 12 ▼ 3". Shared by Tonight and the overlay.
import { h } from '../dom.js';

export function createTally({ upvotes = 0, downvotes = 0 } = {}) {
  const up = h('span', { class: 'up', 'data-votes': 'up' });
  const down = h('span', { class: 'down', 'data-votes': 'down' });
  const element = h('span', { class: 'tally' }, up, down);
  function set(totals) {
    const ups = Number(totals?.upvotes) || 0;
    const downs = Number(totals?.downvotes) || 0;
    up.textContent = `▲ ${ups}`;
    down.textContent = `▼ ${downs}`;
    element.setAttribute('aria-label', `${ups} up, ${downs} down`);
    element.dataset.up = String(ups);
    element.dataset.down = String(downs);
  }
  set({ upvotes, downvotes });
  return { element, set };
}
