import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Redemption, RedemptionLookup } from '../../types/api/points'
import { createTestApp, type TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'
import { expectError, ok } from '../support/api-checks'
import { TEST_NOW } from '../support/clock'

/*
 * 核销 looks a code up first (GET /api/staff/redemptions/lookup): who collects what, in which state, and whether it
 * may be handed over — with the write's reach (staff of the community) and the write's rate limit.
 */

let t: TestApp
let look: ReturnType<typeof demoLookup>
let resident: { authorization: string }
let staff: { authorization: string }
let lianTong: number

beforeAll(async () => {
  t = await createTestApp({ now: TEST_NOW })
  look = demoLookup(t.handle.db)
  resident = await t.headersAs('resident')
  staff = await t.headersAs('staff')
  lianTong = await look.communityId('联通社区')
})
afterAll(() => t.close())

const lookUp = (code: string, headers: { authorization: string } = staff) => t.app.inject({ method: 'GET', url: `/api/staff/redemptions/lookup?code=${encodeURIComponent(code)}`, headers })
const post = (url: string, headers: { authorization: string }, payload: object = {}) => t.app.inject({ method: 'POST', url, headers, payload })
const redeem = async (name: string) => ok<Redemption>(await post(`/api/shop/items/${(await look.item(lianTong, name)).id}/redeem`, resident), 201)

describe('looking a pickup code up before 核销', () => {
  it('shows staff who collects what, masked, and that it can be handed over — changing nothing', async () => {
    const r = await redeem('义剪一次')
    const found = ok<RedemptionLookup>(await lookUp(r.pickupCode.toLowerCase()))
    expect(found).toEqual({
      ...r,
      redeemerName: '张**',
      householdAddress: '联通社区 第三网格 花园小区 3号楼 2单元 301',
      status: 'reserved',
      actions: ['verify'],
    })
    // A look is not a 核销: the household still sees it waiting, and the write still works once.
    expect(ok<RedemptionLookup>(await lookUp(r.pickupCode)).status).toBe('reserved')
    expect(ok<Redemption>(await post('/api/staff/redemptions/verify', staff, { code: r.pickupCode })).status).toBe('picked_up')
    expect(ok<RedemptionLookup>(await lookUp(r.pickupCode))).toMatchObject({ status: 'picked_up', pickedUpAt: '2026-11-17T10:00:00+08:00', actions: [] })
  })

  it('says cancelled and expired (even before the sweep) and offers no 核销', async () => {
    const cancelled = await redeem('毛巾两条')
    ok(await post(`/api/shop/redemptions/${cancelled.id}/cancel`, resident))
    expect(ok<RedemptionLookup>(await lookUp(cancelled.pickupCode))).toMatchObject({ status: 'cancelled', actions: [] })

    const towel = await redeem('毛巾两条')
    const before = t.clock.now
    try {
      t.clock.now = new Date(new Date(towel.expiresAt).getTime() + 60_000)
      expect(ok<RedemptionLookup>(await lookUp(towel.pickupCode))).toMatchObject({ status: 'expired', actions: [] })
    } finally {
      t.clock.now = before
    }
    expect(ok<RedemptionLookup>(await lookUp(towel.pickupCode))).toMatchObject({ status: 'reserved', actions: ['verify'] })
  })

  it('answers an unknown code, and another community’s, alike; residents may not look; a malformed code is a 400', async () => {
    const r = await redeem('老花镜')
    const fuLong = await look.communityId('福龙社区')
    const { authorization } = await t.actAsPerson((await look.someResident(fuLong)).id, [{ role: 'staff', communityId: fuLong }])
    const elsewhere = await lookUp(r.pickupCode, { authorization })
    expectError(elsewhere, 404, 'CODE_NOT_FOUND', '取货码不存在，请核对')
    expect(elsewhere.json()).toEqual((await lookUp('ZZZZ2222', { authorization })).json())
    expectError(await lookUp('ZZZZ2222'), 404, 'CODE_NOT_FOUND')
    expectError(await lookUp(r.pickupCode, resident), 403, 'FORBIDDEN')
    const malformed = await lookUp('12-34')
    expectError(malformed, 400, 'VALIDATION_FAILED')
    expect(malformed.json().details[0].message).toBe('取货码为8位字母或数字')
  })
})

describe('the lookup’s rate limit', () => {
  it('spends the account’s write budget, so codes cannot be guessed faster by looking than by 核销', async () => {
    const limited = await createTestApp({ now: TEST_NOW, env: { RATE_LIMIT_WRITES_PER_MINUTE: '3' } })
    try {
      const auth = await limited.headersAs('staff')
      const codes: number[] = []
      for (let i = 0; i < 3; i++) codes.push((await limited.app.inject({ method: 'GET', url: '/api/staff/redemptions/lookup?code=ZZZZ2222', headers: auth })).statusCode)
      expect(codes).toEqual([404, 404, 404])
      const write = await limited.app.inject({ method: 'POST', url: '/api/staff/redemptions/verify', headers: auth, payload: { code: 'ZZZZ2222' } })
      expectError(write, 429, 'RATE_LIMITED')
      expectError(await limited.app.inject({ method: 'GET', url: '/api/staff/redemptions/lookup?code=ZZZZ2223', headers: auth }), 429, 'RATE_LIMITED')
      // Other reads are not counted.
      expect((await limited.app.inject({ method: 'GET', url: '/api/me', headers: auth })).statusCode).toBe(200)
    } finally {
      await limited.close()
    }
  })
})
