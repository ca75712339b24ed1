import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { and, eq } from 'drizzle-orm'
import { bookings, bookingSuspensions } from '../../server/src/db/schema'
import type { Booking, BookingPage, Room, RoomWeek, Station, StationList } from '../../types/api/booking'
import type { EventList } from '../../types/api/org'
import { createTestApp, type TestApp } from '../support/test-app'
import { bookingWorld, type Account } from './booking-fixtures'
import { type As, expectClientError, expectError, iso, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 阵地预约 for residents, through the API: stations near me, a station's days (holidays and 调休 included), the
 * week grid, booking a room (every rule it can break, each with its code), my bookings, cancelling, the QR
 * check-in, tools by the day, Idempotency-Key, the 活动预告 calendar, and bad input that must never be a 500.
 * One app and one demo district for the file; the tests make their own rooms and people. The clock is Tuesday
 * 2026-11-17 10:00 unless a test moves it.
 */

let t: TestApp
let w: ReturnType<typeof bookingWorld>
let lianTong: number
let fuLong: number
let center: number
let gridThree: number
let gridEleven: number
let staff: As
let resident: As

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = bookingWorld(t)
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
  ;[center, gridThree, gridEleven] = await Promise.all([w.stationId('联通社区党群服务中心'), w.stationId('联通社区第三网格党群服务驿站'), w.stationId('联通社区第十一网格党群服务驿站')])
  staff = await t.headersAs('staff')
  resident = await t.headersAs('resident')
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

const setClock = (day: string, clock: string) => {
  t.clock.now = new Date(iso(day, clock))
}
const week = async (roomId: number, as: As, date?: string) => ok<RoomWeek>(await w.get(`/api/rooms/${roomId}/week${date ? `?date=${date}` : ''}`, as))
const slotStates = (day: RoomWeek['days'][number]) => day.slots.map((s) => `${s.startsAt.slice(11, 16)} ${s.state}`)
const stateAt = (wk: RoomWeek, day: string, clock: string) => wk.days.find((d) => d.date === day)!.slots.find((s) => s.startsAt === iso(day, clock))?.state

const WEEKDAY_HOURS = '08:30–11:30、13:30–20:00'
const WEEKEND_HOURS = '09:00–17:00'

/* ================================================================= stations */

describe('stations', () => {
  it('lists my community’s stations with today’s hours, open now, and their rooms and tools', async () => {
    const { items } = ok<StationList>(await w.get('/api/stations', resident))
    expect(items.every((s) => s.communityId === lianTong && s.communityName === '联通社区')).toBe(true)
    const byId = new Map(items.map((s) => [s.id, s]))
    expect(byId.get(center)).toMatchObject({ kind: 'center', hoursToday: WEEKDAY_HOURS, openNow: true, distanceMeters: null, toolCount: 0 })
    expect(byId.get(center)!.roomCount).toBeGreaterThanOrEqual(4)
    expect(byId.get(gridThree)).toMatchObject({ kind: 'grid_station', hoursToday: '09:00–11:30、14:00–19:00', openNow: true, roomCount: 1, toolCount: 3 })
    expect(byId.get(gridEleven)).toMatchObject({ kind: 'grid_station', roomCount: 1, toolCount: 0 })
  })

  it('is closed over lunch and after hours', async () => {
    setClock('2026-11-17', '12:30')
    const lunch = ok<StationList>(await w.get('/api/stations', resident)).items
    expect(lunch.find((s) => s.id === center)!.openNow).toBe(false)
    expect(lunch.find((s) => s.id === gridThree)!.openNow).toBe(false)
    setClock('2026-11-17', '19:30')
    const evening = ok<StationList>(await w.get('/api/stations', resident)).items
    expect(evening.find((s) => s.id === center)!.openNow).toBe(true) // 工作日延时服务 until 20:00
    expect(evening.find((s) => s.id === gridThree)!.openNow).toBe(false)
  })

  it('sorts by distance from where I am, nearest first', async () => {
    const [here] = (await w.stationsOf(lianTong)).filter((s) => s.id === gridEleven)
    const { items } = ok<StationList>(await w.get(`/api/stations?latitude=${here!.latitude}&longitude=${here!.longitude}`, resident))
    expect(items[0]).toMatchObject({ id: gridEleven, distanceMeters: 0 })
    const distances = items.map((s) => s.distanceMeters!)
    expect(distances.every((d) => Number.isInteger(d))).toBe(true)
    expect(distances).toEqual([...distances].sort((a, b) => a - b))
    // 0.0062° of latitude and 0.0048° of longitude at 50°N from the centre: about 770 m.
    expect(items.find((s) => s.id === center)!.distanceMeters).toBeGreaterThan(700)
    expect(items.find((s) => s.id === center)!.distanceMeters).toBeLessThan(850)
  })

  it('lists the whole district with communityId 0, and another community when asked', async () => {
    const all = ok<StationList>(await w.get('/api/stations?communityId=0&latitude=50.2398&longitude=127.4950', resident)).items
    expect(new Set(all.map((s) => s.communityName))).toEqual(new Set(['联通社区', '铁西社区', '邮政社区', '福龙社区', '海兰社区']))
    // Standing at 福龙社区's centre: it is the nearest.
    expect(all[0]).toMatchObject({ name: '福龙社区党群服务中心', distanceMeters: 0 })
    const distances = all.map((s) => s.distanceMeters!)
    expect(distances).toEqual([...distances].sort((a, b) => a - b))
    const fl = ok<StationList>(await w.get(`/api/stations?communityId=${fuLong}`, resident)).items
    expect(fl.every((s) => s.communityId === fuLong)).toBe(true)
    expect(fl.find((s) => s.name === '福龙社区第一网格党群服务驿站')).toMatchObject({ toolCount: 6 })
  })

  it('refuses a position off the globe, and ignores half a position', async () => {
    expectError(await w.get('/api/stations?latitude=91&longitude=127', resident), 400, 'VALIDATION_FAILED')
    expectError(await w.get('/api/stations?communityId=-1', resident), 400, 'VALIDATION_FAILED')
    const { items } = ok<StationList>(await w.get('/api/stations?latitude=50.25', resident))
    expect(items.every((s) => s.distanceMeters === null)).toBe(true)
  })

  it('shows a station: rooms, tools, its week of hours and the next seven days', async () => {
    const detail = ok<Station>(await w.get(`/api/stations/${center}`, resident))
    expect(detail.rooms.map((r) => r.name)).toEqual(expect.arrayContaining(['会议培训室', '图书阅览室', '文体活动室', '多功能厅']))
    expect(detail.tools).toEqual([])
    expect(detail.rooms.find((r) => r.name === '多功能厅')!.rules).toMatchObject({ slotMinutes: 60, requiresApproval: true, bufferMinutes: 30, cancelDeadlineMinutes: 1440 })
    expect(detail.weeklyHours).toHaveLength(12)
    expect(detail.weeklyHours.map((h) => h.dayOfWeek)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7])
    expect(detail.nextDays).toEqual([
      { date: '2026-11-17', dayKind: 'workday', holidayName: null, hours: WEEKDAY_HOURS },
      { date: '2026-11-18', dayKind: 'workday', holidayName: null, hours: WEEKDAY_HOURS },
      { date: '2026-11-19', dayKind: 'workday', holidayName: null, hours: WEEKDAY_HOURS },
      { date: '2026-11-20', dayKind: 'workday', holidayName: null, hours: WEEKDAY_HOURS },
      { date: '2026-11-21', dayKind: 'weekend', holidayName: null, hours: WEEKEND_HOURS },
      { date: '2026-11-22', dayKind: 'weekend', holidayName: null, hours: WEEKEND_HOURS },
      { date: '2026-11-23', dayKind: 'workday', holidayName: null, hours: WEEKDAY_HOURS },
    ])
    const grid = ok<Station>(await w.get(`/api/stations/${gridThree}`, resident))
    expect(grid.rooms.map((r) => r.name)).toEqual(['议事室'])
    expect(grid.tools.map((r) => r.name)).toEqual(['人字梯', '轮椅', '电钻'])
    expect(grid.tools.every((r) => r.kind === 'tool' && r.rules.slotMinutes === 1440)).toBe(true)
  })

  it('opens 国庆节 on weekend hours and the 调休 Saturday on weekday hours in the next days', async () => {
    setClock('2026-09-29', '10:00')
    const golden = ok<Station>(await w.get(`/api/stations/${center}`, resident)).nextDays
    expect(golden.map((d) => [d.date, d.dayKind, d.holidayName, d.hours])).toEqual([
      ['2026-09-29', 'workday', null, WEEKDAY_HOURS],
      ['2026-09-30', 'workday', null, WEEKDAY_HOURS],
      ['2026-10-01', 'holiday', '国庆节', WEEKEND_HOURS],
      ['2026-10-02', 'holiday', '国庆节', WEEKEND_HOURS],
      ['2026-10-03', 'holiday', '国庆节', WEEKEND_HOURS],
      ['2026-10-04', 'holiday', '国庆节', WEEKEND_HOURS],
      ['2026-10-05', 'holiday', '国庆节', WEEKEND_HOURS],
    ])
    setClock('2026-10-08', '10:00')
    const after = ok<Station>(await w.get(`/api/stations/${center}`, resident)).nextDays
    // A make-up working day is named after the holiday it makes up for.
    expect(after.find((d) => d.date === '2026-10-10')).toEqual({ date: '2026-10-10', dayKind: 'makeup_workday', holidayName: '国庆节', hours: WEEKDAY_HOURS })
    expect(after.find((d) => d.date === '2026-10-11')).toEqual({ date: '2026-10-11', dayKind: 'weekend', holidayName: null, hours: WEEKEND_HOURS })
  })

  it('hides rooms staff paused, and answers NOT_FOUND for no such station', async () => {
    const paused = await w.newRoom(staff, center, { active: false })
    const detail = ok<Station>(await w.get(`/api/stations/${center}`, resident))
    expect(detail.rooms.map((r) => r.id)).not.toContain(paused.id)
    expect(detail.roomCount).toBe(detail.rooms.length)
    expectError(await w.get('/api/stations/99999999', resident), 404, 'NOT_FOUND')
    expectError(await w.get('/api/stations/abc', resident), 400, 'VALIDATION_FAILED')
  })
})

/* ================================================================= the week grid */

describe('the week grid', () => {
  let room: Room
  let booker: Account
  let other: Account
  beforeAll(async () => {
    room = await w.newRoom(staff, center)
    booker = await w.fresh(lianTong)
    other = await w.fresh(lianTong)
  })

  it('shows this week, Monday to Sunday, with past, free and closed cells', async () => {
    const wk = await week(room.id, other)
    expect(wk).toMatchObject({ weekStart: '2026-11-16', stationName: '联通社区党群服务中心', canBook: true, cannotBookReason: null })
    expect(wk.room).toMatchObject({ id: room.id, kind: 'room', active: true })
    expect(wk.days.map((d) => d.date)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'])
    expect(wk.days.map((d) => d.slots.length)).toEqual([19, 19, 19, 19, 19, 16, 16])
    expect(wk.days[0]!.slots.every((s) => s.state === 'past' && s.reason === 'past')).toBe(true)
    // Today at 10:00 with an hour's notice: 10:00 and 10:30 have not begun but are inside the notice; 11:00 is the first cell still bookable.
    expect(slotStates(wk.days[1]!).slice(0, 7)).toEqual(['08:30 past', '09:00 past', '09:30 past', '10:00 closed', '10:30 closed', '11:00 free', '13:30 free'])
    expect(wk.days[1]!.slots.slice(2, 6).map((s) => s.reason)).toEqual(['past', 'notice', 'notice', null])
    expect(wk.days[5]).toMatchObject({ dayKind: 'weekend', hours: WEEKEND_HOURS, closure: null })
    expect(wk.days[5]!.slots[0]).toEqual({ startsAt: '2026-11-21T09:00:00+08:00', endsAt: '2026-11-21T09:30:00+08:00', state: 'free', reason: null })
    expect(wk.days.slice(2).every((d) => d.slots.every((s) => s.state === 'free'))).toBe(true)
  })

  it('shows my booking as mine and as taken to everyone else', async () => {
    ok(await w.book(booker, room.id, '2026-11-18', '14:00', '15:00'), 201)
    const mine = await week(room.id, booker)
    const theirs = await week(room.id, other)
    for (const clock of ['14:00', '14:30']) {
      expect(stateAt(mine, '2026-11-18', clock)).toBe('mine')
      expect(stateAt(theirs, '2026-11-18', clock)).toBe('taken')
    }
    expect(mine.days[2]!.slots.find((s) => s.startsAt === iso('2026-11-18', '14:00'))!.reason).toBe('mine')
    expect(theirs.days[2]!.slots.find((s) => s.startsAt === iso('2026-11-18', '14:00'))!.reason).toBe('booked')
    expect(stateAt(theirs, '2026-11-18', '13:30')).toBe('free')
    expect(stateAt(theirs, '2026-11-18', '15:00')).toBe('free')
  })

  it('closes days past how far ahead one may book, and takes any day of the wanted week', async () => {
    // 14 days ahead of Tuesday 17th: Tuesday 1 December is the last bookable day.
    const wk = await week(room.id, other, '2026-12-02')
    expect(wk.weekStart).toBe('2026-11-30')
    expect(wk.days.map((d) => d.slots.every((s) => s.state === 'free'))).toEqual([true, true, false, false, false, false, false])
    expect(wk.days.slice(2).every((d) => d.slots.every((s) => s.state === 'closed' && s.reason === 'too_far'))).toBe(true)
    expect((await week(room.id, other, '2026-11-22')).weekStart).toBe('2026-11-16') // Sunday belongs to its Monday
    expect((await week(room.id, other, '2027-01-01')).weekStart).toBe('2026-12-28')
  })

  it('follows the holiday calendar: 国庆节 on weekend hours, the 调休 Saturday on weekday hours', async () => {
    setClock('2026-09-28', '10:00')
    const golden = await week(room.id, other, '2026-10-01')
    expect(golden.weekStart).toBe('2026-09-28')
    expect(golden.days.map((d) => [d.dayKind, d.slots.length])).toEqual([
      ['workday', 19], ['workday', 19], ['workday', 19], ['holiday', 16], ['holiday', 16], ['holiday', 16], ['holiday', 16],
    ])
    expect(golden.days[3]).toMatchObject({ date: '2026-10-01', holidayName: '国庆节', hours: WEEKEND_HOURS })
    const next = await week(room.id, other, '2026-10-10')
    expect(next.days.map((d) => [d.date, d.dayKind, d.slots.length])).toEqual([
      ['2026-10-05', 'holiday', 16], ['2026-10-06', 'holiday', 16], ['2026-10-07', 'holiday', 16], ['2026-10-08', 'workday', 19],
      ['2026-10-09', 'workday', 19], ['2026-10-10', 'makeup_workday', 19], ['2026-10-11', 'weekend', 16],
    ])
    // And booking follows the same hours.
    ok(await w.book(other, room.id, '2026-10-01', '12:00', '13:00'), 201)
    expectError(await w.book(other, room.id, '2026-10-02', '18:00', '19:00'), 400, 'BOOKING_OUTSIDE_HOURS')
    ok(await w.book(other, room.id, '2026-10-10', '18:00', '19:00'), 201)
    expectError(await w.book(booker, room.id, '2026-10-10', '12:00', '13:00'), 400, 'BOOKING_OUTSIDE_HOURS')
  })

  it('refuses a date that is not a date, and answers NOT_FOUND for no such room', async () => {
    for (const date of ['abc', '2026-11', '2026-02-30', '2026-13-01', '9999-99-99', '0000-00-00']) {
      expectError(await w.get(`/api/rooms/${room.id}/week?date=${date}`, other), 400, 'VALIDATION_FAILED')
    }
    expectError(await w.get('/api/rooms/99999999/week', other), 404, 'NOT_FOUND')
  })

  it('shows a paused room closed and says one cannot book it', async () => {
    const paused = await w.newRoom(staff, center, { active: false })
    const wk = await week(paused.id, other)
    expect(wk.canBook).toBe(false)
    expect(wk.cannotBookReason).toBe('这个场地暂停预约')
    expect(wk.days.slice(2).every((d) => d.slots.every((s) => s.state === 'closed' && s.reason === 'inactive'))).toBe(true)
    expectError(await w.book(other, paused.id, '2026-11-18', '14:00', '15:00'), 409, 'BOOKING_ROOM_UNAVAILABLE')
  })
})

/* ================================================================= booking a room */

describe('booking a room', () => {
  let room: Room
  beforeAll(async () => {
    room = await w.newRoom(staff, center, { capacity: 20 })
  })

  it('books instantly where no approval is needed, and the booker sees everything about it', async () => {
    const me = await w.fresh(lianTong)
    const booking = ok(await w.book(me, room.id, '2026-11-18', '14:00', '15:30', { purpose: '老年书法小组练字', attendees: 8 }), 201)
    expect(booking).toEqual({
      id: expect.any(Number),
      communityId: lianTong,
      room: { id: room.id, name: room.name, kind: 'room' },
      station: { id: center, name: '联通社区党群服务中心', address: '黑河市爱辉区联通街18号', phone: expect.any(String) },
      startsAt: '2026-11-18T14:00:00+08:00',
      endsAt: '2026-11-18T15:30:00+08:00',
      purpose: '老年书法小组练字',
      attendees: 8,
      isPublic: false,
      status: 'confirmed',
      phase: 'upcoming',
      bookerName: me.name,
      bookerPhone: me.phone,
      rejectReason: null,
      cancelReason: null,
      checkedInAt: null,
      cancelDeadline: '2026-11-18T12:00:00+08:00',
      createdAt: '2026-11-17T10:00:00+08:00',
      actions: ['cancel'],
    })
    expect(ok(await w.get(`/api/bookings/${booking.id}`, me))).toEqual(booking)
  })

  it('accepts times written in another offset for the same instant', async () => {
    const me = await w.fresh(lianTong)
    const booking = ok(await w.post('/api/bookings', me, { roomId: room.id, startsAt: '2026-11-19T06:00:00Z', endsAt: '2026-11-19T07:00:00.000Z', purpose: '读书会', attendees: 3 }), 201)
    expect([booking.startsAt, booking.endsAt]).toEqual(['2026-11-19T14:00:00+08:00', '2026-11-19T15:00:00+08:00'])
  })

  it('waits for staff where the room requires approval, cancellable until the start', async () => {
    const approval = await w.newRoom(staff, center, { rules: { requiresApproval: true } })
    const me = await w.fresh(lianTong)
    const booking = ok(await w.book(me, approval.id, '2026-11-18', '14:00', '15:00'), 201)
    expect(booking).toMatchObject({ status: 'pending', cancelDeadline: '2026-11-18T14:00:00+08:00', actions: ['cancel'] })
  })

  it('refuses every broken rule with its own code', async () => {
    const me = await w.fresh(lianTong)
    const cases: [string, string, string, number, string, Record<string, unknown>?][] = [
      ['2026-11-17', '09:00', '09:30', 400, 'BOOKING_IN_PAST'],
      ['2026-11-17', '09:30', '10:30', 400, 'BOOKING_IN_PAST'],
      ['2026-11-18', '14:10', '15:10', 400, 'BOOKING_SLOT_MISALIGNED'],
      ['2026-11-18', '14:00', '14:45', 400, 'BOOKING_SLOT_MISALIGNED'],
      ['2026-11-18', '14:00', '14:00', 400, 'BOOKING_DURATION_INVALID'],
      ['2026-11-18', '15:00', '14:00', 400, 'BOOKING_DURATION_INVALID'],
      ['2026-11-18', '13:30', '18:00', 400, 'BOOKING_DURATION_INVALID'],
      ['2026-11-17', '10:30', '11:00', 400, 'BOOKING_TOO_SOON'],
      ['2026-12-02', '14:00', '15:00', 400, 'BOOKING_TOO_FAR_AHEAD'],
      ['2026-11-18', '08:00', '09:00', 400, 'BOOKING_OUTSIDE_HOURS'],
      ['2026-11-18', '11:00', '12:00', 400, 'BOOKING_OUTSIDE_HOURS'],
      ['2026-11-18', '11:00', '14:00', 400, 'BOOKING_OUTSIDE_HOURS'], // across the lunch closure
      ['2026-11-18', '19:30', '20:30', 400, 'BOOKING_OUTSIDE_HOURS'],
      ['2026-11-21', '16:30', '17:30', 400, 'BOOKING_OUTSIDE_HOURS'],
      ['2026-11-18', '14:00', '15:00', 400, 'BOOKING_CAPACITY_EXCEEDED', { attendees: 21 }],
    ]
    for (const [day, from, to, status, code, over] of cases) {
      const res = await w.book(me, room.id, day, from, to, over)
      expect([`${day} ${from}-${to}`, res.statusCode, res.json().code]).toEqual([`${day} ${from}-${to}`, status, code])
    }
    // The edges are fine: exactly at the notice, ending at the lunch closure, ending at closing, the last day.
    ok(await w.book(me, room.id, '2026-11-17', '11:00', '11:30', { attendees: 20 }), 201)
    ok(await w.book(me, room.id, '2026-12-01', '19:30', '20:00'), 201)
    expect(await t.handle.db.select().from(bookings).where(eq(bookings.bookerUserId, me.userId))).toHaveLength(2)
  })

  it('refuses bad fields with VALIDATION_FAILED and the field at fault', async () => {
    const me = await w.fresh(lianTong)
    const res = await w.book(me, room.id, '2026-11-18', '14:00', '15:00', { purpose: 'a', attendees: 0 })
    expectError(res, 400, 'VALIDATION_FAILED')
    expect(res.json().details.map((d: { path: string }) => d.path).sort()).toEqual(['body.attendees', 'body.purpose'])
    expectError(await w.book(me, 99_999_999, '2026-11-18', '14:00', '15:00'), 404, 'NOT_FOUND')
  })

  it('never lets two bookings of one room overlap: BOOKING_CONFLICT', async () => {
    const first = await w.fresh(lianTong)
    const second = await w.fresh(lianTong)
    ok(await w.book(first, room.id, '2026-11-20', '14:00', '16:00'), 201)
    for (const [from, to] of [['14:00', '16:00'], ['13:30', '14:30'], ['15:30', '17:00'], ['14:30', '15:00'], ['13:30', '17:00']]) {
      expectError(await w.book(second, room.id, '2026-11-20', from!, to!), 409, 'BOOKING_CONFLICT', '这个时段刚被别人预约了，请换个时段')
    }
    // Touching is not overlapping.
    ok(await w.book(second, room.id, '2026-11-20', '13:30', '14:00'), 201)
    ok(await w.book(second, room.id, '2026-11-20', '16:00', '16:30'), 201)
  })

  it('keeps the buffer after each booking free: the slot before a booking and the slots after it are taken', async () => {
    const hall = await w.newRoom(staff, center, { rules: { bufferMinutes: 30 } })
    const first = await w.fresh(lianTong)
    const second = await w.fresh(lianTong)
    ok(await w.book(first, hall.id, '2026-11-19', '14:00', '15:00'), 201)
    expectError(await w.book(second, hall.id, '2026-11-19', '15:00', '15:30'), 409, 'BOOKING_CONFLICT') // inside the buffer
    expectError(await w.book(second, hall.id, '2026-11-19', '13:30', '14:00'), 409, 'BOOKING_CONFLICT') // its own buffer runs into 14:00
    ok(await w.book(second, hall.id, '2026-11-19', '15:30', '16:00'), 201)
    const wk = await week(hall.id, await w.fresh(lianTong))
    expect(slotStates(wk.days[3]!).slice(5, 13)).toEqual(['11:00 free', '13:30 taken', '14:00 taken', '14:30 taken', '15:00 taken', '15:30 taken', '16:00 taken', '16:30 free'])
    expect(stateAt(wk, '2026-11-19', '17:00')).toBe('free')
    // The booking keeps the time it held when the buffer is changed later.
    const [row] = await t.handle.db.select().from(bookings).where(and(eq(bookings.roomId, hall.id), eq(bookings.bookerUserId, first.userId)))
    expect(row!.blockedUntil.toISOString()).toBe(new Date(iso('2026-11-19', '15:30')).toISOString())
  })

  it('BOOKING_ROOM_CLOSED where staff closed the room', async () => {
    const me = await w.fresh(lianTong)
    ok(await w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: iso('2026-11-24', '14:00'), endsAt: iso('2026-11-24', '16:00'), reason: '消防检查' }), 201)
    expectError(await w.book(me, room.id, '2026-11-24', '15:00', '16:00'), 409, 'BOOKING_ROOM_CLOSED')
    expectError(await w.book(me, room.id, '2026-11-24', '13:30', '14:30'), 409, 'BOOKING_ROOM_CLOSED')
    ok(await w.book(me, room.id, '2026-11-24', '16:00', '17:00'), 201)
    const wk = await week(room.id, me, '2026-11-24')
    const day = wk.days.find((d) => d.date === '2026-11-24')!
    expect(day.closure).toBe('消防检查')
    expect(['14:00', '14:30', '15:00', '15:30'].map((c) => stateAt(wk, '2026-11-24', c))).toEqual(['closed', 'closed', 'closed', 'closed'])
    expect(day.slots.find((s) => s.startsAt === iso('2026-11-24', '14:00'))!.reason).toBe('closure')
  })

  it('BOOKING_QUOTA_EXCEEDED past the active bookings one person may hold in a room', async () => {
    const quota = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 2 } })
    const me = await w.fresh(lianTong)
    // One that is already over does not count.
    setClock('2026-11-16', '09:00')
    const over = ok(await w.book(me, quota.id, '2026-11-16', '14:00', '15:00'), 201)
    setClock('2026-11-17', '10:00')
    const a = ok(await w.book(me, quota.id, '2026-11-18', '14:00', '15:00'), 201)
    ok(await w.book(me, quota.id, '2026-11-19', '14:00', '15:00'), 201)
    expectError(await w.book(me, quota.id, '2026-11-20', '14:00', '15:00'), 409, 'BOOKING_QUOTA_EXCEEDED')
    // Another room is another quota; a cancelled booking frees a place.
    ok(await w.book(me, room.id, '2026-11-25', '14:00', '15:00'), 201)
    ok(await w.post(`/api/bookings/${a.id}/cancel`, me))
    ok(await w.book(me, quota.id, '2026-11-20', '14:00', '15:00'), 201)
    expect(over.status).toBe('confirmed')
  })

  it('BOOKING_SUSPENDED while a suspension runs, with the day it ends', async () => {
    const me = await w.fresh(lianTong)
    const b = ok(await w.book(me, room.id, '2026-11-26', '14:00', '15:00'), 201)
    await t.handle.db.insert(bookingSuspensions).values({ communityId: lianTong, userId: me.userId, startsAt: new Date(iso('2026-11-10', '10:00')), endsAt: new Date(iso('2026-12-10', '10:00')), triggerBookingId: b.id })
    expectError(await w.book(me, room.id, '2026-11-26', '16:00', '17:00'), 403, 'BOOKING_SUSPENDED', '因多次预约未到，您的预约权限暂停至2026-12-10')
    const wk = await week(room.id, me)
    expect(wk).toMatchObject({ canBook: false, cannotBookReason: '因多次预约未到，您的预约权限暂停至2026-12-10' })
    // When it ends, booking is open again.
    setClock('2026-12-10', '10:00')
    ok(await w.book(me, room.id, '2026-12-11', '14:00', '15:00'), 201)
  })

  it('a retry with the same Idempotency-Key returns the same booking and books once', async () => {
    const me = await w.fresh(lianTong)
    const key = { 'idempotency-key': 'book-retry-000001' }
    const first = await w.book(me, room.id, '2026-11-27', '14:00', '15:00', {}, key)
    const retry = await w.book(me, room.id, '2026-11-27', '14:00', '15:00', {}, key)
    expect(ok(first, 201).id).toBe(ok(retry, 201).id)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json()).toEqual(first.json())
    const rows = await t.handle.db.select().from(bookings).where(eq(bookings.bookerUserId, me.userId))
    expect(rows).toHaveLength(1)
    // Without the key the same request is a second attempt, and the room is taken by the first.
    expectError(await w.book(me, room.id, '2026-11-27', '14:00', '15:00'), 409, 'BOOKING_CONFLICT')
    // The same key for another request is refused.
    expectError(await w.book(me, room.id, '2026-11-27', '16:00', '17:00', {}, key), 422, 'IDEMPOTENCY_KEY_REUSED')
  })
})

/* ================================================================= my bookings, detail, cancelling */

describe('my bookings', () => {
  let room: Room
  let me: Account
  const created: Record<string, Booking> = {}
  beforeAll(async () => {
    room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 10 } })
    me = await w.fresh(lianTong)
    t.clock.now = new Date(iso('2026-11-10', '10:00'))
    created.past = ok(await w.book(me, room.id, '2026-11-12', '14:00', '15:00'), 201)
    t.clock.now = NOW
    for (const [name, day] of [['d19', '2026-11-19'], ['d18', '2026-11-18'], ['d24', '2026-11-24'], ['d20', '2026-11-20'], ['d25', '2026-11-25']] as const) {
      created[name] = ok(await w.book(me, room.id, day, '14:00', '15:00'), 201)
    }
    ok(await w.post(`/api/bookings/${created.d25!.id}/cancel`, me, { reason: '临时有事' }))
  })

  it('pages through what is ahead, soonest first', async () => {
    const first = ok<BookingPage>(await w.get('/api/bookings/mine?limit=2', me))
    expect(first.items.map((b) => b.startsAt.slice(0, 10))).toEqual(['2026-11-18', '2026-11-19'])
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = ok<BookingPage>(await w.get(`/api/bookings/mine?limit=2&cursor=${first.nextCursor}`, me))
    expect(second.items.map((b) => b.startsAt.slice(0, 10))).toEqual(['2026-11-20', '2026-11-24'])
    expect(second.nextCursor).toBeNull()
    expect(ok<BookingPage>(await w.get('/api/bookings/mine', me)).items).toHaveLength(4)
  })

  it('keeps what is over or cancelled in the past, latest first', async () => {
    const past = ok<BookingPage>(await w.get('/api/bookings/mine?scope=past', me))
    expect(past.items.map((b) => [b.startsAt.slice(0, 10), b.status])).toEqual([['2026-11-25', 'cancelled'], ['2026-11-12', 'confirmed']])
    expect(past.items[0]).toMatchObject({ cancelReason: '临时有事', actions: [] })
    const paged = ok<BookingPage>(await w.get('/api/bookings/mine?scope=past&limit=1', me))
    const rest = ok<BookingPage>(await w.get(`/api/bookings/mine?scope=past&limit=1&cursor=${paged.nextCursor}`, me))
    expect([...paged.items, ...rest.items].map((b) => b.id)).toEqual(past.items.map((b) => b.id))
  })

  it('shows nobody else’s bookings', async () => {
    const other = await w.fresh(lianTong)
    expect(ok<BookingPage>(await w.get('/api/bookings/mine', other)).items).toEqual([])
  })

  it('refuses a bad cursor, scope or limit', async () => {
    for (const q of ['cursor=abc', 'cursor=1_x', 'cursor=9007199254740991_1', 'cursor=-9007199254740991_1', 'cursor=8640000000000001_5', 'scope=all', 'limit=0', 'limit=51', `cursor=${'9'.repeat(101)}`]) {
      expectError(await w.get(`/api/bookings/mine?${q}`, me), 400, 'VALIDATION_FAILED')
    }
  })
})

describe('who sees a booking', () => {
  it('the booker and the community’s staff; everyone else is told it does not exist', async () => {
    const room = await w.newRoom(staff, center)
    const me = await w.fresh(lianTong)
    const booking = ok(await w.book(me, room.id, '2026-11-18', '14:00', '15:00'), 201)
    const asStaff = ok(await w.get(`/api/bookings/${booking.id}`, staff))
    expect(asStaff).toMatchObject({ bookerName: me.name, bookerPhone: me.phone, actions: ['staff_cancel'] })
    expect(ok(await w.get(`/api/bookings/${booking.id}`, await t.headersAs('admin'))).bookerPhone).toBe(me.phone)
    const staffFuLong = await w.staffOf(fuLong)
    for (const stranger of [await w.fresh(lianTong), await t.headersAs('volunteer'), resident, staffFuLong, await t.headersAs('unit')]) {
      expectError(await w.get(`/api/bookings/${booking.id}`, stranger), 404, 'NOT_FOUND')
      expectError(await w.post(`/api/bookings/${booking.id}/cancel`, stranger), 404, 'NOT_FOUND')
    }
    expectError(await w.get('/api/bookings/99999999', me), 404, 'NOT_FOUND')
    expect(ok(await w.get(`/api/bookings/${booking.id}`, me)).status).toBe('confirmed')
  })
})

describe('cancelling', () => {
  let room: Room
  beforeAll(async () => {
    room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 10 } })
  })

  it('until the deadline, with or without a reason; the slot is free again', async () => {
    const me = await w.fresh(lianTong)
    const b = ok(await w.book(me, room.id, '2026-11-18', '14:00', '15:00'), 201)
    setClock('2026-11-18', '11:59')
    const cancelled = ok(await w.post(`/api/bookings/${b.id}/cancel`, me, {}))
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '预约人取消', actions: [] })
    const b2 = ok(await w.book(me, room.id, '2026-11-19', '14:00', '15:00'), 201)
    expect(ok(await w.post(`/api/bookings/${b2.id}/cancel`, me, { reason: '  家里有事  ' })).cancelReason).toBe('家里有事')
    setClock('2026-11-17', '10:00')
    const other = await w.fresh(lianTong)
    ok(await w.book(other, room.id, '2026-11-19', '14:00', '15:00'), 201)
  })

  it('BOOKING_CANCEL_TOO_LATE from the deadline on; BOOKING_STATE_CONFLICT once it is over or already cancelled', async () => {
    const me = await w.fresh(lianTong)
    const b = ok(await w.book(me, room.id, '2026-11-20', '14:00', '15:00'), 201)
    setClock('2026-11-20', '12:00') // 120 minutes before: the deadline itself
    const detail = ok(await w.get(`/api/bookings/${b.id}`, me))
    expect(detail.actions).toEqual([])
    expectError(await w.post(`/api/bookings/${b.id}/cancel`, me), 409, 'BOOKING_CANCEL_TOO_LATE', '已过取消期限，如不能到场请联系社区')
    setClock('2026-11-20', '15:00')
    expectError(await w.post(`/api/bookings/${b.id}/cancel`, me), 409, 'BOOKING_STATE_CONFLICT')
    expect(ok(await w.get(`/api/bookings/${b.id}`, me)).status).toBe('confirmed')

    setClock('2026-11-17', '10:00')
    const c = ok(await w.book(me, room.id, '2026-11-23', '14:00', '15:00'), 201)
    ok(await w.post(`/api/bookings/${c.id}/cancel`, me))
    expectError(await w.post(`/api/bookings/${c.id}/cancel`, me), 409, 'BOOKING_STATE_CONFLICT')
  })

  it('a pending booking until it starts', async () => {
    const approval = await w.newRoom(staff, center, { rules: { requiresApproval: true } })
    const me = await w.fresh(lianTong)
    const a = ok(await w.book(me, approval.id, '2026-11-18', '14:00', '15:00'), 201)
    const b = ok(await w.book(me, approval.id, '2026-11-19', '14:00', '15:00'), 201)
    setClock('2026-11-18', '13:59')
    expect(ok(await w.post(`/api/bookings/${a.id}/cancel`, me)).status).toBe('cancelled')
    setClock('2026-11-19', '14:00')
    expectError(await w.post(`/api/bookings/${b.id}/cancel`, me), 409, 'BOOKING_CANCEL_TOO_LATE')
  })

  it('refuses a reason that is too long', async () => {
    const me = await w.fresh(lianTong)
    const b = ok(await w.book(me, room.id, '2026-11-24', '14:00', '15:00'), 201)
    expectError(await w.post(`/api/bookings/${b.id}/cancel`, me, { reason: '长'.repeat(201) }), 400, 'VALIDATION_FAILED')
  })
})

/* ================================================================= check-in at the door */

describe('check-in with the room’s QR code', () => {
  let room: Room
  let elsewhere: Room
  let code: string
  beforeAll(async () => {
    room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 10 } })
    elsewhere = await w.newRoom(staff, center)
    code = await w.checkInCode(staff, room.id)
  })
  const scan = (as: As, text: string) => w.post('/api/bookings/check-in', as, { code: text })

  it('checks in from 15 minutes before the start, and a second scan returns the same booking', async () => {
    const me = await w.fresh(lianTong)
    const b = ok(await w.book(me, room.id, '2026-11-18', '14:00', '15:00'), 201)
    expect(code).toMatch(new RegExp(`^doorstep:checkin:${room.id}:[0-9a-f]{16}$`))
    setClock('2026-11-18', '13:44')
    expectError(await scan(me, code), 409, 'CHECK_IN_NOT_OPEN')
    setClock('2026-11-18', '13:45')
    expect(ok(await w.get(`/api/bookings/${b.id}`, me)).actions).toEqual(['check_in'])
    const checked = ok(await scan(me, code))
    expect(checked).toMatchObject({ id: b.id, status: 'checked_in', checkedInAt: '2026-11-18T13:45:00+08:00', actions: [] })
    setClock('2026-11-18', '14:40')
    expect(ok(await scan(me, `  ${code}\n`))).toMatchObject({ id: b.id, status: 'checked_in', checkedInAt: '2026-11-18T13:45:00+08:00' })
  })

  it('closes check-in when the booking becomes a no-show', async () => {
    const me = await w.fresh(lianTong)
    ok(await w.book(me, room.id, '2026-11-18', '16:00', '17:00'), 201)
    const late = await w.fresh(lianTong)
    const b = ok(await w.book(late, room.id, '2026-11-18', '17:00', '18:00'), 201)
    setClock('2026-11-18', '16:15')
    expectError(await scan(me, code), 409, 'CHECK_IN_CLOSED')
    setClock('2026-11-18', '17:14')
    expect(ok(await scan(late, code))).toMatchObject({ id: b.id, status: 'checked_in' })
    setClock('2026-11-18', '18:00')
    expectError(await scan(me, code), 404, 'CHECK_IN_NO_BOOKING')
  })

  it('refuses forged codes, other prefixes and unknown rooms with CHECK_IN_CODE_INVALID', async () => {
    const me = await w.fresh(lianTong)
    ok(await w.book(me, room.id, '2026-11-19', '14:00', '15:00'), 201)
    setClock('2026-11-19', '14:00')
    const secret = code.split(':').at(-1)!
    for (const text of [
      `doorstep:checkin:${room.id}:0000000000000000`,
      `doorstep:checkin:${room.id}:${secret.slice(0, 15)}x`,
      `doorstep:checkout:${room.id}:${secret}`,
      `doorstep:checkin:${elsewhere.id}:${secret}`, // this room's secret with another room
      `doorstep:checkin:99999999:${secret}`,
      'https://mp.weixin.qq.com/s/abc',
      '随便一张二维码',
    ]) {
      expectError(await scan(me, text), 400, 'CHECK_IN_CODE_INVALID')
    }
    expectError(await scan(me, ''), 400, 'VALIDATION_FAILED')
    expect((await t.handle.db.select().from(bookings).where(eq(bookings.bookerUserId, me.userId)))[0]!.status).toBe('confirmed')
  })

  it('CHECK_IN_NO_BOOKING with another room’s code, without a booking, or for a pending or cancelled one', async () => {
    const me = await w.fresh(lianTong)
    const b = ok(await w.book(me, room.id, '2026-11-20', '14:00', '15:00'), 201)
    setClock('2026-11-20', '14:00')
    expectError(await scan(me, await w.checkInCode(staff, elsewhere.id)), 404, 'CHECK_IN_NO_BOOKING', '您现在在这个场地没有可签到的预约')
    expectError(await scan(await w.fresh(lianTong), code), 404, 'CHECK_IN_NO_BOOKING')
    // Someone else's booking is not mine to check in.
    expectError(await scan(resident, code), 404, 'CHECK_IN_NO_BOOKING')
    expect(ok(await w.get(`/api/bookings/${b.id}`, me)).status).toBe('confirmed')

    setClock('2026-11-17', '10:00')
    const approval = await w.newRoom(staff, center, { rules: { requiresApproval: true } })
    ok(await w.book(me, approval.id, '2026-11-23', '14:00', '15:00'), 201)
    const c = ok(await w.book(me, room.id, '2026-11-24', '14:00', '15:00'), 201)
    ok(await w.post(`/api/bookings/${c.id}/cancel`, me))
    setClock('2026-11-23', '14:00')
    expectError(await scan(me, await w.checkInCode(staff, approval.id)), 404, 'CHECK_IN_NO_BOOKING')
    setClock('2026-11-24', '14:00')
    expectError(await scan(me, code), 404, 'CHECK_IN_NO_BOOKING')
  })
})

/* ================================================================= tools by the day */

describe('tools, booked by the day', () => {
  let ladder: number
  let wheelchair: number
  let weekdayTool: Room
  beforeAll(async () => {
    const tools = ok<Station>(await w.get(`/api/stations/${gridThree}`, resident)).tools
    ladder = tools.find((x) => x.name === '人字梯')!.id
    wheelchair = tools.find((x) => x.name === '轮椅')!.id
    // A station open on working days only: nothing can be picked up or returned at the weekend.
    const station = ok<Station>(
      await w.post('/api/staff/stations', staff, {
        communityId: lianTong,
        name: '联通社区工作日工具站',
        kind: 'grid_station',
        address: '黑河市爱辉区联通街20号',
        latitude: 50.25,
        longitude: 127.5,
        weeklyHours: [1, 2, 3, 4, 5].map((d) => ({ dayOfWeek: d, opens: '09:00', closes: '18:00' })),
      }),
      201,
    )
    weekdayTool = await w.newRoom(staff, station.id, { kind: 'tool' })
  })

  it('books whole days: the first day is the pickup, cancellable until it begins', async () => {
    const me = await w.fresh(lianTong)
    const b = ok(await w.bookDays(me, ladder, '2026-11-18', '2026-11-20'), 201)
    expect(b).toMatchObject({ room: { id: ladder, kind: 'tool', name: '人字梯' }, status: 'confirmed', startsAt: '2026-11-18T00:00:00+08:00', endsAt: '2026-11-20T00:00:00+08:00', cancelDeadline: '2026-11-18T00:00:00+08:00', actions: ['cancel'] })
    // One ladder at a time per person, and not the days someone else has it.
    expectError(await w.bookDays(me, ladder, '2026-11-24', '2026-11-25'), 409, 'BOOKING_QUOTA_EXCEEDED')
    const other = await w.fresh(lianTong)
    expectError(await w.bookDays(other, ladder, '2026-11-19', '2026-11-20'), 409, 'BOOKING_CONFLICT')
    ok(await w.bookDays(other, ladder, '2026-11-20', '2026-11-21'), 201)
    const wk = await week(ladder, await w.fresh(lianTong))
    expect(wk.days.map((d) => d.slots.map((s) => s.state).join())).toEqual(['past', 'free', 'taken', 'taken', 'taken', 'free', 'free'])
    expect(wk.days[1]!.slots[0]).toEqual({ startsAt: '2026-11-17T00:00:00+08:00', endsAt: '2026-11-18T00:00:00+08:00', state: 'free', reason: null })
    // Picked up on the first day.
    setClock('2026-11-18', '09:05')
    expect(ok(await w.post('/api/bookings/check-in', me, { code: await w.checkInCode(staff, ladder) }))).toMatchObject({ id: b.id, status: 'checked_in' })
  })

  it('books today while the station is open long enough for the pickup', async () => {
    const me = await w.fresh(lianTong)
    ok(await w.bookDays(me, wheelchair, '2026-11-17', '2026-11-18'), 201)
    const late = await w.fresh(lianTong)
    setClock('2026-11-17', '17:45') // the weekday tool station closes at 18:00; 30 minutes' notice
    expectError(await w.bookDays(late, weekdayTool.id, '2026-11-17', '2026-11-18'), 400, 'BOOKING_TOO_SOON')
    setClock('2026-11-17', '17:29')
    ok(await w.bookDays(late, weekdayTool.id, '2026-11-17', '2026-11-18'), 201)
  })

  it('refuses a pickup or a return on a day the station is closed', async () => {
    const me = await w.fresh(lianTong)
    expectError(await w.bookDays(me, weekdayTool.id, '2026-11-21', '2026-11-22'), 400, 'BOOKING_OUTSIDE_HOURS') // Saturday
    expectError(await w.bookDays(me, weekdayTool.id, '2026-11-20', '2026-11-22'), 400, 'BOOKING_OUTSIDE_HOURS') // back on Saturday
    expectError(await w.bookDays(me, weekdayTool.id, '2026-11-20', '2026-11-23'), 400, 'BOOKING_OUTSIDE_HOURS') // back on Sunday
    expectError(await w.bookDays(me, weekdayTool.id, '2026-11-16', '2026-11-17'), 400, 'BOOKING_IN_PAST')
    expectError(await w.bookDays(me, weekdayTool.id, '2026-11-24', '2026-11-28'), 400, 'BOOKING_DURATION_INVALID') // 4 days
    expectError(await w.post('/api/bookings', me, { roomId: weekdayTool.id, startsAt: iso('2026-11-19', '09:00'), endsAt: iso('2026-11-20', '09:00'), purpose: '借用', attendees: 1 }), 400, 'BOOKING_SLOT_MISALIGNED')
    expectError(await w.bookDays(me, weekdayTool.id, '2026-11-19', '2026-11-20', { attendees: 2 }), 400, 'BOOKING_CAPACITY_EXCEEDED')
    ok(await w.bookDays(me, weekdayTool.id, '2026-11-19', '2026-11-21'), 201) // Thursday to Friday
    const wk = await week(weekdayTool.id, await w.fresh(lianTong))
    expect(wk.days.map((d) => d.slots.map((s) => s.state).join())).toEqual(['past', 'taken', 'free', 'taken', 'taken', '', ''])
  })
})

/* ================================================================= 活动预告 */

describe('public bookings in the station calendar', () => {
  it('lists confirmed public bookings with the month’s activities, by station', async () => {
    const room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 5 } })
    const me = await w.fresh(lianTong)
    const open = ok(await w.book(me, room.id, '2026-11-25', '14:00', '16:00', { purpose: '老年合唱团公开排练', isPublic: true }), 201)
    ok(await w.book(me, room.id, '2026-11-26', '14:00', '16:00', { purpose: '家庭聚会', isPublic: false }), 201)
    const cancelled = ok(await w.book(me, room.id, '2026-11-27', '14:00', '16:00', { purpose: '取消了的公开课', isPublic: true }), 201)
    ok(await w.post(`/api/bookings/${cancelled.id}/cancel`, me))

    const month = ok<EventList>(await w.get('/api/events?month=2026-11', resident))
    const publicOnes = month.items.filter((e) => e.kind === 'booking')
    expect(publicOnes.find((e) => e.id === open.id)).toEqual({
      id: open.id, kind: 'booking', title: '老年合唱团公开排练', stationId: center, stationName: '联通社区党群服务中心', place: room.name,
      startsAt: '2026-11-25T14:00:00+08:00', endsAt: '2026-11-25T16:00:00+08:00', capacity: null, signedUp: null, phase: 'upcoming',
      // A public booking's picture is its station's: the 党群服务中心 has no photo, so the default of its kind.
      thumbnailUrl: '/api/pictures/station-center.thumb.png',
    })
    const titles = publicOnes.map((e) => e.title)
    expect(titles).toEqual(expect.arrayContaining(['社区合唱团排练', '亲子绘本共读']))
    expect(titles).not.toContain('家庭聚会')
    expect(titles).not.toContain('取消了的公开课')
    expect(titles).not.toContain('“邻聚力”文艺汇演彩排') // still waiting for approval
    // In order of their start, activities and bookings together.
    const starts = month.items.map((e) => Date.parse(e.startsAt))
    expect(starts).toEqual([...starts].sort((a, b) => a - b))

    const atCenter = ok<EventList>(await w.get(`/api/events?month=2026-11&stationId=${center}`, resident)).items
    expect(atCenter.map((e) => e.id)).toContain(open.id)
    expect(atCenter.every((e) => e.stationId === center)).toBe(true)
    const atGrid = ok<EventList>(await w.get(`/api/events?month=2026-11&stationId=${gridThree}`, resident)).items
    expect(atGrid.filter((e) => e.kind === 'booking')).toEqual([])
    // Another community's station shows its own calendar to a visitor from elsewhere; an unknown station is 404.
    const district = ok<{ items: { id: number; name: string }[] }>(await w.get('/api/stations?communityId=0', resident)).items
    const fulong = district.find((s) => s.name === '福龙社区党群服务中心')!
    const there = ok<EventList>(await w.get(`/api/events?month=2026-11&stationId=${fulong.id}`, resident)).items
    expect(there.map((e) => e.title)).toContain('邻里读书分享会')
    expect(there.every((e) => e.stationId === fulong.id)).toBe(true)
    expect((await w.get('/api/events?stationId=999999', resident)).statusCode).toBe(404)
    expect(ok<EventList>(await w.get('/api/events?month=2026-12', resident)).items.map((e) => e.id)).not.toContain(open.id)
  })
})

/* ================================================================= bad input */

describe('bad input never yields a 500', () => {
  let room: Room
  let me: Account
  beforeAll(async () => {
    room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 20 } })
    me = await w.fresh(lianTong)
  })

  it('named nonsense on POST /api/bookings', async () => {
    const base = { roomId: room.id, startsAt: iso('2026-11-18', '14:00'), endsAt: iso('2026-11-18', '15:00'), purpose: '测试用途', attendees: 2 }
    const cases: Record<string, unknown>[] = [
      { startsAt: 'garbage' },
      { startsAt: '2026-13-45T10:00:00+08:00' },
      { startsAt: '2026-02-30T10:00:00+08:00' },
      { startsAt: '2026-11-18T14:00:00' }, // no offset
      { startsAt: 1_763_445_600_000 },
      { endsAt: iso('2026-11-18', '13:00') },
      { startsAt: '9999-12-31T23:30:00-12:00', endsAt: '9999-12-31T23:59:00-12:00' },
      { startsAt: '0001-01-01T00:00:00+08:00', endsAt: '0001-01-01T01:00:00+08:00' },
      { endsAt: '9999-12-31T23:30:00+08:00' },
      { startsAt: '1900-01-01T00:00:00+08:00' },
      { startsAt: iso('2026-11-18', '14:07'), endsAt: iso('2026-11-18', '15:13') },
      { startsAt: '2026-11-18T14:00:00.5+08:00' },
      { roomId: 0 }, { roomId: -1 }, { roomId: 'abc' }, { roomId: 1e20 }, { roomId: 2 ** 31 },
      { attendees: 0 }, { attendees: -3 }, { attendees: 1.5 }, { attendees: 1e9 }, { attendees: '5' },
      { purpose: '' }, { purpose: 'x'.repeat(101) }, { purpose: null }, { isPublic: 'yes' },
    ]
    for (const over of cases) {
      const res = await w.post('/api/bookings', me, { ...base, ...over })
      if (res.statusCode === 201) throw new Error(`accepted ${JSON.stringify(over)}`)
      expectClientError(res, JSON.stringify(over))
    }
    for (const body of [[], 'x', null, 42]) {
      expectClientError(await w.send({ method: 'POST', url: '/api/bookings', headers: { authorization: me.authorization, 'content-type': 'application/json' }, payload: JSON.stringify(body) }))
    }
  })

  it('random bodies on POST /api/bookings', async () => {
    const instant = fc.oneof(
      fc.string(),
      fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom('Z', '+08:00', '-12:00', '+14:00')).map(
        ([y, mo, d, h, mi, off]) => `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00${off}`,
      ),
      fc.integer({ min: 0, max: 60 * 24 * 30 }).map((m) => new Date(NOW.getTime() + m * 60_000).toISOString()),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.record({ roomId: fc.oneof(fc.constant(room.id), fc.integer(), fc.string()), startsAt: instant, endsAt: instant, purpose: fc.string({ maxLength: 120 }), attendees: fc.oneof(fc.integer(), fc.double()), isPublic: fc.boolean() }, { requiredKeys: [] }),
        async (body) => {
          const res = await w.post('/api/bookings', me, body)
          if (res.statusCode === 201) return
          expectClientError(res)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('random query strings on the read endpoints', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(`/api/rooms/${room.id}/week`, '/api/bookings/mine', '/api/stations', '/api/staff/bookings'),
        fc.dictionary(fc.constantFrom('date', 'cursor', 'scope', 'limit', 'communityId', 'latitude', 'longitude', 'view', 'stationId'), fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('2026-02-30', '9999-12-31', '0000-01-01', '1_1', '9007199254740991_1', 'pending', 'day'))),
        async (url, query) => {
          const res = await w.send({ method: 'GET', url, query, headers: staff })
          if (res.statusCode === 200) return
          expectClientError(res)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('ids beyond any row: VALIDATION_FAILED, not a database error', async () => {
    for (const url of ['/api/bookings/2147483648', '/api/rooms/2147483648/week', '/api/stations/2147483648', '/api/bookings/99999999999999']) {
      expectError(await w.get(url, me), 400, 'VALIDATION_FAILED')
    }
    expectError(await w.post('/api/bookings', me, { roomId: 2 ** 31, startsAt: iso('2026-11-18', '14:00'), endsAt: iso('2026-11-18', '15:00'), purpose: '测试用途', attendees: 2 }), 400, 'VALIDATION_FAILED')
    expectError(await w.post('/api/staff/bookings/2147483648/approve', staff), 400, 'VALIDATION_FAILED')
    const admin = await t.headersAs('admin')
    for (const url of ['/api/stations?communityId=99999999999', '/api/staff/bookings?communityId=2147483648', '/api/staff/bookings?stationId=99999999999', '/api/staff/bookings?view=day&stationId=99999999999', '/api/staff/stations?communityId=99999999999']) {
      expectError(await w.get(url, admin), 400, 'VALIDATION_FAILED')
    }
    expect((await w.get('/api/bookings/2147483647', me)).statusCode).toBe(404)
  })

  it('far dates on the day views and the calendar', async () => {
    const admin = await t.headersAs('admin')
    for (const date of ['9999-12-31', '0001-01-01', '1970-01-01', '2100-12-31']) {
      const wk = await w.get(`/api/rooms/${room.id}/week?date=${date}`, me)
      if (wk.statusCode !== 200) expectClientError(wk, `week ${date}`)
      const day = await w.get(`/api/staff/bookings?view=day&date=${date}`, staff)
      if (day.statusCode !== 200) expectClientError(day, `day view ${date}`)
      const put = await w.put(`/api/admin/calendar/${date}`, admin, { kind: 'holiday', name: '测试' })
      if (put.statusCode !== 200) expectClientError(put, `calendar ${date}`)
      else expect((await w.del(`/api/admin/calendar/${date}`, admin)).statusCode).toBe(204)
    }
  })
})

