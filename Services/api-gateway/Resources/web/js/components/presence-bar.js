// "Who is watching": the named admins with the dashboard open and the page
// each one is on, from `presence_update` (sent by the gateway whenever the
// set changes; each tab reports its page with `page_focus`).
import { h, replace } from '../dom.js';

const pageNames = {
  '#/tonight': 'Tonight', '#/picker': 'Picker', '#/history': 'History', '#/catalogue': 'Catalogue',
};

export function pageLabel(page) {
  if (pageNames[page]) return pageNames[page];
  const session = /^#\/sessions\/(\d+)$/.exec(page);
  return session ? `Session ${session[1]}` : page;
}

export function mountPresenceBar(element, live) {
  element.setAttribute('aria-label', 'Admins online');
  const offPresence = live.on('presence_update', (data) => {
    const admins = Array.isArray(data?.admins) ? data.admins : [];
    element.hidden = admins.length === 0;
    replace(element,
      h('span', { class: 'muted' }, 'Watching:'),
      h('ul', {}, admins.map((admin) => h('li', { 'data-name': String(admin.name ?? '') },
        h('strong', {}, String(admin.name ?? '')), ' · ', pageLabel(String(admin.page ?? ''))))));
  });
  const offStatus = live.onStatus((status) => { if (status === 'closed') element.hidden = true; });
  return () => { offPresence(); offStatus(); };
}
