import type { DayKind, EventPhase } from '../../../../types/api/labels'
import { chinaDayStartMs, chinaTime, DAY_MS, isoWeekday, MINUTE_MS, toApiInstant } from '../../../../types/time'
import type { WeeklyHours } from '../../db/schema'
import type { CalendarDayKind, CalendarException } from './calendar.domain'

export type { CalendarDayKind }

/** Where an activity, a booking or an event stands at `now`: cancelled first, then by its start and end. */
export function eventPhase(e: { startsAt: Date; endsAt: Date; cancelled: boolean }, now: Date): EventPhase {
  if (e.cancelled) return 'cancelled'
  if (now < e.startsAt) return 'upcoming'
  return now < e.endsAt ? 'ongoing' : 'ended'
}

/**
 * The weekday whose hours apply on a day: public holidays open all day on weekend (Saturday) hours, make-up
 * working days (调休) on weekday (Monday) hours, every other day on its own.
 */
export function effectiveWeekday(day: string, exception: CalendarDayKind | null): number {
  if (exception === 'holiday') return 6
  if (exception === 'workday') return 1
  return isoWeekday(day)
}

/** Opening intervals of a station on a day, in order. */
export function openingHoursOn(day: string, weekly: WeeklyHours, exception: CalendarDayKind | null) {
  const weekday = effectiveWeekday(day, exception)
  return weekly
    .filter((h) => h.dayOfWeek === weekday)
    .map(({ opens, closes }) => ({ opens, closes }))
    .sort((a, b) => a.opens.localeCompare(b.opens))
}

/** "08:30–11:30、13:30–20:00", or null when closed that day. */
export function formatOpeningHours(intervals: { opens: string; closes: string }[]): string | null {
  return intervals.length ? intervals.map((i) => `${i.opens}–${i.closes}`).join('、') : null
}

/** A station's day: the kind the calendar makes it, and its opening windows as instants (epoch ms). */
export type OpeningDay = { date: string; dayKind: DayKind; holidayName: string | null; windows: { start: number; end: number }[] }

function clockToMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number]
  return h * 60 + m
}

export function dayKindOf(day: string, exception: CalendarException | null): DayKind {
  if (exception?.kind === 'holiday') return 'holiday'
  if (exception?.kind === 'workday') return 'makeup_workday'
  return isoWeekday(day) >= 6 ? 'weekend' : 'workday'
}

/** A station's opening windows on a day: its week's hours with holidays (weekend hours) and 调休 (weekday hours). */
export function openingDay(day: string, weekly: WeeklyHours, exception: CalendarException | null): OpeningDay {
  const base = chinaDayStartMs(day)
  return {
    date: day,
    dayKind: dayKindOf(day, exception),
    holidayName: exception?.name || null,
    windows: openingHoursOn(day, weekly, exception?.kind ?? null).map((h) => ({ start: base + clockToMinutes(h.opens) * MINUTE_MS, end: base + clockToMinutes(h.closes) * MINUTE_MS })),
  }
}

export function isOpenAt(day: OpeningDay, instant: number): boolean {
  return day.windows.some((w) => w.start <= instant && instant < w.end)
}

/** An opening day's hours as text ("08:30–11:30、13:30–20:00"; a window to midnight closes at 24:00), null when closed. */
export function openingHoursText(day: OpeningDay): string | null {
  const clock = (t: number) => toApiInstant(t).slice(11, 16)
  return formatOpeningHours(day.windows.map((w) => ({ opens: clock(w.start), closes: w.end - chinaDayStartMs(day.date) === DAY_MS ? '24:00' : clock(w.end) })))
}

export { maskPhone } from '../../../../types/phone'
export { maskName } from '../../../../types/names'

/** PIPL art. 28 treats the personal information of children under 14 as sensitive. */
export const CHILD_AGE = 14

/**
 * Whether a person may be a child (under 14, PIPL's 不满十四周岁): we hold the birth year, not the birthday, so
 * whoever turns 14 in the China calendar year of `now` still counts — they may not have had the birthday yet.
 * An unknown birth year is not a child.
 */
export function isChild(birthYear: number | null, now: Date): boolean {
  return birthYear !== null && Number(chinaTime(now).format('YYYY')) - birthYear <= CHILD_AGE
}

/**
 * A person's name as shown to anyone but themselves: a child's is cut to the first character and one * (王*),
 * an adult's is shown as it is (other masks, such as 张** in public lists, apply on top where they always did).
 */
export function nameForOthers(person: { name: string; birthYear: number | null }, now: Date): string {
  if (!isChild(person.birthYear, now)) return person.name
  const first = [...person.name.trim()][0]
  return `${first ?? ''}*`
}

/** Great-circle distance in metres (haversine): good to a few metres across a district. */
export function distanceMeters(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.latitude - a.latitude) * rad
  const dLng = (b.longitude - a.longitude) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2
  return Math.round(2 * 6_371_000 * Math.asin(Math.sqrt(h)))
}
