import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { and, eq, lt, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { preparedFor } from '../db/prepared'
import { idempotencyKeys } from '../db/schema'
import { AppError } from './app-error'
import { DAY_MS, MINUTE_MS } from '../../../types/time'

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null
  }
}

const KEY_PATTERN = /^[A-Za-z0-9_:.-]{8,128}$/
/** A reservation whose request never finished (its process died) stops blocking retries after this long. */
const STALE_RESERVATION_MS = MINUTE_MS
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * What makes two requests "the same" for a key: the method, the path WITH its query string (`request.url` as
 * sent, so `?dryRun=true` and `?dryRun=false` differ) and the whole body — JSON as parsed, and the bytes of every
 * file part (multipart read into the body as Buffers), hashed rather than spelled out.
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const json = JSON.stringify(body ?? null, function (this: Record<string, unknown>, key: string, value: unknown) {
    // JSON.stringify hands the replacer a Buffer already turned into {type: 'Buffer', data}: look at the original.
    const original = this[key]
    return Buffer.isBuffer(original) ? `sha256:${createHash('sha256').update(original).digest('hex')}` : value
  })
  return createHash('sha256').update(`${method} ${url}\n${json}`).digest('hex')
}

/* Every write a phone sends carries a key: its statements are prepared (docs/performance.md). */
const ofKey = and(eq(idempotencyKeys.userId, sql.placeholder('userId')), eq(idempotencyKeys.key, sql.placeholder('key')))
const deleteStaleReservation = preparedFor((db) =>
  db.delete(idempotencyKeys).where(and(ofKey, sql`${idempotencyKeys.statusCode} is null`, lt(idempotencyKeys.createdAt, sql.placeholder('staleBefore')))).prepare('idempotency_delete_stale'),
)
const reserveKey = preparedFor((db) =>
  db
    .insert(idempotencyKeys)
    .values({ userId: sql.placeholder('userId'), key: sql.placeholder('key'), fingerprint: sql.placeholder('fingerprint'), createdAt: sql.placeholder('createdAt') })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key })
    .prepare('idempotency_reserve'),
)
const storedOfKey = preparedFor((db) => db.select().from(idempotencyKeys).where(ofKey).prepare('idempotency_stored'))
const storeResponse = preparedFor((db) =>
  db.update(idempotencyKeys).set({ statusCode: sql`${sql.placeholder('statusCode')}`, responseBody: sql`${sql.placeholder('responseBody')}` }).where(ofKey).prepare('idempotency_store_response'),
)
const deleteKey = preparedFor((db) => db.delete(idempotencyKeys).where(ofKey).prepare('idempotency_delete'))

/**
 * `Idempotency-Key` on writes: the first request with a key runs and its response (2xx–4xx) is stored; a retry
 * with the same key and the same request gets the stored response instead of acting twice. Keys are scoped to
 * the account, so they only apply to authenticated routes. A 5xx is not stored: the retry runs again.
 */
export function registerIdempotency(app: FastifyInstance, db: Db, now: () => Date) {
  app.decorateRequest('idempotencyKey', null)

  // preHandler: after access control (onRequest) and body validation, so principal and body are known.
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key']
    if (key === undefined || !WRITE_METHODS.has(request.method) || !request.principal) return
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw new AppError('IDEMPOTENCY_KEY_INVALID')
    const userId = request.principal.userId
    // A multipart body the route streams in its handler is not known yet: the key could not tell one file from
    // another, so it is refused rather than replaying a different upload (routes that take a key read their
    // parts into the body first, as /api/uploads does).
    if (/^multipart\//i.test(request.headers['content-type'] ?? '') && request.body === undefined) throw new AppError('IDEMPOTENCY_KEY_INVALID', { message: '此操作不支持请求标识' })
    const fingerprint = requestFingerprint(request.method, request.url, request.body)

    const staleBefore = new Date(now().getTime() - STALE_RESERVATION_MS)
    await deleteStaleReservation(db).execute({ userId, key, staleBefore })
    const reserved = await reserveKey(db).execute({ userId, key, fingerprint, createdAt: now() })
    if (reserved.length) {
      request.idempotencyKey = key
      return
    }
    const [stored] = await storedOfKey(db).execute({ userId, key })
    if (!stored) throw new AppError('REQUEST_IN_PROGRESS') // removed between our two statements: let the client retry
    if (stored.fingerprint !== fingerprint) throw new AppError('IDEMPOTENCY_KEY_REUSED')
    if (stored.statusCode === null || stored.responseBody === null) throw new AppError('REQUEST_IN_PROGRESS')
    return reply
      .status(stored.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .header('idempotent-replayed', 'true')
      .send(stored.responseBody)
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey
    if (!key || !request.principal) return payload
    const userId = request.principal.userId
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await deleteKey(db).execute({ userId, key })
    } else {
      await storeResponse(db).execute({ userId, key, statusCode: reply.statusCode, responseBody: payload })
    }
    return payload
  })
}

/** Forgets keys older than a day: an idempotent sweep that any instance may run. */
export async function purgeIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - DAY_MS)
  const removed = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff)).returning({ key: idempotencyKeys.key })
  return removed.length
}
