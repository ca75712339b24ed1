import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dashboard } from '../../types/api/reports'
import { closestWithClass, startWeapp, tapChoice, waitFor, type PageHandle, type Weapp } from './harness'

/*
 * 数据看板 on the compiled mini-program, as the staff persona (联通社区) of the demo district, against the real
 * server: the tiles say what the API answers for this month, 上月 asks for October, and each chart is a
 * `<canvas type="2d">` with its summary and its table. (The simulator has no canvas to draw on: the pixels are
 * checked in Chromium, test/e2e.)
 */

let w: Weapp
let page: PageHandle

async function dashboardOf(query: string): Promise<Dashboard> {
  const session = await w.backend.loginAs('staff')
  const res = await w.backend.app.inject({ method: 'GET', url: `/api/staff/dashboard?${query}`, headers: { authorization: session.authorization } })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as Dashboard
}

const tiles = () => Object.fromEntries(page.byClass('dashboard-tile').map((t) => [t.querySelector('[class*="dashboard-tile__label"]')!.textContent, t.querySelector('[class*="dashboard-tile__value"]')!.textContent]))
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`)
const hours = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))

beforeAll(async () => {
  w = await startWeapp()
  await w.loginAs('staff')
})
afterAll(() => w?.close())

describe('数据看板 on the phone', () => {
  it('shows this month of 联通社区 with the figures the server counts', async () => {
    page = await w.open('/packages/workbench/dashboard/index')
    await page.waitForText('联通社区 · 2026年11月1日至2026年11月30日')
    const requests = w.requests.filter((r) => r.path.startsWith('/api/staff/dashboard'))
    expect(requests).toHaveLength(1)
    expect(requests[0]!.status).toBe(200)
    const query = requests[0]!.path.split('?')[1]!
    expect(new URLSearchParams(query).get('from')).toBe('2026-11-01')
    expect(new URLSearchParams(query).get('to')).toBe('2026-11-30')

    const d = await dashboardOf(query)
    const { wishes, bookings, volunteering, points, dualReporting } = d.figures
    expect(tiles()).toMatchObject({
      发布心愿: `${wishes.posted}个`,
      实现心愿: `${wishes.fulfilled}个`,
      办结率: percent(wishes.completionRate),
      预约: `${bookings.bookings}次`,
      使用时长: `${hours(bookings.bookedHours)}小时`,
      使用率: percent(bookings.utilisation),
      活动: `${volunteering.activities}场`,
      参与人次: String(volunteering.attendances),
      确认服务时长: `${hours(volunteering.confirmedHours)}小时`,
      按规则发放: `${points.issuedByRule}分`,
      兑换: `${points.redeemed}分`,
      活跃家庭: `${points.activeHouseholds}户`,
      报到党员: `${dualReporting.partyMembers}人`,
      驻区单位: `${dualReporting.units.length}家`,
    })
    // The demo district has rooms and rules: their tables list each one.
    for (const room of bookings.byRoom) expect(page.text()).toContain(room.roomName)
    for (const rule of points.byRule) expect(page.text()).toContain(rule.label)
    expect(w.missingTemplates).toEqual([])
  })

  it('draws each trend on a 2d canvas with its summary, its table beside it', async () => {
    const canvases = page.root.querySelectorAll('wx-canvas')
    expect(canvases.length).toBeGreaterThanOrEqual(3)
    for (const canvas of canvases) {
      // `type` is the canvas template's p2 (base.wxml: type="{{i.p2}}"): a Canvas 2D, not the old canvas-id one.
      expect(page.props(canvas as HTMLElement).p2).toBe('2d')
      expect(String(page.props(canvas as HTMLElement).uid ?? page.props(canvas as HTMLElement).id)).toMatch(/^chart-/)
      const wrapper = closestWithClass(canvas, 'chart-canvas')!
      expect(String(page.props(wrapper).ariaLabel)).toMatch(/^(按类别|近12个月(心愿|参与|积分))/)
    }
    // The tables are in the page while the charts show (for screen readers): twelve months each.
    const trendTables = page.byClass('chart-card__table--hidden')
    expect(trendTables.length).toBe(canvases.length)
    expect(trendTables.at(-1)!.textContent).toContain('2026年11月')
    expect(trendTables.at(-1)!.textContent).toContain('2025年12月')
  })

  it('上月 asks for October and shows it; 表格 shows a chart as its table', async () => {
    await tapChoice(page, 'dashboard-period__choices', '上月')
    await page.waitForText('联通社区 · 2026年10月1日至2026年10月31日')
    const last = w.requests.filter((r) => r.path.startsWith('/api/staff/dashboard')).at(-1)!
    expect(last.status).toBe(200)
    expect(last.path).toMatch(/from=2026-10-01&to=2026-10-31/)
    const october = await dashboardOf(last.path.split('?')[1]!)
    expect(tiles()['发布心愿']).toBe(`${october.figures.wishes.posted}个`)

    const before = page.root.querySelectorAll('wx-canvas').length
    await page.tap(page.byText('表格'))
    await waitFor(() => page.root.querySelectorAll('wx-canvas').length === before - 1, () => `canvases: ${page.root.querySelectorAll('wx-canvas').length}`)
    expect(page.byText('图表')).toBeTruthy()
  })
})
