import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { asc, eq } from 'drizzle-orm'
import { bookings, bookingSuspensions } from '../../server/src/db/schema'
import { SWEEPS, sweepDeps } from '../../server/src/sweeps'
import type { Booking, Room, RoomWeek } from '../../types/api/booking'
import { createTestApp, type TestApp } from '../support/test-app'
import { bookingWorld, type Account } from './booking-fixtures'
import { expectError, iso, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * The booking sweeps: 爽约 recorded once the check-in window has closed (a room: its start plus the room's
 * allowance; a tool: the end of its first day), a 30-day suspension at the third no-show within 60 days (once,
 * however often the sweep runs; earlier no-shows paid for by a suspension do not count again), and pending
 * requests nobody decided on cancelled when they begin. The sweeps take their own clock; the app's clock is
 * moved along so that bookings can be made on the days a test needs.
 */

let t: TestApp
let w: ReturnType<typeof bookingWorld>
let lianTong: number
let center: number
let staff: { authorization: string }

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = bookingWorld(t)
  lianTong = await w.look.communityId('联通社区')
  center = await w.stationId('联通社区党群服务中心')
  staff = await t.headersAs('staff')
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

const at = (day: string, clock: string) => new Date(iso(day, clock))
const statusOf = async (id: number) => (await t.handle.db.select().from(bookings).where(eq(bookings.id, id)))[0]!
const suspensionsOf = (userId: number) => t.handle.db.select().from(bookingSuspensions).where(eq(bookingSuspensions.userId, userId)).orderBy(asc(bookingSuspensions.startsAt))

// Both run through the scheduled sweeps themselves, so the tests also prove they are scheduled.
const runSweep = (name: string, now: Date) => SWEEPS.find((s) => s.name === name)!.run(sweepDeps(t.handle.db, t.config), now)
const markNoShows = (now: Date) => runSweep('record booking no-shows', now)
const cancelUndecidedBookings = (now: Date) => runSweep('cancel undecided bookings', now)

describe('markNoShows', () => {
  it('records a room booking as 爽约 once its no-show allowance has passed, and only confirmed ones', async () => {
    const room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 10, noShowAfterMinutes: 20 } })
    const approval = await w.newRoom(staff, center, { rules: { requiresApproval: true } })
    const me = await w.fresh(lianTong)
    const missed = ok(await w.book(me, room.id, '2026-11-18', '14:00', '15:00'), 201)
    const attended = ok(await w.book(me, room.id, '2026-11-18', '15:00', '16:00'), 201)
    const pending = ok(await w.book(me, approval.id, '2026-11-18', '14:00', '15:00'), 201)
    t.clock.now = at('2026-11-18', '14:50')
    ok(await w.post('/api/bookings/check-in', me, { code: await w.checkInCode(staff, room.id) }))

    await markNoShows(at('2026-11-18', '14:19'))
    expect((await statusOf(missed.id)).status).toBe('confirmed')
    await markNoShows(at('2026-11-18', '14:20'))
    expect(await statusOf(missed.id)).toMatchObject({ status: 'no_show', noShowAt: at('2026-11-18', '14:20') })
    expect(ok(await w.get(`/api/bookings/${missed.id}`, me))).toMatchObject({ status: 'no_show', actions: [] })
    await markNoShows(at('2026-11-18', '18:00'))
    expect((await statusOf(attended.id)).status).toBe('checked_in')
    expect((await statusOf(pending.id)).status).toBe('pending')
    // Nothing left to do at that time: a second run changes nothing.
    expect(await markNoShows(at('2026-11-18', '18:00'))).toBe(0)
    expect(await suspensionsOf(me.userId)).toEqual([])
  })

  it('records a tool not picked up by the end of its first day', async () => {
    const ladder = await w.newRoom(staff, await w.stationId('联通社区第三网格党群服务驿站'), { kind: 'tool' })
    const me = await w.fresh(lianTong)
    const b = ok(await w.bookDays(me, ladder.id, '2026-11-18', '2026-11-20'), 201)
    await markNoShows(at('2026-11-18', '23:59'))
    expect((await statusOf(b.id)).status).toBe('confirmed')
    await markNoShows(at('2026-11-19', '00:00'))
    expect((await statusOf(b.id)).status).toBe('no_show')
  })
})

describe('suspensions for repeated no-shows', () => {
  let room: Room
  beforeAll(async () => {
    room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 20 } })
  })
  /** Books the day at 14:00 (the afternoon before) and lets the sweep find it missed at 15:00. */
  async function miss(me: Account, day: string): Promise<Booking> {
    t.clock.now = new Date(Date.parse(iso(day, '16:00')) - 86_400_000)
    const b = ok(await w.book(me, room.id, day, '14:00', '15:00'), 201)
    await markNoShows(at(day, '15:00'))
    expect((await statusOf(b.id)).status).toBe('no_show')
    return b
  }

  it('suspends for 30 days at the third no-show within 60 days, once however often the sweep runs', async () => {
    const me = await w.fresh(lianTong)
    // Booked ahead, missed later while suspended.
    const ahead = ok(await w.book(me, room.id, '2026-11-23', '14:00', '15:00'), 201)
    await miss(me, '2026-11-18')
    await miss(me, '2026-11-19')
    expect(await suspensionsOf(me.userId)).toEqual([])
    const third = await miss(me, '2026-11-20')
    const [suspension, ...more] = await suspensionsOf(me.userId)
    expect(more).toEqual([])
    expect(suspension).toMatchObject({ communityId: lianTong, triggerBookingId: third.id, startsAt: at('2026-11-20', '15:00'), endsAt: at('2026-12-20', '15:00') })
    for (const when of [at('2026-11-20', '15:00'), at('2026-11-20', '15:00'), at('2026-11-21', '09:00')]) await markNoShows(when)
    expect(await suspensionsOf(me.userId)).toHaveLength(1)

    t.clock.now = at('2026-11-21', '10:00')
    expectError(await w.book(me, room.id, '2026-11-25', '14:00', '15:00'), 403, 'BOOKING_SUSPENDED', '因多次预约未到，您的预约权限暂停至2026-12-20')
    expect(ok<RoomWeek>(await w.get(`/api/rooms/${room.id}/week`, me))).toMatchObject({ canBook: false, cannotBookReason: '因多次预约未到，您的预约权限暂停至2026-12-20' })
    // A booking made before the suspension and missed during it is recorded, with no second suspension.
    await markNoShows(at('2026-11-23', '15:00'))
    expect((await statusOf(ahead.id)).status).toBe('no_show')
    expect(await suspensionsOf(me.userId)).toHaveLength(1)

    // When it ends one may book again; the no-shows it paid for do not count again (five within 60 days by
    // 21 December, but only those since the suspension began do).
    t.clock.now = at('2026-12-20', '15:00')
    ok(await w.book(me, room.id, '2026-12-22', '14:00', '15:00'), 201)
    await miss(me, '2026-12-21')
    expect(await suspensionsOf(me.userId)).toHaveLength(1)
    await markNoShows(at('2026-12-22', '15:00'))
    const after = await suspensionsOf(me.userId)
    expect(after).toHaveLength(2)
    expect(after[1]).toMatchObject({ startsAt: at('2026-12-22', '15:00'), endsAt: at('2027-01-21', '15:00') })
  })

  it('forgets no-shows older than 60 days', async () => {
    const me = await w.fresh(lianTong)
    await miss(me, '2026-11-18')
    await miss(me, '2026-11-19')
    await miss(me, '2027-01-20') // 62 days after the 19th
    expect(await suspensionsOf(me.userId)).toEqual([])
    await miss(me, '2027-01-21')
    expect(await suspensionsOf(me.userId)).toEqual([])
    const third = await miss(me, '2027-01-22')
    expect((await suspensionsOf(me.userId)).map((s) => s.triggerBookingId)).toEqual([third.id])
  })

  it('does not count cancelled, checked-in or other people’s bookings', async () => {
    const me = await w.fresh(lianTong)
    const neighbour = await w.fresh(lianTong)
    await miss(neighbour, '2026-11-24')
    await miss(neighbour, '2026-11-25')
    await miss(me, '2026-11-26')
    t.clock.now = at('2026-11-26', '10:00')
    const cancelled = ok(await w.book(me, room.id, '2026-11-27', '09:00', '10:00'), 201)
    ok(await w.post(`/api/bookings/${cancelled.id}/cancel`, me))
    const attended = ok(await w.book(me, room.id, '2026-11-27', '14:00', '15:00'), 201)
    t.clock.now = at('2026-11-27', '13:55')
    ok(await w.post('/api/bookings/check-in', me, { code: await w.checkInCode(staff, room.id) }))
    await markNoShows(at('2026-11-27', '18:00'))
    expect((await statusOf(attended.id)).status).toBe('checked_in')
    expect(await suspensionsOf(me.userId)).toEqual([])
    expect(await suspensionsOf(neighbour.userId)).toEqual([])
  })
})

describe('cancelUndecidedBookings', () => {
  it('cancels pending requests that have begun, and nothing else', async () => {
    const approval = await w.newRoom(staff, center, { rules: { requiresApproval: true, maxActivePerPerson: 5 } })
    const room = await w.newRoom(staff, center)
    const me = await w.fresh(lianTong)
    const undecided = ok(await w.book(me, approval.id, '2026-11-18', '14:00', '15:00'), 201)
    const later = ok(await w.book(me, approval.id, '2026-11-19', '14:00', '15:00'), 201)
    const confirmed = ok(await w.book(me, room.id, '2026-11-18', '14:00', '15:00'), 201)
    await cancelUndecidedBookings(at('2026-11-18', '13:59'))
    expect((await statusOf(undecided.id)).status).toBe('pending')
    await cancelUndecidedBookings(at('2026-11-18', '14:00'))
    expect(ok(await w.get(`/api/bookings/${undecided.id}`, me))).toMatchObject({ status: 'cancelled', cancelReason: '开始前未获审核，已自动取消', actions: [] })
    expect((await statusOf(undecided.id)).cancelledAt).toEqual(at('2026-11-18', '14:00'))
    expect((await statusOf(later.id)).status).toBe('pending')
    expect((await statusOf(confirmed.id)).status).toBe('confirmed')
    expect(await cancelUndecidedBookings(at('2026-11-18', '14:00'))).toBe(0)
    // The time is free again for others.
    t.clock.now = at('2026-11-17', '10:00')
    expect(ok<RoomWeek>(await w.get(`/api/rooms/${approval.id}/week`, await w.fresh(lianTong))).days[2]!.slots.find((s) => s.startsAt === iso('2026-11-18', '14:00'))!.state).toBe('free')
    // A pending request is never a no-show.
    await markNoShows(at('2026-11-19', '18:00'))
    expect((await statusOf(later.id)).status).toBe('pending')
  })
})
