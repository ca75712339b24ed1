import chineseDays from 'chinese-days/dist/chinese-days.json'
import { chinaTime } from '../../../../types/time'

/**
 * China's official calendar of public holidays and make-up working days (调休), as the State Council publishes it
 * each autumn for the next year. The data comes from the npm package `chinese-days`, which follows those notices
 * (a new year arrives in a new release: `npm update chinese-days`, then `npm run db:seed`). The admin may
 * override any day; the override wins until it is removed.
 */

export type CalendarDayKind = 'holiday' | 'workday'
/** A holiday or make-up working day, with its name (春节; for a make-up day, the holiday it belongs to). */
export type CalendarException = { kind: CalendarDayKind; name: string }
export type OfficialDay = CalendarException & { day: string }

/** chinese-days names some holidays short (清明, 端午, 中秋); the State Council's notices name them in full. */
const FULL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' }

/** "Spring Festival,春节,4" → 春节 */
function chineseName(entry: string): string {
  const name = entry.split(',')[1]?.trim() ?? ''
  return FULL_NAMES[name] ?? name
}

type ChineseDaysData = { holidays: Record<string, string>; workdays: Record<string, string> }

/**
 * Every day the official calendar lists, in order: holidays (the whole break, weekends within it included) and
 * make-up working days, each named after the holiday it belongs to.
 */
export function officialDays(data: ChineseDaysData = chineseDays): OfficialDay[] {
  return [
    ...Object.entries(data.holidays).map(([day, entry]) => ({ day, kind: 'holiday' as const, name: chineseName(entry) })),
    ...Object.entries(data.workdays).map(([day, entry]) => ({ day, kind: 'workday' as const, name: chineseName(entry) })),
  ].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
}

let cached: Map<string, OfficialDay> | null = null

/** The official calendar by day (read once from the package). */
export function officialCalendar(): Map<string, OfficialDay> {
  cached ??= new Map(officialDays().map((d) => [d.day, d]))
  return cached
}

/**
 * A missing year is one for which the calendar holds no holiday at all: every day of it would open by its
 * weekday, 春节 and 国庆节 included. The current year missing is always worth saying; next year's from December on,
 * when the State Council has normally published it (it did in November for 2025 and 2026).
 */
export function missingCalendarYear(now: Date, yearsWithHolidays: ReadonlySet<number>): number | null {
  const today = chinaTime(now)
  const year = today.year()
  if (!yearsWithHolidays.has(year)) return year
  if (today.month() === 11 && !yearsWithHolidays.has(year + 1)) return year + 1
  return null
}

/** What staff and admins are told when a year is missing, in words fit for the 工作台. */
export function missingCalendarNotice(year: number): string {
  return `系统里还没有${year}年的法定节假日和调休安排：录入之前，${year}年的节假日会被当作平常日子，各阵地按星期几开放。国务院公布安排后，管理员可在「节假日与调休」中逐日录入；系统更新节假日数据后也会自动补上。`
}
