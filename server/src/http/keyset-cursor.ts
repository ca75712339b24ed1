import { MAX_ID, ZDay } from '../../../types/api/common'
import { AppError } from './app-error'

/*
 * The one cursor of every list read page by page (keyset pagination): the sort key values of the last row sent and
 * its id, each written as text, joined by ':'. The client passes it back as it came. A cursor the list could not
 * have written — malformed, naming no possible row, or of a list sorted by other keys — is a 400, never a restart
 * at page 1 and never a query the database refuses.
 */

/** How one key of a cursor is written, and read back: `read` answers undefined for text `write` would not make. */
export type CursorKey<T> = { write: (value: T) => string; read: (text: string) => T | undefined }

/** A row id: a positive integer PostgreSQL's integer holds. */
export const idKey: CursorKey<number> = {
  write: String,
  read: (text) => (/^\d{1,10}$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_ID ? Number(text) : undefined),
}

/** An instant, as epoch milliseconds within what the list's rows can hold. */
export function instantKey(range: { earliest: number; latest: number }): CursorKey<Date> {
  return {
    write: (value) => String(value.getTime()),
    read: (text) => {
      const ms = /^-?\d{1,16}$/.test(text) ? Number(text) : NaN
      return ms >= range.earliest && ms <= range.latest ? new Date(ms) : undefined
    },
  }
}

/** A calendar day (YYYY-MM-DD) or none, written '-'. */
export const optionalDayKey: CursorKey<string | null> = {
  write: (value) => value ?? '-',
  read: (text) => (text === '-' ? null : ZDay.safeParse(text).success ? text : undefined),
}

export type KeysetCursor<T extends unknown[]> = {
  encode: (...values: T) => string
  /** The keys of the last row sent, or null for the first page; a cursor that is not ours is VALIDATION_FAILED. */
  decode: (cursor: string | undefined) => T | null
}

/** The cursor of a list sorted by these keys (the id last, to break ties). */
export function keysetCursor<T extends unknown[]>(...keys: { [I in keyof T]: CursorKey<T[I]> }): KeysetCursor<T> {
  const codecs = keys as CursorKey<unknown>[]
  return {
    encode: (...values) => values.map((value, i) => codecs[i]!.write(value)).join(':'),
    decode(cursor) {
      if (cursor === undefined) return null
      const parts = cursor.split(':')
      const values = parts.length === codecs.length ? parts.map((part, i) => codecs[i]!.read(part)) : []
      if (values.length !== codecs.length || values.includes(undefined)) throw AppError.field('querystring.cursor', '分页标记不正确')
      return values as T
    },
  }
}

/** One page out of the `limit + 1` rows fetched (the extra one says there is a next page), and its cursor. */
export function pageOf<R>(rows: R[], limit: number, cursorOf: (last: R) => string): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  return { rows: page, nextCursor: rows.length > limit ? cursorOf(page.at(-1)!) : null }
}
