import type { CalendarDay, CalendarStatus, DeleteCalendarDayResponse } from '../../../../types/api/org'
import { addDays, chinaTime } from '../../../../types/time'
import type { AppContext } from '../../context'
import { recordAudit } from '../audit/audit.service'
import type { Queryable } from '../../db/client'
import type { WeeklyHours } from '../../db/schema'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { missingCalendarNotice, missingCalendarYear, officialCalendar, type CalendarDayKind, type CalendarException } from './calendar.domain'
import * as repo from './calendar.repository'
import { openingDay, type OpeningDay } from './org.domain'

/* The official holiday calendar: what every station's opening hours follow, kept by the admin. */

/** Holidays and make-up working days between two days inclusive, by day. */
async function calendarExceptions(db: Queryable, fromDay: string, toDay: string): Promise<Map<string, CalendarException>> {
  const rows = await repo.calendarDaysBetween(db, fromDay, toDay)
  return new Map(rows.map((r) => [r.day, { kind: r.kind, name: r.name }]))
}

/**
 * The calendar from one day to another, inclusive, read once: a function giving any station's opening days in
 * that range from its weekly hours (holidays on weekend hours, 调休 on weekday hours).
 */
export async function openingCalendar(db: Queryable, fromDay: string, toDay: string): Promise<(weekly: WeeklyHours) => Map<string, OpeningDay>> {
  const exceptions = await calendarExceptions(db, fromDay, toDay)
  return (weekly) => {
    const days = new Map<string, OpeningDay>()
    for (let d = fromDay; d <= toDay; d = addDays(d, 1)) days.set(d, openingDay(d, weekly, exceptions.get(d) ?? null))
    return days
  }
}

function toDto(row: repo.CalendarDayRow): CalendarDay {
  const official = row.source === 'admin' ? officialCalendar().get(row.day) : undefined
  return {
    day: row.day,
    kind: row.kind,
    name: row.name,
    source: row.source,
    overrides: official ? { kind: official.kind, name: official.name } : null,
  }
}

export async function listCalendar(ctx: AppContext, year: number): Promise<{ items: CalendarDay[] }> {
  const rows = await repo.calendarDaysBetween(ctx.db, `${year}-01-01`, `${year}-12-31`)
  return { items: rows.map(toDto) }
}

/** The admin sets a day: a holiday or a make-up working day of their own, or an override of the official one. */
export async function putCalendarDay(ctx: AppContext, principal: Principal, day: string, input: { kind: CalendarDayKind; name: string }): Promise<CalendarDay> {
  const row = await ctx.db.transaction(async (tx) => {
    const saved = await repo.putAdminDay(tx, { day, kind: input.kind, name: input.name })
    await recordAudit(tx, { actorUserId: principal.userId, action: 'calendar.set_day', communityId: null, subjectType: 'calendar_day', subjectId: day, detail: { day, kind: input.kind, name: input.name }, at: ctx.now() })
    return saved
  })
  return toDto(row)
}

/**
 * Removes the admin's day. Where it overrode the official arrangement, that arrangement comes back; the official
 * days themselves cannot be removed (they would return with the next refresh), only overridden.
 */
export async function deleteCalendarDay(ctx: AppContext, principal: Principal, day: string): Promise<DeleteCalendarDayResponse> {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findCalendarDay(tx, day)
    if (!row) throw new AppError('NOT_FOUND')
    if (row.source === 'official') throw new AppError('CALENDAR_DAY_OFFICIAL')
    const official = officialCalendar().get(day)
    if (official) await repo.restoreOfficialDay(tx, official)
    else await repo.deleteAdminDay(tx, day)
    await recordAudit(tx, { actorUserId: principal.userId, action: 'calendar.remove_day', communityId: null, subjectType: 'calendar_day', subjectId: day, detail: { day, kind: row.kind, name: row.name, restored: official?.name ?? null }, at: ctx.now() })
    return { restored: official ? toDto({ ...official, source: 'official' }) : null }
  })
}

/**
 * Brings the official rows in line with the State Council's arrangement as the installed `chinese-days` knows
 * it; the admin's days stay. Run by `npm run db:seed` (the release step) and at the start of the embedded server.
 */
export async function refreshOfficialCalendar(db: Queryable): Promise<{ days: number; firstYear: number; lastYear: number }> {
  const days = [...officialCalendar().values()]
  await repo.replaceOfficialDays(db, days)
  return { days: days.length, firstYear: Number(days[0]!.day.slice(0, 4)), lastYear: Number(days.at(-1)!.day.slice(0, 4)) }
}

/** Whether this year's (and from December next year's) holidays are in the calendar. */
export async function calendarStatus(db: Queryable, now: Date): Promise<CalendarStatus> {
  const year = chinaTime(now).year()
  const missingYear = missingCalendarYear(now, await repo.yearsWithHolidays(db, [year, year + 1]))
  return { missingYear, notice: missingYear === null ? null : missingCalendarNotice(missingYear) }
}

/**
 * Says in the server's log when the calendar lacks this year (or, from December, next year): at every start, so
 * whoever deploys sees it long before 春节.
 */
export async function warnOfMissingCalendarYear(db: Queryable, now: Date, warn: (message: string) => void): Promise<void> {
  const { missingYear } = await calendarStatus(db, now)
  if (missingYear === null) return
  warn(
    `the holiday calendar has no holidays for ${missingYear}: stations will open by weekday on its holidays. ` +
      'Update the official calendar once the State Council has published it (npm update chinese-days, then npm run db:seed), ' +
      'or enter the days as admin (我的 › 节假日与调休).',
  )
}
