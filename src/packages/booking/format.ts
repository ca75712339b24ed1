import type { GridDay, RoomRules, Slot } from '../../../types/api/booking'
import { NO_SHOW_POLICY, type DayKind, type ResourceKind, type SlotState } from '../../../types/api/labels'
import { addDays, chinaDayStart, chinaTime, MINUTE_MS, MINUTES_PER_DAY, WEEKDAY_LABELS, weekdayLabel } from '../../../types/time'
import { formatEventTime } from '../../utils/format'

/*
 * How 阵地预约 writes dates, durations and rules for people. Nothing here decides anything: the server says which
 * slots are free and what the rules are; these functions only put its answers into words.
 */

/** ISO day of week (1 = Monday … 7 = Sunday), as weeklyHours numbers them: 7 is dayjs's 0. */
export function isoWeekdayLabel(dayOfWeek: number): string {
  return WEEKDAY_LABELS[dayOfWeek % 7] ?? ''
}

/** 11月17日 */
export function shortDate(date: string): string {
  return chinaDayStart(date).format('M月D日')
}

/** 11/17, for the narrow day strip. */
export function stripDate(date: string): string {
  return chinaDayStart(date).format('M/D')
}

/** The China date of an instant the API wrote. */
export function dateOf(instant: string): string {
  return chinaTime(instant).format('YYYY-MM-DD')
}

/** HH:mm of an instant, in China time. */
export function clockOf(instant: string): string {
  return chinaTime(instant).format('HH:mm')
}

/** 30分钟, 1小时, 1.5小时, 1小时40分钟, 3天. */
export function formatMinutes(minutes: number): string {
  if (minutes >= MINUTES_PER_DAY && minutes % MINUTES_PER_DAY === 0) return `${minutes / MINUTES_PER_DAY}天`
  if (minutes < 60) return `${minutes}分钟`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (rest === 0) return `${hours}小时`
  if (rest === 30) return `${hours}.5小时`
  return `${hours}小时${rest}分钟`
}

/** 350米, 1.2公里 */
export function formatDistance(meters: number): string {
  return meters < 1000 ? `${meters}米` : `${(meters / 1000).toFixed(1)}公里`
}

/**
 * When a booking is: 11月19日 周四 09:00–10:30 for a room; for a tool, booked by whole days ending at midnight,
 * 11月19日 周四 至 11月21日 周六 (or one day alone).
 */
export function formatBookingTime(startsAt: string, endsAt: string, kind: ResourceKind): string {
  if (kind === 'room') return formatEventTime(startsAt, endsAt)
  const first = dateOf(startsAt)
  const last = chinaTime(endsAt).subtract(1, 'minute').format('YYYY-MM-DD')
  const label = (d: string) => `${shortDate(d)} ${weekdayLabel(d)}`
  return first === last ? label(first) : `${label(first)} 至 ${label(last)}`
}

/** Length of a booking: 1.5小时, or 3天 for a tool. */
export function bookingLength(startsAt: string, endsAt: string): string {
  return formatMinutes(Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / MINUTE_MS))
}

/** 节假日 and 调休上班 are worth a tag; ordinary working days and weekends are not. */
export function isSpecialDay(kind: DayKind): boolean {
  return kind === 'holiday' || kind === 'makeup_workday'
}

/** The legend of the week grid: one colour per state (a closed cell says its own reason). */
export const SLOT_STATE_LABELS: Record<SlotState, string> = {
  free: '可约',
  taken: '已约满',
  mine: '我的',
  closed: '不可约',
  past: '已过',
}

/** What a cell says under its time: 可约, or why it cannot be booked as the server gave it (`reason`). */
export function slotLabel(cell: Slot, rules: RoomRules, kind: ResourceKind): string {
  switch (cell.reason) {
    case null:
      return SLOT_STATE_LABELS.free
    case 'past':
      return '已过'
    case 'notice':
      // A tool's day is closed for the notice when the station shuts before it could be picked up.
      return kind === 'tool' ? '今日截止' : `需提前${formatMinutes(rules.minNoticeMinutes)}`
    case 'too_far':
      return '未开放'
    case 'closure':
      return '闭馆'
    case 'inactive':
      return '暂停预约'
    case 'booked':
      return '已约满'
    case 'mine':
      return '我的'
  }
}

/** Why a cell that is not free cannot be picked, said when it is tapped. */
export function slotRefusal(cell: Slot, rules: RoomRules, kind: ResourceKind, day: Pick<GridDay, 'closure'> | undefined): string {
  switch (cell.reason) {
    case null:
      return ''
    case 'past':
      return kind === 'tool' ? '这一天已过，不能借用' : '这个时段已开始或已过，不能预约'
    case 'notice':
      return kind === 'tool'
        ? `今天闭馆前已来不及领取（需提前${formatMinutes(rules.minNoticeMinutes)}预约），请选明天以后`
        : `需至少提前${formatMinutes(rules.minNoticeMinutes)}预约，这个时段来不及了，请选更晚的时段`
    case 'too_far': {
      // The first day a cell of this date may be booked: advanceDays before it (today counts as day 0).
      const opens = addDays(dateOf(cell.startsAt), -rules.advanceDays)
      return `最多提前${rules.advanceDays}天预约，${shortDate(opens)}起可约这一天`
    }
    case 'closure':
      return day?.closure ? `这个时段临时关闭：${day.closure}` : '这个时段临时关闭，不能预约'
    case 'inactive':
      return '这个场地暂停预约'
    case 'booked':
      return '这个时段已被预约，请选其他时段'
    case 'mine':
      return '这是您已预约的时段'
  }
}

/** A room's or tool's rules as the rules card lists them, label and text. */
export function rulesOf(rules: RoomRules, kind: ResourceKind): { label: string; text: string }[] {
  const tool = kind === 'tool'
  const { minDurationMinutes: min, maxDurationMinutes: max } = rules
  const rows = [
    { label: '预约时长', text: min === max ? formatMinutes(min) : `${formatMinutes(min)}–${formatMinutes(max)}` },
    {
      label: '提前预约',
      text: tool || rules.minNoticeMinutes === 0 ? `最多提前${rules.advanceDays}天` : `最多提前${rules.advanceDays}天，至少提前${formatMinutes(rules.minNoticeMinutes)}`,
    },
    { label: '审核', text: rules.requiresApproval ? '需社区审核，通过后生效' : '即时确认，无需审核' },
    { label: '取消期限', text: rules.cancelDeadlineMinutes > 0 ? `开始前${formatMinutes(rules.cancelDeadlineMinutes)}可自行取消` : '开始前可随时取消' },
    {
      label: '爽约规则',
      text: `${tool ? '领取当天' : `开始后${rules.noShowAfterMinutes}分钟`}未签到记爽约，${NO_SHOW_POLICY.windowDays}天内${NO_SHOW_POLICY.limit}次爽约暂停预约${NO_SHOW_POLICY.suspensionDays}天`,
    },
  ]
  if (!tool) rows.push({ label: '缓冲时间', text: rules.bufferMinutes > 0 ? `每次使用后留出${formatMinutes(rules.bufferMinutes)}整理场地` : '无' })
  rows.push({ label: '每人限约', text: `同时最多${rules.maxActivePerPerson}个有效预约` })
  return rows
}
