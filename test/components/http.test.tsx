/**
 * The API client (src/services/http.ts) over Taro H5's real `request`, with only `fetch` faked: what the pages
 * rely on when the session expires, the network drops or the server fails.
 */
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import { ApiError, NETWORK_ERROR_MESSAGE, request } from '../../src/services/http'
import { createQueryClient } from '../../src/services/query-client'
import { apiError, deferred, json, me, networkFailure, session, useFakeApi } from './support'

const api = useFakeApi()

/** Answers 401 unless the request carries the token the server issued last. */
function expiresUnless(token: string, body: unknown) {
  return (call: { headers: Record<string, string> }) =>
    call.headers.authorization === `Bearer ${token}` ? json(body) : apiError(401, 'SESSION_EXPIRED', '登录已过期，请重新登录')
}

function rejectionOf(promise: Promise<unknown>): Promise<ApiError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(ApiError)
      return err as ApiError
    },
  )
}

describe('a 401 and silent re-login', () => {
  test('concurrent calls share one demo login, then each is repeated with the new token', async () => {
    Taro.setStorageSync('doorstep.session-token', 'expired')
    Taro.setStorageSync('doorstep.demo-persona', 'volunteer')
    api.on('GET /api/me', expiresUnless('fresh', me()))
    api.on('GET /api/home', expiresUnless('fresh', { ok: 'home' }))
    // The login answer is held back until both calls have had their 401.
    const loginReply = deferred<Response>()
    api.on('POST /api/auth/demo', () => loginReply.promise)

    const calls = Promise.all([request('/api/me'), request('/api/home')])
    await vi.waitFor(() => expect(api.calls('POST /api/auth/demo')).toHaveLength(1))
    // Both 401s have been handled by now (the fake answers at once); a second login would have started.
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(api.calls('GET /api/me')).toHaveLength(1)
    expect(api.calls('GET /api/home')).toHaveLength(1)
    expect(api.calls('POST /api/auth/demo')).toHaveLength(1)
    loginReply.resolve(json(session('fresh')))

    expect(await calls).toEqual([me(), { ok: 'home' }])
    expect(api.calls('POST /api/auth/demo')).toHaveLength(1)
    expect(api.calls('POST /api/auth/demo')[0]!.body).toEqual({ persona: 'volunteer' })
    for (const route of ['GET /api/me', 'GET /api/home']) {
      expect(api.calls(route).map((c) => c.headers.authorization)).toEqual(['Bearer expired', 'Bearer fresh'])
    }
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('fresh')
  })

  test('a call still refused after the re-login fails with that 401 instead of looping', async () => {
    Taro.setStorageSync('doorstep.demo-persona', 'volunteer')
    api.on('GET /api/me', () => apiError(401, 'UNAUTHENTICATED', '请先登录'))
    api.on('POST /api/auth/demo', () => json(session('fresh')))

    const err = await rejectionOf(request('/api/me'))
    expect(err).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: '请先登录' })
    expect(api.calls('POST /api/auth/demo')).toHaveLength(1)
    expect(api.calls('GET /api/me')).toHaveLength(2)
  })

  test('without a remembered persona the 401 reaches the caller and the dead token is dropped', async () => {
    Taro.setStorageSync('doorstep.session-token', 'expired')
    api.on('GET /api/me', () => apiError(401, 'SESSION_EXPIRED', '登录已过期，请重新登录'))

    const err = await rejectionOf(request('/api/me'))
    expect(err).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' })
    expect(api.calls('POST /api/auth/demo')).toHaveLength(0)
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('')
  })

  test('a 401 from a public endpoint is not answered with a re-login', async () => {
    Taro.setStorageSync('doorstep.demo-persona', 'volunteer')
    api.on('POST /api/auth/wechat', () => apiError(401, 'WECHAT_CODE_INVALID', '微信登录凭证无效，请重新进入小程序'))

    const err = await rejectionOf(request('/api/auth/wechat', { method: 'POST', body: { code: 'x' }, auth: false }))
    expect(err.code).toBe('WECHAT_CODE_INVALID')
    expect(api.calls('POST /api/auth/demo')).toHaveLength(0)
  })
})

describe('an expired access token and the refresh token', () => {
  const renewed = (token: string, refreshToken: string) => json({ token, expiresAt: '2026-06-01T00:30:00+08:00', refreshToken, refreshExpiresAt: '2026-07-01T00:00:00+08:00' })

  test('concurrent calls share one refresh, then each is repeated with the new token; no login', async () => {
    Taro.setStorageSync('doorstep.session-token', 'expired')
    Taro.setStorageSync('doorstep.refresh-token', 'refresh-1')
    Taro.setStorageSync('doorstep.demo-persona', 'volunteer')
    api.on('GET /api/me', expiresUnless('fresh', me()))
    api.on('GET /api/home', expiresUnless('fresh', { ok: 'home' }))
    const refreshReply = deferred<Response>()
    api.on('POST /api/auth/refresh', () => refreshReply.promise)

    const calls = Promise.all([request('/api/me'), request('/api/home')])
    await vi.waitFor(() => expect(api.calls('POST /api/auth/refresh')).toHaveLength(1))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(api.calls('GET /api/home')).toHaveLength(1)
    refreshReply.resolve(renewed('fresh', 'refresh-2'))

    expect(await calls).toEqual([me(), { ok: 'home' }])
    const [refresh] = api.calls('POST /api/auth/refresh')
    expect(refresh!.body).toEqual({ refreshToken: 'refresh-1' })
    // The refresh carries no session and no idempotency key: a refresh token works once, so it is never repeated.
    expect(refresh!.headers.authorization).toBeUndefined()
    expect(refresh!.headers['idempotency-key']).toBeUndefined()
    expect(api.calls('POST /api/auth/refresh')).toHaveLength(1)
    expect(api.calls('POST /api/auth/demo')).toHaveLength(0)
    for (const route of ['GET /api/me', 'GET /api/home']) {
      expect(api.calls(route).map((c) => c.headers.authorization)).toEqual(['Bearer expired', 'Bearer fresh'])
    }
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('fresh')
    expect(Taro.getStorageSync('doorstep.refresh-token')).toBe('refresh-2')
  })

  test('a write is repeated after the refresh with its same idempotency key', async () => {
    Taro.setStorageSync('doorstep.session-token', 'expired')
    Taro.setStorageSync('doorstep.refresh-token', 'refresh-1')
    api.on('POST /api/wishes', expiresUnless('fresh', { id: 7 }))
    api.on('POST /api/auth/refresh', () => renewed('fresh', 'refresh-2'))

    expect(await request('/api/wishes', { method: 'POST', body: { title: '修水龙头' }, idempotencyKey: 'k-77' })).toEqual({ id: 7 })
    expect(api.calls('POST /api/wishes').map((c) => [c.headers.authorization, c.headers['idempotency-key']])).toEqual([
      ['Bearer expired', 'k-77'],
      ['Bearer fresh', 'k-77'],
    ])
  })

  test('a refused refresh (the session was ended) falls back to the silent login, once', async () => {
    Taro.setStorageSync('doorstep.session-token', 'expired')
    Taro.setStorageSync('doorstep.refresh-token', 'refresh-old')
    Taro.setStorageSync('doorstep.demo-persona', 'volunteer')
    api.on('GET /api/me', expiresUnless('fresh', me()))
    api.on('POST /api/auth/refresh', () => apiError(401, 'SESSION_ENDED', '登录已失效，请重新登录'))
    api.on('POST /api/auth/demo', () => json(session('fresh', me(), 'refresh-new')))

    expect(await request('/api/me')).toEqual(me())
    expect(api.calls('POST /api/auth/refresh')).toHaveLength(1)
    expect(api.calls('POST /api/auth/demo')).toHaveLength(1)
    expect(Taro.getStorageSync('doorstep.refresh-token')).toBe('refresh-new')
  })

  test('a token refused for another reason (a session ended elsewhere) goes to the login without a refresh', async () => {
    Taro.setStorageSync('doorstep.session-token', 'ended')
    Taro.setStorageSync('doorstep.refresh-token', 'refresh-1')
    Taro.setStorageSync('doorstep.demo-persona', 'volunteer')
    api.on('GET /api/me', (call) => (call.headers.authorization === 'Bearer fresh' ? json(me()) : apiError(401, 'UNAUTHENTICATED', '请先登录')))
    api.on('POST /api/auth/demo', () => json(session('fresh')))

    expect(await request('/api/me')).toEqual(me())
    expect(api.calls('POST /api/auth/refresh')).toHaveLength(0)
    expect(api.calls('POST /api/auth/demo')).toHaveLength(1)
  })
})

describe('network failures', () => {
  test('a write with an idempotency key is retried after a pause, with the same key', async () => {
    vi.useFakeTimers()
    api.once('POST /api/wishes', networkFailure)
    api.on('POST /api/wishes', () => json({ id: 5 }, 201))

    const call = request('/api/wishes', { method: 'POST', body: { title: '修水龙头' }, idempotencyKey: 'k-123' })
    await vi.advanceTimersByTimeAsync(399)
    expect(api.calls('POST /api/wishes')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)

    expect(await call).toEqual({ id: 5 })
    const attempts = api.calls('POST /api/wishes')
    expect(attempts.map((c) => c.headers['idempotency-key'])).toEqual(['k-123', 'k-123'])
    expect(attempts.map((c) => c.body)).toEqual([{ title: '修水龙头' }, { title: '修水龙头' }])
  })

  test('a write the caller gave no key still carries one, generated once and kept across its retries', async () => {
    vi.useFakeTimers()
    api.once('POST /api/wishes', networkFailure)
    api.on('POST /api/wishes', () => json({ id: 6 }, 201))

    const call = request('/api/wishes', { method: 'POST', body: { title: '修水龙头' } })
    await vi.advanceTimersByTimeAsync(400)
    expect(await call).toEqual({ id: 6 })
    const keys = api.calls('POST /api/wishes').map((c) => c.headers['idempotency-key'])
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(/^[A-Za-z0-9_:.-]{8,128}$/) // the server's accepted form
    expect(keys[1]).toBe(keys[0])

    // The next write is a new action with a key of its own.
    await request('/api/wishes', { method: 'POST', body: { title: '修水龙头' } })
    expect(api.calls('POST /api/wishes')[2]!.headers['idempotency-key']).not.toBe(keys[0])
  })

  test('a GET carries no idempotency key', async () => {
    api.on('GET /api/home', () => json({ ok: true }))
    await request('/api/home')
    expect(api.calls('GET /api/home')[0]!.headers['idempotency-key']).toBeUndefined()
  })

  test('a GET is retried (after 400 ms, then 1200 ms) until it gets through', async () => {
    vi.useFakeTimers()
    api.once('GET /api/home', networkFailure)
    api.once('GET /api/home', networkFailure)
    api.on('GET /api/home', () => json({ ok: true }))

    const call = request('/api/home')
    await vi.advanceTimersByTimeAsync(400)
    expect(api.calls('GET /api/home')).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1199)
    expect(api.calls('GET /api/home')).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)

    expect(await call).toEqual({ ok: true })
    expect(api.calls('GET /api/home')).toHaveLength(3)
  })

  test('a GET that never gets through gives up after three attempts with the network message', async () => {
    vi.useFakeTimers()
    api.on('GET /api/home', networkFailure)

    const failure = rejectionOf(request('/api/home'))
    await vi.advanceTimersByTimeAsync(2000)
    expect(await failure).toMatchObject({ code: 'NETWORK_ERROR', status: 0, message: NETWORK_ERROR_MESSAGE })
    expect(api.calls('GET /api/home')).toHaveLength(3)
  })
})

describe('server failures', () => {
  test('a 502 with an HTML body (a proxy, not our API) becomes INTERNAL', async () => {
    api.on('GET /api/home', () => new Response('<html><body>502 Bad Gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } }))

    const err = await rejectionOf(request('/api/home'))
    expect(err).toMatchObject({ code: 'INTERNAL', status: 502, message: '服务器开小差了，请稍后再试' })
    // Failed responses are not retried: only failures to get any answer are.
    expect(api.calls('GET /api/home')).toHaveLength(1)
  })

  test("an error body {code, message} becomes an ApiError with the server's own words and details", async () => {
    api.on('POST /api/wishes', () =>
      json({ code: 'VALIDATION_FAILED', message: '提交的内容有误，请检查后再试', details: [{ path: 'body.title', message: '请填写心愿内容' }] }, 400),
    )

    const err = await rejectionOf(request('/api/wishes', { method: 'POST', body: { title: '' }, idempotencyKey: 'k-1' }))
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, message: '提交的内容有误，请检查后再试' })
    expect(err.details).toEqual([{ path: 'body.title', message: '请填写心愿内容' }])
  })

  test('the session token and query string reach the server', async () => {
    Taro.setStorageSync('doorstep.session-token', 'token-1')
    api.on('GET /api/events', () => json({ month: '2026-05', items: [] }))

    await request('/api/events', { query: { communityId: 7, month: '2026-05', empty: '', missing: undefined } })
    const [call] = api.calls('GET /api/events')
    expect(call!.headers.authorization).toBe('Bearer token-1')
    expect(Object.fromEntries(call!.query)).toEqual({ communityId: '7', month: '2026-05' })
  })
})

describe('how soon a page shows 加载失败: the query client retries a server error once, nothing else', () => {
  const load = async (route: string) => {
    const client = createQueryClient()
    const result = await client.fetchQuery({ queryKey: [route], queryFn: () => request(route) }).catch((err: unknown) => err)
    client.clear()
    return result
  }

  test('a 5xx is asked once more (the transport does not retry an answer)', async () => {
    api.on('GET /api/home', () => apiError(500, 'INTERNAL', '服务器开小差了，请稍后再试'))
    expect(await load('/api/home')).toMatchObject({ status: 500 })
    expect(api.calls('GET /api/home')).toHaveLength(2)
  })

  test('no answer: only the transport’s own retries (three tries in all), not three more rounds of them', async () => {
    api.on('GET /api/home', () => networkFailure())
    expect(await load('/api/home')).toMatchObject({ code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE })
    expect(api.calls('GET /api/home')).toHaveLength(3)
  })

  test('a 4xx is the answer at once', async () => {
    api.on('GET /api/home', () => apiError(404, 'NOT_FOUND', '内容不存在'))
    expect(await load('/api/home')).toMatchObject({ status: 404 })
    expect(api.calls('GET /api/home')).toHaveLength(1)
  })
})
