import { AppError } from './app-error'

/** PostgreSQL's largest integer id. */
const MAX_ID = 2_147_483_647

/**
 * The cursor of a list ordered by (start, id): `<start ms>_<id>` of the last row sent. Lists that page this way
 * write it with `encodeStartCursor` and read it back with `decodeStartCursor`.
 */
export function encodeStartCursor(row: { startsAt: Date; id: number }): string {
  return `${row.startsAt.getTime()}_${row.id}`
}

/**
 * Reads a cursor back. It is ours or tampered with: a start outside `range` (what the list's rows can hold) or an
 * id the database cannot take is a 400, never a query the database refuses.
 */
export function decodeStartCursor(cursor: string | undefined, range: { earliest: number; latest: number }): { startsAt: Date; id: number } | null {
  if (!cursor) return null
  const [ms, id] = cursor.split('_').map(Number)
  const valid = Number.isSafeInteger(ms) && ms! >= range.earliest && ms! <= range.latest && Number.isSafeInteger(id) && id! >= 0 && id! <= MAX_ID
  if (!valid) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'querystring.cursor', message: '分页标记不正确' }] })
  return { startsAt: new Date(ms!), id: id! }
}
