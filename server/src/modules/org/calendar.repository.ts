import { and, asc, eq, gte, inArray, lte, notInArray, sql } from 'drizzle-orm'
import type { Db, Queryable } from '../../db/client'
import { preparedFor } from '../../db/prepared'
import { calendarDays } from '../../db/schema'
import type { CalendarDayKind, OfficialDay } from './calendar.domain'

export type CalendarDayRow = typeof calendarDays.$inferSelect

/** Calendar days (holidays, 调休) between two days inclusive. */
const daysBetween = preparedFor((db) =>
  db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.day, sql.placeholder('fromDay')), lte(calendarDays.day, sql.placeholder('toDay'))))
    .orderBy(asc(calendarDays.day))
    .prepare('calendar_days_between'),
)

export async function calendarDaysBetween(db: Db, fromDay: string, toDay: string): Promise<CalendarDayRow[]> {
  return daysBetween(db).execute({ fromDay, toDay })
}

export async function findCalendarDay(db: Queryable, day: string): Promise<CalendarDayRow | null> {
  const [row] = await db.select().from(calendarDays).where(eq(calendarDays.day, day))
  return row ?? null
}

/** Of the given years, those with at least one public holiday in the calendar (official or the admin's). */
export async function yearsWithHolidays(db: Queryable, years: number[]): Promise<Set<number>> {
  const year = sql<number>`extract(year from ${calendarDays.day})::int`
  const rows = await db
    .selectDistinct({ year })
    .from(calendarDays)
    .where(and(eq(calendarDays.kind, 'holiday'), inArray(year, years)))
  return new Set(rows.map((r) => r.year))
}

/** The admin's day: a new one, or an override of the official arrangement of that day. */
export async function putAdminDay(db: Queryable, values: { day: string; kind: CalendarDayKind; name: string }): Promise<CalendarDayRow> {
  const row = { ...values, source: 'admin' as const }
  const [saved] = await db.insert(calendarDays).values(row).onConflictDoUpdate({ target: calendarDays.day, set: row }).returning()
  return saved!
}

/** Puts the official arrangement back on a day the admin had overridden. */
export async function restoreOfficialDay(db: Queryable, official: OfficialDay): Promise<void> {
  await db.update(calendarDays).set({ kind: official.kind, name: official.name, source: 'official' }).where(eq(calendarDays.day, official.day))
}

/** Deletes one of the admin's own days (one the official calendar does not list). */
export async function deleteAdminDay(db: Queryable, day: string): Promise<boolean> {
  const rows = await db.delete(calendarDays).where(and(eq(calendarDays.day, day), eq(calendarDays.source, 'admin'))).returning({ day: calendarDays.day })
  return rows.length > 0
}

/**
 * Makes the official rows exactly `days`: new days added, changed ones updated, days the arrangement no longer
 * lists removed. The admin's rows are left as they are (an override stays an override). One statement each,
 * so a refresh is quick and any number of instances may run it.
 */
export async function replaceOfficialDays(db: Queryable, days: OfficialDay[]): Promise<void> {
  if (days.length > 0) {
    await db
      .insert(calendarDays)
      .values(days.map((d) => ({ ...d, source: 'official' as const })))
      .onConflictDoUpdate({
        target: calendarDays.day,
        set: { kind: sql`excluded.kind`, name: sql`excluded.name` },
        setWhere: eq(calendarDays.source, 'official'),
      })
  }
  await db.delete(calendarDays).where(and(eq(calendarDays.source, 'official'), days.length > 0 ? notInArray(calendarDays.day, days.map((d) => d.day)) : undefined))
}
