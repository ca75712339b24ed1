import type { WeeklyHours } from '../../db/schema'

export type CalendarDayKind = 'holiday' | 'workday'

/** ISO weekday of a YYYY-MM-DD calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return weekday === 0 ? 7 : weekday
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

/** 138****5678: the first three and last four digits of a mobile number stay visible. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 7) return '*'.repeat(digits.length)
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`
}

/** 张** for public lists: the surname stays, each other character becomes *. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return chars.join('') || '*'
  return chars[0] + '*'.repeat(chars.length - 1)
}

/** 社区 › 网格 › 小区 › 楼栋 › 单元 › 户 joined for display. */
export function formatAddress(parts: { community: string; grid: string; estate: string; building: string; unitNo: string; roomNo: string }): string {
  return [parts.community, parts.grid, parts.estate, parts.building, parts.unitNo, parts.roomNo].join(' ')
}

/** Great-circle distance in metres (haversine): good to a few metres across a district. */
export function distanceMeters(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.latitude - a.latitude) * rad
  const dLng = (b.longitude - a.longitude) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2
  return Math.round(2 * 6_371_000 * Math.asin(Math.sqrt(h)))
}
