import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { shopItems } from '../../server/src/db/schema'
import { checkBalances } from '../../server/src/modules/points/points-upkeep.service'
import { expireOverdueRedemptions } from '../../server/src/modules/points/shop.service'
import { createTestApp, type TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'

let t: TestApp
let look: ReturnType<typeof demoLookup>
let resident: { authorization: string }
let staff: { authorization: string }
let lianTong: number
let householdId: number

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-17T10:00:00+08:00') })
  look = demoLookup(t.handle.db)
  resident = await t.headersAs('resident')
  staff = await t.headersAs('staff')
  lianTong = await look.communityId('联通社区')
  householdId = (await look.person('张秀兰')).householdId!
})
afterAll(() => t.close())

const get = (url: string, headers: { authorization: string }) => t.app.inject({ method: 'GET', url, headers })
const post = (url: string, headers: Record<string, string>, payload: object = {}) => t.app.inject({ method: 'POST', url, headers, payload })
const patch = (url: string, headers: { authorization: string }, payload: object) => t.app.inject({ method: 'PATCH', url, headers, payload })
const stockOf = async (id: number) => (await t.handle.db.select().from(shopItems).where(eq(shopItems.id, id)))[0]!.stock
const redeem = (itemId: number, headers: Record<string, string> = resident) => post(`/api/shop/items/${itemId}/redeem`, headers)

describe('积分超市', () => {
  it("lists the community's items, cheapest first, with stock, limits and the pickup station", async () => {
    const res = await get('/api/shop/items', resident)
    expect(res.statusCode).toBe(200)
    const items = res.json().items
    expect(items.map((i: { name: string }) => i.name)).toEqual(['毛巾两条', '义剪一次', '老花镜', '洗衣液 2kg', '家电维修上门一次', '大米 5kg'])
    expect(items[1]).toMatchObject({ kind: 'service', price: 20, stock: 30, monthlyLimit: 1, redeemedThisMonth: 0, stationName: '联通社区党群服务中心', active: true })
  })

  it('redeems: points deducted, one taken from stock, a pickup code valid for the community’s pickup days', async () => {
    const haircut = await look.item(lianTong, '义剪一次')
    const res = await redeem(haircut.id)
    expect(res.statusCode).toBe(201)
    const r = res.json()
    expect(r).toMatchObject({ itemName: '义剪一次', points: 20, status: 'reserved', stationName: '联通社区党群服务中心', redeemerName: '张秀兰', pickedUpAt: null })
    expect(r.pickupCode).toMatch(/^[2-9A-HJ-KM-NP-Z]{8}$/)
    expect(r.expiresAt).toBe('2026-11-24T10:00:00+08:00')
    expect(await look.balance(householdId)).toBe(100)
    expect(await stockOf(haircut.id)).toBe(29)
    const [row] = (await get('/api/points/history?limit=1', resident)).json().items
    expect(row).toMatchObject({ amount: -20, reason: 'redemption', title: '兑换：义剪一次', householdBalanceAfter: 100 })
    const listed = (await get('/api/shop/items', resident)).json().items.find((i: { id: number }) => i.id === haircut.id)
    expect(listed.redeemedThisMonth).toBe(1)
  })

  it('holds each household to the monthly limit', async () => {
    const haircut = await look.item(lianTong, '义剪一次')
    const res = await redeem(haircut.id)
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({ code: 'REDEEM_LIMIT_REACHED', message: '这件商品每户每月限兑1次，本月已达上限' })
    expect(await stockOf(haircut.id)).toBe(29)
  })

  it('refuses what the household cannot afford, leaving stock and points as they were', async () => {
    const rice = await look.item(lianTong, '大米 5kg')
    expect((await redeem(rice.id)).statusCode).toBe(201)
    expect(await look.balance(householdId)).toBe(0)
    const towel = await look.item(lianTong, '毛巾两条')
    const res = await redeem(towel.id)
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({ code: 'POINTS_INSUFFICIENT', message: '家庭积分不足' })
    expect(await stockOf(towel.id)).toBe(80)
  })

  it('cancels before pickup: stock back, points refunded, once', async () => {
    const rice = await look.item(lianTong, '大米 5kg')
    const mine = (await get('/api/shop/redemptions', resident)).json().items
    const reserved = mine.find((r: { itemName: string }) => r.itemName === '大米 5kg')
    const res = await post(`/api/shop/redemptions/${reserved.id}/cancel`, resident)
    expect(res.statusCode).toBe(200)
    expect(res.json().status).toBe('cancelled')
    expect(await look.balance(householdId)).toBe(100)
    expect(await stockOf(rice.id)).toBe(20)
    const again = await post(`/api/shop/redemptions/${reserved.id}/cancel`, resident)
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('REDEMPTION_NOT_CANCELLABLE')
    expect(await look.balance(householdId)).toBe(100)
    const [refund] = (await get('/api/points/history?limit=1', resident)).json().items
    expect(refund).toMatchObject({ amount: 100, reason: 'redemption_refund', title: '取消兑换退回：大米 5kg' })
    // Another household cannot see or cancel it.
    expect((await post(`/api/shop/redemptions/${reserved.id}/cancel`, await t.headersAs('volunteer'))).statusCode).toBe(404)
  })

  it('replays a retried redemption (same Idempotency-Key): one code, one deduction', async () => {
    const towel = await look.item(lianTong, '毛巾两条')
    const headers = { ...resident, 'idempotency-key': 'redeem-towel-0001' }
    const first = await redeem(towel.id, headers)
    const retry = await redeem(towel.id, headers)
    expect(first.statusCode).toBe(201)
    expect(retry.json()).toEqual(first.json())
    expect(await look.balance(householdId)).toBe(85)
    expect(await stockOf(towel.id)).toBe(79)
  })

  it('says when an item is sold out or off the shelf', async () => {
    const glasses = await look.item(lianTong, '老花镜')
    expect((await patch(`/api/staff/shop/items/${glasses.id}`, staff, { stock: 0 })).json().stock).toBe(0)
    const soldOut = await redeem(glasses.id)
    expect(soldOut.statusCode).toBe(409)
    expect(soldOut.json()).toEqual({ code: 'OUT_OF_STOCK', message: '这件商品已兑完' })
    await patch(`/api/staff/shop/items/${glasses.id}`, staff, { stock: 5, active: false })
    expect((await redeem(glasses.id)).json().code).toBe('ITEM_UNAVAILABLE')
    expect((await get('/api/shop/items', resident)).json().items.some((i: { id: number }) => i.id === glasses.id)).toBe(false)
    expect((await get('/api/staff/shop/items', staff)).json().items.find((i: { id: number }) => i.id === glasses.id).active).toBe(false)
  })

  it('keeps accounts without a household and other communities’ items out', async () => {
    const towel = await look.item(lianTong, '毛巾两条')
    expect((await redeem(towel.id, await t.headersAs('unit'))).json().code).toBe('HOUSEHOLD_REQUIRED')
    const elsewhere = await look.item(await look.communityId('福龙社区'), '毛巾两条')
    expect((await redeem(elsewhere.id)).statusCode).toBe(404)
    expect((await redeem(99999)).statusCode).toBe(404)
  })
})

describe('核销 at the station', () => {
  it('hands over once, by staff of the community; the household sees it picked up', async () => {
    const code = (await get('/api/shop/redemptions', resident)).json().items.find((r: { itemName: string }) => r.itemName === '义剪一次').pickupCode

    const { authorization: fuLongAuth } = await t.actAsPerson((await look.someResident(await look.communityId('福龙社区'))).id, [{ role: 'staff', communityId: await look.communityId('福龙社区') }])
    // Staff of another community learn nothing of the code: it answers exactly as one that does not exist.
    const wrongStation = await post('/api/staff/redemptions/verify', { authorization: fuLongAuth }, { code })
    const noSuchCode = await post('/api/staff/redemptions/verify', { authorization: fuLongAuth }, { code: 'ZZZZ2222' })
    expect(wrongStation.statusCode).toBe(404)
    expect(wrongStation.json()).toEqual({ code: 'CODE_NOT_FOUND', message: '取货码不存在，请核对' })
    expect(wrongStation.json()).toEqual(noSuchCode.json())
    expect((await post('/api/staff/redemptions/verify', resident, { code })).statusCode).toBe(403)

    const res = await post('/api/staff/redemptions/verify', staff, { code: code.toLowerCase() })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'picked_up', itemName: '义剪一次', redeemerName: '张**', householdAddress: '联通社区 第三网格 花园小区 3号楼 2单元 301', pickedUpAt: '2026-11-17T10:00:00+08:00' })

    const twice = await post('/api/staff/redemptions/verify', staff, { code })
    expect(twice.statusCode).toBe(409)
    expect(twice.json()).toEqual({ code: 'CODE_ALREADY_USED', message: '该取货码已核销，不能重复领取' })
    expect((await post(`/api/shop/redemptions/${res.json().id}/cancel`, resident)).json().code).toBe('REDEMPTION_NOT_CANCELLABLE')
    expect((await get('/api/shop/redemptions', resident)).json().items.find((r: { pickupCode: string }) => r.pickupCode === code).status).toBe('picked_up')
  })

  it('tells unknown, malformed and cancelled codes apart', async () => {
    expect((await post('/api/staff/redemptions/verify', staff, { code: 'ZZZZ2222' })).json()).toEqual({ code: 'CODE_NOT_FOUND', message: '取货码不存在，请核对' })
    const malformed = await post('/api/staff/redemptions/verify', staff, { code: '12-34' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().details[0].message).toBe('取货码为8位字母或数字')
    const cancelled = (await get('/api/shop/redemptions', resident)).json().items.find((r: { status: string }) => r.status === 'cancelled')
    expect((await post('/api/staff/redemptions/verify', staff, { code: cancelled.pickupCode })).json().code).toBe('REDEMPTION_CANCELLED')
  })

  it('expires unpicked redemptions after the pickup days and refunds them, once', async () => {
    const towel = (await get('/api/shop/redemptions', resident)).json().items.find((r: { itemName: string; status: string }) => r.itemName === '毛巾两条' && r.status === 'reserved')
    const balance = await look.balance(householdId)
    const stock = await stockOf(towel.itemId)
    const before = t.clock.now
    try {
      t.clock.now = new Date('2026-11-25T09:00:00+08:00')
      expect((await post('/api/staff/redemptions/verify', staff, { code: towel.pickupCode })).json().code).toBe('REDEMPTION_EXPIRED')
      expect(await expireOverdueRedemptions(t.handle.db, t.clock.now)).toBe(1)
      expect(await expireOverdueRedemptions(t.handle.db, t.clock.now)).toBe(0)
      expect(await look.balance(householdId)).toBe(balance + 15)
      expect(await stockOf(towel.itemId)).toBe(stock + 1)
      expect((await get('/api/shop/redemptions', resident)).json().items.find((r: { id: number }) => r.id === towel.id).status).toBe('expired')
      expect(await checkBalances(t.handle.db)).toMatchObject({ ok: true })
    } finally {
      t.clock.now = before
    }
  })
})

describe('managing the shop', () => {
  it('lets staff put an item on the shelf at a station of their community', async () => {
    const centre = (await get('/api/staff/shop/items', staff)).json().items[0].stationId
    const res = await post('/api/staff/shop/items', staff, { name: '理发券', kind: 'service', price: 25, stock: 10, monthlyLimit: 1, stationId: centre })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ name: '理发券', description: '', active: true, redeemedThisMonth: 0 })
    const invalid = await post('/api/staff/shop/items', staff, { name: '', kind: 'goods', price: 0, stock: -1, stationId: centre })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().details.map((d: { path: string }) => d.path).sort()).toEqual(['body.name', 'body.price', 'body.stock'])
  })

  it("refuses other communities' stations and items, and residents", async () => {
    const fuLongItem = await look.item(await look.communityId('福龙社区'), '毛巾两条')
    expect((await patch(`/api/staff/shop/items/${fuLongItem.id}`, staff, { stock: 99 })).json().code).toBe('OUT_OF_COMMUNITY')
    expect((await post('/api/staff/shop/items', staff, { name: '越界', kind: 'goods', price: 5, stock: 1, stationId: fuLongItem.stationId })).statusCode).toBe(403)
    expect((await get('/api/staff/shop/items', resident)).statusCode).toBe(403)
  })

  it('finds households by name, phone ending or address, with their ledger', async () => {
    const search = async (q: string) => ((await get(`/api/staff/households?q=${encodeURIComponent(q)}`, staff)).json().items as { id: number }[]).map((h) => h.id)
    // Numbers are sealed at rest: found whole (by the look-up hash, in any spelling) or by the last four digits.
    for (const q of ['张秀兰', '5678', '3号楼', '13845675678', '138-4567-5678', '+86 138 4567 5678']) {
      expect(await search(q)).toContain(householdId)
    }
    // No other fragment of a number can be searched, nor a wrong full number.
    for (const q of ['45675678', '1384567', '13845675679']) {
      expect(await search(q)).not.toContain(householdId)
    }
    const [household] = (await get(`/api/staff/households?q=${encodeURIComponent('张秀兰')}`, staff)).json().items
    expect(household.members).toEqual(expect.arrayContaining([{ id: expect.any(Number), name: '张秀兰', phoneMasked: '138****5678' }]))
    const ledger = (await get(`/api/staff/households/${householdId}/points?limit=50`, staff)).json()
    expect(ledger.items.length).toBeGreaterThan(3)
    const { authorization: fuLongAuth } = await t.actAsPerson((await look.someResident(await look.communityId('福龙社区'))).id, [{ role: 'staff', communityId: await look.communityId('福龙社区') }])
    expect((await get(`/api/staff/households/${householdId}/points`, { authorization: fuLongAuth })).statusCode).toBe(403)
  })
})
