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
      'GET /api/auth/demo-personas',
      // Anyone may check a 志愿服务证明 by its verification code.
      'GET /api/certificates/{code}',
      'GET /api/communities',
      // Uploaded pictures by their random names (an <image> sends no session), and WeChat's signed pushes.
      'GET /api/files/{key}',
      // The 订阅消息 template ids: the mini-program may ask for them before anyone signs in.
      'GET /api/reminders/templates',
      'GET /api/wechat/push',
      'POST /api/auth/demo',
      // The refresh token in the body is the credential: the access token has run out.
      'POST /api/auth/refresh',
      'POST /api/auth/wechat',
      'POST /api/wechat/push',
    ])
  })
})
