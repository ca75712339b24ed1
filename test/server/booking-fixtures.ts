import { expect, it } from 'vitest'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { and, asc, eq } from 'drizzle-orm'
import { stations } from '../../server/src/db/schema'
import type { Booking, Room } from '../../types/api/booking'
import { ERRORS } from '../../types/api/errors'
import { TEST_NOW } from '../support/clock'
import type { TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'

/*
 * What the 阵地预约 server suites share: requests, the error check, fresh accounts, rooms made through the staff
 * API with the rules a test needs, and bookings by China date and clock time. Not a test file itself.
 */

export type As = { authorization: string }
export type Account = As & { userId: number; personId: number; name: string; phone: string | null }
export type Res = LightMyRequestResponse

/** An instant of the API: a China date and clock time, e.g. iso('2026-11-18', '14:00'). */
export const iso = (day: string, clock: string) => `${day}T${clock}:00+08:00`

/** The clock of the suites: Tuesday 2026-11-17, 10:00 China time. */
export const NOW = TEST_NOW

export const DEFAULT_RULES = {
  slotMinutes: 30,
  minDurationMinutes: 30,
  maxDurationMinutes: 240,
  advanceDays: 14,
  minNoticeMinutes: 60,
  requiresApproval: false,
  bufferMinutes: 0,
  maxActivePerPerson: 2,
  cancelDeadlineMinutes: 120,
  noShowAfterMinutes: 15,
}
export const TOOL_RULES = { ...DEFAULT_RULES, slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 3 * 1440, minNoticeMinutes: 30, cancelDeadlineMinutes: 0, maxActivePerPerson: 1 }

export function expectError(res: Res, status: number, code: keyof typeof ERRORS, message?: string | RegExp) {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.json().code, res.body).toBe(code)
  expect(ERRORS[code].status).toBe(status)
  if (typeof message === 'string') expect(res.json().message).toBe(message)
  else if (message) expect(res.json().message).toMatch(message)
}

export function ok<T = Booking>(res: Res, status = 200): T {
  expect(res.statusCode, res.body).toBe(status)
  return res.json() as T
}

/** Every error leaves in the one shape: a 4xx with a code from the table. */
/** Who an authorisation matrix asks. */
export type Actor = 'resident' | 'volunteer' | 'staff elsewhere' | 'staff' | 'admin'
export const ACTORS: Actor[] = ['resident', 'volunteer', 'staff elsewhere', 'staff', 'admin']
/** A success status, or an error status with its code. */
export type Outcome = number | [number, keyof typeof ERRORS]
/** A route of the matrix: how to call it as someone, and what each caller gets. */
export type MatrixRow = { route: string; run: (as: As) => Promise<Res>; outcomes: Record<Actor, Outcome> }

/** One test per route and caller: the route answers that caller as its row says. */
export function itAnswersEachCaller(rows: MatrixRow[], as: Partial<Record<Actor, As>>) {
  const cells = rows.flatMap((row) => ACTORS.map((actor) => [row.route, actor, row.outcomes[actor], row] as const))
  it.each(cells)('%s by %s → %j', async (_route, actor, outcome, row) => {
    const res = await row.run(as[actor]!)
    if (typeof outcome === 'number') {
      expect(res.statusCode, res.body).toBe(outcome)
    } else {
      expectError(res, outcome[0], outcome[1])
    }
  })
}

export function expectClientError(res: Res, label = '') {
  expect(res.statusCode, `${label} ${res.body}`).toBeGreaterThanOrEqual(400)
  expect(res.statusCode, `${label} ${res.body}`).toBeLessThan(500)
  const { code, message } = res.json() as { code: keyof typeof ERRORS; message: string }
  expect(ERRORS[code]?.status, res.body).toBe(res.statusCode)
  expect(message).toMatch(/[\u4e00-\u9fa5]/)
}

export function bookingWorld(t: TestApp) {
  const look = demoLookup(t.handle.db)
  const pools = new Map<number, Awaited<ReturnType<typeof look.peopleWithoutAccount>>>()
  let roomSeq = 0
  let extra = 0

  const send = (opts: InjectOptions) => t.app.inject(opts)
  const get = (url: string, as: As) => send({ method: 'GET', url, headers: { authorization: as.authorization } })
  const post = (url: string, as: As, payload: object = {}, headers: Record<string, string> = {}) => send({ method: 'POST', url, headers: { authorization: as.authorization, ...headers }, payload })
  const put = (url: string, as: As, payload: object) => send({ method: 'PUT', url, headers: { authorization: as.authorization }, payload })
  const patch = (url: string, as: As, payload: object) => send({ method: 'PATCH', url, headers: { authorization: as.authorization }, payload })
  const del = (url: string, as: As) => send({ method: 'DELETE', url, headers: { authorization: as.authorization } })

  const world = {
    look,
    send,
    get,
    post,
    put,
    patch,
    del,
    /** A new resident account of the community (a person of the demo district who had none). */
    async fresh(communityId: number): Promise<Account> {
      if (!pools.has(communityId)) pools.set(communityId, await look.peopleWithoutAccount(communityId))
      const person = pools.get(communityId)!.shift() ?? (await look.newResident(communityId, 500 + ++extra))
      const account = await t.actAsPerson(person.id)
      return { ...account, personId: person.id, name: person.name, phone: person.phone }
    },
    /** A staff account of a community other than the demo staff persona's. */
    async staffOf(communityId: number): Promise<As & { userId: number }> {
      if (!pools.has(communityId)) pools.set(communityId, await look.peopleWithoutAccount(communityId))
      const pool = pools.get(communityId)!
      const person = pool.shift()!
      // Their family is no longer anyone's fresh resident: staff may not act on their own household's matters.
      pools.set(communityId, pool.filter((p) => p.householdId !== person.householdId))
      return t.actAsPerson(person.id, [{ role: 'resident' }, { role: 'staff', communityId }])
    },
    async stationId(name: string) {
      const [row] = await t.handle.db.select({ id: stations.id }).from(stations).where(eq(stations.name, name)).orderBy(asc(stations.id))
      return row!.id
    },
    async stationsOf(communityId: number) {
      return t.handle.db.select().from(stations).where(and(eq(stations.communityId, communityId))).orderBy(asc(stations.id))
    },
    /** A room (or tool) made through the staff API with the given rules, on a station. */
    async newRoom(staff: As, stationId: number, over: { rules?: Partial<typeof DEFAULT_RULES>; kind?: 'room' | 'tool'; capacity?: number; active?: boolean; name?: string } = {}): Promise<Room> {
      const kind = over.kind ?? 'room'
      const rules = { ...(kind === 'tool' ? TOOL_RULES : DEFAULT_RULES), ...over.rules }
      const res = await post('/api/staff/rooms', staff, {
        stationId,
        kind,
        name: over.name ?? `${kind === 'tool' ? '测试工具' : '测试室'}${++roomSeq}`,
        category: kind === 'tool' ? '共享工具' : '会议培训',
        capacity: over.capacity ?? (kind === 'tool' ? 1 : 20),
        facilities: [],
        description: '',
        photoIds: [],
        active: over.active ?? true,
        rules,
      })
      return ok<Room>(res, 201)
    },
    /** POST /api/bookings for a China day and clock range (a tool: from one day to another at midnight). */
    book(as: As, roomId: number, day: string, from: string, to: string, over: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      return post('/api/bookings', as, { roomId, startsAt: iso(day, from), endsAt: iso(day, to), purpose: '楼栋议事会', attendees: 5, ...over }, headers)
    },
    bookDays(as: As, toolId: number, fromDay: string, toDay: string, over: Record<string, unknown> = {}) {
      return post('/api/bookings', as, { roomId: toolId, startsAt: iso(fromDay, '00:00'), endsAt: iso(toDay, '00:00'), purpose: '家里修东西用', attendees: 1, ...over })
    },
    /** The check-in QR text of a room, as staff print it. */
    async checkInCode(staff: As, roomId: number): Promise<string> {
      return ok<{ roomId: number; code: string }>(await get(`/api/staff/rooms/${roomId}/check-in-code`, staff)).code
    },
  }
  return world
}
