// Building the page without HTML strings: every piece of text (notes,
// usernames, chat, titles) becomes a text node, so nothing a user types can
// become markup or script. No HTML parsing from strings anywhere in the front end.

const booleanProperties = new Set(['checked', 'disabled', 'selected', 'required', 'readonly', 'multiple', 'hidden',
  'autofocus']);

/**
 * Creates an element.
 * attrs: `class`, `for`, `id`, `type`, `value`, `aria-*`, `data-*`, other
 * attributes (set with setAttribute); boolean properties (`disabled`,
 * `checked`…) follow the value's truthiness; `on<event>` keys with a
 * function add a listener. null/undefined/false attributes are skipped.
 * children: strings and numbers become text nodes, arrays are flattened,
 * null/undefined/false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (key.startsWith('on')) {
      // Only real listeners: an inline handler string would be refused by
      // the Content-Security-Policy anyway.
      if (typeof value === 'function') element.addEventListener(key.slice(2).toLowerCase(), value);
      continue;
    }
    if (booleanProperties.has(key)) {
      element[key] = Boolean(value);
      continue;
    }
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'for') element.htmlFor = value;
    else if (key === 'value') element.value = value;
    else if ((key === 'href' || key === 'src') && /^\s*javascript:/i.test(String(value))) continue;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children with the rules of `h`. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.append(child);
    else parent.append(document.createTextNode(String(child)));
  }
  return parent;
}

/** Removes every child of `node`. */
export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Replaces the children of `node` (same rules as `h`). */
export function replace(node, ...children) {
  clear(node);
  return append(node, children);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** "15 Mar 2026, 19:00" in the viewer's locale; '' for a missing or bad date. */
export function formatDate(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
}

/** "19:00"; '' for a missing or bad date. */
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
}
