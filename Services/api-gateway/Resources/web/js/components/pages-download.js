// Downloads of Bearer-protected files (session export, catalogue CSV).
import { api } from '../api.js';
import { responseError } from './pages-raw.js';

/**
 * A plain link cannot send the Authorization header, so the file is fetched,
 * turned into a Blob and offered through a temporary object URL on an
 * `<a download>`. Navigating to a same-origin blob: URL for a download is not
 * a fetch, so CSP's connect-src does not apply to it.
 * Resolves to `{ name, blob }` once the browser has been handed the file.
 */
export async function downloadFile(path, { query, fallbackName = 'download' } = {}) {
  const res = await api('GET', path, { query, raw: true });
  if (!res.ok) throw await responseError(res);
  const blob = await res.blob();
  const name = filenameFrom(res.headers.get('Content-Disposition')) || fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the Blob asynchronously after the click; revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 30000);
  return { name, blob };
}

/** `attachment; filename="games.csv"` → `games.csv` (RFC 6266 quoted form, which the gateway sends). */
export function filenameFrom(header) {
  const match = /filename="([^"\\/]+)"/i.exec(header || '');
  return match ? match[1] : null;
}
