import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { bookings } from '../../server/src/db/schema'
import type { Booking, Closure, Room, RoomWeek, Station, StationList } from '../../types/api/booking'
import { createTestApp, type TestApp } from '../support/test-app'
import { bookingWorld, type Account } from './booking-fixtures'
import { ROOM_RULES } from '../fixtures/room-rules'
import { type Actor, type As, expectError, iso, itAnswersEachCaller, type MatrixRow, ok, type Outcome, type Res } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 阵地预约 for staff and the admin, through the API: the approval queue and the day's desk list, approving,
 * rejecting, checking people in and cancelling; stations, rooms and their rules (validation errors are
 * VALIDATION_FAILED with the field, never a 500); closures that cancel what they cover; the door's QR code; and who may
 * call what (a matrix). The admin's holiday calendar has its own suite (calendar.test.ts).
 */

let t: TestApp
let w: ReturnType<typeof bookingWorld>
let lianTong: number
let fuLong: number
let center: number
let fuLongCenter: number
let staff: As
let staffUserId: number
let admin: As
let staffFuLong: As

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = bookingWorld(t)
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
  ;[center, fuLongCenter] = await Promise.all([w.stationId('联通社区党群服务中心'), w.stationId('福龙社区党群服务中心')])
  const login = await t.loginAs('staff')
  staff = { authorization: login.authorization }
  staffUserId = (await w.look.userOfPersona('staff')).id
  admin = await t.headersAs('admin')
  staffFuLong = await w.staffOf(fuLong)
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

const setClock = (day: string, clock: string) => {
  t.clock.now = new Date(iso(day, clock))
}
const rowOf = async (id: number) => (await t.handle.db.select().from(bookings).where(eq(bookings.id, id)))[0]!
const detailsOf = (res: Res) => (res.json().details as { path: string; message: string }[]).map((d) => d.path)

const HOURS = [
  ...[1, 2, 3, 4, 5].map((d) => ({ dayOfWeek: d, opens: '09:00', closes: '18:00' })),
  { dayOfWeek: 6, opens: '09:00', closes: '12:00' },
]
let stationSeq = 0
const stationBody = (over: Record<string, unknown> = {}) => ({
  communityId: lianTong,
  name: `联通社区测试驿站${++stationSeq}`,
  kind: 'grid_station',
  address: '黑河市爱辉区联通街30号',
  phone: '0456-8888888',
  latitude: 50.25,
  longitude: 127.5,
  weeklyHours: HOURS,
  ...over,
})
const roomBody = (over: Record<string, unknown> = {}, rules: Record<string, unknown> = {}) => ({
  stationId: center,
  kind: 'room',
  name: `规则测试室${++stationSeq}`,
  category: '会议培训',
  capacity: 20,
  rules: { ...ROOM_RULES, ...rules },
  ...over,
})

/* ================================================================= bookings */

describe('the approval queue and decisions', () => {
  let approval: Room
  beforeAll(async () => {
    approval = await w.newRoom(staff, center, { rules: { requiresApproval: true, maxActivePerPerson: 10 } })
  })

  it('lists pending bookings of my community soonest first, by station if asked', async () => {
    const a = await w.fresh(lianTong)
    const later = ok(await w.book(a, approval.id, '2026-11-26', '14:00', '15:00'), 201)
    const sooner = ok(await w.book(a, approval.id, '2026-11-18', '09:00', '10:00'), 201)
    const queue = ok<{ items: Booking[] }>(await w.get('/api/staff/bookings', staff)).items
    expect(queue.every((b) => b.status === 'pending' && b.communityId === lianTong)).toBe(true)
    const ids = queue.map((b) => b.id)
    expect(ids.indexOf(sooner.id)).toBeLessThan(ids.indexOf(later.id))
    const starts = queue.map((b) => Date.parse(b.startsAt))
    expect(starts).toEqual([...starts].sort((x, y) => x - y))
    // The seed's 会议培训室 and 多功能厅 requests wait too.
    expect(queue.map((b) => b.purpose)).toEqual(expect.arrayContaining(['3号楼加装电梯议事', '物业服务协调会']))
    expect(queue.find((b) => b.id === sooner.id)).toMatchObject({ bookerName: a.name, bookerPhone: a.phone, actions: ['approve', 'reject', 'staff_cancel'] })
    const grid = ok<{ items: Booking[] }>(await w.get(`/api/staff/bookings?stationId=${await w.stationId('联通社区第三网格党群服务驿站')}`, staff)).items
    expect(grid.map((b) => b.id)).not.toContain(sooner.id)
    // Another community's queue holds none of ours.
    const elsewhere = ok<{ items: Booking[] }>(await w.get('/api/staff/bookings', staffFuLong)).items
    expect(elsewhere.every((b) => b.communityId === fuLong)).toBe(true)
  })

  it('approves: confirmed, with the booker’s deadline and buttons; approving twice is BOOKING_STATE_CONFLICT', async () => {
    const a = await w.fresh(lianTong)
    const b = ok(await w.book(a, approval.id, '2026-11-19', '14:00', '15:00'), 201)
    const approved = ok(await w.post(`/api/staff/bookings/${b.id}/approve`, staff))
    expect(approved).toMatchObject({ status: 'confirmed', actions: ['staff_cancel'] })
    expect(ok(await w.get(`/api/bookings/${b.id}`, a))).toMatchObject({ status: 'confirmed', cancelDeadline: '2026-11-19T12:00:00+08:00', actions: ['cancel'] })
    expect(await rowOf(b.id)).toMatchObject({ decidedByUserId: staffUserId, decidedAt: NOW })
    expectError(await w.post(`/api/staff/bookings/${b.id}/approve`, staff), 409, 'BOOKING_STATE_CONFLICT')
    expectError(await w.post(`/api/staff/bookings/${b.id}/reject`, staff, { reason: '场地另有安排' }), 409, 'BOOKING_STATE_CONFLICT')
  })

  it('rejects with a reason, which frees the time; no reason is VALIDATION_FAILED', async () => {
    const a = await w.fresh(lianTong)
    const b = ok(await w.book(a, approval.id, '2026-11-20', '14:00', '15:00'), 201)
    const noReason = await w.post(`/api/staff/bookings/${b.id}/reject`, staff, {})
    expectError(noReason, 400, 'VALIDATION_FAILED')
    expect(detailsOf(noReason)).toEqual(['body.reason'])
    expectError(await w.post(`/api/staff/bookings/${b.id}/reject`, staff, { reason: '不' }), 400, 'VALIDATION_FAILED', /至少2个字/)
    const rejected = ok(await w.post(`/api/staff/bookings/${b.id}/reject`, staff, { reason: '当天场地用于社区党委会议' }))
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '当天场地用于社区党委会议', actions: [] })
    expect(ok(await w.get(`/api/bookings/${b.id}`, a))).toMatchObject({ status: 'rejected', rejectReason: '当天场地用于社区党委会议', actions: [] })
    ok(await w.book(await w.fresh(lianTong), approval.id, '2026-11-20', '14:00', '15:00'), 201)
  })

  it('approves only before the start; a started request can still be turned down', async () => {
    const a = await w.fresh(lianTong)
    const b = ok(await w.book(a, approval.id, '2026-11-23', '14:00', '15:00'), 201)
    setClock('2026-11-23', '14:00')
    expect(ok(await w.get(`/api/bookings/${b.id}`, staff)).actions).toEqual(['reject', 'staff_cancel'])
    expectError(await w.post(`/api/staff/bookings/${b.id}/approve`, staff), 409, 'BOOKING_STATE_CONFLICT')
    expect(ok(await w.post(`/api/staff/bookings/${b.id}/reject`, staff, { reason: '开始前未及时审核' })).status).toBe('rejected')
  })

  it('lets the admin decide in any community', async () => {
    const b = ok(await w.book(await w.fresh(lianTong), approval.id, '2026-11-24', '14:00', '15:00'), 201)
    expect(ok(await w.post(`/api/staff/bookings/${b.id}/approve`, admin)).status).toBe('confirmed')
  })

  it('answers NOT_FOUND for no such booking', async () => {
    expectError(await w.post('/api/staff/bookings/99999999/approve', staff), 404, 'NOT_FOUND')
  })
})

describe('the day at the desk', () => {
  let room: Room
  beforeAll(async () => {
    room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 10 } })
  })

  it('lists every booking starting that day, in order, whatever its state', async () => {
    const a = await w.fresh(lianTong)
    const kept = ok(await w.book(a, room.id, '2026-11-25', '16:00', '17:00'), 201)
    const gone = ok(await w.book(a, room.id, '2026-11-25', '09:00', '10:00'), 201)
    ok(await w.post(`/api/bookings/${gone.id}/cancel`, a))
    ok(await w.book(a, room.id, '2026-11-26', '09:00', '10:00'), 201)
    const day = ok<{ items: Booking[] }>(await w.get('/api/staff/bookings?view=day&date=2026-11-25', staff)).items
    expect(day.map((b) => [b.id, b.status])).toEqual([[gone.id, 'cancelled'], [kept.id, 'confirmed']])
    // Today by default: the seed's 读书分享会 (over), 健身操 and 楼长例会.
    const today = ok<{ items: Booking[] }>(await w.get('/api/staff/bookings?view=day', staff)).items
    expect(today.map((b) => b.purpose)).toEqual(['读书分享会', '健身操', '楼长例会'])
    expect(today.map((b) => b.status)).toEqual(['checked_in', 'confirmed', 'confirmed'])
    expectError(await w.get('/api/staff/bookings?view=day&date=2026-02-30', staff), 400, 'VALIDATION_FAILED')
    expectError(await w.get('/api/staff/bookings?view=week', staff), 400, 'VALIDATION_FAILED')
  })

  it('checks a booker in from 15 minutes before the start; a latecomer too until the end', async () => {
    const a = await w.fresh(lianTong)
    const b = ok(await w.book(a, room.id, '2026-11-18', '14:00', '15:00'), 201)
    const late = ok(await w.book(a, room.id, '2026-11-18', '16:00', '17:00'), 201)
    setClock('2026-11-18', '13:44')
    expectError(await w.post(`/api/staff/bookings/${b.id}/check-in`, staff), 409, 'CHECK_IN_NOT_OPEN')
    setClock('2026-11-18', '13:45')
    expect(ok(await w.post(`/api/staff/bookings/${b.id}/check-in`, staff))).toMatchObject({ status: 'checked_in', checkedInAt: '2026-11-18T13:45:00+08:00', actions: [] })
    expect(await rowOf(b.id)).toMatchObject({ checkedInByUserId: staffUserId })
    expectError(await w.post(`/api/staff/bookings/${b.id}/check-in`, staff), 409, 'BOOKING_STATE_CONFLICT')
    setClock('2026-11-18', '16:40') // past the no-show allowance, but the sweep has not marked it
    expect(ok(await w.post(`/api/staff/bookings/${late.id}/check-in`, staff)).status).toBe('checked_in')
  })

  it('cancels with a reason until the end; not a pending booking’s check-in', async () => {
    const a = await w.fresh(lianTong)
    const b = ok(await w.book(a, room.id, '2026-11-19', '14:00', '15:00'), 201)
    expectError(await w.post(`/api/staff/bookings/${b.id}/cancel`, staff, {}), 400, 'VALIDATION_FAILED')
    setClock('2026-11-19', '14:30') // after the booker's own deadline
    const cancelled = ok(await w.post(`/api/staff/bookings/${b.id}/cancel`, staff, { reason: '停电，活动室无法使用' }))
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '停电，活动室无法使用' })
    expect(ok(await w.get(`/api/bookings/${b.id}`, a)).cancelReason).toBe('停电，活动室无法使用')

    setClock('2026-11-17', '10:00')
    const over = ok(await w.book(a, room.id, '2026-11-19', '16:00', '17:00'), 201)
    setClock('2026-11-19', '17:00')
    expectError(await w.post(`/api/staff/bookings/${over.id}/cancel`, staff, { reason: '补录取消' }), 409, 'BOOKING_STATE_CONFLICT')

    setClock('2026-11-17', '10:00')
    const approval = await w.newRoom(staff, center, { rules: { requiresApproval: true } })
    const pending = ok(await w.book(a, approval.id, '2026-11-20', '14:00', '15:00'), 201)
    setClock('2026-11-20', '13:50')
    expectError(await w.post(`/api/staff/bookings/${pending.id}/check-in`, staff), 409, 'BOOKING_STATE_CONFLICT')
  })

  it('staff use their own cancel: the booker’s button is not theirs (FORBIDDEN)', async () => {
    const a = await w.fresh(lianTong)
    const b = ok(await w.book(a, room.id, '2026-11-24', '14:00', '15:00'), 201)
    expectError(await w.post(`/api/bookings/${b.id}/cancel`, staff, {}), 403, 'FORBIDDEN')
    expect((await rowOf(b.id)).status).toBe('confirmed')
  })
})

/* ================================================================= stations and rooms */

describe('stations', () => {
  it('creates a station and shows it with its hours; changes it', async () => {
    const body = stationBody()
    const created = ok<Station>(await w.post('/api/staff/stations', staff, body), 201)
    expect(created).toMatchObject({ name: body.name, communityId: lianTong, communityName: '联通社区', kind: 'grid_station', phone: '0456-8888888', rooms: [], tools: [], photos: [], roomCount: 0 })
    expect(created.nextDays.map((d) => d.hours)).toEqual(['09:00–18:00', '09:00–18:00', '09:00–18:00', '09:00–18:00', '09:00–12:00', null, '09:00–18:00'])
    const changed = ok<Station>(await w.patch(`/api/staff/stations/${created.id}`, staff, { ...body, communityId: undefined, address: '黑河市爱辉区联通街32号', weeklyHours: [{ dayOfWeek: 2, opens: '10:00', closes: '12:00' }, { dayOfWeek: 2, opens: '08:00', closes: '09:00' }] }))
    expect(changed).toMatchObject({ address: '黑河市爱辉区联通街32号', hoursToday: '08:00–09:00、10:00–12:00' })
    expect(changed.weeklyHours).toEqual([{ dayOfWeek: 2, opens: '08:00', closes: '09:00' }, { dayOfWeek: 2, opens: '10:00', closes: '12:00' }])
    expect(ok<StationList>(await w.get('/api/stations', staff)).items.map((s) => s.id)).toContain(created.id)
  })

  it('lists my community’s stations for staff, with paused rooms', async () => {
    const paused = await w.newRoom(staff, center, { active: false })
    const { items } = ok<{ items: Station[] }>(await w.get('/api/staff/stations', staff))
    expect(items.every((s) => s.communityId === lianTong)).toBe(true)
    expect(items.find((s) => s.id === center)!.rooms.map((r) => r.id)).toContain(paused.id)
    expect(ok<{ items: Station[] }>(await w.get(`/api/staff/stations?communityId=${fuLong}`, admin)).items.every((s) => s.communityId === fuLong)).toBe(true)
  })

  it('takes pictures uploaded for stations only', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
    const boundary = '----doorstep-booking-test'
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)])
    const upload = (as: As, purpose: string) => w.send({ method: 'POST', url: `/api/uploads?purpose=${purpose}`, headers: { ...as, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
    const photo = ok<{ id: number }>(await upload(staff, 'station_photo'), 201)
    const created = ok<Station>(await w.post('/api/staff/stations', staff, stationBody({ photoIds: [photo.id] })), 201)
    expect(created.photos).toEqual([{ id: photo.id, url: expect.stringMatching(/^\/api\/files\//) }])
    const wishPhoto = ok<{ id: number }>(await upload(await w.fresh(lianTong), 'wish_photo'), 201)
    expectError(await w.post('/api/staff/stations', staff, stationBody({ photoIds: [wishPhoto.id] })), 400, 'PHOTO_NOT_FOUND')
    expectError(await w.post('/api/staff/stations', staff, stationBody({ photoIds: [99_999_999] })), 400, 'PHOTO_NOT_FOUND')
    expectError(await w.post('/api/staff/stations', staff, stationBody({ photoIds: [2_147_483_648] })), 400, 'VALIDATION_FAILED')
    expectError(await w.post('/api/staff/rooms', staff, roomBody({ photoIds: [2_147_483_648] })), 400, 'VALIDATION_FAILED')
    expectError(await upload(await w.fresh(lianTong), 'station_photo'), 403, 'FORBIDDEN')
  })

  it('refuses bad hours and fields with VALIDATION_FAILED and the field, never a 500', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ weeklyHours: [{ dayOfWeek: 1, opens: '18:00', closes: '09:00' }] }, 'body.weeklyHours.0'],
      [{ weeklyHours: [{ dayOfWeek: 8, opens: '09:00', closes: '18:00' }] }, 'body.weeklyHours.0.dayOfWeek'],
      [{ weeklyHours: [{ dayOfWeek: 1, opens: '25:00', closes: '26:00' }] }, 'body.weeklyHours.0.opens'],
      [{ weeklyHours: [{ dayOfWeek: 1, opens: '09:00', closes: '12:00' }, { dayOfWeek: 1, opens: '11:00', closes: '14:00' }] }, 'body.weeklyHours'], // overlapping windows
      [{ latitude: 91 }, 'body.latitude'],
      [{ name: 'a' }, 'body.name'],
      [{ kind: 'castle' }, 'body.kind'],
    ]
    for (const [over, path] of cases) {
      const res = await w.post('/api/staff/stations', staff, stationBody(over))
      expectError(res, 400, 'VALIDATION_FAILED')
      expect(detailsOf(res), JSON.stringify(over)).toContain(path)
    }
  })

  it('refuses a second station of the same name in a community (VALIDATION_FAILED, not a 500)', async () => {
    const body = stationBody()
    ok(await w.post('/api/staff/stations', staff, body), 201)
    const again = await w.post('/api/staff/stations', staff, body)
    expectError(again, 400, 'VALIDATION_FAILED')
    expect(detailsOf(again)).toEqual(['body.name'])
    const other = ok<Station>(await w.post('/api/staff/stations', staff, stationBody()), 201)
    const renamed = await w.patch(`/api/staff/stations/${other.id}`, staff, { ...body, communityId: undefined })
    expectError(renamed, 400, 'VALIDATION_FAILED')
    expect(detailsOf(renamed)).toEqual(['body.name'])
    // Another community may use the name.
    ok(await w.post('/api/staff/stations', admin, { ...body, communityId: fuLong }), 201)
  })

  it('keeps staff to their community and answers NOT_FOUND for no such station', async () => {
    expectError(await w.post('/api/staff/stations', staff, stationBody({ communityId: fuLong })), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.patch(`/api/staff/stations/${fuLongCenter}`, staff, { ...stationBody(), communityId: undefined }), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.patch('/api/staff/stations/99999999', staff, { ...stationBody(), communityId: undefined }), 404, 'NOT_FOUND')
    // Only the admin may name any community, and one that does not exist is not found.
    expectError(await w.post('/api/staff/stations', admin, stationBody({ communityId: 99_999_999 })), 404, 'COMMUNITY_NOT_FOUND')
  })
})

describe('rooms and their rules', () => {
  it('creates a room with its rules, and a tool booked by the day', async () => {
    const room = ok<Room>(await w.post('/api/staff/rooms', staff, roomBody({ facilities: ['投影仪'], description: '二楼' }, { slotMinutes: 60, minDurationMinutes: 60, maxDurationMinutes: 180, requiresApproval: true, bufferMinutes: 30 })), 201)
    expect(room).toMatchObject({ stationId: center, communityId: lianTong, kind: 'room', facilities: ['投影仪'], description: '二楼', active: true, photos: [] })
    expect(room.rules).toEqual({ ...ROOM_RULES, slotMinutes: 60, minDurationMinutes: 60, maxDurationMinutes: 180, requiresApproval: true, bufferMinutes: 30 })
    const wk = ok<RoomWeek>(await w.get(`/api/rooms/${room.id}/week?date=2026-11-18`, staff))
    expect(wk.days[2]!.slots.map((s) => s.startsAt.slice(11, 16))).toEqual(['09:00', '10:00', '14:00', '15:00', '16:00', '17:00', '18:00', '19:00'])
    const tool = ok<Room>(await w.post('/api/staff/rooms', staff, roomBody({ kind: 'tool', category: '共享工具', capacity: 1 }, { slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 2880 })), 201)
    expect(tool).toMatchObject({ kind: 'tool', rules: { slotMinutes: 1440 } })
    expect(ok<Station>(await w.get(`/api/stations/${center}`, staff)).tools.map((x) => x.id)).toContain(tool.id)
  })

  it('refuses inconsistent rules with VALIDATION_FAILED and the rule at fault', async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{}, { minDurationMinutes: 120, maxDurationMinutes: 60 }, 'body.rules.maxDurationMinutes'],
      [{}, { slotMinutes: 60, minDurationMinutes: 90, maxDurationMinutes: 180 }, 'body.rules.minDurationMinutes'],
      [{}, { slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 1440 }, 'body.rules.slotMinutes'], // a room by the day
      [{ kind: 'tool' }, { slotMinutes: 30 }, 'body.rules.slotMinutes'], // a tool by the half hour
      [{}, { slotMinutes: 45 }, 'body.rules.slotMinutes'],
      [{}, { advanceDays: 91 }, 'body.rules.advanceDays'],
      [{}, { maxActivePerPerson: 0 }, 'body.rules.maxActivePerPerson'],
      [{}, { noShowAfterMinutes: 0 }, 'body.rules.noShowAfterMinutes'],
      [{}, { bufferMinutes: -30 }, 'body.rules.bufferMinutes'],
      [{}, { requiresApproval: 'yes' }, 'body.rules.requiresApproval'],
      [{ capacity: 0 }, {}, 'body.capacity'],
      [{ kind: 'hall' }, {}, 'body.kind'],
    ]
    for (const [over, rules, path] of cases) {
      const res = await w.post('/api/staff/rooms', staff, roomBody(over, rules))
      expectError(res, 400, 'VALIDATION_FAILED')
      expect(detailsOf(res), JSON.stringify([over, rules])).toContain(path)
    }
    const noRules = await w.post('/api/staff/rooms', staff, { ...roomBody(), rules: undefined })
    expectError(noRules, 400, 'VALIDATION_FAILED')
    expect(detailsOf(noRules)).toContain('body.rules')
  })

  it('refuses a second room of the same name at a station (VALIDATION_FAILED, not a 500)', async () => {
    const body = roomBody()
    ok(await w.post('/api/staff/rooms', staff, body), 201)
    const again = await w.post('/api/staff/rooms', staff, body)
    expectError(again, 400, 'VALIDATION_FAILED')
    expect(detailsOf(again)).toEqual(['body.name'])
    const other = ok<Room>(await w.post('/api/staff/rooms', staff, roomBody()), 201)
    const { stationId: _s, ...fields } = body
    const renamed = await w.patch(`/api/staff/rooms/${other.id}`, staff, fields)
    expectError(renamed, 400, 'VALIDATION_FAILED')
    expect(detailsOf(renamed)).toEqual(['body.name'])
    // Another station may use the name.
    ok(await w.post('/api/staff/rooms', staff, { ...body, stationId: await w.stationId('联通社区第三网格党群服务驿站') }), 201)
  })

  it('changes rules for new bookings; existing ones keep theirs; pausing stops booking', async () => {
    const room = await w.newRoom(staff, center)
    const a = await w.fresh(lianTong)
    const before = ok(await w.book(a, room.id, '2026-11-18', '14:00', '15:00'), 201)
    const { id: _id, stationId: _st, communityId: _c, photos: _p, rules, ...fields } = room
    const changed = ok<Room>(await w.patch(`/api/staff/rooms/${room.id}`, staff, { ...fields, photoIds: [], rules: { ...rules, requiresApproval: true, bufferMinutes: 60 } }))
    expect(changed.rules).toMatchObject({ requiresApproval: true, bufferMinutes: 60 })
    expect((await rowOf(before.id)).blockedUntil).toEqual(new Date(iso('2026-11-18', '15:00')))
    expect(ok(await w.get(`/api/bookings/${before.id}`, a)).status).toBe('confirmed')
    const b = await w.fresh(lianTong)
    expect(ok(await w.book(b, room.id, '2026-11-18', '16:00', '17:00'), 201).status).toBe('pending')
    expectError(await w.book(b, room.id, '2026-11-18', '17:00', '17:30'), 409, 'BOOKING_CONFLICT') // the new 60-minute buffer
    ok(await w.patch(`/api/staff/rooms/${room.id}`, staff, { ...fields, active: false, photoIds: [], rules }))
    expectError(await w.book(b, room.id, '2026-11-19', '14:00', '15:00'), 409, 'BOOKING_ROOM_UNAVAILABLE')
    expect(ok<Station>(await w.get(`/api/stations/${center}`, b)).rooms.map((r) => r.id)).not.toContain(room.id)
  })

  it('keeps staff to their community and answers NOT_FOUND for no such station or room', async () => {
    expectError(await w.post('/api/staff/rooms', staff, roomBody({ stationId: fuLongCenter })), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.post('/api/staff/rooms', staff, roomBody({ stationId: 99_999_999 })), 404, 'NOT_FOUND')
    const fl = ok<Station>(await w.get(`/api/stations/${fuLongCenter}`, staff)).rooms[0]!
    const { id: _id, stationId: _st, communityId: _c, photos: _p, ...fields } = fl
    expectError(await w.patch(`/api/staff/rooms/${fl.id}`, staff, { ...fields, photoIds: [] }), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.patch('/api/staff/rooms/99999999', staff, { ...fields, photoIds: [] }), 404, 'NOT_FOUND')
  })

  it('gives the door’s check-in code to staff of the community only', async () => {
    const room = await w.newRoom(staff, center)
    const { roomId, code } = ok<{ roomId: number; code: string }>(await w.get(`/api/staff/rooms/${room.id}/check-in-code`, staff))
    expect(roomId).toBe(room.id)
    expect(code).toMatch(new RegExp(`^doorstep:checkin:${room.id}:[0-9a-f]{16}$`))
    expect(ok<{ code: string }>(await w.get(`/api/staff/rooms/${room.id}/check-in-code`, admin)).code).toBe(code)
    // Each room has its own secret.
    const other = await w.newRoom(staff, center)
    expect((await w.checkInCode(staff, other.id)).split(':').at(-1)).not.toBe(code.split(':').at(-1))
    expectError(await w.get(`/api/staff/rooms/${room.id}/check-in-code`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.get('/api/staff/rooms/99999999/check-in-code', staff), 404, 'NOT_FOUND')
  })
})

/* ================================================================= closures */

describe('closures', () => {
  it('cancels the live bookings they cover, with the reason, and leaves the rest', async () => {
    const room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 10 } })
    const approval = await w.newRoom(staff, center, { rules: { requiresApproval: true } })
    const a = await w.fresh(lianTong)
    const inside = ok(await w.book(a, room.id, '2026-11-20', '14:00', '15:00'), 201)
    const across = ok(await w.book(a, room.id, '2026-11-20', '15:30', '17:00'), 201)
    const before = ok(await w.book(a, room.id, '2026-11-20', '13:30', '14:00'), 201) // ends as the closure begins
    const after = ok(await w.book(a, room.id, '2026-11-20', '17:00', '18:00'), 201)
    const otherRoom = ok(await w.book(a, approval.id, '2026-11-20', '14:00', '15:00'), 201)
    const res = await w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: iso('2026-11-20', '14:00'), endsAt: iso('2026-11-20', '16:00'), reason: '消防设施检修' })
    const closure = ok<Closure & { cancelledBookings: number }>(res, 201)
    expect(closure).toEqual({ id: expect.any(Number), roomId: room.id, startsAt: '2026-11-20T14:00:00+08:00', endsAt: '2026-11-20T16:00:00+08:00', reason: '消防设施检修', cancelledBookings: 2 })
    for (const b of [inside, across]) {
      expect(ok(await w.get(`/api/bookings/${b.id}`, a))).toMatchObject({ status: 'cancelled', cancelReason: '场地临时关闭：消防设施检修' })
    }
    for (const b of [before, after]) expect((await rowOf(b.id)).status).toBe('confirmed')
    expect((await rowOf(otherRoom.id)).status).toBe('pending')
    expectError(await w.book(a, room.id, '2026-11-20', '15:00', '15:30'), 409, 'BOOKING_ROOM_CLOSED')
  })

  it('are listed while ahead, and deleted to open the room again', async () => {
    const room = await w.newRoom(staff, center)
    const make = async (day: string, reason: string) =>
      ok<Closure>(await w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: iso(day, '00:00'), endsAt: iso(day, '23:59'), reason }), 201)
    const later = await make('2026-11-27', '设备更换')
    const sooner = await make('2026-11-19', '保洁消毒')
    const over = await make('2026-11-16', '已过去')
    const list = ok<{ items: Closure[] }>(await w.get(`/api/staff/rooms/${room.id}/closures`, staff)).items
    expect(list.map((c) => c.id)).toEqual([sooner.id, later.id])
    expect(list.map((c) => c.id)).not.toContain(over.id)
    const a = await w.fresh(lianTong)
    expectError(await w.book(a, room.id, '2026-11-19', '14:00', '15:00'), 409, 'BOOKING_ROOM_CLOSED')
    expect((await w.del(`/api/staff/closures/${sooner.id}`, staff)).statusCode).toBe(204)
    ok(await w.book(a, room.id, '2026-11-19', '14:00', '15:00'), 201)
    expect(ok<{ items: Closure[] }>(await w.get(`/api/staff/rooms/${room.id}/closures`, staff)).items.map((c) => c.id)).toEqual([later.id])
    expectError(await w.del(`/api/staff/closures/${sooner.id}`, staff), 404, 'NOT_FOUND')
  })

  it('refuses an end before the start, and keeps staff to their community', async () => {
    const room = await w.newRoom(staff, center)
    const backwards = await w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: iso('2026-11-20', '16:00'), endsAt: iso('2026-11-20', '14:00'), reason: '倒着的时间' })
    expectError(backwards, 400, 'VALIDATION_FAILED')
    expect(detailsOf(backwards)).toEqual(['body.endsAt'])
    expectError(await w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: iso('2026-11-20', '14:00'), endsAt: iso('2026-11-20', '16:00'), reason: '' }), 400, 'VALIDATION_FAILED')
    expectError(await w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: 'soon', endsAt: iso('2026-11-20', '16:00'), reason: '检修' }), 400, 'VALIDATION_FAILED')
    expectError(await w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: '9999-12-31T23:00:00-12:00', endsAt: '9999-12-31T23:30:00-12:00', reason: '检修' }), 400, 'VALIDATION_FAILED')
    const closure = ok<Closure>(await w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: iso('2026-11-20', '14:00'), endsAt: iso('2026-11-20', '16:00'), reason: '检修' }), 201)
    expectError(await w.post(`/api/staff/rooms/${room.id}/closures`, staffFuLong, { startsAt: iso('2026-11-21', '14:00'), endsAt: iso('2026-11-21', '16:00'), reason: '检修' }), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.get(`/api/staff/rooms/${room.id}/closures`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.del(`/api/staff/closures/${closure.id}`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.post('/api/staff/rooms/99999999/closures', staff, { startsAt: iso('2026-11-21', '14:00'), endsAt: iso('2026-11-21', '16:00'), reason: '检修' }), 404, 'NOT_FOUND')
  })
})

/* ================================================================= who may do what */

const F: Outcome = [403, 'FORBIDDEN']
const O: Outcome = [403, 'OUT_OF_COMMUNITY']
const N: Outcome = [404, 'NOT_FOUND']

describe('the authorisation matrix', () => {
  let rooms: { instant: Room; approval: Room }
  let slot = 0
  /** A fresh booking of a fresh 联通 resident, on a day and hour no other cell uses. */
  async function booking(kind: 'instant' | 'approval'): Promise<{ booking: Booking; booker: Account }> {
    const days = ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01']
    const n = slot++
    const day = days[Math.floor(n / 11)]!
    const hour = 14 * 60 + (n % 11) * 30
    const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
    const booker = await w.fresh(lianTong)
    const b = ok(await w.book(booker, rooms[kind].id, day, clock(hour), clock(hour + 30)), 201)
    return { booking: b, booker }
  }

  const ROWS: MatrixRow[] = [
    { route: 'GET /api/staff/bookings', run: (as) => w.get(`/api/staff/bookings?communityId=${lianTong}`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    ...(['approve', 'reject', 'check-in', 'cancel'] as const).map((action): MatrixRow => ({
      route: `POST /api/staff/bookings/:id/${action}`,
      run: async (as) => {
        const { booking: b } = await booking(action === 'approve' || action === 'reject' ? 'approval' : 'instant')
        if (action === 'check-in') t.clock.now = new Date(Date.parse(b.startsAt) - 5 * 60_000)
        const res = await w.post(`/api/staff/bookings/${b.id}/${action}`, as, action === 'reject' || action === 'cancel' ? { reason: '社区统一安排' } : {})
        if (res.statusCode !== 200) expect((await rowOf(b.id)).status).toBe(b.status)
        return res
      },
      outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 },
    })),
    { route: 'GET /api/staff/stations', run: (as) => w.get(`/api/staff/stations?communityId=${lianTong}`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST /api/staff/stations', run: (as) => w.post('/api/staff/stations', as, stationBody()), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 201, admin: 201 } },
    {
      route: 'PATCH /api/staff/stations/:id',
      run: async (as) => {
        const s = ok<Station>(await w.post('/api/staff/stations', staff, stationBody()), 201)
        return w.patch(`/api/staff/stations/${s.id}`, as, { ...stationBody({ name: s.name }), communityId: undefined })
      },
      outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 },
    },
    { route: 'POST /api/staff/rooms', run: (as) => w.post('/api/staff/rooms', as, roomBody()), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 201, admin: 201 } },
    {
      route: 'PATCH /api/staff/rooms/:id',
      run: async (as) => {
        const { stationId: _s, ...fields } = roomBody()
        return w.patch(`/api/staff/rooms/${(await w.newRoom(staff, center)).id}`, as, fields)
      },
      outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 },
    },
    { route: 'GET /api/staff/rooms/:id/check-in-code', run: (as) => w.get(`/api/staff/rooms/${rooms.instant.id}/check-in-code`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'GET /api/staff/rooms/:id/closures', run: (as) => w.get(`/api/staff/rooms/${rooms.instant.id}/closures`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    {
      route: 'POST /api/staff/rooms/:id/closures',
      run: async (as) => w.post(`/api/staff/rooms/${(await w.newRoom(staff, center)).id}/closures`, as, { startsAt: iso('2026-12-10', '08:00'), endsAt: iso('2026-12-10', '12:00'), reason: '检修' }),
      outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 201, admin: 201 },
    },
    {
      route: 'DELETE /api/staff/closures/:id',
      run: async (as) => {
        const room = await w.newRoom(staff, center)
        const closure = ok<Closure>(await w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: iso('2026-12-10', '08:00'), endsAt: iso('2026-12-10', '12:00'), reason: '检修' }), 201)
        return w.del(`/api/staff/closures/${closure.id}`, as)
      },
      outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 204, admin: 204 },
    },
    {
      route: 'GET /api/bookings/:id (someone else’s)',
      run: async (as) => w.get(`/api/bookings/${(await booking('instant')).booking.id}`, as),
      outcomes: { resident: N, volunteer: N, 'staff elsewhere': N, staff: 200, admin: 200 },
    },
    {
      route: 'POST /api/bookings/:id/cancel (someone else’s)',
      run: async (as) => {
        const { booking: b } = await booking('instant')
        const res = await w.post(`/api/bookings/${b.id}/cancel`, as, {})
        expect((await rowOf(b.id)).status).toBe('confirmed')
        return res
      },
      outcomes: { resident: N, volunteer: N, 'staff elsewhere': N, staff: F, admin: F },
    },
  ]

  const as: Partial<Record<Actor, As>> = {}
  beforeAll(async () => {
    rooms = {
      instant: await w.newRoom(staff, center),
      approval: await w.newRoom(staff, center, { rules: { requiresApproval: true } }),
    }
    as.resident = await w.fresh(lianTong)
    as.volunteer = await t.headersAs('volunteer')
    as['staff elsewhere'] = staffFuLong
    as.staff = staff
    as.admin = admin
  })

  itAnswersEachCaller(ROWS, as)

  it('without a session, every booking route but the stations (which visitors browse) is 401', async () => {
    for (const [method, url] of [
      ['GET', `/api/rooms/${rooms.instant.id}/week`], ['POST', '/api/bookings'],
      ['GET', '/api/bookings/mine'], ['POST', '/api/bookings/check-in'], ['GET', '/api/bookings/1'], ['POST', '/api/bookings/1/cancel'],
      ['GET', '/api/staff/bookings'], ['POST', '/api/staff/bookings/1/approve'], ['GET', '/api/admin/calendar?year=2026'],
    ] as const) {
      expectError(await w.send({ method, url }), 401, 'UNAUTHENTICATED')
    }
    // Access 'guest' (test/server/access.test.ts): the list and a station's page are open to visitors.
    for (const url of ['/api/stations', `/api/stations/${center}`]) expect((await w.send({ method: 'GET', url })).statusCode, url).toBe(200)
  })
})
