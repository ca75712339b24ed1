import type { Db } from '../client'
import { refreshOfficialCalendar } from '../../modules/org/calendar.service'

/**
 * Data every installation needs, demo or not: the official holiday calendar, brought in line with the State
 * Council's arrangement as the installed `chinese-days` knows it. The admin's own days and overrides stay, so
 * re-running never undoes an edit.
 */
export async function seedReferenceData(db: Db): Promise<{ calendarDays: number; firstYear: number; lastYear: number }> {
  const calendar = await refreshOfficialCalendar(db)
  return { calendarDays: calendar.days, firstYear: calendar.firstYear, lastYear: calendar.lastYear }
}
