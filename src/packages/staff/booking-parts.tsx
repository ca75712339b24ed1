import type { Booking } from '../../../types/api/booking'
import { BOOKING_REASON_MAX, BOOKING_REASON_MIN, type StationKind } from '../../../types/api/labels'
import { chinaTime } from '../../../types/time'
import { formatEventTime } from '../../utils/format'
import './booking-parts.scss'

/** The contract's limits on a booking's reason (types/api/labels.ts). */
export const BOOKING_REASON_LIMITS = { min: BOOKING_REASON_MIN, max: BOOKING_REASON_MAX } as const

export const STATION_KIND_LABELS: Record<StationKind, string> = { center: '党群服务中心', grid_station: '网格驿站' }

/** ISO weekday 1–7 (Monday first), as the opening hours number them. */
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const
export const ISO_WEEKDAY_LABELS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** 2026-11-06 → 周五 */
export function weekdayOf(day: string): string {
  return WEEKDAYS[chinaTime(`${day}T00:00:00+08:00`).day()]!
}

/** 2026-11-06 → 11月6日 周五 */
export function formatDayWithWeekday(day: string): string {
  return `${chinaTime(`${day}T00:00:00+08:00`).format('M月D日')} ${weekdayOf(day)}`
}

/** A room's booking as a time span; a tool's (booked by the day, ending at midnight) as its days. */
export function bookingTimeLabel(b: Pick<Booking, 'startsAt' | 'endsAt' | 'room'>): string {
  if (b.room.kind !== 'tool') return formatEventTime(b.startsAt, b.endsAt)
  const first = chinaTime(b.startsAt)
  const last = chinaTime(b.endsAt).subtract(1, 'minute')
  const day = (d: typeof first) => `${d.format('M月D日')} ${WEEKDAYS[d.day()]}`
  const days = last.startOf('day').diff(first.startOf('day'), 'day') + 1
  return days <= 1 ? `${day(first)} 全天` : `${day(first)} 至 ${day(last)}（${days}天）`
}


