import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import sharp from 'sharp'
import { AppError } from '../../server/src/http/app-error'
import { purgeIdempotencyKeys } from '../../server/src/http/idempotency'
import { idempotencyKeys, uploads } from '../../server/src/db/schema'
import { createTestApp, type TestApp } from '../support/test-app'

/*
 * The Idempotency-Key mechanism, exercised through a probe write route that counts how often it really runs
 * (the feature modules' own tests cover their create/spend endpoints).
 */
let runs = 0
let failNext: 'conflict' | 'crash' | null = null
let gate: Promise<void> | null = null
function probe(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/probe/orders',
    { schema: { body: z.object({ item: z.string() }) } },
    async (req, reply) => {
      if (gate) await gate
      runs++
      if (failNext === 'conflict') {
        failNext = null
        throw new AppError('REQUEST_IN_PROGRESS', { message: '库存不足' })
      }
      if (failNext === 'crash') {
        failNext = null
        throw new Error('database went away')
      }
      return reply.status(201).send({ order: runs, item: req.body.item })
    },
  )
}

let t: TestApp
let auth: { authorization: string }
beforeAll(async () => {
  t = await createTestApp({ extend: probe })
  auth = await t.loginAs('resident')
})
afterAll(() => t.close())

const order = (key: string | undefined, item = '米', headers: { authorization: string } = auth) =>
  t.app.inject({ method: 'POST', url: '/api/probe/orders', headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) }, payload: { item } })

describe('Idempotency-Key', () => {
  it('replays the first response to a retry instead of acting twice', async () => {
    const before = runs
    const first = await order('key-replay-0001')
    const retry = await order('key-replay-0001')
    expect(first.statusCode).toBe(201)
    expect(retry.statusCode).toBe(201)
    expect(retry.json()).toEqual(first.json())
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(runs - before).toBe(1)
  })

  it('acts every time without a key, and once per distinct key', async () => {
    const before = runs
    await order(undefined)
    await order(undefined)
    await order('key-distinct-01')
    await order('key-distinct-02')
    expect(runs - before).toBe(4)
  })

  it('refuses the same key on a different request with 422', async () => {
    await order('key-reused-0001', '米')
    const other = await order('key-reused-0001', '面')
    expect(other.statusCode).toBe(422)
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('tells requests apart by their query string too: the same key on another query is 422', async () => {
    const before = runs
    const first = await t.app.inject({ method: 'POST', url: '/api/probe/orders?variant=a', headers: { ...auth, 'idempotency-key': 'key-query-00001' }, payload: { item: '米' } })
    expect(first.statusCode).toBe(201)
    const other = await t.app.inject({ method: 'POST', url: '/api/probe/orders?variant=b', headers: { ...auth, 'idempotency-key': 'key-query-00001' }, payload: { item: '米' } })
    expect(other.statusCode).toBe(422)
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(runs - before).toBe(1)
  })

  it('covers the file of an upload: the same key with another file is 422, with the same file the first upload', async () => {
    const picture = (background: string) => sharp({ create: { width: 16, height: 16, channels: 3, background } }).jpeg().toBuffer()
    const send = (bytes: Buffer, key: string, purpose = 'wish_photo') => {
      const boundary = '----idempotency-test'
      const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)])
      return t.app.inject({ method: 'POST', url: `/api/uploads?purpose=${purpose}`, headers: { ...auth, 'idempotency-key': key, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
    }
    const red = await picture('#ff0000')
    const stored = async () => (await t.handle.db.select().from(uploads)).length
    const first = await send(red, 'key-upload-0001')
    expect(first.statusCode, first.body).toBe(201)
    const count = await stored()

    const retry = await send(red, 'key-upload-0001')
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json()).toEqual(first.json())

    const otherFile = await send(await picture('#0000ff'), 'key-upload-0001')
    expect(otherFile.statusCode).toBe(422)
    expect(otherFile.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    const otherPurpose = await send(red, 'key-upload-0001', 'proof_photo')
    expect(otherPurpose.statusCode).toBe(422)
    expect(otherPurpose.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await stored()).toBe(count)
  })

  it('scopes keys to the account: another user with the same key acts for themselves', async () => {
    const before = runs
    await order('key-shared-0001')
    const other = await t.loginAs('volunteer')
    const res = await order('key-shared-0001', '米', other)
    expect(res.statusCode).toBe(201)
    expect(runs - before).toBe(2)
  })

  it('replays a 4xx answer too, but lets a 5xx be retried for real', async () => {
    failNext = 'conflict'
    const refused = await order('key-conflict-01')
    const replayed = await order('key-conflict-01')
    expect(refused.statusCode).toBe(409)
    expect(replayed.json()).toEqual(refused.json())

    failNext = 'crash'
    const crashed = await order('key-crashed-001')
    expect(crashed.statusCode).toBe(500)
    expect(crashed.json()).toEqual({ code: 'INTERNAL', message: '服务器开小差了，请稍后再试' })
    const retried = await order('key-crashed-001')
    expect(retried.statusCode).toBe(201)
  })

  it('answers 409 REQUEST_IN_PROGRESS to a retry that overtakes the first request', async () => {
    let open!: () => void
    gate = new Promise((resolve) => (open = resolve))
    const first = order('key-overtake-01')
    // Let the first request reserve the key before the second arrives.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const second = await order('key-overtake-01')
    gate = null
    open()
    expect(second.statusCode).toBe(409)
    expect(second.json().code).toBe('REQUEST_IN_PROGRESS')
    expect((await first).statusCode).toBe(201)
    expect((await order('key-overtake-01')).headers['idempotent-replayed']).toBe('true')
  })

  it('rejects a malformed key', async () => {
    const res = await order('short')
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_INVALID')
  })

  it('forgets keys after a day', async () => {
    await order('key-old-000001')
    const count = async () => (await t.handle.db.select().from(idempotencyKeys)).length
    const kept = await count()
    expect(await purgeIdempotencyKeys(t.handle.db, new Date(t.clock.now.getTime() + 23 * 3600_000))).toBe(0)
    expect(await purgeIdempotencyKeys(t.handle.db, new Date(t.clock.now.getTime() + 25 * 3600_000))).toBe(kept)
    expect(await count()).toBe(0)
  })
})
