import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { DemoPersona } from '../../types/api/auth'
import { createTestApp, type TestApp } from '../support/test-app'

/*
 * Access control is declared per route (config.access) and checked in one hook; community scope is checked by
 * the service through Principal.assertStaffOf. The feature modules have their own matrices; here a probe route
 * of each level exercises the mechanism itself.
 */
function probeRoutes(app: FastifyInstance) {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  typed.get('/api/probe/user', async (req) => ({ userId: req.principal!.userId }))
  typed.get('/api/probe/admin', { config: { access: 'admin' } }, async () => ({ ok: true }))
  typed.get(
    '/api/probe/staff/:communityId',
    { config: { access: 'staff' }, schema: { params: z.object({ communityId: z.coerce.number().int() }) } },
    async (req) => {
      req.principal!.assertStaffOf(req.params.communityId)
      return { ok: true }
    },
  )
}

let t: TestApp
let lianTong: number
let fuLong: number
beforeAll(async () => {
  t = await createTestApp({
    extend: probeRoutes,
  })
  const communities = (await t.app.inject({ method: 'GET', url: '/api/communities' })).json().items as { id: number; name: string }[]
  lianTong = communities.find((c) => c.name === '联通社区')!.id
  fuLong = communities.find((c) => c.name === '福龙社区')!.id
})
afterAll(() => t.close())

async function call(url: string, persona: DemoPersona | null) {
  const headers = persona ? { authorization: (await t.loginAs(persona)).authorization } : {}
  const res = await t.app.inject({ method: 'GET', url, headers })
  return { status: res.statusCode, code: res.statusCode >= 400 ? res.json().code : undefined }
}

describe('route access levels', () => {
  it('closes routes by default: no token, 401', async () => {
    expect(await call('/api/probe/user', null)).toEqual({ status: 401, code: 'UNAUTHENTICATED' })
    expect(await call('/api/probe/user', 'resident')).toEqual({ status: 200, code: undefined })
  })

  it('lets only admins through admin routes', async () => {
    expect(await call('/api/probe/admin', null)).toEqual({ status: 401, code: 'UNAUTHENTICATED' })
    for (const persona of ['resident', 'volunteer', 'unit', 'staff'] as const) {
      expect(await call('/api/probe/admin', persona)).toEqual({ status: 403, code: 'FORBIDDEN' })
    }
    expect(await call('/api/probe/admin', 'admin')).toEqual({ status: 200, code: undefined })
  })

  it('keeps staff inside their own community; admins act everywhere', async () => {
    expect(await call(`/api/probe/staff/${lianTong}`, 'resident')).toEqual({ status: 403, code: 'FORBIDDEN' })
    expect(await call(`/api/probe/staff/${lianTong}`, 'party_member')).toEqual({ status: 403, code: 'FORBIDDEN' })
    expect(await call(`/api/probe/staff/${lianTong}`, 'staff')).toEqual({ status: 200, code: undefined })
    expect(await call(`/api/probe/staff/${fuLong}`, 'staff')).toEqual({ status: 403, code: 'OUT_OF_COMMUNITY' })
    expect(await call(`/api/probe/staff/${fuLong}`, 'admin')).toEqual({ status: 200, code: undefined })
  })
})

describe('the product routes', () => {
  it('are public only where meant to be: every other documented route answers 401 without a token', async () => {
    const paths = (t.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths
    const publicRoutes: string[] = []
    for (const [path, operations] of Object.entries(paths)) {
      for (const method of Object.keys(operations)) {
        // Access is checked before the body is parsed, so an empty request is enough to see it.
        const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url: path.replace(/\{[^}]+\}/g, '1') })
        if (res.statusCode !== 401) publicRoutes.push(`${method.toUpperCase()} ${path}`)
      }
    }
    expect(publicRoutes.sort()).toEqual([
      'GET /api/activities',
      'GET /api/auth/demo-personas',
      // Anyone may check a 志愿服务证明 by its verification code.
      'GET /api/certificates/{code}',
      'GET /api/communities',
      // What a visitor sees before logging in (access 'guest'): a community's home, events, stations, activities and 心愿墙.
      'GET /api/events',
      // Uploaded pictures by their random names (an <image> sends no session), and WeChat's signed pushes.
      'GET /api/files/{key}',
      // The 订阅消息 template ids: the mini-program may ask for them before anyone signs in.
      'GET /api/home',
      // The default pictures of shop items, activities and stations.
      'GET /api/pictures/{name}',
      'GET /api/reminders/templates',
      'GET /api/stations',
      'GET /api/stations/{id}',
      'GET /api/wechat/push',
      'GET /api/wishes/wall',
      'POST /api/auth/demo',
      // The refresh token in the body is the credential: the access token has run out.
      'POST /api/auth/refresh',
      'POST /api/auth/wechat',
      'POST /api/wechat/push',
    ])
  })
})

describe('guest routes: what a visitor may see before logging in', () => {
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })

  it('show a chosen community to a visitor', async () => {
    const home = await get(`/api/home?communityId=${lianTong}`)
    expect(home.statusCode).toBe(200)
    expect(home.json().community.name).toBe('联通社区')
    expect(home.json().stations.length).toBeGreaterThan(0)
    expect((await get(`/api/events?communityId=${lianTong}`)).statusCode).toBe(200)
    expect((await get(`/api/wishes/wall?communityId=${lianTong}`)).json().totals).toBeDefined()
    const stations = (await get(`/api/stations?communityId=${lianTong}`)).json().items as { id: number }[]
    expect(stations.length).toBeGreaterThan(0)
    expect((await get(`/api/stations/${stations[0]!.id}`)).statusCode).toBe(200)
  })

  it('ask a visitor which community when the route needs one', async () => {
    const res = await get('/api/home')
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('COMMUNITY_REQUIRED')
  })

  it('list activities without anyone’s sign-up for a visitor, and with mine for me', async () => {
    const visitor = (await get('/api/activities?scope=district')).json().items as { id: number; mySignup: unknown }[]
    expect(visitor.length).toBeGreaterThan(0)
    expect(visitor.every((a) => a.mySignup === null)).toBe(true)
    const { authorization } = await t.loginAs('volunteer')
    const open = ((await get('/api/activities?scope=district&hasPlaces=true')).json().items as { id: number }[]).at(-1)!
    const signup = await t.app.inject({ method: 'POST', url: `/api/activities/${open.id}/signup`, headers: { authorization, 'idempotency-key': 'guest-routes-signup' }, payload: {} })
    expect(signup.statusCode, signup.body).toBeLessThan(300)
    const mine = (await get('/api/activities?scope=district', { authorization })).json().items as { id: number; mySignup: unknown }[]
    expect(mine.find((a) => a.id === open.id)!.mySignup).not.toBeNull()
  })

  it('still check a token that is sent: a bad one is 401, not a visitor', async () => {
    const res = await get(`/api/home?communityId=${lianTong}`, { authorization: 'Bearer not-a-token' })
    expect(res.statusCode).toBe(401)
  })

  it('stop at what needs an account: the open wishes, a room’s week, my bookings', async () => {
    for (const url of ['/api/wishes', '/api/rooms/1/week', '/api/bookings/mine', '/api/activities/1']) expect((await get(url)).statusCode, url).toBe(401)
  })
})
