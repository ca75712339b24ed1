import { Writable } from 'node:stream'
import Fastify, { LogController } from 'fastify'
import { describe, expect, it } from 'vitest'
import { registerRequestLog } from '../../server/src/http/request-log'

/** A Fastify app as buildApp makes it (Fastify's own request lines off), logging JSON lines into `lines`. */
async function appLogging(requestLog: { slowMs: number; sample: number }) {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  const app = Fastify({ logger: { level: 'info', stream }, logController: new LogController({ disableRequestLogging: true }) })
  registerRequestLog(app, requestLog)
  app.get('/fast', async () => ({ ok: true }))
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 60))
    return { ok: true }
  })
  app.get('/broken', async () => {
    throw new Error('boom')
  })
  await app.ready()
  return { app, lines }
}

describe('request log', () => {
  it('writes nothing for a fast, successful request when none is sampled', async () => {
    const { app, lines } = await appLogging({ slowMs: 1000, sample: 0 })
    for (let i = 0; i < 20; i++) expect((await app.inject('/fast')).statusCode).toBe(200)
    expect(lines).toEqual([])
    await app.close()
  })

  it('writes one line for every request when the sample is 1, with method, url, status and time', async () => {
    const { app, lines } = await appLogging({ slowMs: 1000, sample: 1 })
    await app.inject('/fast')
    await app.inject('/fast?x=1')
    expect(lines.map((l) => [l.level, l.msg, l.method, l.url, l.status])).toEqual([
      [30, 'request (sampled)', 'GET', '/fast', 200],
      [30, 'request (sampled)', 'GET', '/fast?x=1', 200],
    ])
    expect(typeof lines[0]!.ms).toBe('number')
    await app.close()
  })

  it('always writes a slow request (warn) and a failed one (error)', async () => {
    const { app, lines } = await appLogging({ slowMs: 50, sample: 0 })
    await app.inject('/slow')
    await app.inject('/broken')
    const own = lines.filter((l) => l.url !== undefined)
    expect(own.map((l) => [l.level, l.msg, l.url, l.status])).toEqual([
      [40, 'slow request', '/slow', 200],
      [50, 'request failed', '/broken', 500],
    ])
    expect(own[0]!.ms).toBeGreaterThanOrEqual(50)
    await app.close()
  })
})
