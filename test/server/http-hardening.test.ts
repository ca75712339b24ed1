import { randomBytes } from 'node:crypto'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app'

let open: TestApp[] = []
async function appWith(options: Parameters<typeof createTestApp>[0]) {
  const t = await createTestApp(options)
  open.push(t)
  return t
}
afterEach(async () => {
  await Promise.all(open.map((t) => t.close()))
  open = []
})

/** What production requires, with secrets as `openssl rand` makes them (the database is the test's own). */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://doorstep@db.internal:5432/doorstep',
  SESSION_SECRET: randomBytes(48).toString('base64'),
  DATA_KEY: randomBytes(32).toString('base64'),
  PUBLIC_BASE_URL: 'https://api.doorstep.example.cn',
  WECHAT_PUSH_TOKEN: 'push-token',
}

describe('security headers', () => {
  it('are on every answer: data, errors and unknown routes', async () => {
    const t = await appWith({ demo: false })
    for (const url of ['/api/communities', '/api/me', '/api/nothing-here']) {
      const res = await t.app.inject({ method: 'GET', url })
      expect(res.headers['x-content-type-options'], url).toBe('nosniff')
      const csp = String(res.headers['content-security-policy'])
      expect(csp, url).toContain("frame-ancestors 'none'")
      expect(csp, url).toContain("default-src 'self'")
      expect(csp, url).toContain("object-src 'none'")
      // Development speaks plain HTTP: no HSTS there.
      expect(res.headers['strict-transport-security'], url).toBeUndefined()
    }
  })

  it('add HSTS in production, and keep the API pages off unless asked for', async () => {
    const production = await appWith({ demo: false, env: PRODUCTION })
    const res = await production.app.inject({ method: 'GET', url: '/api/communities' })
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/)
    expect((await production.app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(404)
    expect((await production.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(404)

    const withDocs = await appWith({ demo: false, env: { ...PRODUCTION, API_DOCS: '1' } })
    expect((await withDocs.app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200)
  })
})

describe('slow clients', () => {
  it('are cut off when the request does not arrive in time, and the server goes on serving others', async () => {
    const t = await appWith({ demo: false, env: { REQUEST_TIMEOUT_MS: '1000' } })
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = t.app.server.address() as AddressInfo
    // Announce 100 bytes, send 2, and hold the connection: ten such clients.
    const held = Array.from({ length: 10 }, () => {
      const socket = net.connect(port, '127.0.0.1')
      socket.write('POST /api/auth/demo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"')
      socket.on('error', () => {})
      const answer: Buffer[] = []
      socket.on('data', (chunk) => answer.push(chunk))
      return new Promise<string>((resolve) => socket.on('close', () => resolve(Buffer.concat(answer).toString())))
    })
    const answers = await Promise.race([
      Promise.all(held),
      new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 20_000)),
    ])
    expect(answers).not.toBe('still open')
    for (const answer of answers as string[]) expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true)
    const res = await fetch(`http://127.0.0.1:${port}/api/communities`)
    expect(res.status).toBe(200)
  })
})

describe('an overloaded instance', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while its event loop lags, instead of queueing', async () => {
    const t = await appWith({ demo: false, env: { MAX_EVENT_LOOP_DELAY_MS: '20' } })
    // Block the event loop the way a burst of work would, then let the plugin take its next sample.
    const until = Date.now() + 600
    while (Date.now() < until) {
      /* busy */
    }
    let res = await t.app.inject({ method: 'GET', url: '/api/communities' })
    for (let i = 0; i < 40 && res.statusCode !== 503; i++) {
      const spin = Date.now() + 300
      while (Date.now() < spin) {
        /* busy */
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
      res = await t.app.inject({ method: 'GET', url: '/api/communities' })
    }
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ code: 'SERVICE_UNAVAILABLE', message: '服务繁忙，请稍后再试' })
    expect(res.headers['retry-after']).toBe('5')
  })
})
