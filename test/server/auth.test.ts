import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigner } from 'fast-jwt'
import { eq, sql } from 'drizzle-orm'
import { loadConfig } from '../../server/src/config'
import { users } from '../../server/src/db/schema'
import { createTestApp, type TestApp } from '../support/test-app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('POST /api/auth/wechat', () => {
  it('creates an account on first login and finds it again on the next', async () => {
    t.wechat.codes.set('code-a1', 'openid-new-user')
    t.wechat.codes.set('code-a2', 'openid-new-user')
    const first = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-a1' } })
    expect(first.statusCode).toBe(200)
    const session = first.json()
    expect(session.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(session.me).toMatchObject({ name: '微信用户', roles: [], community: null, household: null, phoneMasked: null })

    const second = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-a2' } })
    expect(second.statusCode).toBe(200)
    expect(second.json().me.id).toBe(session.me.id)

    // The server called WeChat with our app id and secret and the code from wx.login.
    const call = t.wechat.calls.find((c) => c.query.js_code === 'code-a1')
    expect(call).toMatchObject({ path: '/sns/jscode2session', query: { appid: 'wx0123456789abcdef', secret: 'test-secret', grant_type: 'authorization_code' } })

    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${session.token}` } })
    expect(me.statusCode).toBe(200)
    expect(me.json().id).toBe(session.me.id)
  })

  it('refuses a code WeChat does not accept with 401 WECHAT_CODE_INVALID', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'never-issued' } })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ code: 'WECHAT_CODE_INVALID', message: '微信登录凭证无效，请重新进入小程序' })
  })

  it('answers 503 WECHAT_UNAVAILABLE when WeChat is busy or down', async () => {
    try {
      t.wechat.override = { status: 200, body: { errcode: -1, errmsg: 'system error' } }
      const busy = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'any' } })
      expect(busy.statusCode).toBe(503)
      expect(busy.json().code).toBe('WECHAT_UNAVAILABLE')

      t.wechat.override = { status: 502, body: { error: 'bad gateway' } }
      const down = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'any' } })
      expect(down.statusCode).toBe(503)
      expect(down.json()).toEqual({ code: 'WECHAT_UNAVAILABLE', message: '微信服务暂时不可用，请稍后再试' })
    } finally {
      t.wechat.override = null
    }
  })

  it('validates the body: a missing code is 400 with the field named, malformed JSON is 400', async () => {
    const missing = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: {} })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().code).toBe('VALIDATION_FAILED')
    expect(missing.json().details).toEqual([expect.objectContaining({ path: 'body.code' })])
    expect(missing.json().message).toMatch(/^提交的内容有误/)

    const malformed = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', headers: { 'content-type': 'application/json' }, payload: '{"code":' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toEqual({ code: 'BAD_REQUEST', message: '请求格式不正确' })
  })
})

describe('demo login', () => {
  it('lists the six personas with their names', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/demo-personas' })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as { persona: string; name: string }[]
    expect(items.map((i) => i.persona)).toEqual(['resident', 'volunteer', 'party_member', 'unit', 'staff', 'admin'])
    expect(items.find((i) => i.persona === 'resident')?.name).toBe('张秀兰')
    expect(items.find((i) => i.persona === 'unit')?.name).toBe('黑河市中医院')
  })

  it('gives each persona its roles, community and household', async () => {
    const resident = (await t.loginAs('resident')).session.me
    expect(resident).toMatchObject({
      name: '张秀兰',
      phoneMasked: '138****5678',
      roles: ['resident'],
      community: { name: '联通社区', subdistrictName: '花园街道', districtName: '爱辉区' },
      household: { gridName: '第三网格', memberCount: 2 },
      staffCommunityIds: [],
    })
    expect(resident.household?.address).toBe('联通社区 第三网格 花园小区 3号楼 2单元 301')

    const staff = (await t.loginAs('staff')).session.me
    expect(staff.roles).toEqual(['resident', 'staff'])
    expect(staff.staffCommunityIds).toEqual([staff.community!.id])

    const admin = (await t.loginAs('admin')).session.me
    expect(admin.roles).toContain('admin')
    expect(admin.staffCommunityIds).toHaveLength(5)

    const unit = (await t.loginAs('unit')).session.me
    expect(unit).toMatchObject({ name: '黑河市中医院', unit: { name: '黑河市中医院', role: 'admin' }, roles: ['unit'], household: null, community: { name: '联通社区' } })

    const party = (await t.loginAs('party_member')).session.me
    expect(party.roles).toEqual(['party_member', 'resident', 'volunteer'])
  })

  it('rejects an unknown persona with 400', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/demo', payload: { persona: 'mayor' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().details[0].path).toBe('body.persona')
  })
})

describe('sessions', () => {
  it('requires a token for /api/me', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me' })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' })
  })

  it('rejects a forged or garbled token', async () => {
    const forged = createSigner({ key: 'not-our-secret' })({ sub: '1' })
    for (const token of [forged, 'garbage', '']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('UNAUTHENTICATED')
    }
  })

  it('rejects a genuine token’s payload under another name, after the genuine one was accepted (and remembered)', async () => {
    const { authorization } = await t.loginAs('resident')
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization } })).statusCode).toBe(200)
    const [header, payload, signature] = authorization.slice('Bearer '.length).split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const renamed = Buffer.from(JSON.stringify({ ...claims, sub: String(Number(claims.sub) + 1) })).toString('base64url')
    for (const value of [`Bearer ${header}.${renamed}.${signature}`, `Basic ${header}.${payload}.${signature}`, `Bearer${header}.${payload}.${signature}`]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: value } })
      expect(res.statusCode, value).toBe(401)
      expect(res.json().code).toBe('UNAUTHENTICATED')
    }
  })

  it('tells an expired access token apart (SESSION_EXPIRED) so the client refreshes it', async () => {
    const { authorization, session } = await t.loginAs('resident')
    const start = t.clock.now
    try {
      // The expiry is the app's clock's, not the machine's: a token is good up to its expiresAt.
      t.clock.now = new Date(Date.parse(session.expiresAt) - 1000)
      expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization } })).statusCode).toBe(200)
      t.clock.now = new Date(Date.parse(session.expiresAt))
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization } })
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual({ code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' })
    } finally {
      t.clock.now = start
    }
  })

  it('states the access token’s expiry (ACCESS_TOKEN_TTL_MINUTES, 30 by default) and the session’s (SESSION_TTL_HOURS, 30 days) after login', async () => {
    const { session } = await t.loginAs('volunteer')
    expect(new Date(session.expiresAt).getTime() - t.clock.now.getTime()).toBe(t.config.accessTokenTtlMinutes * 60_000)
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ accessTokenTtlMinutes: 30, sessionTtlHours: 30 * 24 })
    expect(new Date(session.refreshExpiresAt).getTime() - t.clock.now.getTime()).toBe(t.config.sessionTtlHours * 3600_000)
    expect(session.refreshToken).toMatch(/^[\w-]{43}$/)
  })

  it('refuses a validly signed token that names no session (as issued before sessions existed)', async () => {
    const { session } = await t.loginAs('resident')
    const now = Math.floor(t.clock.now.getTime() / 1000)
    const legacy = createSigner({ key: t.config.sessionSecret })({ sub: String(session.me.id), iat: now, exp: now + 3600 })
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${legacy}` } })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('UNAUTHENTICATED')
  })

  it('stops accepting the token of an account that no longer exists', async () => {
    t.wechat.codes.set('code-gone', 'openid-gone')
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-gone' } })
    const { token, me } = login.json()
    await t.handle.db.delete(users).where(eq(users.id, me.id))
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })
    expect(res.statusCode).toBe(401)
  })
})

describe('without demo mode', () => {
  it('has no demo routes at all', async () => {
    const plain = await createTestApp({ demo: false })
    try {
      for (const req of [{ method: 'GET' as const, url: '/api/auth/demo-personas' }, { method: 'POST' as const, url: '/api/auth/demo', payload: { persona: 'admin' } }]) {
        const res = await plain.app.inject(req)
        expect(res.statusCode).toBe(404)
        expect(res.json().code).toBe('ROUTE_NOT_FOUND')
      }
      const [{ n }] = (await plain.handle.db.select({ n: sql<number>`count(*)::int` }).from(users)) as [{ n: number }]
      expect(n).toBe(0)
    } finally {
      await plain.close()
    }
  })
})
