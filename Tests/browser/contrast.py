"""Readable text, measured: the WCAG 2.x contrast ratio (success criterion
1.4.3) of every visible text node against the background it is drawn on,
for the browser tests' screenshots in the light and the dark theme."""

#: The check, in the page: minimums 4.5:1 for text, 3:1 for large text
#: (24 px, or 18.66 px bold).
LOW_CONTRAST_JS = """
function parse(c) {
  const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function lum([r, g, b]) {
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat(1);
}
function background(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let bg = [255, 255, 255, 1];
  if (layers.length && layers[layers.length - 1][3] >= 1) bg = layers.pop();
  else if (matchMedia('(prefers-color-scheme: dark)').matches) bg = [0, 0, 0, 1];
  while (layers.length) bg = over(layers.pop(), bg);
  return bg;
}
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const seen = new Set();
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement;
  if (!el || seen.has(el) || !n.textContent.trim()) continue;
  seen.add(el);
  if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
  if (el.closest('button:disabled, [aria-disabled=true], option')) continue;
  const style = getComputedStyle(el);
  const bg = background(el);
  const fg = over(parse(style.color), bg);
  const [a, b] = [lum(fg), lum(bg)];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
  const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  if (ratio < need) out.push(`${el.tagName}.${el.className} "${n.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1 (${style.color} on rgb(${bg.slice(0, 3).join(',')}))`);
}
return out;
"""


def low_contrast_text(driver):
    """Visible text below the WCAG contrast minimum against its background
    (the nearest opaque backgrounds, blended; images are not considered)."""
    return driver.execute_script(LOW_CONTRAST_JS)


def relative_luminance(css_colour):
    """WCAG relative luminance (0 black … 1 white) of an `rgb()`/`rgba()` computed colour."""
    parts = css_colour[css_colour.index("(") + 1:css_colour.index(")")].replace(",", " ").replace("/", " ").split()
    channels = []
    for value in parts[:3]:
        v = float(value) / 255
        channels.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
