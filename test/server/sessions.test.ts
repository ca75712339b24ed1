import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { sessionRefreshTokens, sessions } from '../../server/src/db/schema'
import type { RefreshResponse, SessionResponse } from '../../types/api/auth'
import { createTestApp, type TestApp } from '../support/test-app'

/*
 * Sessions: a 30-minute access token and a refresh token that works once (rotated on each refresh, its reuse ends
 * the session), logout of one session and of all of an account's, and 注销 ending them too.
 */

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ env: { ACCESS_TOKEN_TTL_MINUTES: '30' } })
})
afterAll(() => t.close())

let codes = 0
/** A WeChat login of its own (each test its own account, so one test's logout-all does not reach another's). */
async function wechatLogin(openid: string): Promise<SessionResponse> {
  const code = `session-code-${++codes}`
  t.wechat.codes.set(code, openid)
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code } })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}
const refresh = (refreshToken: string) => t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } })
const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })
const post = (url: string, token: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) })
const ENDED = { code: 'SESSION_ENDED', message: '登录已失效，请重新登录' }

/** Runs with the app's clock moved by `ms`, then puts it back. */
async function later<T>(ms: number, run: () => Promise<T>): Promise<T> {
  const start = t.clock.now
  t.clock.now = new Date(start.getTime() + ms)
  try {
    return await run()
  } finally {
    t.clock.now = start
  }
}

describe('refresh', () => {
  it('answers a new access token and a new refresh token; the old refresh token is used up', async () => {
    const login = await wechatLogin('openid-session-rotate')
    const res = await refresh(login.refreshToken)
    expect(res.statusCode, res.body).toBe(200)
    const next = res.json() as RefreshResponse
    expect(Object.keys(next).sort()).toEqual(['expiresAt', 'refreshExpiresAt', 'refreshToken', 'token'])
    expect(next.refreshToken).not.toBe(login.refreshToken)
    expect((await me(next.token)).json().id).toBe(login.me.id)
    // Only hashes are stored: neither token appears in the table.
    const stored = await t.handle.db.select().from(sessionRefreshTokens)
    expect(stored.some((r) => r.tokenHash === login.refreshToken || r.tokenHash === next.refreshToken)).toBe(false)
    // The new refresh token refreshes again.
    expect((await refresh(next.refreshToken)).statusCode).toBe(200)
  })

  it('renews an expired access token: SESSION_EXPIRED, then refresh, then the call goes through', async () => {
    const login = await wechatLogin('openid-session-expired')
    await later(31 * 60_000, async () => {
      const expired = await me(login.token)
      expect(expired.statusCode).toBe(401)
      expect(expired.json().code).toBe('SESSION_EXPIRED')
      const renewed = (await refresh(login.refreshToken)).json() as RefreshResponse
      expect(Date.parse(renewed.expiresAt)).toBe(t.clock.now.getTime() + 30 * 60_000)
      expect((await me(renewed.token)).statusCode).toBe(200)
    })
  })

  it('slides the session: used within SESSION_TTL_HOURS it goes on; left unused longer it has ended', async () => {
    const ttl = t.config.sessionTtlHours * 3600_000
    const login = await wechatLogin('openid-session-sliding')
    const renewed = await later(ttl - 60_000, async () => {
      const res = await refresh(login.refreshToken)
      expect(res.statusCode, res.body).toBe(200)
      const next = res.json() as RefreshResponse
      expect(Date.parse(next.refreshExpiresAt)).toBe(t.clock.now.getTime() + ttl)
      return next
    })
    // Past the first end, but within the slid one.
    await later(ttl + 60_000, async () => expect((await refresh(renewed.refreshToken)).statusCode).toBe(200))
    const idle = await wechatLogin('openid-session-idle')
    await later(ttl, async () => {
      const res = await refresh(idle.refreshToken)
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual(ENDED)
    })
  })

  it('a login tidies the account’s sessions that ran out (their rows and refresh tokens go)', async () => {
    const old = await wechatLogin('openid-session-tidy')
    const sessionsOf = async () => (await t.handle.db.select().from(sessions).where(eq(sessions.userId, old.me.id))).length
    expect(await sessionsOf()).toBe(1)
    await later(t.config.sessionTtlHours * 3600_000 + 1000, async () => {
      await wechatLogin('openid-session-tidy')
      expect(await sessionsOf()).toBe(1)
      expect((await refresh(old.refreshToken)).json()).toEqual(ENDED)
    })
  })

  it('a refresh token presented again after its exchange ends the whole session (the newer tokens too)', async () => {
    const login = await wechatLogin('openid-session-reuse')
    const next = (await refresh(login.refreshToken)).json() as RefreshResponse
    const reuse = await refresh(login.refreshToken)
    expect(reuse.statusCode).toBe(401)
    expect(reuse.json()).toEqual(ENDED)
    // The holder of the newer pair is out too: its refresh token and its access token.
    expect((await refresh(next.refreshToken)).json()).toEqual(ENDED)
    expect((await me(next.token)).json().code).toBe('UNAUTHENTICATED')
    const [row] = await t.handle.db.select().from(sessions).where(eq(sessions.userId, login.me.id))
    expect(row).toMatchObject({ revokedReason: 'reuse', revokedAt: t.clock.now })
    // The account itself is fine: a new login opens a new session.
    const again = await wechatLogin('openid-session-reuse')
    expect((await me(again.token)).statusCode).toBe(200)
  })

  it('refuses an unknown or malformed refresh token (401 / 400), never a 500', async () => {
    expect((await refresh('x'.repeat(43))).json()).toEqual(ENDED)
    const empty = await refresh('')
    expect(empty.statusCode).toBe(400)
    expect(empty.json().code).toBe('VALIDATION_FAILED')
    const long = await refresh('x'.repeat(500))
    expect(long.statusCode).toBe(400)
  })

  it('several refreshes with one token at once: one wins, and the others, being reuse, end the session (on PostgreSQL: truly concurrent)', async () => {
    const login = await wechatLogin('openid-session-race')
    const answers = await Promise.all(Array.from({ length: 8 }, () => refresh(login.refreshToken)))
    const won = answers.filter((r) => r.statusCode === 200)
    expect(won).toHaveLength(1)
    expect(answers.filter((r) => r.statusCode === 401)).toHaveLength(7)
    expect((await refresh((won[0]!.json() as RefreshResponse).refreshToken)).json()).toEqual(ENDED)
  })
})

describe('logout', () => {
  it('ends this session: its access token stops at once and its refresh token is dead; another session goes on', async () => {
    const phone = await wechatLogin('openid-session-logout')
    const tablet = await wechatLogin('openid-session-logout')
    const res = await post('/api/auth/logout', phone.token)
    expect(res.statusCode).toBe(204)
    expect((await me(phone.token)).json().code).toBe('UNAUTHENTICATED')
    expect((await refresh(phone.refreshToken)).json()).toEqual(ENDED)
    expect((await me(tablet.token)).statusCode).toBe(200)
    expect((await refresh(tablet.refreshToken)).statusCode).toBe(200)
  })

  it('logout-all ends every session of the account, and no other account’s', async () => {
    const phone = await wechatLogin('openid-session-all')
    const tablet = await wechatLogin('openid-session-all')
    const tabletRenewed = (await refresh(tablet.refreshToken)).json() as RefreshResponse
    const neighbour = await wechatLogin('openid-session-neighbour')
    const res = await post('/api/auth/logout-all', phone.token)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ended: 2 })
    for (const token of [phone.token, tablet.token, tabletRenewed.token]) expect((await me(token)).json().code).toBe('UNAUTHENTICATED')
    for (const token of [phone.refreshToken, tabletRenewed.refreshToken]) expect((await refresh(token)).json()).toEqual(ENDED)
    expect((await me(neighbour.token)).statusCode).toBe(200)
    expect((await refresh(neighbour.refreshToken)).statusCode).toBe(200)
  })

  it('needs a session: without a token it is 401', async () => {
    for (const url of ['/api/auth/logout', '/api/auth/logout-all']) {
      const res = await t.app.inject({ method: 'POST', url })
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('UNAUTHENTICATED')
    }
  })
})

describe('注销', () => {
  it('ends every session of the deleted account, refresh tokens included', async () => {
    const phone = await wechatLogin('openid-session-deleted')
    const tablet = await wechatLogin('openid-session-deleted')
    const res = await t.app.inject({ method: 'DELETE', url: '/api/me', headers: { authorization: `Bearer ${phone.token}` }, payload: { confirmation: '确认注销' } })
    expect(res.statusCode, res.body).toBe(204)
    for (const token of [phone.refreshToken, tablet.refreshToken]) expect((await refresh(token)).json()).toEqual(ENDED)
    const rows = await t.handle.db.select().from(sessions).where(eq(sessions.userId, phone.me.id))
    expect(rows.map((r) => r.revokedReason)).toEqual(['account_deleted', 'account_deleted'])
  })
})
