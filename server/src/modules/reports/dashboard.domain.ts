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
