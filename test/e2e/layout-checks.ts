/*
 * What the layout suite (layout.test.ts) checks on the page on screen, as the browser laid it out. Each check is a
 * string evaluated in the page, not a function: see docs/stack-notes.md (tsx and esbuild's __name helper).
 */

/** One defect found on a page: which check, and a short description of the element (its class and text). */
export type LayoutFinding = { check: 'clipped-text' | 'wider-than-viewport' | 'covered' | 'small-target'; what: string }

/** The smallest target a finger reliably hits (88px at the 750 px design width). */
export const MIN_TARGET_PX = 44

/**
 * Finds, on the one page on screen (and the fixed layers over it: the tab bar, sheets, prompts):
 * - clipped-text: a text whose own line boxes reach outside the nearest ancestor that clips (overflow other than
 *   visible and not a scroller), unless it is cut on purpose (an ellipsis or a line clamp on the way);
 * - wider-than-viewport: an element reaching past the viewport's sides, unless a horizontal scroller holds it;
 * - covered: an interactive element that, scrolled as near the middle as the page allows, is under a fixed layer
 *   it is not part of (a tab bar over a prompt's buttons, a page that cannot scroll its last button clear);
 * - small-target (with `targets`): a tap target less than MIN_TARGET_PX high or wide.
 * The page is scrolled back to the top afterwards.
 */
export const findLayoutDefects = (options: { targets: boolean }) => `(() => {
  const findings = []
  const vw = document.documentElement.clientWidth
  const root = [...document.querySelectorAll('.taro_page')].find((p) => getComputedStyle(p).display !== 'none')
  if (!root) return [{ check: 'covered', what: 'no page on screen' }]
  const describe = (el) => {
    const cls = (typeof el.className === 'string' ? el.className : '').split(/\\s+/).filter(Boolean).slice(0, 2).join('.')
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 24)
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '') + (text ? ' “' + text + '”' : '')
  }
  const shown = (el) => {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0) return false
    const s = getComputedStyle(el)
    return s.visibility !== 'hidden' && Number(s.opacity) > 0
  }
  const fixedLayers = [...document.querySelectorAll('body *')].filter((el) => getComputedStyle(el).position === 'fixed' && shown(el))
  const scope = [root, ...fixedLayers.filter((f) => !root.contains(f))]
  const all = scope.flatMap((s) => [s, ...s.querySelectorAll('*')]).filter(shown)
  const scrolls = (s) => s === 'auto' || s === 'scroll'

  for (const el of all) {
    // wider-than-viewport
    const r = el.getBoundingClientRect()
    if (r.right > vw + 1 || r.left < -1) {
      let held = false
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a)
        if (scrolls(s.overflowX) || (s.overflowX !== 'visible' && a.getBoundingClientRect().right <= vw + 1 && a.getBoundingClientRect().left >= -1 && (r.left >= a.getBoundingClientRect().right || r.right <= a.getBoundingClientRect().left))) { held = true; break }
      }
      if (!held) findings.push({ check: 'wider-than-viewport', what: describe(el) + ' ' + Math.round(r.left) + '…' + Math.round(r.right) + ' of ' + vw })
    }
    // clipped-text: each direct text node's boxes against the nearest clipping ancestor
    for (const node of el.childNodes) {
      if (node.nodeType !== 3 || !node.textContent.trim()) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      const t = range.getBoundingClientRect()
      if (t.width === 0 || t.height === 0) continue
      for (let a = el; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a)
        if (s.textOverflow === 'ellipsis' || (s.webkitLineClamp && s.webkitLineClamp !== 'none')) break
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue
        if (scrolls(s.overflowX) || scrolls(s.overflowY)) break
        const b = a.getBoundingClientRect()
        if (t.top < b.top - 1 || t.bottom > b.bottom + 1 || t.left < b.left - 1 || t.right > b.right + 1) {
          findings.push({ check: 'clipped-text', what: describe(el) + ' in ' + describe(a) })
        }
        break
      }
    }
  }

  // While a modal layer covers the screen (a sheet over its mask; on a tab page H5 stops it at the tab bar), what
  // is behind it is meant to be out of reach: only the layer's own controls count.
  const modal = fixedLayers.find((f) => {
    const b = f.getBoundingClientRect()
    return b.left <= 0 && b.top <= 0 && b.right >= vw && b.height >= innerHeight * 0.8 && getComputedStyle(f).pointerEvents !== 'none'
  })
  const interactive = all.filter((el) => !modal || modal.contains(el)).filter((el) => (el.__events && el.__events.click) || ['taro-button-core', 'taro-input-core', 'taro-textarea-core', 'input', 'textarea', 'button', 'a'].includes(el.tagName.toLowerCase()))
    // NutUI registers a handler on every Cell; only clickable ones act.
    .filter((el) => !(el.classList.contains('nut-cell') && !el.classList.contains('nut-cell-clickable')))
    // The innermost of nested targets is the one a finger meets.
    .filter((el, _, list) => !list.some((other) => other !== el && el.contains(other) && other.tagName.toLowerCase() !== 'input'))
  for (const el of interactive) {
    el.scrollIntoView({ block: 'center', inline: 'nearest' })
    const r = el.getBoundingClientRect()
    const x = Math.min(Math.max(r.left + r.width / 2, 0), vw - 1)
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1)
    const hit = document.elementFromPoint(x, y)
    if (hit && hit !== el && !el.contains(hit) && !hit.contains(el)) {
      const layer = fixedLayers.find((f) => f.contains(hit) && !f.contains(el))
      if (layer) findings.push({ check: 'covered', what: describe(el) + ' under ' + describe(layer) })
    }
    if (${options.targets}) {
      // The ::after that widens a hit area counts (a switch), as drawn (Taro's button border is a 200% box at scale 0.5).
      const after = getComputedStyle(el, '::after')
      const m = after.transform.startsWith('matrix(') ? after.transform.slice(7, -1).split(',').map(Number) : [1, 0, 0, 1]
      const big = after.content !== 'none' && after.position === 'absolute'
      const h = Math.max(r.height, big ? (parseFloat(after.height) || 0) * m[3] : 0)
      const w = Math.max(r.width, big ? (parseFloat(after.width) || 0) * m[0] : 0)
      if (h < ${MIN_TARGET_PX} - 0.5 || w < ${MIN_TARGET_PX} - 0.5) findings.push({ check: 'small-target', what: describe(el) + ' ' + Math.round(w) + '×' + Math.round(h) })
    }
  }
  window.scrollTo(0, 0)
  for (const s of document.querySelectorAll('*')) if (s.scrollTop) s.scrollTop = 0
  return findings
})()`

/** Which of the states every page has is on screen: the data-state of QueryView's state views, or 'content'. */
export const stateOnScreen = `(() => {
  const root = [...document.querySelectorAll('.taro_page')].find((p) => getComputedStyle(p).display !== 'none')
  const states = [...root.querySelectorAll('[data-state]')].filter((el) => el.getBoundingClientRect().height > 0)
  return states.map((el) => ({ state: el.getAttribute('data-state'), picture: el.querySelector('img') ? el.querySelector('img').getAttribute('src') : null }))
})()`
