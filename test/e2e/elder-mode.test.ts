import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { chromiumAvailable, launchPhone, logInAs, settledOn, shown, tab, visit } from './browser'

const H5_DIR = path.resolve(__dirname, '../../dist-h5')
const SHOTS = path.resolve(__dirname, '../../test-results')

/** The scale of 长辈模式 (--dm-scale in src/app.scss). */
const SCALE = 1.3
/** The smallest target a finger reliably hits (88px at the 750 px design width). */
const MIN_TARGET_PX = 44

const HOME = '/pages/index/index'
const WISHES = '/pages/wishes/index'
const ACTIVITIES = '/pages/activities/index'
const ME = '/pages/me/index'
const TABS: Record<string, string> = { [HOME]: '首页', [WISHES]: '心愿', [ACTIVITIES]: '活动', [ME]: '我的' }

/** Text measured on each page: elements that show in both modes and whose size is calc(N * --dm-scale). */
const PROBES: Record<string, string[]> = {
  [HOME]: ['.page', '.home-header__community', '.home-header__place'],
  [WISHES]: ['.page', '.wish-wall__title', '.wish-card__title', '.wish-category', '.wish-card__value'],
  [ACTIVITIES]: ['.page', '.activity-card__title', '.activity-card__time', '.activity-card__places'],
  [ME]: ['.page', '.profile__name', '.role-badge', '.section-title'],
  '/packages/points/index/index': ['.points-hero__balance', '.points-hero__label', '.nut-cell-title', '.section-title'],
  '/packages/booking/stations/index': ['.station-card__name', '.station-card__open'],
  '/packages/wish/post/index': ['.field__label', '.wish-post__intro .muted'],
  '/packages/volunteer/mine/index': ['.page', '.section-title'],
}
const SUBPAGES = ['/packages/points/index/index', '/packages/booking/stations/index', '/packages/wish/post/index', '/packages/volunteer/mine/index']

type Target = { label: string; height: number }
type Measured = { elder: boolean; fonts: Record<string, number>; targets: Target[] }

/*
 * What the page on screen measures, as the browser laid it out. Font sizes are relative to the root element's
 * (Taro H5 sizes are rem, and the root size follows the window width), so a reload cannot shift them. A target
 * is every element with a tap handler (Taro H5 keeps them in the element's __events): its height, or that of the
 * ::after that widens its hit area (the switch), as drawn. NutUI registers a handler on every Cell; only clickable ones act.
 * A string, not a function: see docs/stack-notes.md (tsx and esbuild's __name helper).
 */
const measure = (probes: string[]) => `(() => {
  const root = [...document.querySelectorAll('.taro_page')].find((p) => getComputedStyle(p).display !== 'none')
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize)
  const fonts = {}
  for (const selector of ${JSON.stringify(probes)}) {
    const el = root.querySelector(selector)
    if (el) fonts[selector] = parseFloat(getComputedStyle(el).fontSize) / rem
  }
  const targets = []
  for (const el of root.querySelectorAll('*')) {
    if (!el.__events || !el.__events.click) continue
    if (el.classList.contains('nut-cell') && !el.classList.contains('nut-cell-clickable')) continue
    const box = el.getBoundingClientRect()
    if (box.width === 0 || box.height === 0) continue
    // The ::after's height as drawn: a scale transform (Taro's button border is a 200% box at scale 0.5) applies.
    const after = getComputedStyle(el, '::after')
    const scaleY = after.transform.startsWith('matrix(') ? Number(after.transform.slice(7, -1).split(',')[3]) : 1
    const afterHeight = after.content !== 'none' && after.position === 'absolute' ? (parseFloat(after.height) || 0) * scaleY : 0
    const label = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 20) || el.className
    targets.push({ label, height: Math.max(box.height, afterHeight) })
  }
  return { elder: root.querySelector('.page').classList.contains('page--elder'), fonts, targets }
})()`

/**
 * The WCAG contrast of an element's label (its innermost text's colour) on its background colour, both computed.
 * A string: see `measure`.
 */
const contrastOfLabel = `(el) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number)
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  let label = el
  while (label.firstElementChild) label = label.firstElementChild
  const [hi, lo] = [lum(getComputedStyle(label).color), lum(getComputedStyle(el).backgroundColor)].sort((a, b) => b - a)
  return (hi + 0.05) / (lo + 0.05)
}`

describe.skipIf(!chromiumAvailable)('长辈模式 in Chromium: real sizes before and after the switch in 我的', () => {
  let t: TestApp
  let base: string
  let browser: Awaited<ReturnType<typeof launchPhone>>
  let page: Page
  const normal: Record<string, Measured> = {}
  const elder: Record<string, Measured> = {}

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `e2e-elder-${name}.png`) })
  const has = async (selector: string) => (await page.locator(selector).filter({ visible: true }).count()) > 0
  const textsOf = async (selector: string) => (await page.locator(selector).filter({ visible: true }).allTextContents()).map((s) => s.trim())

  /** Waits until the page on screen shows its content, not the loading skeleton. */
  const loaded = () => page.waitForFunction(`![...document.querySelectorAll('.taro_page')].some((p) => getComputedStyle(p).display !== 'none' && p.querySelector('[aria-busy="true"]'))`)

  /** Opens a page by its address and waits for its content. */
  async function open(route: string) {
    await visit(page, base, route)
    await shown(page.locator('.page')).waitFor()
    await loaded()
  }

  async function measured(route: string): Promise<Measured> {
    const result = (await page.evaluate(measure(PROBES[route] ?? ['.page']))) as Measured
    expect(Object.keys(result.fonts).length, `probes found on ${route}`).toBeGreaterThan(0)
    return result
  }

  function expectFingerSized(route: string, m: Measured) {
    expect(m.targets.length, `tap targets on ${route}`).toBeGreaterThan(0)
    const small = m.targets.filter((x) => x.height < MIN_TARGET_PX).map((x) => `${x.label} (${x.height.toFixed(1)} px)`)
    expect(small, `targets under ${MIN_TARGET_PX} px on ${route}`).toEqual([])
  }

  beforeAll(async () => {
    if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first (npm test does)')
    t = await createTestApp({ clock: runningClock(), env: { H5_DIR } })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    browser = await launchPhone()
    page = await browser.context.newPage()
    mkdirSync(SHOTS, { recursive: true })
    await logInAs(page, base, '张秀兰')
  })
  afterAll(async () => {
    // What was measured, for the record (font sizes in rem of the root size, target heights in CSS px).
    if (Object.keys(elder).length) writeFileSync(path.join(SHOTS, 'e2e-elder-sizes.json'), JSON.stringify({ normal, elder }, null, 1))
    await browser?.close()
    await t?.close()
  })

  it('normal: the four tabs and some subpages show the full layout, and every target is at least 44 px', async () => {
    for (const route of [HOME, WISHES, ACTIVITIES, ME, ...SUBPAGES]) {
      await open(route)
      normal[route] = await measured(route)
      expect(normal[route].elder, route).toBe(false)
      expectFingerSized(route, normal[route])
    }
    // The full layouts: 首页 has the entry grid and lists stations, the lists show every detail.
    await open(HOME)
    expect(await page.locator('.home-grid__item').filter({ visible: true }).count()).toBe(8)
    expect(await has('.home-tiles')).toBe(false)
    expect(await textsOf('.section-title')).toEqual(expect.arrayContaining(['服务阵地']))
    await open(WISHES)
    expect(await has('.wishes-filter')).toBe(true)
    expect(await has('.wish-card__who')).toBe(true)
    await open(ACTIVITIES)
    expect(await textsOf('.activities-links taro-button-core')).toEqual(['筛选', '活动预告', '我的志愿'])
    expect(await has('.activity-card__reward')).toBe(true)
    await open(ME)
    expect(await textsOf('.section-title')).toEqual(expect.arrayContaining(['微心愿', '积分']))
    await shot('normal-me')
  })

  it('the switch in 我的 turns 长辈模式 on: text grows by 1.3 on every page, targets stay ≥ 44 px, the simple layouts show', async () => {
    await open(ME)
    await shown(page.locator('.elder-switch__row')).click()
    await shown(page.locator('.page--elder')).waitFor()
    expect(await textsOf('.elder-switch .nut-cell-title')).toEqual(['长辈模式', '跟随微信字体'])

    for (const route of [HOME, WISHES, ACTIVITIES, ME, ...SUBPAGES]) {
      await open(route)
      elder[route] = await measured(route)
      expect(elder[route].elder, route).toBe(true)
      expectFingerSized(route, elder[route])
      for (const [selector, size] of Object.entries(normal[route]!.fonts)) {
        // Elements of the full layout the simple one leaves out are not compared.
        if (elder[route].fonts[selector] === undefined) continue
        expect(elder[route].fonts[selector]! / size, `${selector} on ${route}`).toBeCloseTo(SCALE, 2)
      }
      expect(Object.keys(elder[route].fonts).length, `probes compared on ${route}`).toBeGreaterThan(0)
    }
    // Buttons grew with the type: 44 px and more.
    const button = (m: Measured, label: string) => m.targets.find((x) => x.label === label)!.height
    expect(button(elder[WISHES]!, '发布心愿') / button(normal[WISHES]!, '发布心愿')).toBeCloseTo(SCALE, 1)

    // 首页: the main jobs as four big labelled tiles, this month's events as one entry; no station list.
    await open(HOME)
    expect(await textsOf('.home-tiles__label')).toEqual(['发心愿', '预约场地', '志愿活动', '我的积分'])
    const tile = await shown(page.locator('.home-tiles__tile')).boundingBox()
    expect(tile!.height).toBeGreaterThanOrEqual(88)
    expect(await has('.home-grid')).toBe(false)
    expect(await has('.event-item')).toBe(false)
    expect(await textsOf('.home-events__title')).toEqual(['活动预告'])
    await shot('home')

    // 心愿: one column of large cards without the wisher's line; the filters folded behind one button.
    await open(WISHES)
    expect(await has('.wish-card--simple')).toBe(true)
    expect(await has('.wish-card__who')).toBe(false)
    expect(await has('.wishes-filter')).toBe(false)
    const cards = page.locator('.wish-card').filter({ visible: true })
    const [first, second] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()]
    expect(second!.y).toBeGreaterThan(first!.y + first!.height - 1) // one column
    expect(first!.width).toBeGreaterThan(390 * 0.9)
    await shown(page.locator('.wishes-filter-toggle')).click()
    await shown(page.locator('.wishes-filter')).waitFor()
    await shot('wishes')

    // 活动: simple cards (no skills, no reward), two large buttons.
    await open(ACTIVITIES)
    expect(await has('.activity-card--simple')).toBe(true)
    expect(await has('.skill-tag')).toBe(false)
    expect(await has('.activity-card__reward')).toBe(false)
    expect(await textsOf('.activities-links taro-button-core')).toEqual(['筛选', '我的志愿'])

    // 我的: the most used entries first, as large cells.
    await open(ME)
    expect((await textsOf('.me-entries--elder .nut-cell-title')).slice(0, 5)).toEqual(['我的积分', '我的预约', '我的心愿', '我的志愿', '积分超市'])
    const entry = await shown(page.locator('.me-entries--elder .nut-cell')).boundingBox()
    expect(entry!.height).toBeGreaterThan(button(normal[ME]!, '切换演示身份') * SCALE)
    await shot('me')

    // A disabled button (月度账单's next month, this month being the last) stays legible: its label against its
    // own background, as the browser computed both.
    await open('/packages/points/statement/index')
    await shown(page.locator('taro-button-core.nut-button-disabled')).waitFor()
    const ratio = Number(await page.evaluate(`(${contrastOfLabel})([...document.querySelectorAll('taro-button-core.nut-button-disabled')].find((b) => b.getBoundingClientRect().height > 0))`))
    expect(ratio).toBeGreaterThanOrEqual(4.5)
  })

  it('长辈模式 survives a reload, with the same sizes', async () => {
    for (const route of [HOME, ME]) {
      await page.goto(`${base}/#${route}`)
      await page.reload()
      await settledOn(page, route)
      await shown(page.locator('.page--elder')).waitFor()
      await loaded()
      const again = await measured(route)
      for (const [selector, size] of Object.entries(elder[route]!.fonts)) expect(again.fonts[selector], selector).toBeCloseTo(size, 3)
    }
  })

  it('the tiles lead to their pages: every feature stays reachable', async () => {
    await open(HOME)
    await shown(page.locator('.home-tiles__tile').filter({ hasText: '预约场地' })).click()
    await settledOn(page, '/packages/booking/stations/index')
    await open(HOME)
    await shown(page.locator('.home-tiles__tile').filter({ hasText: '志愿活动' })).click()
    await settledOn(page, ACTIVITIES)
    await open(HOME)
    await shown(page.locator('.home-events')).click()
    await settledOn(page, '/packages/booking/calendar/index')
  })

  it('跟随微信字体 returns to auto; in a browser there is no WeChat font, so the pages are normal again', async () => {
    await open(ME)
    await shown(page.locator('.elder-switch__auto')).click()
    await expect.poll(() => has('.page--elder')).toBe(false)
    expect(await textsOf('.elder-switch .nut-cell-title')).toEqual(['长辈模式'])
    await tab(page, TABS[HOME]!).click()
    await settledOn(page, HOME)
    expect(await has('.page--elder')).toBe(false)
    const back = await measured(HOME)
    for (const [selector, size] of Object.entries(normal[HOME]!.fonts)) expect(back.fonts[selector], selector).toBeCloseTo(size, 3)
  })
})
