import { chinaNow } from '../../../utils/clock'

/** Ranges of China days the workbench's pages offer, both ends included, on the phone's clock (the server checks them). */
export type DayRangeChoice = 'today' | 'month' | 'last-month' | 'year'
export type DayRange = { from: string; to: string }

export const DAY_RANGE_LABELS: Record<DayRangeChoice, string> = { today: '今天', month: '本月', 'last-month': '上月', year: '今年' }

export function dayRangeOf(choice: DayRangeChoice): DayRange {
  const today = chinaNow()
  const day = (d: typeof today) => d.format('YYYY-MM-DD')
  if (choice === 'today') return { from: day(today), to: day(today) }
  if (choice === 'month') return { from: day(today.startOf('month')), to: day(today) }
  if (choice === 'year') return { from: day(today.startOf('year')), to: day(today) }
  const last = today.startOf('month').subtract(1, 'month')
  return { from: day(last), to: day(last.endOf('month')) }
}
