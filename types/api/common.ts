import { z } from 'zod'
import { EVENT_PHASES, ROLES } from './labels'

export type { Role } from './labels'

/** An ISO 8601 instant with offset, as the API writes every time. */
export const ZInstant = z.string().describe('ISO 8601 date-time, e.g. 2026-11-22T09:30:00+08:00')

export const ZRole = z.enum(ROLES)

/** Whether it has not begun, is under way, has ended or was cancelled, at the server's now. */
export const ZEventPhase = z.enum(EVENT_PHASES)

/** An id as the API accepts it: a positive integer that fits PostgreSQL's integer columns (a larger one names nothing). */
export const ZPositiveId = z.coerce.number().int().positive().max(2_147_483_647, '编号不正确')

/** The `:id` of a route. */
export const ZIdParam = z.object({ id: ZPositiveId })

/*
 * Days and instants the API accepts lie in 2000–2099: anything else is a typo, and the day arithmetic (and
 * PostgreSQL's parser of what it is sent) is only asked about dates of this century.
 */
const FIRST_INSTANT = Date.UTC(2000, 0, 1)
const END_INSTANT = Date.UTC(2100, 0, 1)
const inRange = (t: number) => t >= FIRST_INSTANT && t < END_INSTANT

/** A calendar day, YYYY-MM-DD, that exists (no 2 月 30 日), in 2000–2099. */
export const ZDay = z
  .string()
  // abort: a string that is not a date at all gets that one message, not the calendar's as well.
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD', abort: true })
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`)
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d)
  }, '没有这一天')
  .refine((d) => inRange(Date.parse(`${d}T00:00:00Z`)), '日期超出范围')

/** An instant with its offset, e.g. 2026-11-22T09:30:00+08:00, in 2000–2099. */
export const ZInstantInput = (message: string) => z.iso.datetime({ offset: true, message }).refine((s) => inRange(Date.parse(s)), '时间超出范围')
