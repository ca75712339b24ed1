import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Booking, BookingPage, RoomWeek, Station, StationList } from '../../types/api/booking'
import { classesOf, closestWithClass, startWeapp, waitFor, type PageHandle, type Weapp } from './harness'

/*
 * 预约场地 on the compiled mini-program, as the resident persona, against the real server (its clock is fixed at
 * Tuesday 17 November 2026, 10:00): pick Thursday's cells on the week grid and book; then lose a race for a slot.
 */

let w: Weapp
let auth: { authorization: string }
/** 文体活动室 of 联通社区党群服务中心: booked at once, no buffer. */
let roomId: number
/** Every wx.request as the page sent it: the body and headers the harness' log leaves out. */
const sent: { method: string; path: string; data: unknown; header: Record<string, string> }[] = []

beforeAll(async () => {
  w = await startWeapp()
  const session = await w.loginAs('resident')
  auth = { authorization: `Bearer ${session.token}` }
  const wx = (globalThis as unknown as { wx: Record<string, (o: { url: string; method?: string; data?: unknown; header?: Record<string, string> }) => unknown> }).wx
  const answer = wx.request!
  wx.request = (options) => {
    sent.push({ method: (options.method ?? 'GET').toUpperCase(), path: new URL(options.url).pathname, data: options.data, header: options.header ?? {} })
    return answer(options)
  }
  const stations = await api<StationList>('/api/stations')
  const center = stations.items.find((s) => s.name === '联通社区党群服务中心')!
  const station = await api<Station>(`/api/stations/${center.id}`)
  roomId = station.rooms.find((r) => r.name === '文体活动室')!.id
})
afterAll(() => w?.close())

async function api<T>(url: string): Promise<T> {
  const res = await w.backend.app.inject({ method: 'GET', url, headers: auth })
  expect(res.statusCode).toBe(200)
  return res.json() as T
}

/** The cell of the shown day that starts at HH:MM. */
function cell(page: PageHandle, clock: string): HTMLElement {
  const found = page.byClass('slot').find((el) => el.textContent?.startsWith(clock))
  if (!found) throw new Error(`no cell at ${clock}; the day reads: ${page.byClass('day-panel')[0]?.textContent}`)
  return found
}
const stateOf = (el: HTMLElement) => classesOf(el).find((c) => /^slot--(free|taken|mine|closed|past)$/.test(c))
const picked = (page: PageHandle) => page.byClass('slot--selected').map((el) => el.textContent!.slice(0, 5))
const weekRequests = () => w.requests.filter((r) => r.method === 'GET' && r.path.startsWith(`/api/rooms/${roomId}/week`))

async function openThursday(): Promise<PageHandle> {
  const page = await w.open(`/packages/booking/room/index?id=${roomId}`)
  await page.waitForText('文体活动室')
  await page.waitForText('上一周')
  await page.tap(closestWithClass(page.byText('11/19'), 'day-tab')!)
  await waitFor(() => page.byClass('day-panel__date')[0]?.textContent === '11月19日 周四', () => `shown: ${page.byClass('day-panel__date')[0]?.textContent}`)
  return page
}

describe('预约场地, as the resident persona', () => {
  it('picks 09:00 to 10:00 on Thursday, books it with the form, and lands on the confirmed booking', async () => {
    const week = await api<RoomWeek>(`/api/rooms/${roomId}/week`)
    expect(week.weekStart).toBe('2026-11-16')
    const page = await openThursday()
    expect(page.text()).toContain('11月16日–11月22日')
    expect(stateOf(cell(page, '09:00'))).toBe('slot--free')

    await page.tap(cell(page, '09:00'))
    // The next tap's handler is the one of the render that shows the start picked (on a loaded machine the two
    // taps can otherwise come before the page renders the first).
    await waitFor(() => picked(page).join() === '09:00', () => `picked: ${picked(page).join()}`)
    await page.tap(cell(page, '10:00'))
    await waitFor(() => picked(page).length === 3, () => `picked: ${picked(page).join()}`)
    expect(picked(page)).toEqual(['09:00', '09:30', '10:00'])
    expect(page.byClass('room-summary__time')[0]!.textContent).toBe('11月19日 周四 09:00–10:30（1.5小时）')
    expect(page.text()).toContain('开始后15分钟未签到记爽约，60天内3次爽约暂停预约30天')

    await page.type(page.field('用途'), '老年书法小组练字')
    await page.type(page.field('参加人数'), '8')
    await page.tap('确认预约')
    await waitFor(() => w.currentPage().route === 'packages/booking/detail/index', () => `still on ${w.currentPage().route}; toasts: ${w.toasts.join(' | ')}`)

    const posts = sent.filter((r) => r.method === 'POST' && r.path === '/api/bookings')
    expect(posts).toHaveLength(1)
    expect(posts[0]!.data).toEqual({ roomId, startsAt: '2026-11-19T09:00:00+08:00', endsAt: '2026-11-19T10:30:00+08:00', purpose: '老年书法小组练字', attendees: 8, isPublic: false })
    expect(posts[0]!.header['idempotency-key']).toBeTruthy()
    const [mine] = (await api<BookingPage>('/api/bookings/mine')).items.filter((b) => b.purpose === '老年书法小组练字' && b.startsAt === '2026-11-19T09:00:00+08:00')
    expect(mine).toMatchObject({ status: 'confirmed', attendees: 8, room: { id: roomId } })
    expect(w.navigations.at(-1)).toEqual({ api: 'redirectTo', url: `/packages/booking/detail/index?id=${mine!.id}` })
    expect(w.toasts).toContain('已预约')

    const detail = w.currentPage()
    await detail.waitForText('老年书法小组练字')
    expect(detail.byClass('booking-status').map((el) => el.textContent)).toEqual(['已确认'])
    expect(detail.text()).toContain('11月19日 周四 09:00–10:30')
    expect(detail.text()).toContain('到场后扫描场地门口的签到码签到')
    expect(detail.text()).toContain('取消预约')
    expect(w.missingTemplates).toEqual([])
  })

  it('loses 14:00–15:00 to a neighbour who was faster: the server\'s message, and the week fetched again showing it taken', async () => {
    const page = await openThursday()
    // Her own booking of the morning is on the grid now.
    expect(stateOf(cell(page, '09:00'))).toBe('slot--mine')
    await page.tap(cell(page, '14:00'))
    await waitFor(() => picked(page).join() === '14:00', () => `picked: ${picked(page).join()}`)
    await page.tap(cell(page, '14:30'))
    await waitFor(() => picked(page).length === 2, () => `picked: ${picked(page).join()}`)
    await page.type(page.field('用途'), '太极拳练习')
    await page.type(page.field('参加人数'), '10')

    const rival = await w.backend.headersAs('volunteer')
    const res = await w.backend.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: rival,
      payload: { roomId, startsAt: '2026-11-19T14:00:00+08:00', endsAt: '2026-11-19T15:00:00+08:00', purpose: '广场舞排练', attendees: 12 },
    })
    expect(res.statusCode).toBe(201)

    const fetched = weekRequests().length
    await page.tap('确认预约')
    await page.waitForText('这个时段刚被别人预约了，请换个时段')
    expect(page.byClass('room-notice').map((el) => el.textContent)).toEqual(['这个时段刚被别人预约了，请换个时段'])
    expect(w.toasts).toContain('这个时段刚被别人预约了，请换个时段')
    expect(w.requests.filter((r) => r.method === 'POST').at(-1)).toEqual({ method: 'POST', path: '/api/bookings', status: 409 })
    await waitFor(() => weekRequests().length > fetched, () => 'the week was not fetched again')
    await waitFor(() => stateOf(cell(page, '14:00')) === 'slot--taken', () => `14:00 is ${stateOf(cell(page, '14:00'))}`)
    expect(stateOf(cell(page, '14:30'))).toBe('slot--taken')
    expect(picked(page)).toEqual([])
    expect(page.byClass('booking-form')).toEqual([])
    expect(w.currentPage().route).toBe('packages/booking/room/index')
    expect(w.missingTemplates).toEqual([])

    const booked = await api<Booking[]>(`/api/bookings/mine`).then((p) => (p as unknown as BookingPage).items)
    expect(booked.some((b) => b.purpose === '太极拳练习')).toBe(false)
  })
})
