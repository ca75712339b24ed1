import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { activities, rooms, shopItems, stations } from '../../server/src/db/schema'
import { createTestApp, type TestApp } from '../support/test-app'
import { type As, expectError, ok } from '../support/api-checks'
import { volunteerWorld } from './volunteer-fixtures'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * A PATCH changes only the fields it sends. Each PATCH route is sent one field at a time and its row is read back:
 * that field's column changed and no other did. (zod's `.partial()` of a schema with defaults fills the defaults in,
 * so `{"price":7}` once brought a withdrawn shop item back on sale with an empty description and no monthly limit.)
 */

let t: TestApp
let w: ReturnType<typeof volunteerWorld>
let staff: As
let lianTong: number
let center: number

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = volunteerWorld(t)
  staff = await t.headersAs('staff')
  lianTong = await w.look.communityId('联通社区')
  center = await w.stationId('联通社区党群服务中心')
}, 60_000)
afterAll(() => t?.close())

const db = () => t.handle.db
const shopRow = async (id: number) => (await db().select().from(shopItems).where(eq(shopItems.id, id)))[0]!
const stationRow = async (id: number) => (await db().select().from(stations).where(eq(stations.id, id)))[0]!
const roomRow = async (id: number) => (await db().select().from(rooms).where(eq(rooms.id, id)))[0]!
const activityRow = async (id: number) => (await db().select().from(activities).where(eq(activities.id, id)))[0]!

/** The row after a PATCH equals the row before with exactly `changed` set: every other column kept its value. */
async function expectOnly<R extends Record<string, unknown>>(read: () => Promise<R>, send: () => Promise<{ statusCode: number; body: string }>, changed: Partial<R>) {
  const before = await read()
  for (const [k, v] of Object.entries(changed)) expect(before[k], `${k} is already what the PATCH sets`).not.toEqual(v)
  const res = await send()
  expect(res.statusCode, res.body).toBe(200)
  expect(await read()).toEqual({ ...before, ...changed })
}

it('covers every PATCH route of the API', () => {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> }
  const patches = Object.entries(doc.paths).flatMap(([p, methods]) => ('patch' in methods ? [p] : []))
  expect(patches.sort()).toEqual(['/api/staff/activities/{id}', '/api/staff/rooms/{id}', '/api/staff/shop/items/{id}', '/api/staff/stations/{id}'])
})

describe('PATCH /api/staff/shop/items/:id', () => {
  it('with only {"price":7} changes the price of a withdrawn item, and it stays withdrawn with its description and monthly limit', async () => {
    const created = ok<{ id: number }>(
      await w.post('/api/staff/shop/items', staff, { name: '测试商品', description: '一份说明', kind: 'goods', price: 10, stock: 5, monthlyLimit: 2, stationId: center, active: false }),
      201,
    )
    await expectOnly(() => shopRow(created.id), () => w.patch(`/api/staff/shop/items/${created.id}`, staff, { price: 7 }), { price: 7 })
    expect(await shopRow(created.id)).toMatchObject({ active: false, description: '一份说明', monthlyLimit: 2, price: 7 })
  })

  it('changes each field alone', async () => {
    const { id } = ok<{ id: number }>(await w.post('/api/staff/shop/items', staff, { name: '逐项商品', description: '说明', kind: 'goods', price: 10, stock: 5, monthlyLimit: 2, stationId: center, active: true }), 201)
    const otherStation = ok<{ id: number }>(
      await w.post('/api/staff/stations', staff, { communityId: lianTong, name: '联通社区补丁驿站', kind: 'grid_station', address: '黑河市爱辉区联通街30号', latitude: 50.25, longitude: 127.5, weeklyHours: [] }),
      201,
    ).id
    const cases: [string, unknown, Record<string, unknown>][] = [
      ['name', '改名商品', { name: '改名商品' }],
      ['description', '新的说明', { description: '新的说明' }],
      ['kind', 'service', { kind: 'service' }],
      ['price', 12, { price: 12 }],
      ['stock', 9, { stock: 9 }],
      ['monthlyLimit', null, { monthlyLimit: null }],
      ['stationId', otherStation, { stationId: otherStation }],
      ['active', false, { active: false }],
    ]
    for (const [field, value, changed] of cases) {
      await expectOnly(() => shopRow(id), () => w.patch(`/api/staff/shop/items/${id}`, staff, { [field]: value }), changed)
    }
  })

  it('an empty PATCH changes nothing', async () => {
    const item = await w.look.item(lianTong, '义剪一次')
    const before = await shopRow(item.id)
    ok(await w.patch(`/api/staff/shop/items/${item.id}`, staff, {}))
    expect(await shopRow(item.id)).toEqual(before)
  })
})

describe('PATCH /api/staff/stations/:id', () => {
  it('changes each field alone; an empty PATCH changes nothing', async () => {
    const { id } = ok<{ id: number }>(
      await w.post('/api/staff/stations', staff, {
        communityId: lianTong, name: '联通社区逐项驿站', kind: 'grid_station', address: '黑河市爱辉区联通街31号', phone: '0456-8888888', latitude: 50.25, longitude: 127.5,
        weeklyHours: [{ dayOfWeek: 1, opens: '09:00', closes: '18:00' }],
      }),
      201,
    )
    const cases: [string, unknown, Record<string, unknown>][] = [
      ['name', '联通社区改名驿站', { name: '联通社区改名驿站' }],
      ['kind', 'center', { kind: 'center' }],
      ['address', '黑河市爱辉区联通街99号', { address: '黑河市爱辉区联通街99号' }],
      ['phone', null, { phone: null }],
      ['latitude', 50.3, { latitude: 50.3 }],
      ['longitude', 127.6, { longitude: 127.6 }],
      ['weeklyHours', [{ dayOfWeek: 2, opens: '08:00', closes: '12:00' }], { weeklyHours: [{ dayOfWeek: 2, opens: '08:00', closes: '12:00' }] }],
    ]
    for (const [field, value, changed] of cases) {
      await expectOnly(() => stationRow(id), () => w.patch(`/api/staff/stations/${id}`, staff, { [field]: value }), changed)
    }
    const before = await stationRow(id)
    ok(await w.patch(`/api/staff/stations/${id}`, staff, {}))
    expect(await stationRow(id)).toEqual(before)
  })
})

describe('PATCH /api/staff/rooms/:id', () => {
  it('changes each field alone, and of the rules only the one sent', async () => {
    const room = await w.newRoom(staff, center, { name: '逐项会议室' })
    await w.patch(`/api/staff/rooms/${room.id}`, staff, { description: '旧说明', facilities: ['投影'] })
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ name: '改名会议室' }, { name: '改名会议室' }],
      [{ category: '图书阅览' }, { category: '图书阅览' }],
      [{ capacity: 7 }, { capacity: 7 }],
      [{ facilities: ['白板', '音响'] }, { facilities: ['白板', '音响'] }],
      [{ description: '新说明' }, { description: '新说明' }],
      [{ active: false }, { active: false }],
      [{ rules: { bufferMinutes: 45 } }, { bufferMinutes: 45 }],
      [{ rules: { requiresApproval: true } }, { requiresApproval: true }],
    ]
    for (const [body, changed] of cases) {
      await expectOnly(() => roomRow(room.id), () => w.patch(`/api/staff/rooms/${room.id}`, staff, body), changed)
    }
  })

  it('checks the rules sent together with those kept', async () => {
    const room = await w.newRoom(staff, center, { name: '规则会议室' })
    const before = await roomRow(room.id)
    // The room keeps its 30-minute slots: a minimum of 45 minutes is not a whole number of them.
    expectError(await w.patch(`/api/staff/rooms/${room.id}`, staff, { rules: { minDurationMinutes: 45 } }), 400, 'VALIDATION_FAILED')
    expect(await roomRow(room.id)).toEqual(before)
  })
})

describe('PATCH /api/staff/activities/:id', () => {
  it('changes each field alone', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-12-11', '09:00', '11:00', { description: '旧说明', skills: ['repair'], latitude: 50.25, longitude: 127.5, geofenceMeters: 200 })
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ title: '只改标题的活动' }, { title: '只改标题的活动' }],
      [{ description: '新说明' }, { description: '新说明' }],
      [{ place: '联通社区文体活动室' }, { place: '联通社区文体活动室' }],
      [{ capacity: 9 }, { capacity: 9 }],
      [{ skills: ['digital', 'medical'] }, { skills: ['digital', 'medical'] }],
      [{ cancelDeadlineHours: 48 }, { cancelDeadlineHours: 48 }],
      [{ geofenceMeters: null }, { geofenceMeters: null }],
      [{ startsAt: '2026-12-11T08:30:00+08:00' }, { startsAt: new Date('2026-12-11T08:30:00+08:00') }],
    ]
    for (const [body, changed] of cases) {
      await expectOnly(() => activityRow(a.id), () => w.patch(`/api/staff/activities/${a.id}`, staff, body), changed)
    }
  })
})
