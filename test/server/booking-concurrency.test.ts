import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { bookings, bookingSuspensions, roleGrants, users } from '../../server/src/db/schema'
import { markNoShows } from '../../server/src/modules/booking/booking-sweeps.service'
import type { Booking, Room } from '../../types/api/booking'
import { createTestApp, type TestApp } from '../support/test-app'
import { onPostgres } from '../support/test-database'
import { bookingWorld } from './booking-fixtures'
import { iso, type Res } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 阵地预约 under real concurrency: PostgreSQL only (PGlite runs one transaction at a time, so a race cannot
 * happen there). "Never two overlapping bookings of one room, however many people press the button at the same
 * moment" (PRODUCT.md), a person's quota held under a burst of their own requests, and the no-show sweep run by
 * several instances at once. Timings are printed, never asserted.
 */
describe.runIf(onPostgres)('booking under concurrency on PostgreSQL', () => {
  type Caller = { userId: number; authorization: string }
  let t: TestApp
  let w: ReturnType<typeof bookingWorld>
  let staff: { authorization: string }
  let center: number
  let callers: Caller[]
  let used = 0

  /** Accounts made in two statements: the booking rush needs a thousand distinct people. */
  async function newCallers(n: number): Promise<Caller[]> {
    const rows = await t.handle.db
      .insert(users)
      .values(Array.from({ length: n }, (_, i) => ({ displayName: `并发预约测试${used + i}` })))
      .returning({ id: users.id })
    used += n
    await t.handle.db.insert(roleGrants).values(rows.map((r) => ({ userId: r.id, role: 'resident' as const })))
    return Promise.all(rows.map(async (r) => ({ userId: r.id, authorization: await t.bearerFor(r.id) })))
  }
  const take = (() => {
    let next = 0
    return (n: number) => {
      const slice = callers.slice(next, next + n)
      next += n
      expect(slice).toHaveLength(n)
      return slice
    }
  })()
  const book = (as: Caller, roomId: number, startsAt: string, endsAt: string) =>
    w.post('/api/bookings', as, { roomId, startsAt, endsAt, purpose: '并发预约', attendees: 2 })
  const holdsOf = (roomId: number) =>
    t.handle.db.select().from(bookings).where(and(eq(bookings.roomId, roomId), inArray(bookings.status, ['pending', 'confirmed', 'checked_in'])))
  /** Every answer is one of the allowed, written as '201' or '409 BOOKING_CONFLICT'. */
  function expectOnly(responses: Res[], allowed: string[]) {
    const seen = responses.map((r) => `${r.statusCode} ${r.statusCode >= 400 ? r.json().code : ''}`.trim())
    const unexpected = seen.filter((s) => !allowed.includes(s))
    expect(unexpected.slice(0, 5), `${unexpected.length} unexpected answers`).toEqual([])
  }

  beforeAll(async () => {
    t = await createTestApp({ now: NOW, poolSize: 10 })
    w = bookingWorld(t)
    staff = await t.headersAs('staff')
    center = await w.stationId('联通社区党群服务中心')
    callers = await newCallers(1500)
  }, 120_000)
  afterAll(() => t?.close())

  it('1000 people pressing 预约 on the same slot at once: exactly one booking', async () => {
    const room = await w.newRoom(staff, center)
    const rush = take(1000)
    const started = performance.now()
    const responses = await Promise.all(rush.map((c) => book(c, room.id, iso('2026-11-18', '14:00'), iso('2026-11-18', '15:00'))))
    const elapsed = performance.now() - started
    const statuses = responses.map((r) => r.statusCode)
    console.log(`[booking rush] 1000 requests for one slot: ${statuses.filter((s) => s === 201).length} × 201, ${statuses.filter((s) => s === 409).length} × 409, ${statuses.filter((s) => s >= 500).length} × 5xx in ${Math.round(elapsed)} ms`)
    expect(statuses.filter((s) => s >= 500)).toEqual([])
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(999)
    expectOnly(responses, ['201', '409 BOOKING_CONFLICT'])

    const winner = responses.find((r) => r.statusCode === 201)!.json() as Booking
    const held = await holdsOf(room.id)
    expect(held).toHaveLength(1)
    expect(held[0]).toMatchObject({ id: winner.id, bookerUserId: rush[responses.findIndex((r) => r.statusCode === 201)]!.userId, status: 'confirmed' })
    const [{ n }] = (await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(bookings).where(eq(bookings.roomId, room.id))) as [{ n: number }]
    expect(n).toBe(1)
  })

  it('200 overlapping ranges rushed at one room: the held intervals never overlap, and every refusal had a reason', async () => {
    const room: Room = await w.newRoom(staff, center, { rules: { bufferMinutes: 30 } })
    // Random ranges of 30 minutes to 2 hours inside the afternoon hours (13:30–20:00) of three days.
    let seed = 20261118
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const requests = take(200).map((caller) => {
      const day = ['2026-11-18', '2026-11-19', '2026-11-20'][random(3)]!
      const slots = 1 + random(4)
      const first = random(13 - slots + 1)
      const start = Date.parse(iso(day, '13:30')) + first * 30 * 60_000
      return { caller, start, end: start + slots * 30 * 60_000 }
    })
    const responses = await Promise.all(requests.map((r) => book(r.caller, room.id, new Date(r.start).toISOString(), new Date(r.end).toISOString())))
    expect(responses.map((r) => r.statusCode).filter((s) => s >= 500)).toEqual([])
    expectOnly(responses, ['201', '409 BOOKING_CONFLICT'])
    const accepted = responses.filter((r) => r.statusCode === 201).length
    console.log(`[booking rush] 200 random ranges on one room: ${accepted} booked, ${200 - accepted} refused`)

    const held = await holdsOf(room.id)
    expect(held).toHaveLength(accepted)
    const intervals = held.map((b) => ({ start: b.startsAt.getTime(), end: b.blockedUntil.getTime() }))
    for (const [i, a] of intervals.entries()) {
      for (const b of intervals.slice(i + 1)) expect(a.start < b.end && b.start < a.end, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(false)
    }
    // The database agrees (period plus buffer, half-open).
    const result = (await t.handle.db.execute(sql`
      select count(*)::int as overlapping from bookings a join bookings b on a.room_id = b.room_id and a.id < b.id
      where a.room_id = ${room.id} and a.status in ('pending', 'confirmed', 'checked_in') and b.status in ('pending', 'confirmed', 'checked_in')
        and tstzrange(a.starts_at, a.blocked_until, '[)') && tstzrange(b.starts_at, b.blocked_until, '[)')`)) as unknown as { rows: { overlapping: number }[] }
    const [{ overlapping }] = result.rows as [{ overlapping: number }]
    expect(overlapping).toBe(0)
    // No false refusals: each refused range would have overlapped a booking that was made.
    requests.forEach((r, i) => {
      if (responses[i]!.statusCode !== 409) return
      const wanted = { start: r.start, end: r.end + 30 * 60_000 }
      expect(intervals.some((h) => h.start < wanted.end && wanted.start < h.end), `refused ${new Date(r.start).toISOString()}`).toBe(true)
    })
  })

  it('one person pressing 预约 on 50 different slots at once with a quota of 3: exactly 3 bookings', async () => {
    const room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 3 } })
    const [me] = take(1)
    const days = ['2026-11-18', '2026-11-19', '2026-11-20']
    const slots = days.flatMap((day) => Array.from({ length: 19 }, (_, i) => (i < 6 ? Date.parse(iso(day, '08:30')) + i * 30 * 60_000 : Date.parse(iso(day, '13:30')) + (i - 6) * 30 * 60_000))).slice(0, 50)
    const responses = await Promise.all(slots.map((start) => book(me!, room.id, new Date(start).toISOString(), new Date(start + 30 * 60_000).toISOString())))
    const statuses = responses.map((r) => r.statusCode)
    expect(statuses.filter((s) => s >= 500)).toEqual([])
    expect(statuses.filter((s) => s === 201)).toHaveLength(3)
    expect(statuses.filter((s) => s === 409)).toHaveLength(47)
    expectOnly(responses, ['201', '409 BOOKING_QUOTA_EXCEEDED'])
    expect(await holdsOf(room.id)).toHaveLength(3)
  })

  it('a closure and a burst of bookings at once: no live booking is left inside the closure', async () => {
    // A booking checks the room's closures before it queues for the room lock; a closure made in between must
    // still stop it (the closure cancels what exists when it is made, and what comes after must see it).
    let inside = 0
    for (const round of [1, 2, 3]) {
      const room = await w.newRoom(staff, center)
      const day = ['2026-11-18', '2026-11-19', '2026-11-20'][round - 1]!
      const starts = Array.from({ length: 19 }, (_, i) => (i < 6 ? Date.parse(iso(day, '08:30')) + i * 30 * 60_000 : Date.parse(iso(day, '13:30')) + (i - 6) * 30 * 60_000))
      const people = take(starts.length * 2)
      const bookingsAtOnce = people.map((c, i) => book(c, room.id, new Date(starts[i % starts.length]!).toISOString(), new Date(starts[i % starts.length]! + 30 * 60_000).toISOString()))
      const closure = w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: iso(day, '00:00'), endsAt: iso(day, '23:59'), reason: '临时停电' })
      const responses = await Promise.all([...bookingsAtOnce, closure])
      expect(responses.map((r) => r.statusCode).filter((s) => s >= 500)).toEqual([])
      expectOnly(responses.slice(0, -1), ['201', '409 BOOKING_CONFLICT', '409 BOOKING_ROOM_CLOSED'])
      expect(responses.at(-1)!.statusCode).toBe(201)
      inside += (await holdsOf(room.id)).length
    }
    expect(inside).toBe(0)
  })

  it('twenty scans of the door code at once check in once, and each answers with the booking', async () => {
    const room = await w.newRoom(staff, center)
    const [me] = take(1)
    const booked = await book(me!, room.id, iso('2026-11-18', '14:00'), iso('2026-11-18', '15:00'))
    expect(booked.statusCode, booked.body).toBe(201)
    const code = await w.checkInCode(staff, room.id)
    t.clock.now = new Date(iso('2026-11-18', '13:50'))
    try {
      const scans = await Promise.all(Array.from({ length: 20 }, () => w.post('/api/bookings/check-in', me!, { code })))
      expect(scans.map((r) => r.statusCode)).toEqual(Array(20).fill(200))
      expect(new Set(scans.map((r) => (r.json() as Booking).id))).toEqual(new Set([booked.json().id]))
      expect(scans.every((r) => r.json().status === 'checked_in' && r.json().checkedInAt === '2026-11-18T13:50:00+08:00')).toBe(true)
    } finally {
      t.clock.now = NOW
    }
  })

  it('the no-show sweep run by 5 instances at once records each no-show once and suspends each person once', async () => {
    // 40 people with three missed bookings each and 20 with two, interleaved in time so that every batch the
    // sweeps lock holds bookings of the same people as the other batches.
    const room = await w.newRoom(staff, center)
    const three = await newCallers(40)
    const two = await newCallers(20)
    const owners = [...Array.from({ length: 3 }, () => three), ...Array.from({ length: 2 }, () => two)].flatMap((group, round) => group.map((c) => ({ c, round })))
    owners.sort((a, b) => a.round - b.round || a.c.userId - b.c.userId)
    const base = Date.parse(iso('2026-11-01', '08:00'))
    const rows = owners.map(({ c }, k) => {
      const start = new Date(base + (k * 7 % owners.length) * 30 * 60_000) // a permutation: owners interleave in time
      return {
        communityId: room.communityId,
        roomId: room.id,
        bookerUserId: c.userId,
        startsAt: start,
        endsAt: new Date(start.getTime() + 30 * 60_000),
        blockedUntil: new Date(start.getTime() + 30 * 60_000),
        purpose: '并发爽约',
        attendees: 1,
        status: 'confirmed' as const,
        createdAt: new Date(base - 86_400_000),
      }
    })
    const mine = await t.handle.db.insert(bookings).values(rows).returning({ id: bookings.id })
    expect(mine).toHaveLength(160)

    const at = new Date(iso('2026-12-01', '10:00'))
    // Every confirmed booking of the database whose window has closed by then (the seed's included).
    const [{ due }] = (await t.handle.db.select({ due: sql<number>`count(*)::int` }).from(bookings).where(and(eq(bookings.status, 'confirmed'), sql`${bookings.startsAt} < ${new Date(at.getTime() - 86_400_000)}`))) as [{ due: number }]
    expect(due).toBeGreaterThanOrEqual(160)

    const started = performance.now()
    const counts = await Promise.all(Array.from({ length: 5 }, () => markNoShows(t.handle.db, at)))
    console.log(`[no-show sweep] 5 concurrent runs over ${due} missed bookings: ${counts.join(' + ')} in ${Math.round(performance.now() - started)} ms`)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(due)

    const after = await t.handle.db.select().from(bookings).where(inArray(bookings.id, mine.map((m) => m.id)))
    expect(after.every((b) => b.status === 'no_show' && b.noShowAt?.getTime() === at.getTime())).toBe(true)
    const suspensions = await t.handle.db.select().from(bookingSuspensions).where(inArray(bookingSuspensions.userId, [...three, ...two].map((c) => c.userId)))
    const perUser = new Map<number, number>()
    for (const s of suspensions) perUser.set(s.userId, (perUser.get(s.userId) ?? 0) + 1)
    expect(three.map((c) => perUser.get(c.userId) ?? 0)).toEqual(Array(40).fill(1))
    expect(two.map((c) => perUser.get(c.userId) ?? 0)).toEqual(Array(20).fill(0))
    expect(new Set(suspensions.map((s) => s.triggerBookingId)).size).toBe(40)

    // And again, all at once: nothing left to do.
    expect(await Promise.all(Array.from({ length: 5 }, () => markNoShows(t.handle.db, at)))).toEqual([0, 0, 0, 0, 0])
    expect(await t.handle.db.select().from(bookingSuspensions).where(inArray(bookingSuspensions.userId, three.map((c) => c.userId)))).toHaveLength(40)
  })
})
