import type { Booking } from '../../../types/api/booking'
import { BOOKING_REASON_MAX, BOOKING_REASON_MIN, type StationKind } from '../../../types/api/labels'
import { chinaDayStart, chinaTime, WEEKDAY_LABELS, weekdayLabel } from '../../../types/time'
import { formatEventTime } from '../../utils/format'
import './booking-parts.scss'

/** The contract's limits on a booking's reason (types/api/labels.ts). */
export const BOOKING_REASON_LIMITS = { min: BOOKING_REASON_MIN, max: BOOKING_REASON_MAX } as const

export const STATION_KIND_LABELS: Record<StationKind, string> = { center: '党群服务中心', grid_station: '网格驿站' }

/** ISO weekday 1–7 (Monday first), as the opening hours number them. */
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const
/** Indexed by ISO weekday: 7 is dayjs's 0 (Sunday). */
export const ISO_WEEKDAY_LABELS = ['', ...WEEKDAY_LABELS.slice(1), WEEKDAY_LABELS[0]] as const

/** 2026-11-06 → 11月6日 周五 */
export function formatDayWithWeekday(day: string): string {
  return `${chinaDayStart(day).format('M月D日')} ${weekdayLabel(day)}`
}

/** A room's booking as a time span; a tool's (booked by the day, ending at midnight) as its days. */
export function bookingTimeLabel(b: Pick<Booking, 'startsAt' | 'endsAt' | 'room'>): string {
  if (b.room.kind !== 'tool') return formatEventTime(b.startsAt, b.endsAt)
  const first = chinaTime(b.startsAt)
  const last = chinaTime(b.endsAt).subtract(1, 'minute')
  const day = (d: typeof first) => `${d.format('M月D日')} ${WEEKDAY_LABELS[d.day()]}`
  const days = last.startOf('day').diff(first.startOf('day'), 'day') + 1
  return days <= 1 ? `${day(first)} 全天` : `${day(first)} 至 ${day(last)}（${days}天）`
}


