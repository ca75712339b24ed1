import { addDays, chinaDayStart } from '../../../../types/time'
import { chinaNow } from '../../../utils/clock'
import { formatDate, formatMonth, shiftMonth } from '../../../utils/format'

/**
 * The range the dashboard shows: a calendar month (本月, 上月, or stepped to with ‹ 上月 / 下月 ›), this year up to
 * today, or two chosen days. The server takes any range of China days up to a year, both ends included.
 */
export type DashboardPeriod = { kind: 'month'; month: string } | { kind: 'year'; year: string } | { kind: 'custom'; from: string; to: string }

export type PeriodChoice = 'this-month' | 'last-month' | 'year' | 'custom'

export const PERIOD_CHOICES: { value: PeriodChoice; label: string }[] = [
  { value: 'this-month', label: '本月' },
  { value: 'last-month', label: '上月' },
  { value: 'year', label: '今年' },
  { value: 'custom', label: '自定义' },
]

/** The server refuses a range longer than this (366 days between the ends: a leap year's whole). */
export const LONGEST_RANGE_DAYS = 366

const today = () => chinaNow().format('YYYY-MM-DD')
const thisMonth = () => chinaNow().format('YYYY-MM')

export function thisMonthPeriod(): DashboardPeriod {
  return { kind: 'month', month: thisMonth() }
}

/** The period a choice stands for, on the phone's clock; 自定义 starts from the current period's days. */
export function periodOf(choice: PeriodChoice, current: DashboardPeriod): DashboardPeriod {
  switch (choice) {
    case 'this-month':
      return thisMonthPeriod()
    case 'last-month':
      return { kind: 'month', month: shiftMonth(thisMonth(), -1) }
    case 'year':
      return { kind: 'year', year: thisMonth().slice(0, 4) }
    case 'custom':
      return { kind: 'custom', ...daysOf(current) }
  }
}

/** Which choice is lit for a period: a month stepped to that is neither this nor last month lights none. */
export function choiceOf(p: DashboardPeriod): PeriodChoice | null {
  if (p.kind === 'year') return 'year'
  if (p.kind === 'custom') return 'custom'
  if (p.month === thisMonth()) return 'this-month'
  if (p.month === shiftMonth(thisMonth(), -1)) return 'last-month'
  return null
}

/** The first and last day the server is asked for. 今年 runs to today; a month is the whole month. */
export function daysOf(p: DashboardPeriod): { from: string; to: string } {
  if (p.kind === 'custom') return { from: p.from, to: p.to }
  if (p.kind === 'year') {
    const to = today()
    return { from: `${p.year}-01-01`, to: to.startsWith(p.year) ? to : `${p.year}-12-31` }
  }
  const start = chinaDayStart(p.month)
  return { from: start.format('YYYY-MM-DD'), to: start.endOf('month').format('YYYY-MM-DD') }
}

/** Steps a month period; no stepping past this month (nothing has happened there yet). */
export function stepMonth(p: Extract<DashboardPeriod, { kind: 'month' }>, by: -1 | 1): DashboardPeriod {
  return { kind: 'month', month: shiftMonth(p.month, by) }
}

export function canStepForward(p: Extract<DashboardPeriod, { kind: 'month' }>): boolean {
  return p.month < thisMonth()
}

/** 2026年11月, 2026年（1月1日至今）, 2026年3月1日至2026年5月31日 */
export function periodLabel(p: DashboardPeriod): string {
  if (p.kind === 'month') return formatMonth(p.month)
  if (p.kind === 'year') return `${p.year}年（截至${formatDate(daysOf(p).to).slice(5)}）`
  return `${formatDate(p.from)}至${formatDate(p.to)}`
}

/**
 * A custom range with one end moved. The other end follows when the range would turn round or exceed a year,
 * so the server is never asked for a range it refuses.
 */
export function withEnd(p: { from: string; to: string }, end: 'from' | 'to', day: string): DashboardPeriod {
  if (end === 'from') {
    const to = p.to < day ? day : p.to > addDays(day, LONGEST_RANGE_DAYS - 1) ? addDays(day, LONGEST_RANGE_DAYS - 1) : p.to
    return { kind: 'custom', from: day, to }
  }
  const from = p.from > day ? day : p.from < addDays(day, -(LONGEST_RANGE_DAYS - 1)) ? addDays(day, -(LONGEST_RANGE_DAYS - 1)) : p.from
  return { kind: 'custom', from, to: day }
}
