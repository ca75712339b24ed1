import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ZText } from '../../types/api/common'
import { ERRORS } from '../../types/api/errors'
import { createTestApp, type TestApp } from '../support/test-app'

let t: TestApp
let auth: { authorization: string }
beforeAll(async () => {
  t = await createTestApp()
  auth = await t.loginAs('resident')
})
afterAll(() => t.close())

/** Every error leaves the server in the one shape, with a code from the table and its Chinese message. */
function expectErrorShape(status: number, body: unknown) {
  expect(status).toBeGreaterThanOrEqual(400)
  expect(status).toBeLessThan(500)
  const { code, message } = body as { code: keyof typeof ERRORS; message: string }
  expect(Object.keys(ERRORS)).toContain(code)
  expect(ERRORS[code].status).toBe(status)
  expect(message).toMatch(/[\u4e00-\u9fa5]/)
}

describe('bad input never yields a 500', () => {
  it('survives arbitrary JSON bodies on the login endpoints', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/auth/wechat', '/api/auth/demo'), fc.jsonValue(), async (url, body) => {
        const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })
        if (res.statusCode === 200) return // a body that happens to be valid
        expectErrorShape(res.statusCode, res.json())
      }),
      { numRuns: 150 },
    )
  })

  it('survives arbitrary query strings on the read endpoints', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/home', '/api/events'), fc.dictionary(fc.constantFrom('communityId', 'month', 'x'), fc.string()), async (url, query) => {
        const res = await t.app.inject({ method: 'GET', url, query, headers: auth })
        if (res.statusCode === 200) return
        expectErrorShape(res.statusCode, res.json())
      }),
      { numRuns: 150 },
    )
  })

  it('refuses an id beyond PostgreSQL integer range on every `:id` route with 400, not a database error', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
    const routes = Object.entries(doc.paths).flatMap(([p, methods]) => (p.includes('{id}') ? Object.keys(methods).map((m) => [m.toUpperCase(), p] as const) : []))
    expect(routes.length).toBeGreaterThan(20)
    const staff = await t.loginAs('admin')
    for (const [method, route] of routes) {
      const url = route.replace('{id}', '99999999999')
      const res = await t.app.inject({ method: method as 'GET', url, headers: { authorization: staff.authorization }, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) })
      expect(res.statusCode, `${method} ${url}`).toBe(400)
      expectErrorShape(res.statusCode, res.json())
    }
  })

  it('answers raw garbage and unsupported content types with 400 BAD_REQUEST', async () => {
    for (const [contentType, payload] of [
      ['application/json', '\u0000\u0001'],
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'code=abc'],
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', headers: { 'content-type': contentType! }, payload })
      expectErrorShape(res.statusCode, res.json())
    }
  })

  it('refuses a body over 1 MB with 413', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ code: 'x'.repeat(1_100_000) }) })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: '提交的内容太大' })
  })

  it('answers an unknown route with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 'ROUTE_NOT_FOUND', message: '接口不存在' })
  })
})

describe('one rule for text, one for ids, cursors and forms checked before any query', () => {
  const as = async (persona: 'resident' | 'staff' | 'admin') => ({ authorization: (await t.loginAs(persona)).authorization })
  const expect400 = (res: { statusCode: number; json: () => unknown }, code: string) => {
    expect(res.statusCode).toBe(400)
    expectErrorShape(res.statusCode, res.json())
    expect((res.json() as { code: string }).code).toBe(code)
  }

  it('ZText takes newline and tab and refuses every other control character', () => {
    expect(ZText().safeParse('第一行\n第二行\t完').success).toBe(true)
    for (const c of ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\r', '\u001b', '\u007f', '\u0085', '\u009f']) {
      expect(ZText().safeParse(`前${c}后`).success, JSON.stringify(c)).toBe(false)
    }
  })

  it('refuses a NUL byte in a body, a query and a path with 400, before PostgreSQL sees it', async () => {
    const resident = await as('resident')
    const staff = await as('staff')
    const wish = { category: 'daily_goods', title: '修\u0000水龙头', description: '厨房的水龙头一直在滴水', valueYuan: 0, contactPreference: 'phone' }
    expect400(await t.app.inject({ method: 'POST', url: '/api/wishes', headers: resident, payload: wish }), 'VALIDATION_FAILED')
    expect400(await t.app.inject({ method: 'GET', url: '/api/staff/households?q=ab%00c', headers: staff }), 'VALIDATION_FAILED')
    expect400(await t.app.inject({ method: 'GET', url: '/api/household-invites/1234%005678', headers: resident }), 'VALIDATION_FAILED')
  })

  it('refuses ids beyond PostgreSQL integer range in a body and a query with 400; an unknown community is 404', async () => {
    const admin = await as('admin')
    expect400(await t.app.inject({ method: 'PUT', url: '/api/staff/points/settings', headers: admin, payload: { communityId: 2 ** 31, yearlyExpiry: true } }), 'VALIDATION_FAILED')
    expect400(await t.app.inject({ method: 'GET', url: `/api/staff/points/settings?communityId=${2 ** 53}`, headers: admin }), 'VALIDATION_FAILED')
    const unknown = await t.app.inject({ method: 'PUT', url: '/api/staff/points/settings', headers: admin, payload: { communityId: 2 ** 31 - 1, yearlyExpiry: true } })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('COMMUNITY_NOT_FOUND')
    // Found by the contract fuzz: the wish settings of a community that does not exist.
    const wishSettings = await t.app.inject({ method: 'PUT', url: '/api/staff/wishes/settings', headers: admin, payload: { communityId: 2 ** 31 - 1, claimLimit: 3 } })
    expect(wishSettings.statusCode).toBe(404)
    expect(wishSettings.json().code).toBe('COMMUNITY_NOT_FOUND')
  })

  it('answers a write that names a row that does not exist with 404, not a foreign-key 500', async () => {
    // An admin may name any community; creating a grid in one that does not exist is refused by the foreign key.
    const res = await t.app.inject({ method: 'POST', url: '/api/staff/grids', headers: await as('admin'), payload: { communityId: 2 ** 31 - 1, name: '第九十九网格' } })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 'NOT_FOUND', message: '您要找的内容不存在' })
  })

  it('refuses page cursors that name no possible row with 400', async () => {
    const staff = await as('staff')
    const resident = await as('resident')
    for (const url of ['/api/staff/units?cursor=2147483648', '/api/staff/party-reports?cursor=9999999999', '/api/staff/residency/applications?cursor=2147483648']) {
      expect400(await t.app.inject({ method: 'GET', url, headers: staff }), 'VALIDATION_FAILED')
    }
    for (const cursor of ['99999999999', '2147483648', '2026-13-45:1', '-:99999999999', '2026-12-01:2147483648', 'abc', '-1']) {
      expect400(await t.app.inject({ method: 'GET', url: `/api/wishes?sort=deadline&cursor=${encodeURIComponent(cursor)}`, headers: resident }), 'VALIDATION_FAILED')
      expect400(await t.app.inject({ method: 'GET', url: `/api/wishes/mine?cursor=${encodeURIComponent(cursor)}`, headers: resident }), 'VALIDATION_FAILED')
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/wishes?sort=deadline&cursor=2026-12-01:5', headers: resident })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/wishes?cursor=-:5&sort=deadline', headers: resident })).statusCode).toBe(200)
  })

  it('answers a malformed multipart upload with 400 BAD_REQUEST', async () => {
    const resident = await as('resident')
    const part = (boundary: string) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`
    const cases: [string, string][] = [
      ['multipart/form-data', `${part('XyZ')}abc\r\n--XyZ--\r\n`], // no boundary
      ['multipart/form-data; boundary=XyZ', `${part('XyZ')}\u00ff\u00d8 the body ends here`], // unterminated
      ['multipart/form-data; boundary=XyZ', `${part('XyZ')}abc\r\n`], // no closing boundary
      [`multipart/form-data; boundary=${'b'.repeat(300)}`, `${part('b'.repeat(300))}abc\r\n--${'b'.repeat(300)}--\r\n`], // a boundary busboy cannot use
    ]
    for (const [type, payload] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/uploads?purpose=wish_photo', headers: { ...resident, 'content-type': type }, payload })
      expect(res.statusCode, `${type}: ${res.body}`).toBe(400)
      expectErrorShape(res.statusCode, res.json())
    }
  })

  it('answers a path segment longer than the router takes with 400 BAD_REQUEST in the error model', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/household-invites/${'x'.repeat(300)}`, headers: await as('resident') })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'BAD_REQUEST', message: ERRORS.BAD_REQUEST.message })
  })
})

describe('rate limiting', () => {
  it('answers 429 RATE_LIMITED past the configured requests per minute', async () => {
    const limited = await createTestApp({ demo: false, env: { RATE_LIMIT_PER_MINUTE: '5' } })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 7; i++) statuses.push((await limited.app.inject({ method: 'GET', url: '/api/communities' })).statusCode)
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429])
      const res = await limited.app.inject({ method: 'GET', url: '/api/communities' })
      expect(res.json()).toEqual({ code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' })
    } finally {
      await limited.close()
    }
  })
})

describe('OpenAPI', () => {
  it('documents every API route with its responses', async () => {
    const doc = t.app.swagger() as unknown as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/wechat', '/api/me', '/api/home', '/api/points/me', '/api/shop/items/{id}/redeem']))
    expect(Object.keys(doc.paths['/api/home']!.get!.responses)).toEqual(['200', '400', '401', '404'])
    // The committed document is the one the server serves (regenerate with `npm run docs:openapi`).
    const committed = JSON.parse(readFileSync(path.resolve(__dirname, '../../docs/openapi.json'), 'utf8'))
    expect(JSON.parse(JSON.stringify(doc))).toEqual(committed)
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' })
    expect(ui.statusCode).toBe(200)
    expect(ui.headers['content-type']).toMatch(/text\/html/)
  })
})
