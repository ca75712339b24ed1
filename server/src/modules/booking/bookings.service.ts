import type { Booking, BookingPage } from '../../../../types/api/booking'
import type { z } from 'zod'
import type { ZCreateBookingRequest, ZStaffBookingQuery } from '../../../../types/api/booking'
import { chinaDate, chinaDayStartMs, DAY_MS, toApiInstant } from '../../../../types/time'
import type { AppContext, RequestContext } from '../../context'
import type { Queryable } from '../../db/client'
import { AppError } from '../../http/app-error'
import { type AuditAction, recordAudit } from '../audit/audit.service'
import { idKey, instantKey, keysetCursor, pageOf } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { openingCalendar } from '../org/calendar.service'
import { recordPersonalDataAccess } from '../privacy/access-log'
import { staffCommunity } from '../points/points.api'
import type { BookingOutcome } from '../reminders/reminders.domain'
import { remindBookingOutcome } from '../reminders/reminders.service'
import { bookingActions, bookingRuleViolation, checkInWindow, heldInterval, parseCheckInPayload } from './booking.domain'
import { bookerParty, rulesOf, toBooking } from './booking.mapper'
import * as repo from './booking.repository'

/* A booking's life: booking a room or tool, the booker's and staff's moves on it, check-in, the lists of bookings. */

/** Why the caller cannot book at all right now, or null: the room is out of use, or they are suspended until then. */
export function bookingBlocker(room: repo.RoomRow, suspendedUntil: Date | null): AppError | null {
  if (!room.active) return new AppError('BOOKING_ROOM_UNAVAILABLE')
  if (suspendedUntil) {
    const until = toApiInstant(suspendedUntil).slice(0, 10)
    return new AppError('BOOKING_SUSPENDED', { message: `因多次预约未到，您的预约权限暂停至${until}` })
  }
  return null
}

/** A booking as its booker or the community's staff see it; anyone else is told it does not exist. */
async function visibleBooking(db: Queryable, principal: Principal, id: number) {
  const view = await repo.findBookingView(db, id)
  if (!view || (view.booking.bookerUserId !== principal.userId && !principal.isStaffOf(view.booking.communityId))) throw new AppError('NOT_FOUND')
  return view
}

/** Logs the bookers whose phone numbers these views show to a staff member other than the booker (预约登记). */
async function logBookerPhonesSeen(ctx: RequestContext, principal: Principal, views: repo.BookingView[]) {
  const subjectPersonIds = views
    .filter((v) => v.booking.bookerUserId !== principal.userId && principal.isStaffOf(v.booking.communityId) && v.bookerPhoneCipher !== null && v.bookerPersonId !== null)
    .map((v) => v.bookerPersonId!)
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds, purpose: 'booking_desk', at: ctx.now(), route: ctx.route })
}

export async function getBooking(ctx: RequestContext, principal: Principal, id: number): Promise<Booking> {
  const view = await visibleBooking(ctx.db, principal, id)
  await logBookerPhonesSeen(ctx, principal, [view])
  return toBooking(view, principal, ctx.now().getTime(), ctx.personalData)
}

/**
 * Books a room or tool. The rules are checked first without locks; then, in one transaction, the room row is
 * locked so that bookers of this room (and staff closing it) go one at a time, closures, the overlap and the
 * person's quota are checked again and the booking is inserted. The EXCLUDE constraint stays as the safety net
 * (the repository answers BOOKING_CONFLICT when it refuses).
 */
export async function createBooking(ctx: RequestContext, principal: Principal, input: z.output<typeof ZCreateBookingRequest>): Promise<Booking> {
  const now = ctx.now()
  const start = Date.parse(input.startsAt)
  const end = Date.parse(input.endsAt)
  // The days the request touches (a nonsense range is cut short: its duration is refused anyway).
  const firstDay = chinaDate(start)
  const lastDay = end > start ? chinaDate(Math.min(end - 1, start + 15 * DAY_MS)) : firstDay
  const [checks, openingDays] = await Promise.all([
    repo.bookingChecks(ctx.db, { roomId: input.roomId, userId: principal.userId, now, start: new Date(start), end: new Date(end) }),
    openingCalendar(ctx.db, firstDay, lastDay),
  ])
  if (!checks) throw new AppError('NOT_FOUND')
  const { room, station } = checks
  const blocker = bookingBlocker(room, checks.suspendedUntil)
  if (blocker) throw blocker
  const violation = bookingRuleViolation(
    { start, end, attendees: input.attendees },
    { kind: room.kind, rules: rulesOf(room), capacity: room.capacity, now: now.getTime(), days: openingDays(station.weeklyHours), closures: checks.closures },
  )
  if (violation) throw new AppError(violation)
  // Most losers of a rush for one slot stop here, seeing the winner's hold, without queueing for the room lock.
  if (checks.held) throw new AppError('BOOKING_CONFLICT')

  const id = await ctx.db.transaction(async (tx) => {
    const locked = await repo.lockRoom(tx, room.id)
    if (!locked?.active) throw new AppError('BOOKING_ROOM_UNAVAILABLE')
    const lockedHeld = heldInterval(start, end, locked)
    const since = await repo.lockedBookingChecks(tx, { roomId: room.id, userId: principal.userId, now, start: new Date(start), end: new Date(end), heldEnd: new Date(lockedHeld.end) })
    // A closure made since the rules were checked (it took the room lock, cancelled what existed, committed).
    if (since.closed) throw new AppError('BOOKING_ROOM_CLOSED')
    if (since.held) throw new AppError('BOOKING_CONFLICT')
    if (since.active >= locked.maxActivePerPerson) throw new AppError('BOOKING_QUOTA_EXCEEDED')
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
  return getBooking(ctx, principal, id)
}

/** My bookings page by (start, id); they start between 1970 and 2099 (the contract's instants): a cursor outside is tampered with. */
const BOOKING_CURSOR = keysetCursor(instantKey({ earliest: 0, latest: Date.UTC(2100, 0, 1) - 1 }), idKey)

export async function listMyBookings(ctx: AppContext, principal: Principal, query: { scope: 'upcoming' | 'past'; cursor?: string; limit: number }): Promise<BookingPage> {
  const now = ctx.now()
  const after = BOOKING_CURSOR.decode(query.cursor)
  const fetched = await repo.listBookingsOfUser(ctx.db, principal.userId, query.scope, now, after && { startsAt: after[0], id: after[1] }, query.limit)
  const { rows, nextCursor } = pageOf(fetched, query.limit, (v) => BOOKING_CURSOR.encode(v.booking.startsAt, v.booking.id))
  return { items: rows.map((v) => toBooking(v, principal, now.getTime(), ctx.personalData)), nextCursor }
}

/**
 * One move of a booking: lock its row, check that the action is allowed to this caller now (the same rules
 * that produce `actions`), update it conditionally, and return the new view.
 */
async function moveBooking(
  ctx: RequestContext,
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
    const changes = set(now)
    await repo.moveBooking(tx, id, [booking.status], changes)
    const audited = STAFF_AUDIT[action]
    if (audited) {
      const reason = changes.rejectReason ?? changes.cancelReason
      const detail = { room: view.room.name, station: view.station.name, startsAt: booking.startsAt.toISOString(), ...(reason ? { reason } : {}) }
      await recordAudit(tx, { actorUserId: principal.userId, action: audited, communityId: booking.communityId, subjectType: 'booking', subjectId: id, detail, at: now })
    }
    const outcome = OUTCOME_REMINDED[action]
    if (outcome) await remindBookingOutcome(tx, [id], outcome, now)
  })
  return getBooking(ctx, principal, id)
}

/** The staff moves that go into the audit trail. */
const STAFF_AUDIT: Partial<Record<Booking['actions'][number], AuditAction>> = { approve: 'booking.approve', reject: 'booking.reject', staff_cancel: 'booking.cancel', staff_check_in: 'booking.check_in' }

/** The staff decisions the booker is told about by 订阅消息 (their own cancellation and check-ins are not). */
const OUTCOME_REMINDED: Partial<Record<Booking['actions'][number], BookingOutcome>> = { approve: 'approved', reject: 'rejected', staff_cancel: 'cancelled' }

export async function cancelBooking(ctx: RequestContext, principal: Principal, id: number, reason: string) {
  return moveBooking(ctx, principal, id, 'cancel', (now) => ({ status: 'cancelled', cancelReason: reason || '预约人取消', cancelledAt: now }), (b, now) =>
    // Staff see others' bookings but cancel them with the staff action, which asks for a reason.
    b.bookerUserId !== principal.userId
      ? new AppError('FORBIDDEN')
      : (b.status === 'pending' || b.status === 'confirmed') && now < b.endsAt.getTime()
        ? new AppError('BOOKING_CANCEL_TOO_LATE')
        : new AppError('BOOKING_STATE_CONFLICT'),
  )
}

export async function approveBooking(ctx: RequestContext, principal: Principal, id: number) {
  return moveBooking(ctx, principal, id, 'approve', (now) => ({ status: 'confirmed', decidedByUserId: principal.userId, decidedAt: now }))
}

export async function rejectBooking(ctx: RequestContext, principal: Principal, id: number, reason: string) {
  return moveBooking(ctx, principal, id, 'reject', (now) => ({ status: 'rejected', rejectReason: reason, decidedByUserId: principal.userId, decidedAt: now }))
}

export async function staffCancelBooking(ctx: RequestContext, principal: Principal, id: number, reason: string) {
  return moveBooking(ctx, principal, id, 'staff_cancel', (now) => ({ status: 'cancelled', cancelReason: reason, cancelledAt: now }))
}

export async function staffCheckIn(ctx: RequestContext, principal: Principal, id: number) {
  return moveBooking(ctx, principal, id, 'staff_check_in', (now) => ({ status: 'checked_in', checkedInAt: now, checkedInByUserId: principal.userId }), (b, now) =>
    b.status === 'confirmed' && now < b.startsAt.getTime() ? new AppError('CHECK_IN_NOT_OPEN') : new AppError('BOOKING_STATE_CONFLICT'),
  )
}

/**
 * The booker scans the QR code at the room's door: their confirmed booking of that room whose check-in window
 * contains now is checked in. Scanning again returns the same booking (a retry, not an error).
 */
export async function checkInByCode(ctx: RequestContext, principal: Principal, code: string): Promise<Booking> {
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

export async function listStaffBookings(ctx: RequestContext, principal: Principal, query: z.output<typeof ZStaffBookingQuery>) {
  const communityId = staffCommunity(principal, query.communityId)
  const now = ctx.now()
  const rows =
    query.view === 'pending'
      ? await repo.listPendingBookings(ctx.db, communityId, query.stationId, now)
      : await (() => {
          const day = query.date ?? chinaDate(now)
          return repo.listBookingsBetween(ctx.db, communityId, query.stationId, new Date(chinaDayStartMs(day)), new Date(chinaDayStartMs(day) + DAY_MS))
        })()
  await logBookerPhonesSeen(ctx, principal, rows)
  return { items: rows.map((v) => toBooking(v, principal, now.getTime(), ctx.personalData)) }
}

/** Bookings waiting for staff approval in a community (the 工作台's count). */
export function countBookingsToApprove(db: Queryable, communityId: number, now: Date): Promise<number> {
  return repo.countPendingBookings(db, communityId, now)
}

/** Confirmed public bookings of a month, for the station event calendar (活动预告). */
export async function publicBookingsBetween(db: Queryable, communityId: number, stationId: number | undefined, from: Date, to: Date) {
  return repo.listPublicBookings(db, communityId, stationId, from, to)
}
