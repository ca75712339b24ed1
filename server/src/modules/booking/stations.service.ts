import type { GridDay, Room, RoomWeek, Station } from '../../../../types/api/booking'
import { addDays, chinaDate, chinaDayStartMs, DAY_MS, toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Queryable } from '../../db/client'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { openingCalendar } from '../org/calendar.service'
import { photosOf } from '../uploads/uploads.service'
import { daySlots, weekStartOf } from './booking.domain'
import { rulesOf, toListItem, toOpeningDayDto, toRoom } from './booking.mapper'
import * as repo from './booking.repository'
import { bookingBlocker } from './bookings.service'

/* What residents see of stations and their rooms: the list, a station's page and a room's week of slots. */

/** A room with its pictures. */
export async function roomWithPhotos(db: Queryable, room: repo.RoomRow): Promise<Room> {
  return toRoom(room, await photosOf(db, room.photoIds))
}

/** Stations of my community (or one asked for, or the whole district with 0), nearest first when located. */
export async function listStations(ctx: AppContext, principal: Principal | null, query: { communityId?: number; latitude?: number; longitude?: number }) {
  // An account not yet placed in a community (or a visitor) sees the whole district, as does anyone asking for 0.
  const communityId = query.communityId === 0 ? null : (query.communityId ?? principal?.communityId ?? null)
  const now = ctx.now().getTime()
  const today = chinaDate(now)
  const [rows, openingDays] = await Promise.all([repo.listStations(ctx.db, communityId), openingCalendar(ctx.db, today, today)])
  const from = query.latitude !== undefined && query.longitude !== undefined ? { latitude: query.latitude, longitude: query.longitude } : null
  const items = rows.map((r) => toListItem(r, openingDays(r.station.weeklyHours).get(today)!, now, from))
  if (from) items.sort((a, b) => a.distanceMeters! - b.distanceMeters!)
  return { items }
}

/** A station's page: its next seven opening days and its rooms and tools (inactive ones too, for staff). */
export async function stationDetail(db: Queryable, row: NonNullable<Awaited<ReturnType<typeof repo.findStation>>>, now: number, includeInactive: boolean): Promise<Station> {
  const s = row.station
  const today = chinaDate(now)
  const [openingDays, roomRows, photos] = await Promise.all([openingCalendar(db, today, addDays(today, 6)), repo.listRoomsOfStation(db, s.id), photosOf(db, s.photoIds)])
  const days = openingDays(s.weeklyHours)
  const shown = roomRows.filter((r) => includeInactive || r.active)
  const rooms = await Promise.all(shown.map((r) => roomWithPhotos(db, r)))
  return {
    ...toListItem({ station: s, communityName: row.communityName, photoKey: row.photoKey, roomCount: shown.filter((r) => r.kind === 'room').length, toolCount: shown.filter((r) => r.kind === 'tool').length }, days.get(today)!, now, null),
    photos,
    weeklyHours: [...s.weeklyHours].sort((a, b) => a.dayOfWeek - b.dayOfWeek || a.opens.localeCompare(b.opens)),
    nextDays: [...days.values()].map(toOpeningDayDto),
    rooms: rooms.filter((r) => r.kind === 'room'),
    tools: rooms.filter((r) => r.kind === 'tool'),
  }
}

export async function getStation(ctx: AppContext, id: number): Promise<Station> {
  const row = await repo.findStation(ctx.db, id)
  if (!row) throw new AppError('NOT_FOUND')
  return stationDetail(ctx.db, row, ctx.now().getTime(), false)
}

/** A room's week: seven days of slots with their states for the caller, the room and its rules. */
export async function getRoomWeek(ctx: AppContext, principal: Principal, roomId: number, date?: string): Promise<RoomWeek> {
  const found = await repo.findRoomWithStation(ctx.db, roomId)
  if (!found) throw new AppError('NOT_FOUND')
  const { room, station } = found
  const now = ctx.now()
  const weekStart = weekStartOf(date ?? chinaDate(now))
  const weekEnd = addDays(weekStart, 6)
  const from = new Date(chinaDayStartMs(weekStart))
  const to = new Date(chinaDayStartMs(weekEnd) + DAY_MS)
  const [openingDays, closures, holds, suspension, roomDto] = await Promise.all([
    openingCalendar(ctx.db, weekStart, weekEnd),
    repo.closuresOverlapping(ctx.db, room.id, from, to),
    repo.holdsOverlapping(ctx.db, room.id, from, to),
    repo.activeSuspension(ctx.db, principal.userId, now),
    roomWithPhotos(ctx.db, room),
  ])
  const blocker = bookingBlocker(room, suspension?.endsAt ?? null)
  const closureIntervals = closures.map((c) => ({ start: c.startsAt.getTime(), end: c.endsAt.getTime(), reason: c.reason }))
  const gridHolds = holds.map((h) => ({ start: h.startsAt.getTime(), end: h.endsAt.getTime(), blockedUntil: h.blockedUntil.getTime(), mine: h.bookerUserId === principal.userId }))
  const rules = rulesOf(room)
  const gridDays: GridDay[] = [...openingDays(station.weeklyHours).values()].map((day) => {
    const slots = daySlots(day, { kind: room.kind, rules, now: now.getTime(), closures: closureIntervals, holds: gridHolds, active: room.active })
    const dayInterval = { start: chinaDayStartMs(day.date), end: chinaDayStartMs(day.date) + DAY_MS }
    const closure = closureIntervals.find((c) => c.start < dayInterval.end && dayInterval.start < c.end)
    return {
      ...toOpeningDayDto(day),
      slots: slots.map((s) => ({ startsAt: toApiInstant(s.start), endsAt: toApiInstant(s.end), state: s.state, reason: s.reason })),
      closure: closure?.reason ?? null,
    }
  })
  return { room: roomDto, stationName: station.name, weekStart, days: gridDays, canBook: blocker === null, cannotBookReason: blocker?.message ?? null }
}
