import { NO_SHOW_POLICY, type BookingAction, type BookingStatus, type ResourceKind, type SlotReason, type SlotState } from '../../../../types/api/labels'
import type { ErrorCode } from '../../../../types/api/errors'
import type { RoomRules } from '../../../../types/api/booking'
import { addDays, chinaDate, chinaDayStartMs, DAY_MS, isoWeekday, MINUTE_MS } from '../../../../types/time'
import type { OpeningDay } from '../org/org.domain'

/*
 * Slot arithmetic, pure. Instants are epoch milliseconds; days are YYYY-MM-DD in China time (types/time.ts);
 * a station's opening days come from the org module's calendar.
 */

/** 爽约 policy (types/api/labels.ts NO_SHOW_POLICY): no-shows within the window that suspend booking, and for how long. */
export const NO_SHOW_LIMIT = NO_SHOW_POLICY.limit
export const NO_SHOW_WINDOW_DAYS = NO_SHOW_POLICY.windowDays
export const SUSPENSION_DAYS = NO_SHOW_POLICY.suspensionDays
/** Check-in opens this long before a room booking starts. */
export const CHECK_IN_EARLY_MINUTES = 15

/** Statuses that hold the room's time (the EXCLUDE constraint covers exactly these). */
export const HOLDING_STATUSES = ['pending', 'confirmed', 'checked_in'] as const satisfies readonly BookingStatus[]

export type Interval = { start: number; end: number }

/** The Monday of the week a day is in. */
export function weekStartOf(day: string): string {
  return addDays(day, 1 - isoWeekday(day))
}

/** Minutes since China midnight. */
export function minuteOfDay(instant: number): number {
  return (instant - chinaDayStartMs(chinaDate(instant))) / MINUTE_MS
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end
}

/** The rules and facts a booking request is judged against. */
export type BookingContext = {
  kind: ResourceKind
  rules: RoomRules
  capacity: number
  now: number
  /** Opening days covering the request (looked up by date). */
  days: Map<string, OpeningDay>
  closures: Interval[]
}

/**
 * Why a booking request breaks the room's rules, or null when it keeps them. Conflicts with other bookings and
 * per-person quotas need the database and are checked by the service under the room lock.
 */
export function bookingRuleViolation(request: Interval & { attendees: number }, c: BookingContext): ErrorCode | null {
  const { rules, now } = c
  const { start, end } = request
  if (end <= start) return 'BOOKING_DURATION_INVALID'
  // A room's time must be ahead; a tool's first day may be today.
  if (start < (c.kind === 'room' ? now : chinaDayStartMs(chinaDate(now)))) return 'BOOKING_IN_PAST'
  const slot = rules.slotMinutes * MINUTE_MS
  if ((start - chinaDayStartMs(chinaDate(start))) % slot !== 0 || (end - chinaDayStartMs(chinaDate(end))) % slot !== 0) return 'BOOKING_SLOT_MISALIGNED'
  const minutes = (end - start) / MINUTE_MS
  if (minutes < rules.minDurationMinutes || minutes > rules.maxDurationMinutes) return 'BOOKING_DURATION_INVALID'
  const firstDay = chinaDate(start)
  if (firstDay > addDays(chinaDate(now), rules.advanceDays)) return 'BOOKING_TOO_FAR_AHEAD'
  const opening = c.days.get(firstDay)
  if (c.kind === 'room') {
    if (start < now + rules.minNoticeMinutes * MINUTE_MS) return 'BOOKING_TOO_SOON'
    // A room booking lies inside one opening window (it cannot run through the lunch closure).
    if (!opening?.windows.some((w) => w.start <= start && end <= w.end)) return 'BOOKING_OUTSIDE_HOURS'
  } else {
    // A tool is picked up on the first day and brought back on the last: the station must be open on both.
    const lastDay = c.days.get(chinaDate(end - 1))
    if (!opening?.windows.length || !lastDay?.windows.length) return 'BOOKING_OUTSIDE_HOURS'
    if (!pickupStillPossible(opening, now, rules)) return 'BOOKING_TOO_SOON'
  }
  if (c.closures.some((cl) => overlaps(cl, request))) return 'BOOKING_ROOM_CLOSED'
  if (request.attendees > c.capacity) return 'BOOKING_CAPACITY_EXCEEDED'
  return null
}

/** A tool booked for a day can still be picked up if the station stays open past now + the notice. */
function pickupStillPossible(day: OpeningDay, now: number, rules: RoomRules): boolean {
  const lastClose = Math.max(...day.windows.map((w) => w.end))
  return lastClose > now + rules.minNoticeMinutes * MINUTE_MS
}

/** The time a booking holds: its period plus the room's buffer after it. */
export function heldInterval(start: number, end: number, rules: Pick<RoomRules, 'bufferMinutes'>): Interval {
  return { start, end: end + rules.bufferMinutes * MINUTE_MS }
}

export type GridBooking = Interval & { blockedUntil: number; mine: boolean }
export type GridSlot = Interval & { state: SlotState; reason: SlotReason | null }

/** The state a cell shows for each reason it cannot be booked. */
const STATE_OF_REASON: Record<SlotReason, SlotState> = { mine: 'mine', past: 'past', notice: 'closed', inactive: 'closed', too_far: 'closed', closure: 'closed', booked: 'taken' }

/**
 * The bookable cells of one day for a room (slots inside opening windows) or a tool (the whole day). A week grid
 * judges a hundred or more cells per request, so this runs on plain numbers in loops: no object per comparison.
 */
export function daySlots(day: OpeningDay, c: Omit<BookingContext, 'days' | 'capacity'> & { holds: GridBooking[]; active: boolean }): GridSlot[] {
  const slots: GridSlot[] = []
  const lastBookableDay = addDays(chinaDate(c.now), c.rules.advanceDays)
  const add = (start: number, end: number) => {
    const reason = cellReason(start, end, day, c, lastBookableDay)
    slots.push({ start, end, state: reason === null ? 'free' : STATE_OF_REASON[reason], reason })
  }
  const dayStart = chinaDayStartMs(day.date)
  if (c.kind === 'tool') {
    if (day.windows.length) add(dayStart, dayStart + DAY_MS)
  } else {
    const slot = c.rules.slotMinutes * MINUTE_MS
    for (const w of day.windows) {
      for (let s = dayStart + Math.ceil((w.start - dayStart) / slot) * slot; s + slot <= w.end; s += slot) add(s, s + slot)
    }
  }
  return slots
}

/** Why a cell cannot be booked (null: it can), in the order a resident would want to be told. */
function cellReason(start: number, end: number, day: OpeningDay, c: Parameters<typeof daySlots>[1], lastBookableDay: string): SlotReason | null {
  const { rules, now, holds, closures } = c
  for (const h of holds) if (h.mine && h.start < end && start < h.end) return 'mine'
  // A room's cell has gone once it has begun; a tool's day once it is over (it may still be picked up today).
  if (c.kind === 'room' ? start < now : end <= now) return 'past'
  if (c.kind === 'room' && start < now + rules.minNoticeMinutes * MINUTE_MS) return 'notice'
  if (!c.active) return 'inactive'
  if (day.date > lastBookableDay) return 'too_far'
  // A tool that can no longer be picked up today says so before a closure, as a booking of it is refused.
  if (c.kind === 'tool' && !pickupStillPossible(day, now, rules)) return 'notice'
  for (const cl of closures) if (cl.start < end && start < cl.end) return 'closure'
  // Taken when the cell, with the room's buffer after it, meets a hold up to its blocked-until.
  const heldEnd = heldInterval(start, end, rules).end
  for (const h of holds) if (h.start < heldEnd && start < h.blockedUntil) return 'booked'
  return null
}

/** Until when the booker may cancel on their own: pending bookings until the start, confirmed until the deadline. */
export function cancelDeadline(b: { status: BookingStatus; startsAt: number }, rules: Pick<RoomRules, 'cancelDeadlineMinutes'>): number {
  return b.status === 'pending' ? b.startsAt : b.startsAt - rules.cancelDeadlineMinutes * MINUTE_MS
}

/** When check-in opens and when the booking becomes 爽约: a room around its start, a tool during its first day. */
export function checkInWindow(kind: ResourceKind, startsAt: number, rules: Pick<RoomRules, 'noShowAfterMinutes'>): Interval {
  return kind === 'tool'
    ? { start: startsAt, end: startsAt + DAY_MS }
    : { start: startsAt - CHECK_IN_EARLY_MINUTES * MINUTE_MS, end: startsAt + rules.noShowAfterMinutes * MINUTE_MS }
}

export type BookingViewer = { isBooker: boolean; isStaff: boolean }

/** What the viewer may do with a booking now; the server enforces the same rules on each action. */
export function bookingActions(
  b: { status: BookingStatus; kind: ResourceKind; startsAt: number; endsAt: number },
  rules: Pick<RoomRules, 'cancelDeadlineMinutes' | 'noShowAfterMinutes'>,
  viewer: BookingViewer,
  now: number,
): BookingAction[] {
  const actions: BookingAction[] = []
  const live = b.status === 'pending' || b.status === 'confirmed'
  const window = checkInWindow(b.kind, b.startsAt, rules)
  if (viewer.isBooker) {
    if (live && now < cancelDeadline(b, rules)) actions.push('cancel')
    if (b.status === 'confirmed' && window.start <= now && now < window.end) actions.push('check_in')
  }
  if (viewer.isStaff) {
    // An undecided booking is approved before it begins (the sweep cancels it then); it can be turned down until it ends.
    if (b.status === 'pending' && now < b.startsAt) actions.push('approve')
    if (b.status === 'pending' && now < b.endsAt) actions.push('reject')
    if (b.status === 'confirmed' && window.start <= now && now < b.endsAt) actions.push('staff_check_in')
    if (live && now < b.endsAt) actions.push('staff_cancel')
  }
  return actions
}

/** Whether the latest no-show crosses the threshold: `recentNoShows` counts it and the others in the window. */
export function suspensionFor(recentNoShows: number, noShowAt: number): Interval | null {
  return recentNoShows >= NO_SHOW_LIMIT ? { start: noShowAt, end: noShowAt + SUSPENSION_DAYS * DAY_MS } : null
}

/** The text in a room's door QR code: a fixed prefix, the room and its secret. */
export function checkInPayload(roomId: number, code: string): string {
  return `doorstep:checkin:${roomId}:${code}`
}

export function parseCheckInPayload(text: string): { roomId: number; code: string } | null {
  const m = /^doorstep:checkin:(\d{1,9}):([A-Za-z0-9]{8,64})$/.exec(text.trim())
  return m ? { roomId: Number(m[1]), code: m[2]! } : null
}
