import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { DemoPersona } from '../../types/api/auth'
import { PRIVACY_POLICY_VERSION } from '../../src/utils/privacy-policy'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { chromiumAvailable, launchPhone, logInAs, settledOn, shown } from './browser'
import { findLayoutDefects, stateOnScreen, type LayoutFinding } from './layout-checks'

/*
 * The layout suite: every page of the app as each persona sees it, 长辈模式 off and on, at 390 px and 320 px
 * wide, in one browser. It fails on clipped text, anything wider than the screen, a button under a fixed layer, a
 * tap target under 44 px in 长辈模式, an error that looks like an empty list, axe-core's critical and serious
 * violations, and a viewport that forbids zooming. A screenshot of each page in each mode lands in test-results/layout/ with findings.txt (CI prints
 * the path): look through them after a UI change.
 */

const H5_DIR = path.resolve(__dirname, '../../dist-h5')
const LAYOUT_SHOTS = path.resolve(__dirname, '../../test-results/layout')
const WIDTHS = [390, 320]
const HEIGHT = 844

/** A page to visit; `setup` runs in the page before it opens (what is stored on the phone). */
type Route = { route: string; name: string; setup?: string }
type Tour = { persona: DemoPersona | null; label: string; routes: Route[] }

const r = (route: string, name: string, setup?: string): Route => ({ route, name, setup })

/** Every page, as the persona who uses it; ids from the demo district. */
async function tours(t: TestApp): Promise<Tour[]> {
  const get = async <T>(persona: DemoPersona, url: string): Promise<T> => {
    const res = await t.app.inject({ url, headers: await t.headersAs(persona) })
    if (res.statusCode !== 200) throw new Error(`${url} as ${persona}: ${res.statusCode} ${res.body}`)
    return res.json() as T
  }
  type Items<T> = { items: T[] }
  const communities = (await t.app.inject({ url: '/api/communities' })).json() as Items<{ id: number; name: string }>
  const lianTong = communities.items.find((c) => c.name === '联通社区')!.id
  const stations = await get<Items<{ id: number }>>('resident', '/api/stations')
  const station = await get<{ id: number; communityId: number; rooms: { id: number }[] }>('resident', `/api/stations/${stations.items[0]!.id}`)
  const bookings = await get<Items<{ id: number }>>('resident', '/api/bookings/mine')
  const activities = await get<Items<{ id: number }>>('resident', '/api/activities')
  const wall = await get<Items<{ id: number }>>('resident', '/api/wishes')
  const mine = await get<Items<{ id: number }>>('resident', '/api/wishes/mine')
  const certificates = await get<Items<{ id: number }>>('volunteer', '/api/volunteer/certificates')
  const staffActivities = await get<Items<{ id: number }>>('staff', '/api/staff/activities')

  const tabs = [r('/pages/index/index', 'home'), r('/pages/wishes/index', 'wishes'), r('/pages/activities/index', 'activities'), r('/pages/me/index', 'me')]
  const publicPages = [
    r('/packages/booking/stations/index', 'stations'),
    r(`/packages/booking/station/index?id=${station.id}`, 'station'),
    r(`/packages/volunteer/detail/index?id=${activities.items[0]!.id}`, 'activity'),
    r(`/packages/wish/detail/index?id=${wall.items[0]!.id}`, 'wish'),
    r('/packages/booking/calendar/index', 'calendar'),
  ]
  return [
    {
      persona: null,
      label: 'visitor',
      routes: [
        // A visitor first picks the community to browse; then sees it.
        r('/pages/index/index', 'home-picker', `localStorage.removeItem('doorstep.community')`),
        { ...tabs[0]!, setup: `localStorage.setItem('doorstep.community', JSON.stringify({ data: ${lianTong} }))` },
        ...tabs.slice(1),
        r('/packages/account/login/index', 'login'), r('/packages/account/privacy-policy/index', 'privacy-policy'),
        ...publicPages,
      ],
    },
    {
      persona: 'resident',
      label: 'resident',
      routes: [
        ...tabs,
        ...publicPages,
        r(`/packages/booking/room/index?id=${station.rooms[0]!.id}`, 'room'),
        r('/packages/booking/mine/index', 'bookings'),
        ...(bookings.items[0] ? [r(`/packages/booking/detail/index?id=${bookings.items[0].id}`, 'booking')] : []),
        r('/packages/wish/post/index', 'wish-post'),
        r('/packages/wish/mine/index', 'my-wishes'),
        ...(mine.items[0] ? [r(`/packages/wish/detail/index?id=${mine.items[0].id}`, 'my-wish')] : []),
        r('/packages/points/index/index', 'points'),
        r('/packages/points/statement/index', 'statement'),
        r('/packages/points/leaderboard/index', 'leaderboard'),
        r('/packages/points/shop/index', 'shop'),
        r('/packages/points/redemptions/index', 'redemptions'),
        r('/packages/account/privacy/index', 'privacy'),
        r('/packages/account/residency/index', 'residency'),
        r('/packages/account/household/index', 'household'),
        r('/packages/volunteer/register/index', 'volunteer-register'),
      ],
    },
    {
      persona: 'volunteer',
      label: 'volunteer',
      routes: [
        r('/pages/me/index', 'me'),
        r('/packages/volunteer/mine/index', 'my-volunteering'),
        r('/packages/volunteer/records/index', 'records'),
        ...(certificates.items[0] ? [r(`/packages/volunteer/certificate/index?id=${certificates.items[0].id}`, 'certificate')] : []),
        r('/packages/volunteer/teams/index', 'teams'),
        r('/packages/wish/claims/index', 'claims'),
      ],
    },
    { persona: 'party_member', label: 'party-member', routes: [r('/pages/me/index', 'me'), r('/packages/account/party-report/index', 'party-report')] },
    { persona: 'unit', label: 'unit', routes: [r('/pages/me/index', 'me'), r('/packages/account/unit/index', 'unit')] },
    {
      persona: 'staff',
      label: 'staff',
      routes: [
        r('/pages/me/index', 'me'),
        r('/packages/staff/verify/index', 'verify'),
        r('/packages/staff/points/index', 'points'),
        r('/packages/staff/shop/index', 'shop'),
        r('/packages/staff/wish-review/index', 'wish-review'),
        r('/packages/staff/wish-post/index', 'wish-post'),
        r('/packages/staff/bookings/index', 'bookings'),
        r('/packages/staff/stations/index', 'stations'),
        r('/packages/staff/activities/index', 'activities'),
        ...(staffActivities.items[0]
          ? [r(`/packages/staff/roster/index?id=${staffActivities.items[0].id}`, 'roster'), r(`/packages/staff/activity-qr/index?id=${staffActivities.items[0].id}`, 'activity-qr')]
          : []),
        r('/packages/staff/residency/index', 'residency'),
        r('/packages/staff/ledger/index', 'ledger'),
        r('/packages/staff/buildings/index', 'buildings'),
        r('/packages/staff/households/index', 'households'),
        r('/packages/staff/dual-reporting/index', 'dual-reporting'),
        r('/packages/workbench/index/index', 'workbench'),
        r('/packages/workbench/dashboard/index', 'workbench-dashboard'),
        r('/packages/workbench/exports/index', 'workbench-exports'),
        r('/packages/workbench/audit/index', 'workbench-audit'),
      ],
    },
    {
      persona: 'admin',
      label: 'admin',
      routes: [
        r('/pages/me/index', 'me'),
        r('/packages/staff/staff-admin/index', 'staff-admin'),
        r('/packages/staff/org/index', 'org'),
        r('/packages/staff/calendar/index', 'calendar'),
        r('/packages/staff/access-log/index', 'access-log'),
        r('/packages/workbench/index/index', 'workbench'),
        r('/packages/workbench/dashboard/index', 'workbench-dashboard'),
        r('/packages/workbench/exports/index', 'workbench-exports'),
        r('/packages/workbench/audit/index', 'workbench-audit'),
      ],
    },
  ]
}

/** A picture of each state seen, by state: an error must never show the picture of an empty list. */
type Seen = Map<string, Set<string>>
const seen = (map: Seen, state: string, picture: string | null) => {
  if (picture) map.set(state, new Set([...(map.get(state) ?? []), picture]))
}

describe.skipIf(!chromiumAvailable)('layout: every page, each persona, 长辈模式 off and on, 390 and 320 px wide', () => {
  let t: TestApp
  let base: string
  let browser: Awaited<ReturnType<typeof launchPhone>>
  let page: Page
  let plan: Tour[]
  let names: { persona: DemoPersona; name: string }[]
  const findings: string[] = []
  const pictures: Seen = new Map()
  let views = 0

  /** Waits until the page on screen shows its content or a state, not the loading skeleton, with its pictures loaded. */
  const loaded = async () => {
    await page.waitForFunction(`![...document.querySelectorAll('.taro_page')].some((p) => getComputedStyle(p).display !== 'none' && p.querySelector('[aria-busy="true"]'))`, undefined, { timeout: 15_000 })
    await page.waitForFunction(`[...document.images].every((i) => i.complete)`, undefined, { timeout: 5_000 }).catch(() => undefined)
  }

  async function open(route: string) {
    await page.goto(`${base}/#${route}`)
    await settledOn(page, route.split('?')[0])
    await shown(page.locator('.page')).waitFor()
    await loaded()
  }

  /** The whole page in one picture: the window as tall as the page's content (its scroller is the page itself). */
  async function screenshot(file: string, width: number) {
    const height = Number(await page.evaluate(`Math.max(...[...document.querySelectorAll('.taro_page')].filter((p) => getComputedStyle(p).display !== 'none').map((p) => p.scrollHeight), innerHeight)`))
    await page.setViewportSize({ width, height: Math.min(height, 4000) })
    await page.screenshot({ path: path.join(LAYOUT_SHOTS, file) })
    await page.setViewportSize({ width, height: HEIGHT })
  }

  /** Runs the checks on the page on screen at each width; axe-core once, at the phone width. */
  async function check(where: string, file: string, elder: boolean) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT })
      // Taro H5 sizes in rem of a root size that follows the window's width.
      await page.waitForTimeout(50)
      const found = (await page.evaluate(findLayoutDefects({ targets: elder }))) as LayoutFinding[]
      for (const f of found) findings.push(`${where} ${width}px: ${f.check}: ${f.what}`)
      views++
    }
    // One picture per page and mode, at the phone width (the narrow width is checked, not pictured: it halves the time).
    await screenshot(`${file}.png`, WIDTHS[0]!)
    // Legacy mode runs axe in the page itself. The default opens a blank page per run to gather the results of
    // cross-origin frames, which the app has none of: that was half of the suite's time (1.3 s → 0.7 s a page).
    const axe = await new AxeBuilder({ page }).setLegacyMode().analyze()
    // axe rates a viewport that forbids zooming "moderate"; 长辈模式's readers need zoom most, so it fails here too.
    for (const v of axe.violations.filter((x) => x.impact === 'critical' || x.impact === 'serious' || x.id === 'meta-viewport')) {
      findings.push(`${where}: axe ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)
    }
    for (const s of (await page.evaluate(stateOnScreen)) as { state: string; picture: string | null }[]) seen(pictures, s.state, s.picture)
  }

  /** 长辈模式 on or off as the switch in 我的 leaves it: stored, then read by a fresh start of the app. */
  async function setElderMode(on: boolean) {
    await page.evaluate(`localStorage.setItem('doorstep.elder-mode', JSON.stringify({ data: '${on ? 'on' : 'off'}' }))`)
    await page.reload()
  }

  async function tour(tourPlan: Tour, elder: boolean) {
    if (tourPlan.persona) await logInAs(page, base, names.find((n) => n.persona === tourPlan.persona)!.name)
    else await page.evaluate(`['doorstep.session-token', 'doorstep.refresh-token', 'doorstep.demo-persona'].forEach((k) => localStorage.removeItem(k))`)
    for (const { route, name, setup } of tourPlan.routes) {
      await page.setViewportSize({ width: WIDTHS[0]!, height: HEIGHT })
      // What the phone stores is read when the app starts.
      if (setup) {
        await page.evaluate(setup)
        await page.reload()
      }
      await open(route)
      await check(`${tourPlan.label} ${name}${elder ? ' 长辈模式' : ''}`, `${tourPlan.label}-${name}-${elder ? 'elder' : 'normal'}`, elder)
    }
  }

  beforeAll(async () => {
    if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first (npm test does)')
    rmSync(LAYOUT_SHOTS, { recursive: true, force: true })
    mkdirSync(LAYOUT_SHOTS, { recursive: true })
    t = await createTestApp({ clock: runningClock(), env: { H5_DIR } })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    plan = await tours(t)
    names = ((await t.app.inject({ url: '/api/auth/demo-personas' })).json() as { items: { persona: DemoPersona; name: string }[] }).items
    // A new phone: the privacy prompt is checked on the first page, then agreed to.
    browser = await launchPhone({ privacyAgreed: false })
    page = await browser.context.newPage()
  })
  afterAll(async () => {
    writeFileSync(path.join(LAYOUT_SHOTS, 'findings.txt'), findings.join('\n') + '\n')
    console.log(`layout: ${views} page views checked; screenshots in ${LAYOUT_SHOTS}`)
    await browser?.close()
    await t?.close()
  })

  it('the first-use privacy prompt: its buttons clear of the tab bar, at both widths and in 长辈模式', async () => {
    const before = findings.length
    for (const elder of [false, true]) {
      await page.goto(`${base}/#/pages/index/index`)
      await setElderMode(elder)
      await shown(page.locator('.privacy-prompt__body')).waitFor()
      await check(`visitor privacy-prompt${elder ? ' 长辈模式' : ''}`, `visitor-privacy-prompt-${elder ? 'elder' : 'normal'}`, elder)
    }
    // Agreed from here on (login.test.ts taps 同意 itself).
    await page.evaluate(`localStorage.setItem('doorstep.privacy-agreed', JSON.stringify({ data: '${PRIVACY_POLICY_VERSION}' }))`)
    await page.reload()
    expect(findings.slice(before)).toEqual([])
  })

  it('every page, 长辈模式 off', { timeout: 900_000 }, async () => {
    const before = findings.length
    await setElderMode(false)
    for (const tourPlan of plan) await tour(tourPlan, false)
    expect(findings.slice(before)).toEqual([])
  })

  it('every page, 长辈模式 on', { timeout: 900_000 }, async () => {
    const before = findings.length
    await setElderMode(true)
    for (const tourPlan of plan) await tour(tourPlan, true)
    expect(findings.slice(before)).toEqual([])
  })

  it('a failed load says so with its own picture and 重试, never the picture of an empty list', async () => {
    await setElderMode(false)
    await logInAs(page, base, names.find((n) => n.persona === 'resident')!.name)
    // Every read but the account's own fails, as when the server is down.
    await page.route(/\/api\/(?!me$|auth\/|reminders\/)/, (route) =>
      route.request().method() === 'GET' ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ code: 'INTERNAL', message: '服务器开小差了，请稍后再试' }) }) : route.fallback(),
    )
    const failing = plan.find((p) => p.persona === 'resident')!.routes.filter((r) => !r.route.includes('/wish/post/') && !r.route.includes('/me/index'))
    const emptyPictures = pictures.get('empty') ?? new Set()
    expect(emptyPictures.size, 'empty states seen on the tours').toBeGreaterThan(0)
    for (const { route, name } of failing) {
      await open(route)
      const states = (await page.evaluate(stateOnScreen)) as { state: string; picture: string | null }[]
      await page.screenshot({ path: path.join(LAYOUT_SHOTS, `error-${name}.png`) })
      expect(states.map((s) => s.state), `${name}: the states on screen`).toContain('error')
      for (const s of states.filter((x) => x.state === 'error')) {
        expect(emptyPictures.has(s.picture!), `${name}: the error shows the empty list's picture`).toBe(false)
        expect(pictures.get('logged-out')?.has(s.picture!) ?? false, `${name}: the error shows the logged-out picture`).toBe(false)
      }
      expect(await shown(page.locator('[data-state="error"] taro-button-core')).textContent(), name).toContain('重试')
    }
    await page.unroute(/\/api\//)
  })
})
