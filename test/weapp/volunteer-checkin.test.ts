import qrcode from 'qrcode-generator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Activity, ActivityQr, Roster } from '../../types/api/volunteer'
import { demoLookup } from '../support/demo-lookup'
import { startWeapp, waitFor, type PageHandle, type Weapp } from './harness'

/*
 * 扫码签到 on the compiled mini-program, against the real server. The activity is 长者智能手机课堂 of 联通社区,
 * tomorrow (Wednesday 18 November 2026) 09:30–11:30; the volunteer and the party member persona signed up for it
 * the day before. On the morning the organiser (the staff persona) shows the rotating code full-screen; then the
 * phone is the volunteer's, whose camera reads the organiser's current code (GET /api/staff/activities/:id/qr).
 */

type ScanOptions = { onlyFromCamera?: boolean; success?: (res: unknown) => void; fail?: (err: unknown) => void; complete?: (res: unknown) => void }

let w: Weapp
let staff: { authorization: string }
let volunteer: { authorization: string }
let partyMember: { authorization: string }
let activity: { id: number; title: string }
/** What the camera reads next, and what each scan was asked for. */
let nextScan = ''
const scans: ScanOptions[] = []
/** Every wx.request as the page sent it: the body and headers the harness' log leaves out. */
const sent: { method: string; path: string; data: unknown; header: Record<string, string> }[] = []

beforeAll(async () => {
  w = await startWeapp()
  staff = await w.backend.headersAs('staff')
  volunteer = await w.backend.headersAs('volunteer')
  partyMember = await w.backend.headersAs('party_member')
  const lianTong = await demoLookup(w.backend.handle.db).communityId('联通社区')
  const row = await demoLookup(w.backend.handle.db).activity(lianTong, '长者智能手机课堂')
  activity = { id: row.id, title: row.title }
  expect(row.startsAt.toISOString()).toBe('2026-11-18T01:30:00.000Z')
  // No geofence: the scan needs no position (the harness' wx has no real getLocation).
  expect(row.geofenceMeters).toBeNull()
  for (const who of [volunteer, partyMember]) {
    const res = await w.backend.app.inject({ method: 'POST', url: `/api/activities/${row.id}/signup`, headers: who, payload: {} })
    expect((res.json() as Activity).mySignup).toMatchObject({ status: 'accepted' })
  }
  // The morning of the activity, 20 minutes before the start: check-in opens 30 minutes before it.
  w.backend.clock.now = new Date('2026-11-18T09:10:00+08:00')

  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  wx.scanCode = (options: ScanOptions) => {
    scans.push(options)
    setTimeout(() => {
      const result = { result: nextScan, scanType: 'QR_CODE', charSet: 'utf8', path: '', rawData: '', errMsg: 'scanCode:ok' }
      options.success?.(result)
      options.complete?.(result)
    }, 0)
  }
  const answer = wx.request as (o: { url: string; method?: string; data?: unknown; header?: Record<string, string> }) => unknown
  wx.request = (options: { url: string; method?: string; data?: unknown; header?: Record<string, string> }) => {
    sent.push({ method: (options.method ?? 'GET').toUpperCase(), path: new URL(options.url).pathname, data: options.data, header: options.header ?? {} })
    return answer(options)
  }
})
afterAll(async () => {
  vi.useRealTimers()
  await w?.close()
})

async function api<T>(url: string, headers: { authorization: string }): Promise<T> {
  const res = await w.backend.app.inject({ method: 'GET', url, headers })
  expect(res.statusCode).toBe(200)
  return res.json() as T
}

/** The organiser's code as the server gives it now. */
async function currentCode(): Promise<string> {
  return (await api<ActivityQr>(`/api/staff/activities/${activity.id}/qr`, staff)).code
}

function qrDataUrl(text: string) {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  return qr.createDataURL(10, 4)
}

/** The picture the QR page shows: an <image> keeps its src in the page data Taro sent, under the node's sid. */
function shownQr(page: PageHandle): string | undefined {
  const [image] = page.byClass('qr-code')
  if (!image) return undefined
  return Object.values(page.props(image)).find((v): v is string => typeof v === 'string' && v.startsWith('data:image/'))
}

const one = (page: PageHandle, cls: string) => page.byClass(cls).map((el) => el.textContent).join(' | ')
const qrReads = () => w.requests.filter((r) => r.method === 'GET' && r.path === `/api/staff/activities/${activity.id}/qr`)
const scanPosts = () => sent.filter((r) => r.method === 'POST' && r.path === '/api/volunteer/scan')

describe('the organiser\'s 签到码, as the staff persona', () => {
  it('名单 → 出示签到码 shows the current code full-screen with a countdown; arrivals are counted again, and the code is replaced when its time is up', async () => {
    await w.loginAs('staff')
    const roster = await w.open(`/packages/staff/roster/index?id=${activity.id}`)
    await roster.waitForText('出示签到码')
    const accepted = (await api<Roster>(`/api/staff/activities/${activity.id}/roster`, staff)).entries.filter((e) => e.status === 'accepted').length
    expect(accepted).toBeGreaterThanOrEqual(2)

    // The page's clocks (the countdown, the code's and the roster's refresh) run on setInterval and Date, which the
    // test moves on by hand; the harness' own timers (setTimeout) keep running.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    await roster.tap(roster.byClass('roster-head__qr')[0]!)
    await waitFor(() => w.currentPage().route === 'packages/staff/activity-qr/index', () => `still on ${w.currentPage().route}`)
    const page = w.currentPage()
    expect(w.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/packages/staff/activity-qr/index?id=${activity.id}` })

    const first = await currentCode()
    await waitFor(() => shownQr(page) === qrDataUrl(first), () => `the page reads:\n${page.text()}`)
    await page.waitForText(`已签到 0 / ${accepted} 人`)
    expect(one(page, 'activity-qr__title')).toBe(activity.title)
    expect(one(page, 'activity-qr__countdown')).toBe('30秒后更换')
    expect(one(page, 'activity-qr__hint')).toBe('每30秒自动更换，截图无效')
    expect(qrReads()).toHaveLength(1)

    // 王 scans the code on the screen; ten seconds on, the page counts her in.
    const scanned = await w.backend.app.inject({ method: 'POST', url: '/api/volunteer/scan', headers: partyMember, payload: { code: first } })
    expect(scanned.json()).toMatchObject({ action: 'checked_in' })
    vi.advanceTimersByTime(10_000)
    await page.waitForText(`已签到 1 / ${accepted} 人`)
    expect(one(page, 'activity-qr__countdown')).toBe('20秒后更换')
    expect(shownQr(page)).toBe(qrDataUrl(first))
    expect(qrReads()).toHaveLength(1)

    // Thirty seconds after it came, the code is asked for again: the server's window has moved on, so it is new.
    w.backend.clock.now = new Date(w.backend.clock.now.getTime() + 30_000)
    vi.advanceTimersByTime(20_000)
    const second = await currentCode()
    expect(second).not.toBe(first)
    await waitFor(() => shownQr(page) === qrDataUrl(second), () => `still the first code; /qr read ${qrReads().length} times`)
    expect(qrReads()).toHaveLength(2)
    await waitFor(() => one(page, 'activity-qr__countdown') === '30秒后更换', () => `countdown: ${one(page, 'activity-qr__countdown')}`)
    expect(w.missingTemplates).toEqual([])

    vi.useRealTimers()
    ;(globalThis as unknown as { wx: { navigateBack: (o: object) => void } }).wx.navigateBack({})
    expect(w.currentPage().route).toBe('packages/staff/roster/index')
  })
})

describe('扫码签到 and 签退, as the volunteer persona', () => {
  let page: PageHandle

  it('扫码签到 opens the camera, sends the organiser\'s current code, says 签到成功 and then offers 扫码签退', async () => {
    await w.loginAs('volunteer')
    page = await w.open(`/packages/volunteer/detail/index?id=${activity.id}`)
    await page.waitForText(activity.title)
    await page.waitForText('到场后扫描组织者手机上的签到码签到')
    expect(page.byClass('activity-actions__scan').map((el) => el.textContent)).toEqual(['扫码签到'])

    nextScan = await currentCode()
    await page.tap(page.byClass('activity-actions__scan')[0]!)
    await waitFor(() => w.toasts.includes('签到成功'), () => `toasts: ${w.toasts.join(' | ')}; the page reads:\n${page.text()}`)

    expect(scans).toHaveLength(1)
    expect(scans[0]).toMatchObject({ onlyFromCamera: true })
    expect(scanPosts()).toHaveLength(1)
    expect(scanPosts()[0]!.data).toEqual({ code: nextScan })
    expect(scanPosts()[0]!.header['idempotency-key']).toBeTruthy()
    expect(w.requests.filter((r) => r.path === '/api/volunteer/scan')).toEqual([{ method: 'POST', path: '/api/volunteer/scan', status: 200 }])
    const mine = (await api<Activity>(`/api/activities/${activity.id}`, volunteer)).mySignup!
    expect(mine.checkedInAt).toBe('2026-11-18T09:10:30+08:00')

    await waitFor(() => one(page, 'activity-actions__scan') === '扫码签退', () => `the page reads:\n${page.text()}`)
    expect(page.text()).toContain('签到时间11月18日 09:10')
    expect(page.text()).not.toContain('到场后扫描组织者手机上的签到码签到')
    expect(page.byClass('activity-actions__error')).toEqual([])
    expect(w.missingTemplates).toEqual([])
  })

  it('a code from two windows ago is refused in the server\'s words; nothing changes and 扫码签退 stays', async () => {
    nextScan = await currentCode()
    // A minute later the organiser's screen shows a code two windows on: the one the camera read is stale.
    w.backend.clock.now = new Date(w.backend.clock.now.getTime() + 60_000)
    expect(await currentCode()).not.toBe(nextScan)

    await page.tap(page.byClass('activity-actions__scan')[0]!)
    await page.waitForText('签到码已过期，请扫描组织者手机上刚刷新的签到码')
    expect(one(page, 'activity-actions__error')).toBe('签到码已过期，请扫描组织者手机上刚刷新的签到码')
    expect(w.toasts.at(-1)).toBe('签到码已过期，请扫描组织者手机上刚刷新的签到码')
    expect(w.requests.filter((r) => r.path === '/api/volunteer/scan').at(-1)).toEqual({ method: 'POST', path: '/api/volunteer/scan', status: 409 })
    expect((await api<Activity>(`/api/activities/${activity.id}`, volunteer)).mySignup).toMatchObject({ checkedInAt: '2026-11-18T09:10:30+08:00', checkedOutAt: null })
    expect(one(page, 'activity-actions__scan')).toBe('扫码签退')
    expect(w.toasts).not.toContain('签退成功')
  })

  it('at the end, 扫码签退 with the current code checks her out; the hours wait for the organiser', async () => {
    w.backend.clock.now = new Date('2026-11-18T11:30:00+08:00')
    nextScan = await currentCode()
    await page.tap(page.byClass('activity-actions__scan')[0]!)
    await waitFor(() => w.toasts.includes('签退成功'), () => `toasts: ${w.toasts.join(' | ')}; the page reads:\n${page.text()}`)

    expect(scanPosts().at(-1)!.data).toEqual({ code: nextScan })
    expect((await api<Activity>(`/api/activities/${activity.id}`, volunteer)).mySignup).toMatchObject({ checkedOutAt: '2026-11-18T11:30:00+08:00', confirmedHours: null })
    await page.waitForText('签退时间11月18日 11:30')
    expect(page.text()).toContain('确认时长等待组织者确认')
    expect(page.byClass('activity-actions__scan')).toEqual([])
    expect(page.byClass('activity-actions__error')).toEqual([])
    expect(w.missingTemplates).toEqual([])
  })
})
