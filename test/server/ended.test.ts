import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Booking, BookingPage } from '../../types/api/booking'
import type { EventList, HomeResponse } from '../../types/api/org'
import type { Activity, ActivityPage, MySignup } from '../../types/api/volunteer'
import { demoLookup } from '../support/demo-lookup'
import { createTestApp, type TestApp } from '../support/test-app'
import { iso, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * What has ended is shown as ended, wherever it is shown, as the days pass on the demo district: the 活动 tab,
 * 活动预告 (首页 and a station's month), the activity's page and the volunteer's own list all take the phase from
 * the server's clock, so an activity that ended at 11:30 is not offered with places at 12:40. Public bookings in
 * 活动预告 and a resident's own bookings do the same.
 */

let t: TestApp
let resident: { authorization: string }
let volunteer: { authorization: string }
let activityId: number
const TITLE = '长者智能手机课堂' // 联通社区, Wednesday 18 November 2026, 09:30–11:30 (the demo seed at NOW)

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  resident = await t.headersAs('resident')
  volunteer = await t.headersAs('volunteer')
  const look = demoLookup(t.handle.db)
  const row = await look.activity(await look.communityId('联通社区'), TITLE)
  activityId = row.id
  expect([row.startsAt.toISOString(), row.endsAt.toISOString()]).toEqual([new Date(iso('2026-11-18', '09:30')).toISOString(), new Date(iso('2026-11-18', '11:30')).toISOString()])
  expect(row.signedUp).toBeLessThan(row.capacity)
  ok(await t.app.inject({ method: 'POST', url: `/api/activities/${activityId}/signup`, headers: volunteer, payload: {} }))
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

const get = async <T>(url: string, as = resident) => ok<T>(await t.app.inject({ method: 'GET', url, headers: as }))
const inTab = async (query = '') => (await get<ActivityPage>(`/api/activities?limit=50${query}`)).items.find((a) => a.id === activityId)
const inMonth = async () => (await get<EventList>('/api/events?month=2026-11')).items.find((e) => e.kind === 'activity' && e.id === activityId)
const onHome = async () => (await get<HomeResponse>('/api/home')).events.find((e) => e.kind === 'activity' && e.id === activityId)
const detail = () => get<Activity>(`/api/activities/${activityId}`)
const mine = async () => (await get<{ items: MySignup[] }>('/api/volunteer/signups?scope=upcoming', volunteer)).items.concat((await get<{ items: MySignup[] }>('/api/volunteer/signups?scope=history', volunteer)).items).find((s) => s.activity.id === activityId)

describe('a volunteer activity as the day goes by', () => {
  it('the day before: upcoming everywhere, with its places and 报名', async () => {
    expect(await inTab()).toMatchObject({ phase: 'upcoming' })
    expect(await inTab('&hasPlaces=true')).toMatchObject({ phase: 'upcoming' })
    expect(await inMonth()).toMatchObject({ phase: 'upcoming' })
    expect(await onHome()).toMatchObject({ phase: 'upcoming' })
    expect(await detail()).toMatchObject({ phase: 'upcoming', actions: ['sign_up'] })
    expect(await mine()).toMatchObject({ activity: { phase: 'upcoming' } })
  })

  it('under way: ongoing everywhere, still in the 活动 tab but not among those with places, and no 报名', async () => {
    t.clock.now = new Date(iso('2026-11-18', '10:00'))
    expect(await inTab()).toMatchObject({ phase: 'ongoing' })
    expect(await inTab('&hasPlaces=true')).toBeUndefined()
    expect(await inMonth()).toMatchObject({ phase: 'ongoing' })
    expect(await onHome()).toMatchObject({ phase: 'ongoing' })
    const d = await detail()
    expect(d.phase).toBe('ongoing')
    expect(d.actions).toEqual([])
    expect(await mine()).toMatchObject({ activity: { phase: 'ongoing' } })
  })

  it('after its end (11:30, seen at 12:40): gone from the 活动 tab, ended in 活动预告, on 首页, its page and my list', async () => {
    t.clock.now = new Date(iso('2026-11-18', '12:40'))
    expect(await inTab()).toBeUndefined()
    expect(await inTab('&hasPlaces=true')).toBeUndefined()
    expect(await inMonth()).toMatchObject({ phase: 'ended' })
    expect(await onHome()).toMatchObject({ phase: 'ended' })
    const d = await detail()
    expect(d.phase).toBe('ended')
    expect(d.actions).toEqual([])
    expect(await mine()).toMatchObject({ activity: { phase: 'ended' } })
    // Exactly at the end it is over.
    t.clock.now = new Date(iso('2026-11-18', '11:30'))
    expect((await detail()).phase).toBe('ended')
    expect(await inTab()).toBeUndefined()
  })

  it('a cancelled activity is cancelled in 活动预告 and on its page, and leaves the 活动 tab', async () => {
    const staff = await t.headersAs('staff')
    const look = demoLookup(t.handle.db)
    const other = await look.activity(await look.communityId('联通社区'), '义剪进网格') // 24 November
    ok(await t.app.inject({ method: 'POST', url: `/api/staff/activities/${other.id}/cancel`, headers: staff, payload: { reason: '暴雪预警，改期举行' } }))
    expect((await get<EventList>('/api/events?month=2026-11')).items.find((e) => e.kind === 'activity' && e.id === other.id)).toMatchObject({ phase: 'cancelled' })
    expect(await get<Activity>(`/api/activities/${other.id}`)).toMatchObject({ phase: 'cancelled', cancelled: true, actions: [] })
    expect((await get<ActivityPage>('/api/activities?limit=50')).items.find((a) => a.id === other.id)).toBeUndefined()
  })
})

describe('bookings as the day goes by', () => {
  it('a public booking in 活动预告 is upcoming, then ongoing, then ended', async () => {
    const choir = async () => (await get<EventList>('/api/events?month=2026-11')).items.find((e) => e.kind === 'booking' && e.title === '社区合唱团排练')
    expect(await choir()).toMatchObject({ phase: 'upcoming', startsAt: iso('2026-11-18', '14:00'), endsAt: iso('2026-11-18', '16:00') })
    t.clock.now = new Date(iso('2026-11-18', '15:00'))
    expect(await choir()).toMatchObject({ phase: 'ongoing' })
    t.clock.now = new Date(iso('2026-11-18', '16:00'))
    expect(await choir()).toMatchObject({ phase: 'ended' })
  })

  it('my booking is upcoming, then ended on its page, whatever its status says until the sweeps settle it', async () => {
    const [upcoming] = (await get<BookingPage>('/api/bookings/mine?scope=upcoming')).items.filter((b) => b.status === 'confirmed')
    expect(upcoming).toMatchObject({ phase: 'upcoming' })
    t.clock.now = new Date(new Date(upcoming!.endsAt).getTime() + 60_000)
    const after = await get<Booking>(`/api/bookings/${upcoming!.id}`)
    expect(after).toMatchObject({ status: 'confirmed', phase: 'ended' })
    const cancelled = (await get<BookingPage>('/api/bookings/mine?scope=past')).items.filter((b) => b.status === 'cancelled' || b.status === 'rejected')
    for (const b of cancelled) expect(b.phase).toBe('cancelled')
  })
})
