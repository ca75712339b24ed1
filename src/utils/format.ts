import type { Booking } from '../../types/api/booking'
import { BOOKING_STATUS_LABELS, EVENT_PHASE_LABELS } from '../../types/api/labels'
import { chinaDayStart, chinaTime, HOUR_MS, WEEKDAY_LABELS } from '../../types/time'
import { now } from './clock'

/** 11月6日 周五 09:00–12:00 */
export function formatEventTime(startsAt: string, endsAt: string): string {
  const start = chinaTime(startsAt)
  const end = chinaTime(endsAt)
  const sameDay = start.format('YYYY-MM-DD') === end.format('YYYY-MM-DD')
  return `${start.format('M月D日')} ${WEEKDAY_LABELS[start.day()]} ${start.format('HH:mm')}–${sameDay ? end.format('HH:mm') : end.format('M月D日 HH:mm')}`
}

/** 2026年11月 */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-')
  return `${y}年${Number(m)}月`
}

/** YYYY-MM shifted by a number of months. */
export function shiftMonth(month: string, by: number): string {
  return chinaDayStart(month).add(by, 'month').format('YYYY-MM')
}

export function currentMonth(at: Date = now()): string {
  return chinaTime(at).format('YYYY-MM')
}

export function placesLeftLabel(capacity: number, signedUp: number): string {
  const left = capacity - signedUp
  return left > 0 ? `余${left}个名额` : '名额已满'
}

/** 会议培训室 · 联通社区党群服务中心; the station alone when the place already is the station. */
export function eventLocation(event: { place: string; stationName: string | null }): string {
  if (!event.stationName) return event.place
  if (event.stationName.endsWith(event.place)) return event.stationName
  return `${event.place} · ${event.stationName}`
}

/** A points change with its sign: +10, -30. */
export function formatPoints(amount: number): string {
  return amount > 0 ? `+${amount}` : String(amount)
}

/** 11月22日 09:30, in China time. */
export function formatDateTime(instant: string): string {
  return chinaTime(instant).format('M月D日 HH:mm')
}

/** 2026-12-31 → 2026年12月31日 */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

/** Time left until a deadline, as a claimer reads it: 剩余2天, 剩余5小时, 已超时. */
export function timeLeftLabel(deadline: string, at: Date = now()): string {
  const ms = new Date(deadline).getTime() - at.getTime()
  if (ms <= 0) return '已超时'
  const hours = ms / HOUR_MS
  return hours < 24 ? `剩余${Math.ceil(hours)}小时` : `剩余${Math.floor(hours / 24)}天`
}

/** The China date of now, YYYY-MM-DD. */
export function todayInChina(at: Date = now()): string {
  return chinaTime(at).format('YYYY-MM-DD')
}

/** ★★★★☆ for a rating of 4 out of 5. */
export function stars(rating: number): string {
  return '★'.repeat(rating) + '☆'.repeat(Math.max(0, 5 - rating))
}

/**
 * A booking's status as its badge says it. One still waiting for approval or for its check-in once its time is
 * over (the server's phase) reads 已结束 until the sweeps settle it (no-show, not decided): never as still to come.
 */
export function bookingStatusLabel(b: Pick<Booking, 'status' | 'phase'>): string {
  if (b.phase === 'ended' && (b.status === 'pending' || b.status === 'confirmed')) return EVENT_PHASE_LABELS.ended
  return BOOKING_STATUS_LABELS[b.status]
}
