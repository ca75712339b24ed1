import { STAR_THRESHOLD_HOURS } from '../../../../types/api/labels'
import { addDays, chinaDayStart, chinaDayStartMs, chinaTime, MINUTE_MS } from '../../../../types/time'
import type { OpeningDay } from '../org/org.domain'
import { hoursOf } from '../volunteer/volunteer.domain'

/*
 * The dashboard's pure arithmetic: which days a request covers, the trend's months, a room's open hours over a
 * range (its station's opening windows minus closures) and the shares and averages shown. Instants are epoch ms.
 */

export type Interval = { start: number; end: number }

/** The China days asked for, both ends included; without them the month `now` falls in (China time). */
export function dashboardRange(q: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  if (q.from && q.to) return { from: q.from, to: q.to }
  const month = chinaTime(now).startOf('month')
  return { from: month.format('YYYY-MM-DD'), to: month.endOf('month').format('YYYY-MM-DD') }
}

/** The instants a range of China days covers: [start of `from`, start of the day after `to`). */
export function rangeInstants(from: string, to: string): { start: Date; end: Date } {
  return { start: new Date(chinaDayStartMs(from)), end: new Date(chinaDayStartMs(addDays(to, 1))) }
}

export const TREND_MONTHS = 12

/** The 12 China months ending with the month of `to` (YYYY-MM, oldest first) and the instants they cover. */
export function trendMonths(to: string): { months: string[]; start: Date; end: Date } {
  const last = chinaDayStart(to.slice(0, 7))
  const months = Array.from({ length: TREND_MONTHS }, (_, i) => last.subtract(TREND_MONTHS - 1 - i, 'month').format('YYYY-MM'))
  return { months, start: chinaDayStart(months[0]!).toDate(), end: last.add(1, 'month').toDate() }
}

/** A piece of the asked range or trend within one China month (YYYY-MM): the whole month, or a part at an edge. */
export type MonthPiece = { month: string; start: Date; end: Date }

/**
 * The months a request needs: every month of the trend and every month the range covers whole, and the parts at
 * the range's edges that are not whole months.
 */
export function monthPieces(range: { start: Date; end: Date }, trend: { months: string[] }): { whole: MonthPiece[]; partial: MonthPiece[]; rangeMonths: string[] } {
  const wholeMonth = (month: string): MonthPiece => {
    const start = chinaDayStart(month)
    return { month, start: start.toDate(), end: start.add(1, 'month').toDate() }
  }
  const whole = new Map(trend.months.map((m) => [m, wholeMonth(m)]))
  const partial: MonthPiece[] = []
  const rangeMonths: string[] = []
  for (let m = chinaTime(range.start).startOf('month'); m.valueOf() < range.end.getTime(); m = m.add(1, 'month')) {
    const month = wholeMonth(m.format('YYYY-MM'))
    const start = new Date(Math.max(month.start.getTime(), range.start.getTime()))
    const end = new Date(Math.min(month.end.getTime(), range.end.getTime()))
    if (start.getTime() === month.start.getTime() && end.getTime() === month.end.getTime()) {
      whole.set(month.month, month)
      rangeMonths.push(month.month)
    } else partial.push({ month: month.month, start, end })
  }
  return { whole: [...whole.values()], partial, rangeMonths }
}

/**
 * A community's figures for one month (or part of one): every figure of the dashboard that is counted by month,
 * kept as such in dashboard_pieces for the days already over. Active households are the ids themselves (a
 * distinct count does not add up over months; the union of the months' ids does).
 */
export type MonthFigures = {
  wishes: { category: string; posted: number; fulfilled: number; approved: number; approvedConfirmed: number; fulfilSeconds: number; fulfilTimed: number }[]
  rooms: { roomId: number; bookings: number; minutes: number; noShows: number }[]
  activities: { activities: number; signups: number; attendances: number; noShows: number; minutes: number }
  newVolunteers: number
  /** Volunteers reaching 1…5 星级 in the month. */
  stars: number[]
  points: { reason: string; rule: string | null; points: number }[]
  /**
   * The households with a movement of their own: their ids as 4-byte big-endian integers (PostgreSQL's int4send),
   * end to end. A district's year names half a million; bytes are read without parsing a number from text each.
   */
  households: Uint8Array
}

export function emptyMonthFigures(): MonthFigures {
  return { wishes: [], rooms: [], activities: { activities: 0, signups: 0, attendances: 0, noShows: 0, minutes: 0 }, newVolunteers: 0, stars: STAR_THRESHOLD_HOURS.map(() => 0), points: [], households: new Uint8Array(0) }
}

/** Adds the entries of `add` into `into`, matching entries by `key` (a district's sum meets 400 rooms: indexed). */
function addEntries<T extends object>(into: T[], add: T[], key: (t: T) => string | number, plus: (to: T, from: T) => void): void {
  if (!add.length) return
  const index = new Map(into.map((t) => [key(t), t]))
  for (const a of add) {
    const found = index.get(key(a))
    if (found) plus(found, a)
    else {
      const copy = { ...a }
      into.push(copy)
      index.set(key(a), copy)
    }
  }
}

type WishEntry = MonthFigures['wishes'][number]
type RoomEntry = MonthFigures['rooms'][number]

function plusWish(to: WishEntry, from: WishEntry) {
  to.posted += from.posted
  to.fulfilled += from.fulfilled
  to.approved += from.approved
  to.approvedConfirmed += from.approvedConfirmed
  to.fulfilSeconds += from.fulfilSeconds
  to.fulfilTimed += from.fulfilTimed
}

function plusRoom(to: RoomEntry, from: RoomEntry) {
  to.bookings += from.bookings
  to.minutes += from.minutes
  to.noShows += from.noShows
}

/** The sum of some months' figures — but for the households, which are counted apart (householdCounts). */
export function sumMonthFigures(all: Iterable<MonthFigures>): MonthFigures {
  const total = emptyMonthFigures()
  const a = total.activities
  for (const f of all) {
    addEntries(total.wishes, f.wishes, (w) => w.category, plusWish)
    addEntries(total.rooms, f.rooms, (r) => r.roomId, plusRoom)
    addEntries(total.points, f.points, (p) => `${p.reason}|${p.rule}`, (to, from) => (to.points += from.points))
    a.activities += f.activities.activities
    a.signups += f.activities.signups
    a.attendances += f.activities.attendances
    a.noShows += f.activities.noShows
    a.minutes += f.activities.minutes
    total.newVolunteers += f.newVolunteers
    f.stars.forEach((n, i) => (total.stars[i] = (total.stars[i] ?? 0) + n))
  }
  return total
}

/** Two lists of household ids (4-byte big-endian integers) end to end. */
export function joinIds(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (!a.length || !b.length) return a.length ? a : b
  const joined = new Uint8Array(a.length + b.length)
  joined.set(a)
  joined.set(b, a.length)
  return joined
}

/**
 * How many households each group of months names, and all the groups together, each household counted once.
 * Household ids are serial keys, so a mark per id (typed arrays) counts a district's year of half a million ids
 * in milliseconds.
 */
export function householdCounts(groups: MonthFigures[][]): { each: number[]; all: number } {
  let lastGroup = new Int32Array(1 << 16).fill(-1)
  let anyGroup = new Uint8Array(1 << 16)
  let all = 0
  const each = groups.map((g, i) => {
    let n = 0
    for (const { households: b } of g) {
      for (let k = 0; k + 3 < b.length; k += 4) {
        const id = ((b[k]! << 24) | (b[k + 1]! << 16) | (b[k + 2]! << 8) | b[k + 3]!) >>> 0
        if (id >= lastGroup.length) {
          const size = 2 ** Math.ceil(Math.log2(id + 1))
          const grownLast = new Int32Array(size).fill(-1)
          grownLast.set(lastGroup)
          lastGroup = grownLast
          const grownAny = new Uint8Array(size)
          grownAny.set(anyGroup)
          anyGroup = grownAny
        }
        if (lastGroup[id] !== i) {
          lastGroup[id] = i
          n++
        }
        if (!anyGroup[id]) {
          anyGroup[id] = 1
          all++
        }
      }
    }
    return n
  })
  return { each, all }
}

/** Merges overlapping or touching intervals, in order. */
function merged(intervals: Interval[]): Interval[] {
  const out: Interval[] = []
  for (const i of [...intervals].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1)
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end)
    else out.push({ ...i })
  }
  return out
}

/**
 * Minutes a room was open over some days: each day's opening windows (the calendar has already put holidays on
 * weekend hours and 调休 on weekday hours) less the parts covered by the room's closures.
 */
export function openMinutes(days: Iterable<OpeningDay>, closures: Interval[]): number {
  const closed = merged(closures)
  let total = 0
  for (const day of days) {
    for (const w of day.windows) {
      let open = w.end - w.start
      for (const c of closed) {
        if (c.start >= w.end) break
        open -= Math.max(0, Math.min(w.end, c.end) - Math.max(w.start, c.start))
      }
      total += open
    }
  }
  return total / MINUTE_MS
}

/** Hours to one decimal (what the page shows), from minutes. */
export function hoursFromMinutes(minutes: number): number {
  return Math.round((minutes / 60) * 10) / 10
}

/** A share in 0…1 to four decimals, or null with nothing to divide by. Booked time beyond the open hours (a
 * booking made before the station's hours were cut) counts as full use, not more. */
export function share(part: number, whole: number): number | null {
  if (whole <= 0) return null
  return Math.round(Math.min(1, part / whole) * 10_000) / 10_000
}

/** Average days from total seconds over a count, to one decimal; null when nothing was counted. */
export function averageDays(totalSeconds: number, count: number): number | null {
  if (count <= 0) return null
  return Math.round((totalSeconds / count / 86_400) * 10) / 10
}

/**
 * The confirmed minutes at which a volunteer reaches each 星级, as the volunteer module reckons stars: on the total
 * hours rounded by `hoursOf` (so 99.95 h already counts as 100). Index 0 is 1 star.
 */
export function starThresholdMinutes(): number[] {
  return STAR_THRESHOLD_HOURS.map((h) => {
    let m = h * 60 - 60
    while (hoursOf(m) < h) m++
    return m
  })
}
