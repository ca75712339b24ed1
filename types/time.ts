import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/**
 * Every time the product shows or reasons about is China Standard Time. Asia/Shanghai has been UTC+8 without
 * daylight saving since 1991, so a fixed offset is exact and needs no time-zone database (which a mini-program
 * JS engine may lack).
 */
export const CHINA_UTC_OFFSET_MINUTES = 480

/** A dayjs in China time. */
export function chinaTime(input?: dayjs.ConfigType): dayjs.Dayjs {
  return dayjs(input).utcOffset(CHINA_UTC_OFFSET_MINUTES)
}

/**
 * ISO 8601 with +08:00, the form the API writes. An instant given as milliseconds or a Date is written by
 * arithmetic: a week grid writes hundreds per request, and a dayjs for each was most of its time.
 */
export function toApiInstant(input: dayjs.ConfigType): string {
  if (typeof input === 'number') return chinaInstantText(input)
  if (input instanceof Date) return chinaInstantText(input.getTime())
  return chinaTime(input).format('YYYY-MM-DDTHH:mm:ssZ')
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`)

/** The day last written and its date's text: a week grid writes its instants day after day, ~50 to a day. */
let lastDay = Number.NaN
let lastDayText = ''

/** `YYYY-MM-DDTHH:mm:ss+08:00` of an instant (whole seconds; the API has no finer times). */
function chinaInstantText(ms: number): string {
  const local = ms + CHINA_UTC_OFFSET_MINUTES * 60_000
  const days = Math.floor(local / 86_400_000)
  const seconds = Math.floor((local - days * 86_400_000) / 1000)
  if (days !== lastDay) {
    lastDayText = civilDateText(days)
    lastDay = days
  }
  return `${lastDayText}T${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor((seconds % 3600) / 60))}:${pad2(seconds % 60)}+08:00`
}

/** `YYYY-MM-DD` of a day count since 1970-01-01 (H. Hinnant's days_from_civil, inverted). */
function civilDateText(days: number): string {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shifted = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1
  const month = shifted < 10 ? shifted + 3 : shifted - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return `${year}-${pad2(month)}-${pad2(day)}`
}

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS
export const MINUTES_PER_DAY = 1440
const CHINA_OFFSET_MS = CHINA_UTC_OFFSET_MINUTES * MINUTE_MS

/** 周日 … 周六, indexed as dayjs's `day()` and `Date#getDay()` count (0 = Sunday). */
export const WEEKDAY_LABELS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const

/**
 * The start of a China day or month as a dayjs: `chinaDayStart('2026-11-17')` is 00:00 +08:00 that day,
 * `chinaDayStart('2026-11')` the first of the month.
 */
export function chinaDayStart(dayOrMonth: string): dayjs.Dayjs {
  return chinaTime(`${dayOrMonth.length === 7 ? `${dayOrMonth}-01` : dayOrMonth}T00:00:00+08:00`)
}

/** Midnight (China time) starting the day an instant falls on. */
export function startOfChinaDay(instant: dayjs.ConfigType): Date {
  return chinaTime(instant).startOf('day').toDate()
}

/** The number written at `text[from, from + length)`, read digit by digit: no substrings, no arrays. */
function digitsAt(text: string, from: number, length: number): number {
  let n = 0
  for (let i = from; i < from + length; i++) n = n * 10 + text.charCodeAt(i) - 48
  return n
}

/**
 * Days since 1970-01-01 of a YYYY-MM-DD day. The day arithmetic below runs dozens of times per week grid, so it
 * reads the digits in place instead of splitting the text. Anything but YYYY-MM-DD throws.
 */
function dayNumber(day: string): number {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) throw new RangeError(`not a YYYY-MM-DD day: ${day}`)
  return Date.UTC(digitsAt(day, 0, 4), digitsAt(day, 5, 2) - 1, digitsAt(day, 8, 2)) / DAY_MS
}

/** `YYYY-MM-DD` of a day count since 1970-01-01; a count that is not a whole number throws, as `Date#toISOString` does. */
function dayText(days: number): string {
  if (!Number.isInteger(days)) throw new RangeError('Invalid time value')
  return civilDateText(days)
}

/** Epoch milliseconds of 00:00 China time starting a YYYY-MM-DD day: `chinaDayStart` as a number, for slot arithmetic. */
export function chinaDayStartMs(day: string): number {
  return dayNumber(day) * DAY_MS - CHINA_OFFSET_MS
}

/** The China day (YYYY-MM-DD) an instant falls on. */
export function chinaDate(instant: number | Date): string {
  return dayText(Math.floor((+instant + CHINA_OFFSET_MS) / DAY_MS))
}

/** A YYYY-MM-DD day moved by a number of days (China days are always 24 hours). */
export function addDays(day: string, days: number): string {
  return dayText(dayNumber(day) + days)
}

/** ISO weekday of a YYYY-MM-DD day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). Anything but YYYY-MM-DD throws. */
export function isoWeekday(day: string): number {
  return ((((dayNumber(day) + 3) % 7) + 7) % 7) + 1
}

/** 周二 for 2026-11-17. */
export function weekdayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return WEEKDAY_LABELS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!
}
