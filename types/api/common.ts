import { z } from 'zod'
import { EVENT_PHASES, ROLES } from './labels'

export type { Role } from './labels'

/** An ISO 8601 instant with offset, as the API writes every time. */
export const ZInstant = z.string().describe('ISO 8601 date-time, e.g. 2026-11-22T09:30:00+08:00')

export const ZRole = z.enum(ROLES)

/** Whether it has not begun, is under way, has ended or was cancelled, at the server's now. */
export const ZEventPhase = z.enum(EVENT_PHASES)

/** PostgreSQL's largest integer: every id is a positive integer up to it (a larger one names nothing). */
export const MAX_ID = 2_147_483_647

/** An id in a JSON body: a positive integer that fits PostgreSQL's integer columns. */
export const ZId = z.number().int('编号不正确').positive('编号不正确').max(MAX_ID, '编号不正确')

/** The same id in a path or query string, where it travels as text. */
export const ZPositiveId = z.coerce.number().int('编号不正确').positive('编号不正确').max(MAX_ID, '编号不正确')

/** Control characters other than newline and tab (C0, DEL, C1): PostgreSQL refuses NUL in text, and none belongs in what people type. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/

/** The rule of `ZText` (tests walk the contracts to find each string field that carries it). */
export const withoutControlCharacters = (s: string) => !CONTROL_CHARACTER.test(s)

/**
 * Every text field of every request is built from this: a string without control characters (newline and tab
 * allowed). Chain `.trim()`, `.min()`, `.max()`, `.regex()` on it as on `z.string()`.
 */
export const ZText = () => z.string().refine(withoutControlCharacters, { error: '不能含有控制字符等特殊字符', abort: true })

/**
 * The query of every list read page by page. `cursor` is the `nextCursor` of the previous page, passed back as it
 * came: opaque to the client, checked by the server (one that is not the server's is a 400, not page 1).
 */
export const ZPageQuery = z.object({
  cursor: ZText().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})

/** A page of a list: its items and the cursor of the next page, null on the last. */
export const ZPage = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() })

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
export const ZDay = ZText()
  // abort: a string that is not a date at all gets that one message, not the calendar's as well.
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD', abort: true })
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`)
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d)
  }, '没有这一天')
  .refine((d) => inRange(Date.parse(`${d}T00:00:00Z`)), '日期超出范围')

/** An instant with its offset, e.g. 2026-11-22T09:30:00+08:00, in 2000–2099. */
export const ZInstantInput = (message: string) => z.iso.datetime({ offset: true, message }).refine((s) => inRange(Date.parse(s)), '时间超出范围')

/**
 * The body of a PATCH: every field of `fields` optional, and only those sent are changed. `fields` must hold no
 * `.default()`: zod fills a default in even for an optional key, so a PATCH of one field would reset the others.
 * Give defaults in the create schema only (`fields.extend({ … .default(…) })`).
 */
export function patchOf<S extends z.ZodRawShape>(fields: z.ZodObject<S>) {
  for (const [key, field] of Object.entries(fields.shape)) {
    if ((field as z.ZodType)._zod.def.type === 'default') throw new Error(`patchOf: the field ${key} has a default`)
  }
  return fields.partial()
}

/**
 * The picture of a shop item, an activity or a station: the photo staff put up (null: none yet) and what to show
 * — that photo, or a default picture of the record's kind — in full (detail pages) and as a small thumbnail
 * (lists; square-cropped by the client). URLs are relative to the API, like upload URLs.
 */
export const ZPictureFields = {
  photo: z.object({ id: z.number().int(), url: z.string() }).nullable(),
  imageUrl: z.string(),
  thumbnailUrl: z.string(),
}
export type Picture = z.infer<z.ZodObject<typeof ZPictureFields>>
