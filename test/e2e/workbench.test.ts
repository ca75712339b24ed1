import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { StaffOverview } from '../../types/api/people'
import { chinaTime } from '../../types/time'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { button, cell, chromiumAvailable, launchPhone, logInAs, settledOn, shown } from './browser'

const H5_DIR = path.resolve(__dirname, '../../dist-h5')
const SHOTS = path.resolve(__dirname, '../../test-results')

const WORKBENCH = '/packages/workbench/index/index'
const DASHBOARD = '/packages/workbench/dashboard/index'
const EXPORTS = '/packages/workbench/exports/index'
const STAFF = '刘晓燕'

/** 2026年11月1日, as the pages write a day. */
const written = (day: string) => chinaTime(`${day}T12:00:00+08:00`).format('YYYY年M月D日')

/*
 * A staff member's 工作台, end to end in Chromium against the real server on the real clock: from 我的 to the
 * 工作台's counts (the server's), the 数据看板 of this month and of the month before, and the 微心愿台账 of this
 * month downloaded as an .xlsx file.
 */
describe.skipIf(!chromiumAvailable)('社区工作台: the counts, the dashboard and the 微心愿台账, in Chromium', () => {
  let t: TestApp
  let base: string
  let phone: Awaited<ReturnType<typeof launchPhone>>
  let staff: Page
  let lianTong = 0

  const shot = (name: string) => staff.screenshot({ path: path.join(SHOTS, `e2e-workbench-${name}.png`), fullPage: true })

  beforeAll(async () => {
    if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first (npm test does)')
    t = await createTestApp({ clock: runningClock(), env: { H5_DIR } })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    mkdirSync(SHOTS, { recursive: true })
    const communities = (await t.app.inject({ url: '/api/communities' })).json() as { items: { id: number; name: string }[] }
    lianTong = communities.items.find((c) => c.name === '联通社区')!.id
    phone = await launchPhone()
    staff = await phone.context.newPage()
  }, 60_000)
  afterAll(async () => {
    await phone?.close()
    await t?.close()
  })

  it('staff open the 工作台 from 我的 and see what waits, as the server counts it', async () => {
    const overview = (await t.app.inject({ url: `/api/staff/overview?communityId=${lianTong}`, headers: await t.headersAs('staff') })).json() as StaffOverview
    await logInAs(staff, base, STAFF)
    await shown(cell(staff, '社区工作台')).click()
    await settledOn(staff, WORKBENCH)
    await shown(staff.locator('.workbench-tile')).waitFor()
    const tiles = await staff.locator('.workbench-tile').filter({ visible: true }).evaluateAll((els) =>
      els.map((el) => [el.querySelector('.workbench-tile__label')!.textContent, el.querySelector('.workbench-tile__number')!.textContent]),
    )
    expect(Object.fromEntries(tiles)).toEqual({
      住户认证: String(overview.residencyApplications),
      双报到: String(overview.partyReports + overview.unitRegistrations),
      心愿审核: String(overview.wishesToReview),
      预约审批: String(overview.bookingsToApprove),
      待核销: String(overview.redemptionsToHandOut),
      今日活动: String(overview.activitiesToday),
    })
    await shot('home')
  })

  it('opens 数据看板 and switches to the month before', async () => {
    const today = chinaTime(Date.now())
    const thisMonth = today.startOf('month')
    const lastMonth = thisMonth.subtract(1, 'month')
    await shown(cell(staff, '数据看板')).click()
    await settledOn(staff, DASHBOARD)
    const scope = shown(staff.locator('.dashboard__scope'))
    await scope.filter({ hasText: `联通社区 · ${written(thisMonth.format('YYYY-MM-DD'))}至` }).waitFor({ timeout: 15_000 })
    await shot('dashboard')
    await shown(button(staff, '‹ 上月')).click()
    await scope.filter({ hasText: `联通社区 · ${written(lastMonth.format('YYYY-MM-DD'))}至${written(lastMonth.endOf('month').format('YYYY-MM-DD'))}` }).waitFor({ timeout: 15_000 })
    await shot('dashboard-last-month')
    await staff.goBack()
    await settledOn(staff, WORKBENCH)
  })

  it('goes to 导出台账 and downloads this month’s 微心愿台账, a non-empty .xlsx', async () => {
    const today = chinaTime(Date.now())
    const from = today.startOf('month').format('YYYY-MM-DD')
    const to = today.format('YYYY-MM-DD')
    await shown(cell(staff, '导出台账')).click()
    await settledOn(staff, EXPORTS)
    await shown(staff.getByText(`${written(from)} 至 ${written(to)}`)).waitFor()
    await shot('exports')
    const [download] = await Promise.all([staff.waitForEvent('download'), shown(button(staff, /^导出$/)).click()])
    expect(download.suggestedFilename()).toBe(`微心愿台账_${from}至${to}.xlsx`)
    const file = await download.path()
    const bytes = readFileSync(file!)
    expect(bytes.length).toBeGreaterThan(1000)
    // An .xlsx is a zip archive.
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK')
    expect(await staff.locator('[role="alert"]').filter({ visible: true }).count()).toBe(0)
  })
})
