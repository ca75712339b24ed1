import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  bookingActions,
  bookingRuleViolation,
  cancelDeadline,
  CHECK_IN_EARLY_MINUTES,
  checkInPayload,
  checkInWindow,
  daySlots,
  heldInterval,
  minuteOfDay,
  NO_SHOW_LIMIT,
  overlaps,
  parseCheckInPayload,
  suspensionFor,
  SUSPENSION_DAYS,
  weekStartOf,
  type BookingContext,
  type GridBooking,
  type Interval,
} from '../../server/src/modules/booking/booking.domain'
import type { CalendarException } from '../../server/src/modules/org/calendar.domain'
import { dayKindOf, isOpenAt, openingDay, type OpeningDay } from '../../server/src/modules/org/org.domain'
import { addDays, chinaDate, chinaDayStartMs, isoWeekday } from '../../types/time'
import type { WeeklyHours } from '../../server/src/db/schema'
import type { RoomRules } from '../../types/api/booking'
import type { BookingStatus, ResourceKind } from '../../types/api/labels'
import holidayFile from '../fixtures/cn-holidays-2025-2026.json'
import { ROOM_RULES, TOOL_RULES } from '../fixtures/room-rules'

/*
 * 阵地预约's pure arithmetic: China days and weeks, opening days with the official calendar, the rules a
 * request is judged by, the week grid's cells, who may do what when, check-in windows and 爽约 suspensions.
 * Expected values are written out by hand from PRODUCT.md and the State Council's 2026 calendar, not derived
 * from the code under test.
 */

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** An instant written in China time. */
const at = (local: string) => Date.parse(`${local}+08:00`)
/** An interval of one China day, e.g. span('2026-11-18', '14:00', '15:00'). */
const span = (day: string, from: string, to: string): Interval => ({ start: at(`${day}T${from}:00`), end: at(`${day}T${to}:00`) })

/** The 党群服务中心's week (demo seed): 工作日延时服务 until 20:00 with a lunch closure, weekends all day. */
const CENTER: WeeklyHours = [
  ...[1, 2, 3, 4, 5].flatMap((d) => [
    { dayOfWeek: d, opens: '08:30', closes: '11:30' },
    { dayOfWeek: d, opens: '13:30', closes: '20:00' },
  ]),
  ...[6, 7].map((d) => ({ dayOfWeek: d, opens: '09:00', closes: '17:00' })),
]
/** A station open on working days only (no weekend hours): where a tool cannot be picked up at the weekend. */
const WEEKDAYS_ONLY: WeeklyHours = [1, 2, 3, 4, 5].map((d) => ({ dayOfWeek: d, opens: '09:00', closes: '18:00' }))

/** The official 2026 calendar from the data file, as the admin's table holds it. */
const CALENDAR = new Map<string, CalendarException>()
for (const year of Object.values(holidayFile.years)) {
  for (const h of year.holidays) for (const d of h.days) CALENDAR.set(d, { kind: 'holiday', name: h.name })
  for (const d of year.makeupWorkdays) CALENDAR.set(d, { kind: 'workday', name: '调休上班' })
}

/** Tuesday 2026-11-17 10:00 in China, the clock of the server tests. */
const NOW = at('2026-11-17T10:00:00')

function daysOf(weekly: WeeklyHours, from: string, to: string, calendar = CALENDAR): Map<string, OpeningDay> {
  const days = new Map<string, OpeningDay>()
  for (let d = from; d <= to; d = addDays(d, 1)) days.set(d, openingDay(d, weekly, calendar.get(d) ?? null))
  return days
}

function context(over: Partial<BookingContext> = {}): BookingContext {
  return { kind: 'room', rules: ROOM_RULES, capacity: 20, now: NOW, days: daysOf(CENTER, '2026-11-10', '2026-12-10'), closures: [], ...over }
}
const judge = (request: Interval, over: Partial<BookingContext> = {}, attendees = 5) => bookingRuleViolation({ ...request, attendees }, context(over))

/* ================================================================= China days */

describe('China days and weeks', () => {
  it('starts a China day at 16:00 UTC of the day before', () => {
    expect(new Date(chinaDayStartMs('2026-11-17')).toISOString()).toBe('2026-11-16T16:00:00.000Z')
    expect(new Date(chinaDayStartMs('2027-01-01')).toISOString()).toBe('2026-12-31T16:00:00.000Z')
    expect(new Date(chinaDayStartMs('2026-03-01')).toISOString()).toBe('2026-02-28T16:00:00.000Z')
    expect(new Date(chinaDayStartMs('2028-02-29')).toISOString()).toBe('2028-02-28T16:00:00.000Z')
  })

  it('puts 00:00 and 23:59 China time on the China day, whatever the UTC day says', () => {
    // 00:00 on New Year's day in China is still 2026-12-31 in UTC.
    expect(chinaDate(at('2027-01-01T00:00:00'))).toBe('2027-01-01')
    expect(new Date(at('2027-01-01T00:00:00')).toISOString().slice(0, 10)).toBe('2026-12-31')
    expect(chinaDate(at('2026-12-31T23:59:59'))).toBe('2026-12-31')
    expect(chinaDate(at('2027-01-01T00:00:00') - 1)).toBe('2026-12-31')
    // Month ends, and a leap day.
    expect(chinaDate(at('2026-03-01T00:00:00'))).toBe('2026-03-01')
    expect(chinaDate(at('2026-02-28T23:59:00'))).toBe('2026-02-28')
    expect(chinaDate(at('2028-02-29T07:59:00'))).toBe('2028-02-29') // 23:59 UTC of the 28th
    expect(chinaDate(at('2026-11-30T23:59:00'))).toBe('2026-11-30')
    expect(chinaDate(at('2026-12-01T00:00:00'))).toBe('2026-12-01')
  })

  it('counts minutes from China midnight', () => {
    expect(minuteOfDay(at('2026-11-17T00:00:00'))).toBe(0)
    expect(minuteOfDay(at('2026-11-17T23:59:00'))).toBe(1439)
    expect(minuteOfDay(at('2026-11-17T08:30:00'))).toBe(510)
    expect(minuteOfDay(at('1969-12-31T23:30:00'))).toBe(1410) // before the epoch: still in range
  })

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31')
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(addDays('2026-11-17', 14)).toBe('2026-12-01')
    expect(addDays('2026-11-17', 0)).toBe('2026-11-17')
  })

  it('finds the Monday of the week, across month and year ends', () => {
    expect(weekStartOf('2026-11-16')).toBe('2026-11-16') // a Monday is its own week's start
    expect(weekStartOf('2026-11-17')).toBe('2026-11-16')
    expect(weekStartOf('2026-11-22')).toBe('2026-11-16') // Sunday ends the week
    expect(weekStartOf('2026-11-23')).toBe('2026-11-23')
    expect(weekStartOf('2027-01-01')).toBe('2026-12-28') // a Friday: its Monday is last year
    expect(weekStartOf('2027-01-03')).toBe('2026-12-28')
    expect(weekStartOf('2026-03-01')).toBe('2026-02-23') // a Sunday: its Monday is last month
    expect(weekStartOf('2028-03-01')).toBe('2028-02-28')
  })

  it('holds for any instant: the day contains it, and the week starts on a Monday at most six days before', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('1995-01-01T00:00:00'), max: at('2099-12-31T23:59:59') }), (instant) => {
        const day = chinaDate(instant)
        expect(chinaDayStartMs(day)).toBeLessThanOrEqual(instant)
        expect(instant).toBeLessThan(chinaDayStartMs(day) + DAY)
        expect(minuteOfDay(instant)).toBe((instant - chinaDayStartMs(day)) / MIN)
        const monday = weekStartOf(day)
        expect(isoWeekday(monday)).toBe(1)
        const back = (chinaDayStartMs(day) - chinaDayStartMs(monday)) / DAY
        expect(back).toBe(isoWeekday(day) - 1)
        expect(addDays(day, 1) > day).toBe(true)
        expect(addDays(addDays(day, 40), -40)).toBe(day)
      }),
    )
  })
})

/* ================================================================= opening days */

describe('opening days with the official calendar', () => {
  const hours = (d: OpeningDay) => d.windows.map((w) => `${new Date(w.start + 8 * HOUR).toISOString().slice(11, 16)}-${new Date(w.end + 8 * HOUR).toISOString().slice(11, 16)}`)

  it('opens a working day on weekday hours (with the lunch closure) and a weekend all day', () => {
    const tuesday = openingDay('2026-11-17', CENTER, null)
    expect(tuesday).toMatchObject({ date: '2026-11-17', dayKind: 'workday', holidayName: null })
    expect(hours(tuesday)).toEqual(['08:30-11:30', '13:30-20:00'])
    expect(tuesday.windows[0]).toEqual(span('2026-11-17', '08:30', '11:30'))
    const saturday = openingDay('2026-11-21', CENTER, null)
    expect(saturday).toMatchObject({ dayKind: 'weekend', holidayName: null })
    expect(hours(saturday)).toEqual(['09:00-17:00'])
    expect(openingDay('2026-11-21', WEEKDAYS_ONLY, null).windows).toEqual([])
  })

  it('opens 国庆节 (a Thursday) on weekend hours', () => {
    const day = openingDay('2026-10-01', CENTER, CALENDAR.get('2026-10-01')!)
    expect(day).toMatchObject({ dayKind: 'holiday', holidayName: '国庆节' })
    expect(hours(day)).toEqual(['09:00-17:00'])
  })

  it('opens the 调休 Saturday 2026-10-10 and Sunday 2026-09-20 on weekday hours', () => {
    for (const date of ['2026-10-10', '2026-09-20', '2026-02-14']) {
      const day = openingDay(date, CENTER, CALENDAR.get(date)!)
      expect(day, date).toMatchObject({ dayKind: 'makeup_workday', holidayName: '调休上班' })
      expect(hours(day), date).toEqual(['08:30-11:30', '13:30-20:00'])
    }
    // The weekend after it is an ordinary weekend again.
    expect(openingDay('2026-10-11', CENTER, CALENDAR.get('2026-10-11') ?? null)).toMatchObject({ dayKind: 'weekend' })
  })

  it('applies every 2026 holiday and make-up day of the State Council calendar', () => {
    const year = holidayFile.years['2026']
    const holidays = year.holidays.flatMap((h) => h.days.map((d) => [d, h.name] as const))
    expect(holidays).toHaveLength(33)
    for (const [date, name] of holidays) {
      const day = openingDay(date, CENTER, CALENDAR.get(date)!)
      expect(day.dayKind, date).toBe('holiday')
      expect(day.holidayName, date).toBe(name)
      expect(hours(day), date).toEqual(['09:00-17:00'])
    }
    expect(year.makeupWorkdays).toHaveLength(6)
    for (const date of year.makeupWorkdays) {
      expect(isoWeekday(date), date).toBeGreaterThanOrEqual(6) // 调休 days are weekend days made working days
      expect(hours(openingDay(date, CENTER, CALENDAR.get(date)!)), date).toEqual(['08:30-11:30', '13:30-20:00'])
    }
  })

  it('names the kind of a day', () => {
    expect(dayKindOf('2026-11-17', null)).toBe('workday')
    expect(dayKindOf('2026-11-22', null)).toBe('weekend')
    expect(dayKindOf('2026-11-17', { kind: 'holiday', name: '' })).toBe('holiday')
    expect(dayKindOf('2026-11-22', { kind: 'workday', name: '' })).toBe('makeup_workday')
    // An unnamed exception has no name to show.
    expect(openingDay('2026-11-22', CENTER, { kind: 'workday', name: '' }).holidayName).toBeNull()
  })

  it('is open from the opening minute up to, not including, the closing minute', () => {
    const day = openingDay('2026-11-17', CENTER, null)
    expect(isOpenAt(day, at('2026-11-17T08:30:00'))).toBe(true)
    expect(isOpenAt(day, at('2026-11-17T08:29:59'))).toBe(false)
    expect(isOpenAt(day, at('2026-11-17T11:30:00'))).toBe(false)
    expect(isOpenAt(day, at('2026-11-17T12:30:00'))).toBe(false)
    expect(isOpenAt(day, at('2026-11-17T19:59:59'))).toBe(true)
    expect(isOpenAt(day, at('2026-11-17T20:00:00'))).toBe(false)
  })

  it('reads 24:00 as the end of the day', () => {
    const late = openingDay('2026-11-17', [{ dayOfWeek: 2, opens: '18:00', closes: '24:00' }], null)
    expect(late.windows).toEqual([{ start: at('2026-11-17T18:00:00'), end: at('2026-11-18T00:00:00') }])
  })
})

/* ================================================================= the rules of a request */

describe('bookingRuleViolation for a room', () => {
  it('accepts a booking that keeps every rule', () => {
    expect(judge(span('2026-11-18', '14:00', '16:00'))).toBeNull()
  })

  it('BOOKING_IN_PAST: ended, or started, before now', () => {
    expect(judge(span('2026-11-17', '08:30', '09:30'))).toBe('BOOKING_IN_PAST')
    expect(judge(span('2026-11-17', '09:30', '10:30'))).toBe('BOOKING_IN_PAST')
    expect(judge(span('2026-11-16', '14:00', '15:00'))).toBe('BOOKING_IN_PAST')
  })

  it('BOOKING_SLOT_MISALIGNED: start or end off the slot boundaries', () => {
    expect(judge(span('2026-11-18', '14:10', '15:10'))).toBe('BOOKING_SLOT_MISALIGNED')
    expect(judge(span('2026-11-18', '14:00', '14:45'))).toBe('BOOKING_SLOT_MISALIGNED')
    expect(judge({ start: at('2026-11-18T14:00:00') + 1, end: at('2026-11-18T15:00:00') })).toBe('BOOKING_SLOT_MISALIGNED')
    // A 60-minute room takes whole hours only.
    const hourly = { rules: { ...ROOM_RULES, slotMinutes: 60, minDurationMinutes: 60 } }
    expect(judge(span('2026-11-18', '14:30', '15:30'), hourly)).toBe('BOOKING_SLOT_MISALIGNED')
    expect(judge(span('2026-11-18', '14:00', '15:00'), hourly)).toBeNull()
  })

  it('BOOKING_DURATION_INVALID: empty, reversed, shorter than the minimum or longer than the maximum', () => {
    expect(judge(span('2026-11-18', '14:00', '14:00'))).toBe('BOOKING_DURATION_INVALID')
    expect(judge(span('2026-11-18', '15:00', '14:00'))).toBe('BOOKING_DURATION_INVALID')
    expect(judge(span('2026-11-18', '13:30', '18:00'))).toBe('BOOKING_DURATION_INVALID') // 270 > 240
    expect(judge(span('2026-11-18', '14:00', '18:00'))).toBeNull() // exactly the maximum
    const longer = { rules: { ...ROOM_RULES, minDurationMinutes: 60 } }
    expect(judge(span('2026-11-18', '14:00', '14:30'), longer)).toBe('BOOKING_DURATION_INVALID')
    expect(judge(span('2026-11-18', '14:00', '15:00'), longer)).toBeNull() // exactly the minimum
  })

  it('BOOKING_TOO_SOON: inside the notice; a start exactly at the notice is fine', () => {
    // now 10:00, 60 minutes' notice: 11:00 is the first start.
    expect(judge(span('2026-11-17', '10:30', '11:00'))).toBe('BOOKING_TOO_SOON')
    expect(judge(span('2026-11-17', '11:00', '11:30'))).toBeNull()
    expect(judge(span('2026-11-17', '10:30', '11:00'), { rules: { ...ROOM_RULES, minNoticeMinutes: 0 } })).toBeNull()
  })

  it('BOOKING_TOO_FAR_AHEAD: after the last bookable day; that day itself up to its closing is fine', () => {
    // advanceDays 14 from Tuesday 2026-11-17 (day 0): the last bookable day is Tuesday 2026-12-01.
    expect(judge(span('2026-12-01', '19:30', '20:00'))).toBeNull()
    expect(judge(span('2026-12-02', '08:30', '09:00'))).toBe('BOOKING_TOO_FAR_AHEAD')
    // Today only.
    const todayOnly = { rules: { ...ROOM_RULES, advanceDays: 0 } }
    expect(judge(span('2026-11-17', '19:30', '20:00'), todayOnly)).toBeNull()
    expect(judge(span('2026-11-18', '08:30', '09:00'), todayOnly)).toBe('BOOKING_TOO_FAR_AHEAD')
  })

  it('BOOKING_OUTSIDE_HOURS: before opening, after closing, across the lunch closure; the edges are fine', () => {
    expect(judge(span('2026-11-18', '08:00', '09:00'))).toBe('BOOKING_OUTSIDE_HOURS')
    expect(judge(span('2026-11-18', '19:30', '20:30'))).toBe('BOOKING_OUTSIDE_HOURS')
    expect(judge(span('2026-11-18', '11:00', '12:00'))).toBe('BOOKING_OUTSIDE_HOURS')
    // Both ends inside opening hours, but the lunch closure in between.
    expect(judge(span('2026-11-18', '11:00', '14:00'))).toBe('BOOKING_OUTSIDE_HOURS')
    expect(judge(span('2026-11-18', '12:00', '13:00'))).toBe('BOOKING_OUTSIDE_HOURS')
    expect(judge(span('2026-11-18', '08:30', '09:00'))).toBeNull() // opening minute
    expect(judge(span('2026-11-18', '11:00', '11:30'))).toBeNull() // ends exactly at the lunch closure
    expect(judge(span('2026-11-18', '13:30', '14:00'))).toBeNull() // starts exactly at reopening
    expect(judge(span('2026-11-18', '16:00', '20:00'))).toBeNull() // ends exactly at closing
    // Saturday: all day 09:00–17:00, so 12:00 is open but 17:30 is not.
    expect(judge(span('2026-11-21', '12:00', '13:00'))).toBeNull()
    expect(judge(span('2026-11-21', '16:30', '17:30'))).toBe('BOOKING_OUTSIDE_HOURS')
    // Overnight never fits one window.
    expect(judge({ start: at('2026-11-18T19:30:00'), end: at('2026-11-19T09:00:00') }, { rules: { ...ROOM_RULES, maxDurationMinutes: 1440 } })).toBe('BOOKING_OUTSIDE_HOURS')
    // A day without hours (not in the map) is closed.
    expect(judge(span('2026-11-18', '14:00', '15:00'), { days: new Map() })).toBe('BOOKING_OUTSIDE_HOURS')
  })

  it('follows the calendar: 国庆节 on weekend hours, the 调休 Saturday on weekday hours', () => {
    const october = { now: at('2026-09-28T10:00:00'), days: daysOf(CENTER, '2026-09-20', '2026-10-20') }
    expect(judge(span('2026-10-01', '12:00', '13:00'), october)).toBeNull() // a Thursday, but a holiday
    expect(judge(span('2026-10-01', '18:00', '19:00'), october)).toBe('BOOKING_OUTSIDE_HOURS')
    expect(judge(span('2026-10-10', '18:00', '19:00'), october)).toBeNull() // a Saturday, but 调休上班
    expect(judge(span('2026-10-10', '12:00', '13:00'), october)).toBe('BOOKING_OUTSIDE_HOURS')
  })

  it('BOOKING_ROOM_CLOSED: overlapping a closure; touching one is fine', () => {
    const closures = [span('2026-11-18', '15:00', '17:00')]
    expect(judge(span('2026-11-18', '14:00', '15:30'), { closures })).toBe('BOOKING_ROOM_CLOSED')
    expect(judge(span('2026-11-18', '16:30', '18:00'), { closures })).toBe('BOOKING_ROOM_CLOSED')
    expect(judge(span('2026-11-18', '14:00', '15:00'), { closures })).toBeNull()
    expect(judge(span('2026-11-18', '17:00', '18:00'), { closures })).toBeNull()
  })

  it('BOOKING_CAPACITY_EXCEEDED: more attendees than the room holds; exactly full is fine', () => {
    expect(judge(span('2026-11-18', '14:00', '15:00'), {}, 21)).toBe('BOOKING_CAPACITY_EXCEEDED')
    expect(judge(span('2026-11-18', '14:00', '15:00'), {}, 20)).toBeNull()
  })
})

describe('bookingRuleViolation for a tool, booked by the day', () => {
  // A station open Monday to Friday only; Thursday 2026-11-19, Friday 20th, Saturday 21st, Sunday 22nd, Monday 23rd.
  const tool = (over: Partial<BookingContext> = {}) => ({ kind: 'tool' as const, rules: TOOL_RULES, capacity: 1, days: daysOf(WEEKDAYS_ONLY, '2026-11-10', '2026-12-10'), ...over })
  const days = (from: string, to: string): Interval => ({ start: chinaDayStartMs(from), end: chinaDayStartMs(to) })

  it('books whole days picked up and returned on open days', () => {
    expect(judge(days('2026-11-19', '2026-11-20'), tool(), 1)).toBeNull() // Thursday
    expect(judge(days('2026-11-19', '2026-11-21'), tool(), 1)).toBeNull() // Thursday–Friday, back on Friday
    expect(judge(days('2026-11-20', '2026-11-24'), tool({ rules: { ...TOOL_RULES, maxDurationMinutes: 4 * 1440 } }), 1)).toBeNull() // Friday to Monday: closed days in between are fine
  })

  it('refuses a pickup or a return on a closed day', () => {
    expect(judge(days('2026-11-21', '2026-11-22'), tool(), 1)).toBe('BOOKING_OUTSIDE_HOURS') // Saturday pickup
    expect(judge(days('2026-11-20', '2026-11-22'), tool(), 1)).toBe('BOOKING_OUTSIDE_HOURS') // back on Saturday
    expect(judge(days('2026-11-20', '2026-11-23'), tool(), 1)).toBe('BOOKING_OUTSIDE_HOURS') // back on Sunday
  })

  it('takes whole days only, within the duration rules', () => {
    expect(judge({ start: at('2026-11-19T09:00:00'), end: at('2026-11-20T09:00:00') }, tool(), 1)).toBe('BOOKING_SLOT_MISALIGNED')
    expect(judge(days('2026-11-16', '2026-11-20'), tool({ now: at('2026-11-15T10:00:00') }), 1)).toBe('BOOKING_DURATION_INVALID') // 4 > 3 days
  })

  it('books today while the station is still open long enough for the pickup', () => {
    // Today is Tuesday, open until 18:00, 30 minutes' notice.
    expect(judge(days('2026-11-17', '2026-11-18'), tool(), 1)).toBeNull()
    expect(judge(days('2026-11-17', '2026-11-18'), tool({ now: at('2026-11-17T17:29:00') }), 1)).toBeNull()
    expect(judge(days('2026-11-17', '2026-11-18'), tool({ now: at('2026-11-17T17:30:00') }), 1)).toBe('BOOKING_TOO_SOON')
    expect(judge(days('2026-11-17', '2026-11-18'), tool({ now: at('2026-11-17T19:00:00') }), 1)).toBe('BOOKING_TOO_SOON')
  })

  it('refuses a first day before today, and yesterday outright', () => {
    expect(judge(days('2026-11-16', '2026-11-17'), tool(), 1)).toBe('BOOKING_IN_PAST')
    expect(judge(days('2026-11-16', '2026-11-18'), tool(), 1)).toBe('BOOKING_IN_PAST')
  })

  it('counts the last bookable day by the pickup day', () => {
    expect(judge(days('2026-12-01', '2026-12-02'), tool(), 1)).toBeNull()
    expect(judge(days('2026-12-02', '2026-12-03'), tool(), 1)).toBe('BOOKING_TOO_FAR_AHEAD')
  })

  it('refuses a closure over any of the days, and more than one borrower', () => {
    expect(judge(days('2026-11-19', '2026-11-21'), tool({ closures: [span('2026-11-20', '10:00', '11:00')] }), 1)).toBe('BOOKING_ROOM_CLOSED')
    expect(judge(days('2026-11-19', '2026-11-20'), tool(), 2)).toBe('BOOKING_CAPACITY_EXCEEDED')
  })
})

/* ================================================================= the week grid */

describe('daySlots', () => {
  const grid = (date: string, over: Partial<Parameters<typeof daySlots>[1]> = {}, weekly = CENTER) =>
    daySlots(openingDay(date, weekly, CALENDAR.get(date) ?? null), { kind: 'room', rules: ROOM_RULES, now: NOW, closures: [], holds: [], active: true, ...over })
  const clock = (t: number) => new Date(t + 8 * HOUR).toISOString().slice(11, 16)
  const states = (slots: ReturnType<typeof daySlots>) => slots.map((s) => `${clock(s.start)} ${s.state}`)
  const hold = (day: string, from: string, to: string, mine = false, bufferMinutes = 0): GridBooking => {
    const i = span(day, from, to)
    return { ...i, blockedUntil: heldInterval(i.start, i.end, { bufferMinutes }).end, mine }
  }

  it('cuts a working day into 30-minute cells inside the opening windows', () => {
    const slots = grid('2026-11-18')
    expect(slots).toHaveLength(6 + 13) // 08:30–11:30 and 13:30–20:00
    expect(slots[0]).toEqual({ ...span('2026-11-18', '08:30', '09:00'), state: 'free', reason: null })
    expect(slots[5]).toEqual({ ...span('2026-11-18', '11:00', '11:30'), state: 'free', reason: null })
    expect(slots[6]).toEqual({ ...span('2026-11-18', '13:30', '14:00'), state: 'free', reason: null })
    expect(slots.at(-1)).toEqual({ ...span('2026-11-18', '19:30', '20:00'), state: 'free', reason: null })
    expect(grid('2026-11-21')).toHaveLength(16) // Saturday 09:00–17:00
    expect(grid('2026-10-01', { now: at('2026-09-28T10:00:00') })).toHaveLength(16) // 国庆节
    expect(grid('2026-10-10', { now: at('2026-09-28T10:00:00') })).toHaveLength(19) // 调休 Saturday
    expect(grid('2026-11-21', {}, WEEKDAYS_ONLY)).toEqual([])
  })

  it('aligns cells to the slot grid when a window opens off it', () => {
    const slots = grid('2026-11-18', { rules: { ...ROOM_RULES, slotMinutes: 60 } }, [{ dayOfWeek: 3, opens: '08:45', closes: '11:30' }])
    expect(states(slots)).toEqual(['09:00 free', '10:00 free']) // 11:00–12:00 would run past closing
  })

  it('marks cells that have begun as past, and those that start inside the notice as closed for the notice', () => {
    const reasons = (slots: ReturnType<typeof daySlots>) => slots.map((s) => `${clock(s.start)} ${s.state} ${s.reason}`)
    // Now is 10:00 with an hour's notice: 10:00 and 10:30 have not begun, yet it is too late to book them.
    expect(reasons(grid('2026-11-17')).slice(0, 7)).toEqual([
      '08:30 past past',
      '09:00 past past',
      '09:30 past past',
      '10:00 closed notice',
      '10:30 closed notice',
      '11:00 free null',
      '13:30 free null',
    ])
    expect(grid('2026-11-16').every((s) => s.state === 'past' && s.reason === 'past')).toBe(true)
  })

  it('marks days after the last bookable day, inactive rooms and closures as closed', () => {
    expect(grid('2026-12-01').every((s) => s.state === 'free')).toBe(true)
    expect(grid('2026-12-02').every((s) => s.state === 'closed' && s.reason === 'too_far')).toBe(true)
    expect(grid('2026-11-18', { active: false }).every((s) => s.state === 'closed' && s.reason === 'inactive')).toBe(true)
    const closed = grid('2026-11-18', { closures: [span('2026-11-18', '15:00', '16:15')] })
    expect(states(closed).slice(9, 14)).toEqual(['15:00 closed', '15:30 closed', '16:00 closed', '16:30 free', '17:00 free'])
    expect(closed.slice(9, 12).map((s) => s.reason)).toEqual(['closure', 'closure', 'closure'])
  })

  it('marks others’ bookings taken and mine as mine', () => {
    const slots = grid('2026-11-18', { holds: [hold('2026-11-18', '14:00', '15:00'), hold('2026-11-18', '16:00', '16:30', true)] })
    expect(states(slots).slice(6, 13)).toEqual(['13:30 free', '14:00 taken', '14:30 taken', '15:00 free', '15:30 free', '16:00 mine', '16:30 free'])
    expect([slots[7]!.reason, slots[11]!.reason]).toEqual(['booked', 'mine'])
  })

  it('with a buffer, also takes the cells after a booking and the cell before it', () => {
    const rules = { ...ROOM_RULES, bufferMinutes: 30 }
    const slots = grid('2026-11-18', { rules, holds: [hold('2026-11-18', '14:00', '15:00', false, 30)] })
    // 13:30 would hold the room until 14:30 with its own buffer; 15:00 is the buffer after the booking.
    expect(states(slots).slice(6, 12)).toEqual(['13:30 taken', '14:00 taken', '14:30 taken', '15:00 taken', '15:30 free', '16:00 free'])
  })

  it('gives a tool one cell for each open day', () => {
    const tool = (date: string, over: Partial<Parameters<typeof daySlots>[1]> = {}) =>
      daySlots(openingDay(date, WEEKDAYS_ONLY, null), { kind: 'tool', rules: TOOL_RULES, now: NOW, closures: [], holds: [], active: true, ...over })
    expect(tool('2026-11-18')).toEqual([{ start: chinaDayStartMs('2026-11-18'), end: chinaDayStartMs('2026-11-19'), state: 'free', reason: null }])
    expect(tool('2026-11-21')).toEqual([]) // Saturday: closed
    expect(tool('2026-11-17').map((s) => s.state)).toEqual(['free']) // today, before closing
    expect(tool('2026-11-17', { now: at('2026-11-17T17:45:00') }).map((s) => `${s.state} ${s.reason}`)).toEqual(['closed notice']) // too late to pick up
    // Too late to pick up and closed for a minute that day: the reason a booking would be refused first (fast-check's counterexample).
    const minuteClosure = { start: chinaDayStartMs('2026-11-17'), end: chinaDayStartMs('2026-11-17') + 60_000 }
    expect(tool('2026-11-17', { now: at('2026-11-17T18:00:00'), closures: [minuteClosure] }).map((s) => `${s.state} ${s.reason}`)).toEqual(['closed notice'])
    expect(tool('2026-11-17', { closures: [minuteClosure] }).map((s) => `${s.state} ${s.reason}`)).toEqual(['closed closure'])
    expect(tool('2026-11-16').map((s) => `${s.state} ${s.reason}`)).toEqual(['past past'])
    const lent = { start: chinaDayStartMs('2026-11-18'), end: chinaDayStartMs('2026-11-20'), blockedUntil: chinaDayStartMs('2026-11-20'), mine: false }
    expect(tool('2026-11-19', { holds: [lent] }).map((s) => s.state)).toEqual(['taken'])
    expect(tool('2026-11-20', { holds: [lent] }).map((s) => s.state)).toEqual(['free'])
    expect(tool('2026-11-19', { holds: [{ ...lent, mine: true }] }).map((s) => s.state)).toEqual(['mine'])
  })
})

/* ================================================================= actions, windows, suspensions */

describe('bookingActions', () => {
  const start = at('2026-11-18T14:00:00')
  const end = at('2026-11-18T15:00:00')
  const booking = (status: BookingStatus, kind: ResourceKind = 'room') => ({ status, kind, startsAt: start, endsAt: end })
  const BOOKER = { isBooker: true, isStaff: false }
  const STAFF = { isBooker: false, isStaff: true }
  const STRANGER = { isBooker: false, isStaff: false }
  const actions = (status: BookingStatus, viewer: typeof BOOKER, now: number, kind: ResourceKind = 'room') => bookingActions(booking(status, kind), ROOM_RULES, viewer, now)

  it('lets the booker cancel a confirmed booking until the deadline, then check in around the start', () => {
    expect(actions('confirmed', BOOKER, NOW)).toEqual(['cancel'])
    expect(actions('confirmed', BOOKER, start - 120 * MIN - 1)).toEqual(['cancel'])
    expect(actions('confirmed', BOOKER, start - 120 * MIN)).toEqual([]) // the deadline itself is too late
    expect(actions('confirmed', BOOKER, start - 16 * MIN)).toEqual([])
    expect(actions('confirmed', BOOKER, start - 15 * MIN)).toEqual(['check_in'])
    expect(actions('confirmed', BOOKER, start + 14 * MIN)).toEqual(['check_in'])
    expect(actions('confirmed', BOOKER, start + 15 * MIN)).toEqual([])
  })

  it('lets the booker cancel a pending booking until it starts', () => {
    expect(actions('pending', BOOKER, start - 1)).toEqual(['cancel'])
    expect(actions('pending', BOOKER, start)).toEqual([])
  })

  it('offers staff approve and reject on a pending booking before it starts, and cancel until it ends', () => {
    expect(actions('pending', STAFF, NOW)).toEqual(['approve', 'reject', 'staff_cancel'])
    // Once started, an undecided booking is no longer approved (the sweep cancels it): it can still be turned down.
    expect(actions('pending', STAFF, start)).toEqual(['reject', 'staff_cancel'])
    expect(actions('pending', STAFF, end)).toEqual([])
  })

  it('offers staff check-in from the window’s start until the end, and cancel until the end', () => {
    expect(actions('confirmed', STAFF, NOW)).toEqual(['staff_cancel'])
    expect(actions('confirmed', STAFF, start - 15 * MIN)).toEqual(['staff_check_in', 'staff_cancel'])
    // Staff may still check in a latecomer the sweep has not yet marked.
    expect(actions('confirmed', STAFF, start + 30 * MIN)).toEqual(['staff_check_in', 'staff_cancel'])
    expect(actions('confirmed', STAFF, end)).toEqual([])
  })

  it('offers nothing on a finished booking, and nothing to a stranger', () => {
    for (const status of ['rejected', 'cancelled', 'checked_in', 'no_show'] as const) {
      for (const viewer of [BOOKER, STAFF, { isBooker: true, isStaff: true }]) expect(actions(status, viewer, NOW), `${status}`).toEqual([])
    }
    for (const status of ['pending', 'confirmed'] as const) {
      for (const now of [NOW, start - 10 * MIN, start + 5 * MIN]) expect(actions(status, STRANGER, now)).toEqual([])
    }
  })

  it('gives a booker who is also staff both sets', () => {
    expect(actions('confirmed', { isBooker: true, isStaff: true }, start - 5 * MIN)).toEqual(['check_in', 'staff_check_in', 'staff_cancel'])
  })

  it('lets a tool be picked up during its first day', () => {
    const first = chinaDayStartMs('2026-11-18')
    const tool = { status: 'confirmed' as const, kind: 'tool' as const, startsAt: first, endsAt: first + 2 * DAY }
    expect(bookingActions(tool, TOOL_RULES, BOOKER, first - 1)).toEqual(['cancel'])
    expect(bookingActions(tool, TOOL_RULES, BOOKER, first)).toEqual(['check_in'])
    expect(bookingActions(tool, TOOL_RULES, BOOKER, first + DAY - 1)).toEqual(['check_in'])
    expect(bookingActions(tool, TOOL_RULES, BOOKER, first + DAY)).toEqual([])
  })
})

describe('deadlines, windows and suspensions', () => {
  const start = at('2026-11-18T14:00:00')

  it('closes cancellation at the deadline for a confirmed booking and at the start for a pending one', () => {
    expect(cancelDeadline({ status: 'confirmed', startsAt: start }, ROOM_RULES)).toBe(at('2026-11-18T12:00:00'))
    expect(cancelDeadline({ status: 'pending', startsAt: start }, ROOM_RULES)).toBe(start)
    expect(cancelDeadline({ status: 'confirmed', startsAt: start }, { cancelDeadlineMinutes: 1440 })).toBe(at('2026-11-17T14:00:00'))
  })

  it('opens a room’s check-in 15 minutes early and closes it after the no-show allowance; a tool’s for its first day', () => {
    expect(CHECK_IN_EARLY_MINUTES).toBe(15)
    expect(checkInWindow('room', start, { noShowAfterMinutes: 15 })).toEqual({ start: at('2026-11-18T13:45:00'), end: at('2026-11-18T14:15:00') })
    expect(checkInWindow('room', start, { noShowAfterMinutes: 30 })).toEqual({ start: at('2026-11-18T13:45:00'), end: at('2026-11-18T14:30:00') })
    expect(checkInWindow('tool', chinaDayStartMs('2026-11-18'), { noShowAfterMinutes: 15 })).toEqual({ start: chinaDayStartMs('2026-11-18'), end: chinaDayStartMs('2026-11-19') })
  })

  it('suspends for 30 days from the third no-show', () => {
    expect(NO_SHOW_LIMIT).toBe(3)
    expect(SUSPENSION_DAYS).toBe(30)
    expect(suspensionFor(0, NOW)).toBeNull()
    expect(suspensionFor(2, NOW)).toBeNull()
    expect(suspensionFor(3, NOW)).toEqual({ start: NOW, end: at('2026-12-17T10:00:00') })
    expect(suspensionFor(5, NOW)).toEqual({ start: NOW, end: NOW + 30 * DAY })
  })

  it('holds the room for the booking plus its buffer', () => {
    expect(heldInterval(start, start + HOUR, { bufferMinutes: 0 })).toEqual({ start, end: start + HOUR })
    expect(heldInterval(start, start + HOUR, { bufferMinutes: 30 })).toEqual({ start, end: start + 90 * MIN })
  })

  it('treats intervals as half-open: touching is not overlapping', () => {
    expect(overlaps({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false)
    expect(overlaps({ start: 0, end: 11 }, { start: 10, end: 20 })).toBe(true)
    expect(overlaps({ start: 12, end: 13 }, { start: 10, end: 20 })).toBe(true)
  })
})

describe('the check-in QR code', () => {
  it('round-trips the room and its secret', () => {
    const text = checkInPayload(42, 'a1b2c3d4e5f60718')
    expect(text).toBe('doorstep:checkin:42:a1b2c3d4e5f60718')
    expect(parseCheckInPayload(text)).toEqual({ roomId: 42, code: 'a1b2c3d4e5f60718' })
    expect(parseCheckInPayload(`  ${text}\n`)).toEqual({ roomId: 42, code: 'a1b2c3d4e5f60718' })
  })

  it('refuses other prefixes, other shapes and forged parts', () => {
    for (const text of [
      '',
      'a1b2c3d4e5f60718',
      'doorstep:checkout:42:a1b2c3d4e5f60718',
      'DOORSTEP:CHECKIN:42:a1b2c3d4e5f60718',
      'https://example.com/doorstep:checkin:42:a1b2c3d4e5f60718',
      'doorstep:checkin:42:a1b2c3d4e5f60718:extra',
      'doorstep:checkin::a1b2c3d4e5f60718',
      'doorstep:checkin:-1:a1b2c3d4e5f60718',
      'doorstep:checkin:1234567890:a1b2c3d4e5f60718', // more digits than any room id
      'doorstep:checkin:42:short',
      'doorstep:checkin:42:a1b2c3d4-e5f60718',
      "doorstep:checkin:42:a1b2c3d4' or '1'='1",
      `doorstep:checkin:42:${'a'.repeat(65)}`,
    ]) {
      expect(parseCheckInPayload(text), text).toBeNull()
    }
  })

  it('never throws, whatever was scanned', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      const parsed = parseCheckInPayload(text)
      if (parsed) expect(checkInPayload(parsed.roomId, parsed.code)).toBe(text.trim())
    }))
  })
})

/* ================================================================= properties */

describe('properties', () => {
  it('a set of holds the interval rules accept is exactly what the EXCLUDE constraint accepts (a minute bitmap as the model)', () => {
    // tstzrange(starts_at, blocked_until, '[)') && …: a booking is refused iff one of its held minutes is taken.
    const request = fc.record({ startMinute: fc.integer({ min: 0, max: 48 * 60 }), slots: fc.integer({ min: 1, max: 8 }), buffer: fc.constantFrom(0, 15, 30, 60) })
    fc.assert(
      fc.property(fc.array(request, { maxLength: 40 }), (requests) => {
        const base = chinaDayStartMs('2026-11-18')
        const accepted: Interval[] = []
        const minutes = new Set<number>()
        for (const r of requests) {
          const start = base + r.startMinute * MIN
          const held = heldInterval(start, start + r.slots * 30 * MIN, { bufferMinutes: r.buffer })
          const byIntervals = !accepted.some((a) => overlaps(a, held))
          const own: number[] = []
          for (let m = held.start; m < held.end; m += MIN) own.push(m)
          const byBitmap = own.every((m) => !minutes.has(m))
          expect(byIntervals).toBe(byBitmap)
          if (byIntervals) {
            accepted.push(held)
            for (const m of own) minutes.add(m)
          }
        }
      }),
      { numRuns: 200 },
    )
  })

  it('a cell of the grid is free exactly when a one-slot booking of it keeps the rules and overlaps no hold', () => {
    const day = fc.integer({ min: 0, max: 20 }).map((n) => addDays('2026-09-21', n)) // spans 中秋, 国庆 and the 调休 days
    const scenario = fc.record({
      kind: fc.constantFrom<ResourceKind>('room', 'room', 'tool'),
      slotMinutes: fc.constantFrom(30, 60),
      bufferMinutes: fc.constantFrom(0, 30, 60),
      minNoticeMinutes: fc.constantFrom(0, 30, 60, 180),
      advanceDays: fc.integer({ min: 0, max: 14 }),
      nowDay: fc.integer({ min: 0, max: 10 }).map((n) => addDays('2026-09-21', n)),
      nowMinute: fc.integer({ min: 0, max: 1439 }),
      date: day,
      active: fc.boolean(),
      holds: fc.array(fc.record({ date: day, startSlot: fc.integer({ min: 0, max: 47 }), slots: fc.integer({ min: 1, max: 4 }), mine: fc.boolean() }), { maxLength: 6 }),
      closures: fc.array(fc.record({ date: day, startMinute: fc.integer({ min: 0, max: 1400 }), minutes: fc.integer({ min: 1, max: 600 }) }), { maxLength: 2 }),
      weekly: fc.constantFrom(CENTER, WEEKDAYS_ONLY),
    })
    fc.assert(
      fc.property(scenario, (s) => {
        const rules: RoomRules =
          s.kind === 'tool'
            ? { ...TOOL_RULES, bufferMinutes: 0, minNoticeMinutes: s.minNoticeMinutes, advanceDays: s.advanceDays }
            : { ...ROOM_RULES, slotMinutes: s.slotMinutes, minDurationMinutes: s.slotMinutes, bufferMinutes: s.bufferMinutes, minNoticeMinutes: s.minNoticeMinutes, advanceDays: s.advanceDays }
        const slotMs = rules.slotMinutes * MIN
        const now = chinaDayStartMs(s.nowDay) + s.nowMinute * MIN
        const holds: GridBooking[] = s.holds.map((h) => {
          const start = s.kind === 'tool' ? chinaDayStartMs(h.date) : chinaDayStartMs(h.date) + ((h.startSlot * 30 * MIN) / slotMs | 0) * slotMs
          const end = start + h.slots * slotMs
          return { start, end, blockedUntil: heldInterval(start, end, rules).end, mine: h.mine }
        })
        const closures = s.closures.map((c) => ({ start: chinaDayStartMs(c.date) + c.startMinute * MIN, end: chinaDayStartMs(c.date) + (c.startMinute + c.minutes) * MIN }))
        const opening = openingDay(s.date, s.weekly, CALENDAR.get(s.date) ?? null)
        const days = daysOf(s.weekly, '2026-09-15', '2026-10-20')
        const slots = daySlots(opening, { kind: s.kind, rules, now, closures, holds, active: s.active })
        for (const cell of slots) {
          const violation = bookingRuleViolation({ ...cell, attendees: 1 }, { kind: s.kind, rules, capacity: 1, now, days, closures })
          const held = heldInterval(cell.start, cell.end, rules)
          const conflict = holds.some((h) => overlaps({ start: h.start, end: h.blockedUntil }, held))
          const bookable = s.active && violation === null && !conflict
          expect(cell.state === 'free', `${new Date(cell.start).toISOString()} ${cell.state} ${violation} ${conflict}`).toBe(bookable)
          // And the states say why: past and closed cells break a rule, taken and mine cells conflict.
          if (cell.state === 'taken' || cell.state === 'mine') expect(conflict).toBe(true)
          if (cell.state === 'past') expect(['BOOKING_IN_PAST', 'BOOKING_TOO_SOON']).toContain(violation)
          // The reason a cell gives is the rule a booking of it would break.
          const broken = { past: ['BOOKING_IN_PAST', 'BOOKING_TOO_SOON'], notice: ['BOOKING_TOO_SOON'], too_far: ['BOOKING_TOO_FAR_AHEAD'], closure: ['BOOKING_ROOM_CLOSED'] }
          if (cell.reason !== null && cell.reason in broken) expect(broken[cell.reason as keyof typeof broken], `${cell.reason} ${violation}`).toContain(violation)
          if (cell.reason === 'booked' || cell.reason === 'mine') expect(conflict).toBe(true)
          if (cell.reason === 'inactive') expect(s.active).toBe(false)
          expect(cell.reason === null).toBe(cell.state === 'free')
        }
      }),
      { numRuns: 500 },
    )
  })
})
