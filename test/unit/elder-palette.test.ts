import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * The colours of src/app.scss, read from the file itself: the palette of `.page` and the high-contrast one of
 * `.page--elder` (which overrides some). Every pair of a foreground drawn on a background is checked against
 * WCAG 2.x AA for normal text, 4.5:1.
 */
const APP_SCSS = readFileSync(path.resolve(__dirname, '../../src/app.scss'), 'utf8')

/** The `--dm-*: #rrggbb` declarations directly inside the first block opened by `selector {`. */
function paletteOf(selector: string): Record<string, string> {
  const start = APP_SCSS.search(new RegExp(`^${selector.replace('.', '\\.')} \\{`, 'm'))
  if (start < 0) throw new Error(`no ${selector} block in app.scss`)
  let depth = 0
  let end = start
  for (let i = APP_SCSS.indexOf('{', start); i < APP_SCSS.length; i++) {
    if (APP_SCSS[i] === '{') depth++
    if (APP_SCSS[i] === '}' && --depth === 0) {
      end = i
      break
    }
  }
  const block = APP_SCSS.slice(start, end)
  return Object.fromEntries([...block.matchAll(/^\s{2}--dm-([a-z-]+):\s*(#[0-9a-f]{6});/gim)].map((m) => [m[1]!, m[2]!.toLowerCase()]))
}

/** Relative luminance (WCAG 2.x). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

const normal = paletteOf('.page')
const elder = { ...normal, ...paletteOf('.page--elder') }

/** Foreground on background, as the pages draw them (the names are the palette's). */
const PAIRS: [string, string][] = [
  ['text', 'surface'],
  ['text', 'background'],
  ['text-secondary', 'surface'],
  ['text-secondary', 'background'],
  // The 已结束 tag of 活动预告.
  ['text-secondary', 'disabled-background'],
  ['red', 'surface'],
  ['red', 'background'],
  ['red', 'red-soft'],
  ['on-red', 'red'],
  ['green', 'surface'],
  ['green', 'green-soft'],
  ['orange', 'surface'],
  ['orange', 'orange-soft'],
  ['blue', 'surface'],
  ['blue', 'blue-soft'],
]
/** 长辈模式 also draws borders, dividers, disabled controls and the rating stars at text contrast. */
const ELDER_PAIRS: [string, string][] = [
  ...PAIRS,
  ['border', 'surface'],
  ['border', 'background'],
  ['divider', 'surface'],
  ['disabled-text', 'disabled-background'],
  ['disabled-text', 'surface'],
  ['star', 'surface'],
]

describe('the colour palette of src/app.scss', () => {
  it('computes WCAG contrast ratios correctly', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#ffffff', '#ffffff')).toBe(1)
    // The reference value for #767676 on white is 4.54:1, the lightest grey that passes AA.
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2)
  })

  it('finds both palettes, each with every colour the pairs use', () => {
    const names = new Set(ELDER_PAIRS.flat())
    for (const name of names) {
      expect(normal[name], `--dm-${name} in .page`).toMatch(/^#[0-9a-f]{6}$/)
      expect(elder[name], `--dm-${name} in .page--elder`).toMatch(/^#[0-9a-f]{6}$/)
    }
    // 长辈模式 really swaps colours in: text, secondary text, borders and disabled states.
    for (const name of ['text', 'text-secondary', 'border', 'divider', 'disabled-text']) expect(paletteOf('.page--elder')[name], name).toBeDefined()
  })

  it('the brand red #d52b1e is AA on white and on the #f5f5f5 page background, and so is white on it', () => {
    expect(normal.red).toBe('#d52b1e')
    expect(normal.background).toBe('#f5f5f5')
    expect(contrast('#d52b1e', '#ffffff')).toBeGreaterThanOrEqual(4.5) // 5.01
    expect(contrast('#d52b1e', '#f5f5f5')).toBeGreaterThanOrEqual(4.5) // 4.59: AA, with little to spare
    expect(contrast('#d52b1e', '#f5f5f5')).toBeLessThan(4.7)
  })

  it.each(PAIRS)('normal mode: --dm-%s on --dm-%s is at least 4.5:1', (fg, bg) => {
    expect(contrast(normal[fg]!, normal[bg]!)).toBeGreaterThanOrEqual(4.5)
  })

  it.each(ELDER_PAIRS)('长辈模式: --dm-%s on --dm-%s is at least 4.5:1', (fg, bg) => {
    expect(contrast(elder[fg]!, elder[bg]!)).toBeGreaterThanOrEqual(4.5)
  })

  it('长辈模式 has more contrast than normal for text, secondary text, red, borders and disabled text', () => {
    expect(contrast(elder.text!, elder.surface!)).toBeGreaterThan(contrast(normal.text!, normal.surface!))
    expect(contrast(elder['text-secondary']!, elder.background!)).toBeGreaterThan(contrast(normal['text-secondary']!, normal.background!))
    expect(contrast(elder.red!, elder.background!)).toBeGreaterThanOrEqual(7)
    expect(contrast(elder.border!, elder.surface!)).toBeGreaterThan(contrast(normal.border!, normal.surface!))
    expect(contrast(elder['disabled-text']!, elder['disabled-background']!)).toBeGreaterThan(contrast(normal['disabled-text']!, normal['disabled-background']!))
  })

  it("WeChat's own chrome (src/app.config.ts): tab bar labels and the navigation bar title are AA too", () => {
    const config = readFileSync(path.resolve(__dirname, '../../src/app.config.ts'), 'utf8')
    const value = (key: string, after: string) => new RegExp(`${after}[\\s\\S]*?\\b${key}: '(#[0-9a-f]{6})'`, 'i').exec(config)?.[1]
    const tabBar = { color: value('color', 'tabBar'), selected: value('selectedColor', 'tabBar'), background: value('backgroundColor', 'tabBar') }
    expect(tabBar.background).toBe('#ffffff')
    expect(contrast(tabBar.color!, tabBar.background!)).toBeGreaterThanOrEqual(4.5)
    expect(contrast(tabBar.selected!, tabBar.background!)).toBeGreaterThanOrEqual(4.5)
    // navigationBarTextStyle 'white' on the navigation bar's colour.
    expect(config).toContain("navigationBarTextStyle: 'white'")
    expect(contrast('#ffffff', value('navigationBarBackgroundColor', 'window')!)).toBeGreaterThanOrEqual(4.5)
  })

  it('no SCSS file under src/ hard-codes a text colour the palette has a variable for', () => {
    // The old tag colours failed AA (#389e0d green is 3.5:1 on white); components use the palette instead.
    const offenders: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(file)
        else if (file.endsWith('.scss') && !file.endsWith('app.scss')) {
          readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/(^|[^-])color:\s*#(389e0d|ad4e00|0958d9|d48806|8c8c8c|bfbfbf|d52b1e)\b/i.test(line)) offenders.push(`${path.relative(process.cwd(), file)}:${i + 1}: ${line.trim()}`)
            })
        }
      }
    }
    walk(path.resolve(__dirname, '../../src'))
    expect(offenders).toEqual([])
  })
})
