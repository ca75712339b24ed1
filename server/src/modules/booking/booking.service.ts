import type {
  Booking,
  BookingPage,
  Closure,
  GridDay,
  OpeningDay as OpeningDayDto,
  Room,
  RoomWeek,
  Station,
  StationListItem,
} from '../../../../types/api/booking'
import type { z } from 'zod'
import type { ZCreateBookingRequest, ZCreateClosureRequest, ZCreateRoomRequest, ZCreateStationRequest, ZRoomFields, ZRoomPatch, ZStationPatch, ZStaffBookingQuery } from '../../../../types/api/booking'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import { sqlState, type Db, type Queryable } from '../../db/client'
import { sweepInBatches } from '../../db/sweep-in-batches'
import type { WeeklyHours } from '../../db/schema'
import { AppError } from '../../http/app-error'
import { decodeStartCursor, encodeStartCursor } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { calendarExceptions } from '../org/calendar.service'
import { communityExists, lockAccounts } from '../people/people.api'
import { distanceMeters, eventPhase, formatOpeningHours, nameForOthers } from '../org/org.domain'
import { recordPersonalDataAccess } from '../privacy/access-log'
import { staffCommunity } from '../points/points.service'
import * as uploads from '../uploads/uploads.repository'
import { fileUrl } from '../uploads/uploads.service'
import {
  addDays,
  bookingActions,
  bookingRuleViolation,
  cancelDeadline,
  checkInPayload,
  checkInWindow,
  chinaDay,
  dayStart,
  daySlots,
  heldInterval,
  isOpenAt,
  NO_SHOW_WINDOW_DAYS,
  openingDay,
  parseCheckInPayload,
  suspensionFor,
  weekStartOf,
  type OpeningDay,
} from './booking.domain'
import * as repo from './booking.repository'
import type { BookingOutcome } from '../reminders/reminders.domain'
import { remindBookingOutcome } from '../reminders/reminders.service'

const DAY_MS = 86_400_000

/* ----------------------------------------------------------------- opening days */

/** Opening days of a station from one day to another, inclusive, with the official calendar applied. */
async function openingDays(db: Queryable, weekly: WeeklyHours, fromDay: string, toDay: string): Promise<Map<string, OpeningDay>> {
  const exceptions = await calendarExceptions(db, fromDay, toDay)
  const days = new Map<string, OpeningDay>()
  for (let d = fromDay; d <= toDay; d = addDays(d, 1)) days.set(d, openingDay(d, weekly, exceptions.get(d) ?? null))
  return days
}

function hoursText(day: OpeningDay): string | null {
  const clock = (t: number) => toApiInstant(t).slice(11, 16)
  return formatOpeningHours(day.windows.map((w) => ({ opens: clock(w.start), closes: w.end - dayStart(day.date) === DAY_MS ? '24:00' : clock(w.end) })))
}

function toOpeningDayDto(day: OpeningDay): OpeningDayDto {
  return { date: day.date, dayKind: day.dayKind, holidayName: day.holidayName, hours: hoursText(day) }
}

/* ----------------------------------------------------------------- stations and rooms */

async function photosOf(db: Queryable, ids: number[]) {
  const rows = await uploads.findUploads(db, ids)
  const byId = new Map(rows.map((u) => [u.id, u]))
  return ids.flatMap((id) => {
    const u = byId.get(id)
    return u ? [{ id, url: fileUrl(u.storageKey) }] : []
  })
}

function rulesOf(room: repo.RoomRow): Room['rules'] {
  const { slotMinutes, minDurationMinutes, maxDurationMinutes, advanceDays, minNoticeMinutes, requiresApproval, bufferMinutes, maxActivePerPerson, cancelDeadlineMinutes, noShowAfterMinutes } = room
  return { slotMinutes, minDurationMinutes, maxDurationMinutes, advanceDays, minNoticeMinutes, requiresApproval, bufferMinutes, maxActivePerPerson, cancelDeadlineMinutes, noShowAfterMinutes }
}

async function toRoom(db: Queryable, room: repo.RoomRow): Promise<Room> {
  return {
    id: room.id,
    stationId: room.stationId,
    communityId: room.communityId,
    kind: room.kind,
    name: room.name,
    category: room.category,
    capacity: room.capacity,
    facilities: room.facilities,
    description: room.description,
    photos: await photosOf(db, room.photoIds),
    active: room.active,
    rules: rulesOf(room),
  }
}

type ListedStation = Awaited<ReturnType<typeof repo.listStations>>[number]

function toListItem(row: ListedStation, today: OpeningDay, now: number, from: { latitude: number; longitude: number } | null): StationListItem {
  const s = row.station
  return {
    id: s.id,
    communityId: s.communityId,
    communityName: row.communityName,
    name: s.name,
    kind: s.kind,
    address: s.address,
    phone: s.phone,
    latitude: s.latitude,
    longitude: s.longitude,
    hoursToday: hoursText(today),
    openNow: isOpenAt(today, now),
    roomCount: row.roomCount,
    toolCount: row.toolCount,
    distanceMeters: from ? distanceMeters(from, s) : null,
  }
}

/** Stations of my community (or one asked for, or the whole district with 0), nearest first when located. */
export async function listStations(ctx: AppContext, principal: Principal, query: { communityId?: number; latitude?: number; longitude?: number }) {
  // An account not yet placed in a community sees the whole district, as does anyone asking for 0.
  const communityId = query.communityId === 0 ? null : (query.communityId ?? principal.communityId ?? null)
  const now = ctx.now().getTime()
  const today = chinaDay(now)
  const [rows, exceptions] = await Promise.all([repo.listStations(ctx.db, communityId), calendarExceptions(ctx.db, today, today)])
  const from = query.latitude !== undefined && query.longitude !== undefined ? { latitude: query.latitude, longitude: query.longitude } : null
  const items = rows.map((r) => toListItem(r, openingDay(today, r.station.weeklyHours, exceptions.get(today) ?? null), now, from))
  if (from) items.sort((a, b) => a.distanceMeters! - b.distanceMeters!)
  return { items }
}

async function stationDetail(db: Queryable, row: NonNullable<Awaited<ReturnType<typeof repo.findStation>>>, now: number, includeInactive: boolean): Promise<Station> {
  const s = row.station
  const today = chinaDay(now)
  const [days, roomRows, photos] = await Promise.all([openingDays(db, s.weeklyHours, today, addDays(today, 6)), repo.listRoomsOfStation(db, s.id), photosOf(db, s.photoIds)])
  const shown = roomRows.filter((r) => includeInactive || r.active)
  const rooms = await Promise.all(shown.map((r) => toRoom(db, r)))
  return {
    ...toListItem({ station: s, communityName: row.communityName, roomCount: shown.filter((r) => r.kind === 'room').length, toolCount: shown.filter((r) => r.kind === 'tool').length }, days.get(today)!, now, null),
    photos,
    weeklyHours: [...s.weeklyHours].sort((a, b) => a.dayOfWeek - b.dayOfWeek || a.opens.localeCompare(b.opens)),
    nextDays: [...days.values()].map(toOpeningDayDto),
    rooms: rooms.filter((r) => r.kind === 'room'),
    tools: rooms.filter((r) => r.kind === 'tool'),
  }
}

export async function getStation(ctx: AppContext, _principal: Principal, id: number): Promise<Station> {
  const row = await repo.findStation(ctx.db, id)
  if (!row) throw new AppError('NOT_FOUND')
  return stationDetail(ctx.db, row, ctx.now().getTime(), false)
}

/** Why the caller cannot book at all right now, or null. */
async function bookingBlocker(db: Queryable, principal: Principal, room: repo.RoomRow, now: Date): Promise<AppError | null> {
  if (!room.active) return new AppError('BOOKING_ROOM_UNAVAILABLE')
  const suspension = await repo.activeSuspension(db, principal.userId, now)
  if (suspension) {
    const until = toApiInstant(suspension.endsAt).slice(0, 10)
    return new AppError('BOOKING_SUSPENDED', { message: `因多次预约未到，您的预约权限暂停至${until}` })
  }
  return null
}

/** A room's week: seven days of slots with their states for the caller, the room and its rules. */
export async function getRoomWeek(ctx: AppContext, principal: Principal, roomId: number, date?: string): Promise<RoomWeek> {
  const found = await repo.findRoomWithStation(ctx.db, roomId)
  if (!found) throw new AppError('NOT_FOUND')
  const { room, station } = found
  const now = ctx.now()
  const weekStart = weekStartOf(date ?? chinaDay(now.getTime()))
  const weekEnd = addDays(weekStart, 6)
  const from = new Date(dayStart(weekStart))
  const to = new Date(dayStart(weekEnd) + DAY_MS)
  const [days, closures, holds, blocker] = await Promise.all([
    openingDays(ctx.db, station.weeklyHours, weekStart, weekEnd),
    repo.closuresOverlapping(ctx.db, room.id, from, to),
    repo.holdsOverlapping(ctx.db, room.id, from, to),
    bookingBlocker(ctx.db, principal, room, now),
  ])
  const closureIntervals = closures.map((c) => ({ start: c.startsAt.getTime(), end: c.endsAt.getTime(), reason: c.reason }))
  const gridHolds = holds.map((h) => ({ start: h.startsAt.getTime(), end: h.endsAt.getTime(), blockedUntil: h.blockedUntil.getTime(), mine: h.bookerUserId === principal.userId }))
  const rules = rulesOf(room)
  const gridDays: GridDay[] = [...days.values()].map((day) => {
    const slots = daySlots(day, { kind: room.kind, rules, now: now.getTime(), closures: closureIntervals, holds: gridHolds, active: room.active })
    const dayInterval = { start: dayStart(day.date), end: dayStart(day.date) + DAY_MS }
    const closure = closureIntervals.find((c) => c.start < dayInterval.end && dayInterval.start < c.end)
    return {
      ...toOpeningDayDto(day),
      slots: slots.map((s) => ({ startsAt: toApiInstant(s.start), endsAt: toApiInstant(s.end), state: s.state })),
      closure: closure?.reason ?? null,
    }
  })
  return { room: await toRoom(ctx.db, room), stationName: station.name, weekStart, days: gridDays, canBook: blocker === null, cannotBookReason: blocker?.message ?? null }
}

/* ----------------------------------------------------------------- bookings */

function toBooking(ctx: AppContext, view: NonNullable<repo.BookingView>, principal: Principal, now: number): Booking {
  const { booking: b, room, station } = view
  const isBooker = b.bookerUserId === principal.userId
  const isStaff = principal.isStaffOf(b.communityId)
  const rules = rulesOf(room)
  const start = b.startsAt.getTime()
  return {
    id: b.id,
    communityId: b.communityId,
    room: { id: room.id, name: room.name, kind: room.kind },
    station: { id: station.id, name: station.name, address: station.address, phone: station.phone },
    startsAt: toApiInstant(b.startsAt),
    endsAt: toApiInstant(b.endsAt),
    purpose: b.purpose,
    attendees: b.attendees,
    isPublic: b.isPublic,
    status: b.status,
    phase: eventPhase({ startsAt: b.startsAt, endsAt: b.endsAt, cancelled: b.status === 'cancelled' || b.status === 'rejected' }, new Date(now)),
    bookerName: isBooker ? view.bookerName : nameForOthers({ name: view.bookerName, birthYear: view.bookerBirthYear }, new Date(now)),
    bookerPhone: isBooker || isStaff ? ctx.personalData.openPhone(view.bookerPhoneCipher) : null,
    rejectReason: b.rejectReason,
    cancelReason: b.cancelReason,
    checkedInAt: b.checkedInAt ? toApiInstant(b.checkedInAt) : null,
    cancelDeadline: toApiInstant(cancelDeadline({ status: b.status, startsAt: start }, rules)),
    createdAt: toApiInstant(b.createdAt),
    // Staff actions are offered only on bookings that are not their own household's (separation of duties).
    actions: bookingActions({ status: b.status, kind: room.kind, startsAt: start, endsAt: b.endsAt.getTime() }, rules, { isBooker, isStaff: isStaff && !principal.isSelfDealing(bookerParty(view)) }, now),
  }
}

/** Whose a booking is: the booker's account, person and household. */
const bookerParty = (view: NonNullable<repo.BookingView>) => ({ userId: view.booking.bookerUserId, personId: view.bookerPersonId, householdId: view.bookerHouseholdId })

/** A booking as its booker or the community's staff see it; anyone else is told it does not exist. */
async function visibleBooking(db: Queryable, principal: Principal, id: number) {
  const view = await repo.findBookingView(db, id)
  if (!view || (view.booking.bookerUserId !== principal.userId && !principal.isStaffOf(view.booking.communityId))) throw new AppError('NOT_FOUND')
  return view
}

/** Logs the bookers whose phone numbers these views show to a staff member other than the booker (预约登记). */
async function logBookerPhonesSeen(ctx: AppContext, principal: Principal, views: NonNullable<repo.BookingView>[]) {
  const subjectPersonIds = views
    .filter((v) => v.booking.bookerUserId !== principal.userId && principal.isStaffOf(v.booking.communityId) && v.bookerPhoneCipher !== null && v.bookerPersonId !== null)
    .map((v) => v.bookerPersonId!)
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds, purpose: 'booking_desk', at: ctx.now() })
}

export async function getBooking(ctx: AppContext, principal: Principal, id: number): Promise<Booking> {
  const view = await visibleBooking(ctx.db, principal, id)
  await logBookerPhonesSeen(ctx, principal, [view])
  return toBooking(ctx, view, principal, ctx.now().getTime())
}

/**
 * Books a room or tool. The rules are checked first without locks; then, in one transaction, the room row is
 * locked so that bookers of this room (and staff closing it) go one at a time, closures, the overlap and the
 * person's quota are checked again and the booking is inserted. The EXCLUDE constraint stays as the safety net
 * (23P01 → BOOKING_CONFLICT).
 */
export async function createBooking(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateBookingRequest>): Promise<Booking> {
  const found = await repo.findRoomWithStation(ctx.db, input.roomId)
  if (!found) throw new AppError('NOT_FOUND')
  const { room, station } = found
  const now = ctx.now()
  const blocker = await bookingBlocker(ctx.db, principal, room, now)
  if (blocker) throw blocker

  const start = Date.parse(input.startsAt)
  const end = Date.parse(input.endsAt)
  const rules = rulesOf(room)
  // The days the request touches (a nonsense range is cut short: its duration is refused anyway).
  const firstDay = chinaDay(start)
  const lastDay = end > start ? chinaDay(Math.min(end - 1, start + 15 * DAY_MS)) : firstDay
  const [days, closures] = await Promise.all([
    openingDays(ctx.db, station.weeklyHours, firstDay, lastDay),
    repo.closuresOverlapping(ctx.db, room.id, new Date(start), new Date(Math.max(start, end))),
  ])
  const violation = bookingRuleViolation(
    { start, end, attendees: input.attendees },
    { kind: room.kind, rules, capacity: room.capacity, now: now.getTime(), days, closures: closures.map((c) => ({ start: c.startsAt.getTime(), end: c.endsAt.getTime() })) },
  )
  if (violation) throw new AppError(violation)

  const held = heldInterval(start, end, rules)
  // Most losers of a rush for one slot stop here, seeing the winner's hold, without queueing for the room lock.
  if ((await repo.holdsOverlapping(ctx.db, room.id, new Date(held.start), new Date(held.end))).length) throw new AppError('BOOKING_CONFLICT')

  let id: number
  try {
    id = await ctx.db.transaction(async (tx) => {
      const locked = await repo.lockRoom(tx, room.id)
      if (!locked?.active) throw new AppError('BOOKING_ROOM_UNAVAILABLE')
      // A closure made since the rules were checked (it took the room lock, cancelled what existed, committed).
      if ((await repo.closuresOverlapping(tx, room.id, new Date(start), new Date(end))).length) throw new AppError('BOOKING_ROOM_CLOSED')
      const lockedHeld = heldInterval(start, end, locked)
      if ((await repo.holdsOverlapping(tx, room.id, new Date(lockedHeld.start), new Date(lockedHeld.end))).length) throw new AppError('BOOKING_CONFLICT')
      if ((await repo.countActiveBookings(tx, room.id, principal.userId, now)) >= locked.maxActivePerPerson) throw new AppError('BOOKING_QUOTA_EXCEEDED')
      const row = await repo.insertBooking(tx, {
        communityId: room.communityId,
        roomId: room.id,
        bookerUserId: principal.userId,
        startsAt: new Date(start),
        endsAt: new Date(end),
        blockedUntil: new Date(lockedHeld.end),
        purpose: input.purpose,
        attendees: input.attendees,
        isPublic: input.isPublic,
        status: locked.requiresApproval ? 'pending' : 'confirmed',
        createdAt: now,
      })
      return row.id
    })
  } catch (err) {
    if (sqlState(err) === '23P01') throw new AppError('BOOKING_CONFLICT', { cause: err })
    throw err
  }
  return getBooking(ctx, principal, id)
}

/** Bookings start between 1970 and 2099 (the contract's instants): a cursor outside is tampered with. */
const BOOKING_CURSOR_RANGE = { earliest: 0, latest: Date.UTC(2100, 0, 1) - 1 }

export async function listMyBookings(ctx: AppContext, principal: Principal, query: { scope: 'upcoming' | 'past'; cursor?: string; limit: number }): Promise<BookingPage> {
  const now = ctx.now()
  const rows = await repo.listBookingsOfUser(ctx.db, principal.userId, query.scope, now, decodeStartCursor(query.cursor, BOOKING_CURSOR_RANGE), query.limit)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map((v) => toBooking(ctx, v, principal, now.getTime())),
    nextCursor: rows.length > query.limit && last ? encodeStartCursor(last.booking) : null,
  }
}

/**
 * One move of a booking: lock its row, check that the action is allowed to this caller now (the same rules
 * that produce `actions`), update it conditionally, and return the new view.
 */
async function moveBooking(
  ctx: AppContext,
  principal: Principal,
  id: number,
  action: Booking['actions'][number],
  set: (now: Date) => Partial<repo.BookingRow>,
  refusal: (b: repo.BookingRow, now: number) => AppError = () => new AppError('BOOKING_STATE_CONFLICT'),
): Promise<Booking> {
  const now = ctx.now()
  const staffAction = action !== 'cancel' && action !== 'check_in'
  await ctx.db.transaction(async (tx) => {
    // Staff of another community are told so (as everywhere); anyone else learns nothing about the booking.
    const view = staffAction ? await repo.findBookingView(tx, id) : await visibleBooking(tx, principal, id)
    if (!view) throw new AppError('NOT_FOUND')
    if (staffAction) {
      principal.assertStaffOf(view.booking.communityId)
      principal.assertNotSelfDealing(bookerParty(view))
    }
    const booking = await repo.lockBooking(tx, id)
    if (!booking) throw new AppError('NOT_FOUND')
    const allowed = bookingActions(
      { status: booking.status, kind: view.room.kind, startsAt: booking.startsAt.getTime(), endsAt: booking.endsAt.getTime() },
      rulesOf(view.room),
      { isBooker: booking.bookerUserId === principal.userId, isStaff: principal.isStaffOf(booking.communityId) },
      now.getTime(),
    )
    if (!allowed.includes(action)) throw refusal(booking, now.getTime())
    await repo.moveBooking(tx, id, [booking.status], set(now))
    const outcome = OUTCOME_REMINDED[action]
    if (outcome) await remindBookingOutcome(tx, [id], outcome, now)
  })
  return getBooking(ctx, principal, id)
}

/** The staff decisions the booker is told about by 订阅消息 (their own cancellation and check-ins are not). */
const OUTCOME_REMINDED: Partial<Record<Booking['actions'][number], BookingOutcome>> = { approve: 'approved', reject: 'rejected', staff_cancel: 'cancelled' }

export async function cancelBooking(ctx: AppContext, principal: Principal, id: number, reason: string) {
  return moveBooking(ctx, principal, id, 'cancel', (now) => ({ status: 'cancelled', cancelReason: reason || '预约人取消', cancelledAt: now }), (b, now) =>
    // Staff see others' bookings but cancel them with the staff action, which asks for a reason.
    b.bookerUserId !== principal.userId
      ? new AppError('FORBIDDEN')
      : (b.status === 'pending' || b.status === 'confirmed') && now < b.endsAt.getTime()
        ? new AppError('BOOKING_CANCEL_TOO_LATE')
        : new AppError('BOOKING_STATE_CONFLICT'),
  )
}

export async function approveBooking(ctx: AppContext, principal: Principal, id: number) {
  return moveBooking(ctx, principal, id, 'approve', (now) => ({ status: 'confirmed', decidedByUserId: principal.userId, decidedAt: now }))
}

export async function rejectBooking(ctx: AppContext, principal: Principal, id: number, reason: string) {
  return moveBooking(ctx, principal, id, 'reject', (now) => ({ status: 'rejected', rejectReason: reason, decidedByUserId: principal.userId, decidedAt: now }))
}

export async function staffCancelBooking(ctx: AppContext, principal: Principal, id: number, reason: string) {
  return moveBooking(ctx, principal, id, 'staff_cancel', (now) => ({ status: 'cancelled', cancelReason: reason, cancelledAt: now }))
}

export async function staffCheckIn(ctx: AppContext, principal: Principal, id: number) {
  return moveBooking(ctx, principal, id, 'staff_check_in', (now) => ({ status: 'checked_in', checkedInAt: now, checkedInByUserId: principal.userId }), (b, now) =>
    b.status === 'confirmed' && now < b.startsAt.getTime() ? new AppError('CHECK_IN_NOT_OPEN') : new AppError('BOOKING_STATE_CONFLICT'),
  )
}

/**
 * The booker scans the QR code at the room's door: their confirmed booking of that room whose check-in window
 * contains now is checked in. Scanning again returns the same booking (a retry, not an error).
 */
export async function checkInByCode(ctx: AppContext, principal: Principal, code: string): Promise<Booking> {
  const parsed = parseCheckInPayload(code)
  if (!parsed) throw new AppError('CHECK_IN_CODE_INVALID')
  const found = await repo.findRoomWithStation(ctx.db, parsed.roomId)
  if (!found || found.room.checkInCode !== parsed.code) throw new AppError('CHECK_IN_CODE_INVALID')
  const { room } = found
  const now = ctx.now().getTime()
  // Candidates: bookings whose window (at most a day either side) could contain now.
  const candidates = await repo.findCheckInCandidates(ctx.db, room.id, principal.userId, new Date(now - DAY_MS), new Date(now + DAY_MS))
  const windowOf = (b: repo.BookingRow) => checkInWindow(room.kind, b.startsAt.getTime(), room)
  const current = candidates.find((b) => windowOf(b).start <= now && now < Math.max(windowOf(b).end, b.status === 'checked_in' ? b.endsAt.getTime() : 0))
  if (current?.status === 'checked_in') return getBooking(ctx, principal, current.id)
  if (current?.status === 'confirmed') {
    await ctx.db.transaction(async (tx) => {
      const moved = await repo.moveBooking(tx, current.id, ['confirmed'], { status: 'checked_in', checkedInAt: new Date(now), checkedInByUserId: principal.userId })
      // A second scan racing the first finds it checked in: the same answer, not an error.
      if (!moved && (await repo.lockBooking(tx, current.id))?.status !== 'checked_in') throw new AppError('BOOKING_STATE_CONFLICT')
    })
    return getBooking(ctx, principal, current.id)
  }
  const upcoming = candidates.find((b) => b.status === 'confirmed' && now < windowOf(b).start)
  if (upcoming) throw new AppError('CHECK_IN_NOT_OPEN')
  const missed = candidates.find((b) => (b.status === 'confirmed' || b.status === 'no_show') && windowOf(b).end <= now && now < b.endsAt.getTime())
  if (missed) throw new AppError('CHECK_IN_CLOSED')
  throw new AppError('CHECK_IN_NO_BOOKING')
}

/* ----------------------------------------------------------------- staff: bookings */

export async function listStaffBookings(ctx: AppContext, principal: Principal, query: z.output<typeof ZStaffBookingQuery>) {
  const communityId = staffCommunity(principal, query.communityId)
  const now = ctx.now()
  const rows =
    query.view === 'pending'
      ? await repo.listPendingBookings(ctx.db, communityId, query.stationId, now)
      : await (() => {
          const day = query.date ?? chinaDay(now.getTime())
          return repo.listBookingsBetween(ctx.db, communityId, query.stationId, new Date(dayStart(day)), new Date(dayStart(day) + DAY_MS))
        })()
  await logBookerPhonesSeen(ctx, principal, rows)
  return { items: rows.map((v) => toBooking(ctx, v, principal, now.getTime())) }
}

/* ----------------------------------------------------------------- staff: stations, rooms, closures */

/** Station and room pictures: uploads made for that purpose (by any staff member: colleagues share them). */
async function checkPhotos(db: Queryable, ids: number[]) {
  const unique = [...new Set(ids)]
  const found = await uploads.findUploads(db, unique)
  if (found.length !== unique.length || found.some((u) => u.purpose !== 'station_photo')) throw new AppError('PHOTO_NOT_FOUND')
  return unique
}

export async function listStaffStations(ctx: AppContext, principal: Principal, communityId?: number) {
  const id = staffCommunity(principal, communityId)
  const now = ctx.now().getTime()
  const rows = await repo.listStations(ctx.db, id)
  return { items: await Promise.all(rows.map((r) => stationDetail(ctx.db, { station: r.station, communityName: r.communityName }, now, true))) }
}

async function staffStation(ctx: AppContext, principal: Principal, id: number) {
  const row = await repo.findStation(ctx.db, id)
  if (!row) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(row.station.communityId)
  return row
}

export async function createStation(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateStationRequest>) {
  principal.assertStaffOf(input.communityId)
  // Only an admin gets here for a community that does not exist (staff hold grants of real ones).
  if (!(await communityExists(ctx.db, input.communityId))) throw new AppError('COMMUNITY_NOT_FOUND')
  const photoIds = await checkPhotos(ctx.db, input.photoIds)
  const station = await uniqueName(ctx.db.transaction((tx) => repo.insertStation(tx, { ...input, photoIds, createdAt: ctx.now() })), STATION_NAME_TAKEN)
  return stationDetail(ctx.db, (await repo.findStation(ctx.db, station.id))!, ctx.now().getTime(), true)
}

/** Changes the fields sent (a PATCH); the others keep their value. */
export async function updateStation(ctx: AppContext, principal: Principal, id: number, patch: z.output<typeof ZStationPatch>) {
  await staffStation(ctx, principal, id)
  const values = patch.photoIds === undefined ? patch : { ...patch, photoIds: await checkPhotos(ctx.db, patch.photoIds) }
  if (Object.keys(values).length > 0) await uniqueName(ctx.db.transaction((tx) => repo.updateStation(tx, id, values)), STATION_NAME_TAKEN)
  return stationDetail(ctx.db, (await repo.findStation(ctx.db, id))!, ctx.now().getTime(), true)
}

function roomValues(input: z.output<typeof ZRoomFields>) {
  const { rules, ...fields } = input
  if (rules.minDurationMinutes > rules.maxDurationMinutes) throw ruleError('rules.maxDurationMinutes', '最长时长不能短于最短时长')
  if (rules.minDurationMinutes % rules.slotMinutes || rules.maxDurationMinutes % rules.slotMinutes) throw ruleError('rules.minDurationMinutes', '时长应为时段长度的整数倍')
  if ((input.kind === 'tool') !== (rules.slotMinutes === 1440)) throw ruleError('rules.slotMinutes', '共享工具按天预约，场地按30或60分钟的时段预约')
  return { ...fields, ...rules }
}

function ruleError(path: string, message: string) {
  return new AppError('VALIDATION_FAILED', { message: `提交的内容有误：${message}`, details: [{ path: `body.${path}`, message }] })
}

const STATION_NAME_TAKEN = '本社区已有同名的阵地'
const ROOM_NAME_TAKEN = '这个阵地已有同名的场地或工具'

/** A write that may hit the unique name of a station (per community) or room (per station): a form error, not a 500. */
async function uniqueName<T>(write: Promise<T>, message: string): Promise<T> {
  try {
    return await write
  } catch (err) {
    if (sqlState(err) === '23505') throw ruleError('name', message)
    throw err
  }
}

export async function createRoom(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateRoomRequest>) {
  const { station } = await staffStation(ctx, principal, input.stationId)
  const { stationId, ...fields } = input
  const values = roomValues(fields)
  const photoIds = await checkPhotos(ctx.db, values.photoIds)
  const room = await uniqueName(ctx.db.transaction((tx) => repo.insertRoom(tx, { ...values, photoIds, stationId, communityId: station.communityId, createdAt: ctx.now() })), ROOM_NAME_TAKEN)
  return toRoom(ctx.db, room)
}

/**
 * Changes the fields of a room sent (a PATCH; of its rules too, only those sent), checked together with the ones
 * kept. Rules apply to new bookings; existing ones keep the time they hold.
 */
export async function updateRoom(ctx: AppContext, principal: Principal, id: number, patch: z.output<typeof ZRoomPatch>) {
  const found = await repo.findRoomWithStation(ctx.db, id)
  if (!found) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(found.room.communityId)
  const r = found.room
  const { rules: rulesPatch, ...fieldsPatch } = patch
  const current: z.output<typeof ZRoomFields> = {
    kind: r.kind, name: r.name, category: r.category, capacity: r.capacity, facilities: r.facilities, description: r.description, photoIds: r.photoIds, active: r.active,
    rules: {
      slotMinutes: r.slotMinutes as 30 | 60 | 1440, minDurationMinutes: r.minDurationMinutes, maxDurationMinutes: r.maxDurationMinutes, advanceDays: r.advanceDays,
      minNoticeMinutes: r.minNoticeMinutes, requiresApproval: r.requiresApproval, bufferMinutes: r.bufferMinutes, maxActivePerPerson: r.maxActivePerPerson,
      cancelDeadlineMinutes: r.cancelDeadlineMinutes, noShowAfterMinutes: r.noShowAfterMinutes,
    },
  }
  const values = roomValues({ ...current, ...fieldsPatch, rules: { ...current.rules, ...rulesPatch } })
  const photoIds = patch.photoIds === undefined ? values.photoIds : await checkPhotos(ctx.db, values.photoIds)
  const room = await uniqueName(
    ctx.db.transaction(async (tx) => {
      await repo.lockRoom(tx, id)
      return repo.updateRoom(tx, id, { ...values, photoIds })
    }),
    ROOM_NAME_TAKEN,
  )
  return toRoom(ctx.db, room!)
}

async function staffRoom(ctx: AppContext, principal: Principal, id: number) {
  const found = await repo.findRoomWithStation(ctx.db, id)
  if (!found) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(found.room.communityId)
  return found.room
}

export async function getCheckInCode(ctx: AppContext, principal: Principal, roomId: number) {
  const room = await staffRoom(ctx, principal, roomId)
  return { roomId: room.id, code: checkInPayload(room.id, room.checkInCode) }
}

function toClosure(c: typeof import('../../db/schema').roomClosures.$inferSelect): Closure {
  return { id: c.id, roomId: c.roomId, startsAt: toApiInstant(c.startsAt), endsAt: toApiInstant(c.endsAt), reason: c.reason }
}

export async function listClosures(ctx: AppContext, principal: Principal, roomId: number) {
  await staffRoom(ctx, principal, roomId)
  return { items: (await repo.listUpcomingClosures(ctx.db, roomId, ctx.now())).map(toClosure) }
}

/**
 * Closes a room for a while. Bookings inside the closure are cancelled in the same transaction (under the room
 * lock, so none can slip in between), with the closure's reason; the answer says how many.
 */
export async function createClosure(ctx: AppContext, principal: Principal, roomId: number, input: z.output<typeof ZCreateClosureRequest>) {
  const room = await staffRoom(ctx, principal, roomId)
  const from = new Date(input.startsAt)
  const to = new Date(input.endsAt)
  if (to <= from) throw ruleError('endsAt', '结束时间应晚于开始时间')
  const now = ctx.now()
  return ctx.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId)
    const closure = await repo.insertClosure(tx, { communityId: room.communityId, roomId, startsAt: from, endsAt: to, reason: input.reason, createdByUserId: principal.userId, createdAt: now })
    const cancelled = await repo.cancelBookingsOverlapping(tx, roomId, from, to, `场地临时关闭：${input.reason}`, now)
    await remindBookingOutcome(tx, cancelled, 'cancelled', now)
    return { ...toClosure(closure), cancelledBookings: cancelled.length }
  })
}

export async function deleteClosure(ctx: AppContext, principal: Principal, id: number) {
  const closure = await repo.findClosure(ctx.db, id)
  if (!closure) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(closure.communityId)
  await repo.deleteClosure(ctx.db, id)
}

/** Bookings waiting for staff approval in a community (the 工作台's count). */
export function countBookingsToApprove(db: Queryable, communityId: number, now: Date): Promise<number> {
  return repo.countPendingBookings(db, communityId, now)
}

/* ----------------------------------------------------------------- sweeps */

/**
 * Records 爽约 for confirmed bookings whose check-in window has closed and, when a person reaches the limit
 * within the window, suspends their booking rights. Safe on any number of instances: rows are claimed with
 * SKIP LOCKED, the bookers' rows are locked (in id order) while their no-shows are counted, the status move is
 * conditional, and a suspension is keyed to the booking that triggered it.
 */
export async function markNoShows(db: Db, now: Date): Promise<number> {
  return sweepInBatches(db, 50, async (tx, size) => {
    const rows = await repo.lockMissedCheckIns(tx, now, size)
    await lockAccounts(tx, [...new Set(rows.map((r) => r.bookerUserId))])
    for (const r of rows) {
      const moved = await repo.moveBooking(tx, r.id, ['confirmed'], { status: 'no_show', noShowAt: now })
      if (!moved) continue
      if (await repo.activeSuspension(tx, r.bookerUserId, now)) continue
      const windowStart = new Date(now.getTime() - NO_SHOW_WINDOW_DAYS * DAY_MS)
      const lastSuspension = await repo.latestSuspensionStart(tx, r.bookerUserId)
      const since = lastSuspension && lastSuspension > windowStart ? lastSuspension : new Date(windowStart.getTime() - 1)
      const suspension = suspensionFor(await repo.countNoShowsSince(tx, r.bookerUserId, since), now.getTime())
      if (suspension) {
        await repo.insertSuspension(tx, { communityId: r.communityId, userId: r.bookerUserId, startsAt: new Date(suspension.start), endsAt: new Date(suspension.end), triggerBookingId: r.id, createdAt: now })
      }
    }
    return rows.length
  })
}

/** Pending bookings still undecided when they begin are cancelled: the time is not kept for nobody. */
export async function cancelUndecidedBookings(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await repo.lockUndecidedBookings(tx, now, 500)
    for (const r of rows) await repo.moveBooking(tx, r.id, ['pending'], { status: 'cancelled', cancelReason: '开始前未获审核，已自动取消', cancelledAt: now })
    await remindBookingOutcome(tx, rows.map((r) => r.id), 'cancelled', now)
    return rows.length
  })
}

/* ----------------------------------------------------------------- 活动预告 */

/** Confirmed public bookings of a month, for the station event calendar. */
export async function publicBookingsBetween(db: Queryable, communityId: number, stationId: number | undefined, from: Date, to: Date) {
  return repo.listPublicBookings(db, communityId, stationId, from, to)
}
