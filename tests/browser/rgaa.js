// RGAA checks run in the page by tests/browser/test_rgaa.py (window.rgaa).
window.rgaa = {
  clippedText: () => {
  const cut = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (!['hidden', 'clip'].includes(style.overflowX) && !['hidden', 'clip'].includes(style.overflowY)) continue;
    if (el.clientWidth <= 2 || el.clientHeight <= 2) continue;
    if (!el.innerText || !el.innerText.trim()) continue;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
      cut.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
    }
  }
  return cut.slice(0, 5);
},
  focusState: () => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A ring on the element, or on the frame around it (a video's controls are inside it).
  const ringed = node => { const s = getComputedStyle(node);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none'); };
  const outline = ringed(el) || (el.tagName === 'VIDEO' && ringed(el.parentElement));
  const shadow = false;
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    visible: outline || shadow, inView: r.width > 0 && r.height > 0,
    index: Array.from(document.querySelectorAll('*')).indexOf(el),
  };
},
  // Tab stops: a group of radio buttons is one stop (arrows move inside it).
  focusableCount: () => { const radios = new Set(); return Array.from(document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), video[controls]'
)).filter(el => !el.disabled && el.checkVisibility({visibilityProperty: true}) && (!el.closest('details:not([open])') || el.matches('details > summary'))).filter(el => { if (el.type !== 'radio') return true; if (radios.has(el.name)) return false; radios.add(el.name); return true; }).length; },
  contrast: (el) => {
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = ({r, g, b}) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let bg = null, node = el;
  while (node && node.nodeType === 1) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c && c.a >= 0.99) { bg = c; break; }
    if (getComputedStyle(node).backgroundImage !== 'none') return null;  // an image behind: not computable
    node = node.parentElement;
  }
  bg = bg || {r: 255, g: 255, b: 255, a: 1};
  const fg = parse(getComputedStyle(el).color);
  if (!fg) return null;
  const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  const size = parseFloat(getComputedStyle(el).fontSize), bold = parseInt(getComputedStyle(el).fontWeight) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  return {ratio: (l1 + 0.05) / (l2 + 0.05), needed: large ? 3 : 4.5};
},
  invalidLanguageCodes: () => Array.from(document.querySelectorAll('body [lang]'))
            .map(el => el.getAttribute('lang')).filter(l => !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(l)),
  ungroupedChoices: () => Array.from(document.querySelectorAll('input[type=radio], input[type=checkbox]'))
            .filter(el => el.offsetParent !== null || el.closest('label, .check'))
            .filter(el => el.closest('details:not([open])') === null)
            .filter(el => {
              const group = document.querySelectorAll(`input[name="${el.name}"]`).length > 1;
              const fs = el.closest('fieldset');
              return group && (!fs || !fs.querySelector('legend') || !fs.querySelector('legend').innerText.trim());
            }).map(el => el.name),
  unlabelledFields: () => Array.from(document.querySelectorAll('input:not([type=hidden]):not([type=submit]), select, textarea'))
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
            .map(el => el.name || el.id),
};
