import type { InjectOptions } from 'fastify'
import { and, asc, eq } from 'drizzle-orm'
import { stations } from '../../server/src/db/schema'
import type { Room } from '../../types/api/booking'
import { ROOM_RULES, TOOL_RULES } from '../fixtures/room-rules'
import { iso, ok, type As } from '../support/api-checks'
import type { TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'

/*
 * What the 阵地预约 server suites share (and the suites of other modules that need people, rooms and bookings):
 * requests, fresh accounts, rooms made through the staff
 * API with the rules a test needs, and bookings by China date and clock time. Not a test file itself.
 */

export type Account = As & { userId: number; personId: number; name: string; phone: string | null }

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
    async newRoom(staff: As, stationId: number, over: { rules?: Partial<typeof ROOM_RULES>; kind?: 'room' | 'tool'; capacity?: number; active?: boolean; name?: string } = {}): Promise<Room> {
      const kind = over.kind ?? 'room'
      const rules = { ...(kind === 'tool' ? TOOL_RULES : ROOM_RULES), ...over.rules }
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
