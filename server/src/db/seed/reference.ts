import holidayCalendar from '../../../../data/cn-holidays-2025-2026.json'
import type { Db } from '../client'
import { calendarDays } from '../schema'

type HolidayCalendar = { years: Record<string, { holidays: { name: string; days: string[] }[]; makeupWorkdays: string[] }> }

/** The official holiday calendar as published by the State Council, as calendar_days rows. */
export function officialCalendarRows(calendar: HolidayCalendar = holidayCalendar) {
  return Object.values(calendar.years).flatMap((year) => [
    ...year.holidays.flatMap((h) => h.days.map((day) => ({ day, kind: 'holiday' as const, name: h.name }))),
    ...year.makeupWorkdays.map((day) => ({ day, kind: 'workday' as const, name: '调休上班' })),
  ])
}

/**
 * Data every installation needs, demo or not: the 2025–2026 holiday calendar. Rows the admin already has are
 * left as they are, so re-running never undoes an edit.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  const rows = officialCalendarRows()
  await db.insert(calendarDays).values(rows).onConflictDoNothing({ target: calendarDays.day })
}
