import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app'

let open: TestApp[] = []
async function appWith(env: Record<string, string>, demo = true) {
  const t = await createTestApp({ demo, env })
  open.push(t)
  return t
}
afterEach(async () => {
  await Promise.all(open.map((t) => t.close()))
  open = []
})

/** `count` requests in a row, their statuses. */
async function statuses(count: number, request: (i: number) => Promise<{ statusCode: number }>) {
  const out: number[] = []
  for (let i = 0; i < count; i++) out.push((await request(i)).statusCode)
  return out
}

describe('the client address behind proxies (TRUST_PROXY)', () => {
  it('ignores what the client writes into X-Forwarded-For: rotating it does not reset the limit', async () => {
    const t = await appWith({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' }, false)
    // One proxy (微信云托管) in front: it appends the address it saw, here always 203.0.113.7. Whatever the client
    // put before that is the client's own invention.
    const codes = await statuses(5, (i) =>
      t.app.inject({ method: 'GET', url: '/api/communities', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` } }),
    )
    expect(codes).toEqual([200, 200, 200, 429, 429])
    // The address the proxy saw is believed: another client behind it has a budget of its own.
    const other = await t.app.inject({ method: 'GET', url: '/api/communities', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '198.51.100.0, 203.0.113.8' } })
    expect(other.statusCode).toBe(200)
  })

  it('cannot make someone else be limited by naming their address', async () => {
    const t = await appWith({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' }, false)
    await statuses(5, () =>
      t.app.inject({ method: 'GET', url: '/api/communities', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '203.0.113.99, 203.0.113.7' } }),
    )
    // 203.0.113.99, whom the attacker named, still gets through.
    const victim = await t.app.inject({ method: 'GET', url: '/api/communities', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '203.0.113.99' } })
    expect(victim.statusCode).toBe(200)
  })

  it('believes no X-Forwarded-For at all when no proxy is configured', async () => {
    const t = await appWith({ RATE_LIMIT_PER_MINUTE: '3' }, false)
    const codes = await statuses(5, (i) =>
      t.app.inject({ method: 'GET', url: '/api/communities', remoteAddress: '203.0.113.7', headers: { 'x-forwarded-for': `198.51.100.${i}` } }),
    )
    expect(codes).toEqual([200, 200, 200, 429, 429])
  })

  it('believes only the listed proxies', async () => {
    const t = await appWith({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '10.0.0.0/8' }, false)
    const viaProxy = (client: string) =>
      t.app.inject({ method: 'GET', url: '/api/communities', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': client } })
    expect(await statuses(3, () => viaProxy('203.0.113.1'))).toEqual([200, 200, 429])
    // Another client behind the same proxy has limits of its own.
    expect((await viaProxy('203.0.113.2')).statusCode).toBe(200)
  })
})

describe('limits per account', () => {
  it('limits the writes of one account, from however many addresses, with Retry-After', async () => {
    const t = await appWith({ RATE_LIMIT_WRITES_PER_MINUTE: '3' })
    const auth = await t.headersAs('resident')
    // Whatever the write answers (the resident's community is fixed by their household: 409), it counts.
    const write = (i: number, headers = auth) =>
      t.app.inject({ method: 'PUT', url: '/api/me/community', remoteAddress: `198.51.100.${i}`, headers, payload: { communityId: 1 } })
    const codes = await statuses(5, write)
    expect(codes.slice(0, 3).every((c) => c !== 429)).toBe(true)
    expect(codes.slice(3)).toEqual([429, 429])
    const refused = await write(9)
    expect(refused.json()).toEqual({ code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60)
    // Reading is not writing; and another account has its own budget.
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: auth })).statusCode).toBe(200)
    expect((await write(1, await t.headersAs('volunteer'))).statusCode).not.toBe(429)
  })

  it('limits uploads per account more tightly than other writes', async () => {
    const t = await appWith({ RATE_LIMIT_UPLOADS_PER_MINUTE: '2' })
    const auth = await t.headersAs('resident')
    // Not even a valid body: the limit is checked before the upload is read.
    const upload = () =>
      t.app.inject({ method: 'POST', url: '/api/uploads?purpose=wish_photo', headers: { ...auth, 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--\r\n' })
    const codes = await statuses(4, upload)
    expect(codes.slice(0, 2).every((c) => c !== 429)).toBe(true)
    expect(codes.slice(2)).toEqual([429, 429])
  })

  it('limits logins per address', async () => {
    const t = await appWith({ RATE_LIMIT_LOGINS_PER_MINUTE: '2' })
    const login = (remoteAddress: string) => t.app.inject({ method: 'POST', url: '/api/auth/demo', remoteAddress, payload: { persona: 'resident' } })
    expect(await statuses(3, () => login('203.0.113.5'))).toEqual([200, 200, 429])
    expect((await login('203.0.113.6')).statusCode).toBe(200)
  })
})
