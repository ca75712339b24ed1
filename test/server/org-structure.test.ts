import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { auditLog } from '../../server/src/db/schema'
import type { AddressBook, CommunityChoice, CommunityOrg, DistrictOrg } from '../../types/api/people'
import { createTestApp, type TestApp } from '../support/test-app'
import { bookingWorld } from './booking-fixtures'
import { type Actor, type As, expectError, itAnswersEachCaller, type MatrixRow, ok, type Outcome } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * The organisation a real district starts from: the admin adds and renames 街道 and 社区; staff of a community add
 * and rename its 网格 and record its 楼栋 with their units and flats (the admin anywhere). Names that must be unique
 * are refused with the field at fault; every change is in the audit trail; residents then find the new community
 * and its flats when they choose and apply.
 */

let t: TestApp
let w: ReturnType<typeof bookingWorld>
let staff: As
let admin: As
let staffFuLong: As
let lianTong: number
let fuLong: number

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = bookingWorld(t)
  staff = await t.headersAs('staff')
  admin = await t.headersAs('admin')
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
  staffFuLong = await w.staffOf(fuLong)
}, 60_000)
afterAll(() => t?.close())

const fieldsOf = (res: Awaited<ReturnType<typeof w.get>>) => (res.json().details as { path: string; message: string }[]).map((d) => [d.path, d.message])

describe('街道 and 社区 (the admin)', () => {
  it('lists the district with each community’s figures', async () => {
    const org = ok<DistrictOrg>(await w.get('/api/admin/org', admin))
    expect(org.subdistricts.map((s) => s.name)).toEqual(['花园街道', '兴安街道', '西兴街道', '海兰街道'])
    const lt = org.subdistricts[0]!.communities.find((c) => c.id === lianTong)!
    expect(lt).toMatchObject({ name: '联通社区', grids: 12, buildings: 12, households: 96 })
    expect(lt.staff).toBeGreaterThanOrEqual(1)
  })

  it('adds a 街道 and a 社区 in it, which residents can then choose; renames both; refuses duplicates with the field', async () => {
    const added = ok<DistrictOrg>(await w.post('/api/admin/subdistricts', admin, { name: '幸福街道' }), 201)
    const sub = added.subdistricts.find((s) => s.name === '幸福街道')!
    expect(sub).toMatchObject({ district: '爱辉区', communities: [] })
    expect(fieldsOf(await w.post('/api/admin/subdistricts', admin, { name: '幸福街道' }))).toEqual([['body.name', '已有同名的街道']])

    const withCommunity = ok<DistrictOrg>(await w.post('/api/admin/communities', admin, { subdistrictId: sub.id, name: '新兴社区', address: '黑河市爱辉区新兴路1号' }), 201)
    const community = withCommunity.subdistricts.find((s) => s.id === sub.id)!.communities[0]!
    expect(community).toMatchObject({ name: '新兴社区', address: '黑河市爱辉区新兴路1号', grids: 0, buildings: 0, households: 0, staff: 0 })
    expect(fieldsOf(await w.post('/api/admin/communities', admin, { subdistrictId: sub.id, name: '新兴社区', address: '别处' }))).toEqual([['body.name', '这个街道已有同名的社区']])
    expect(fieldsOf(await w.post('/api/admin/communities', admin, { subdistrictId: 99999999, name: '某社区', address: '某处1号' }))).toEqual([['body.subdistrictId', '没有这个街道']])
    const choices = ok<{ items: CommunityChoice[] }>(await w.send({ method: 'GET', url: '/api/communities' })).items
    expect(choices.find((c) => c.id === community.id)).toMatchObject({ name: '新兴社区', subdistrictName: '幸福街道' })

    ok(await w.put(`/api/admin/subdistricts/${sub.id}`, admin, { name: '幸福路街道' }))
    const renamed = ok<DistrictOrg>(await w.put(`/api/admin/communities/${community.id}`, admin, { name: '新兴里社区', address: '黑河市爱辉区新兴路2号' }))
    expect(renamed.subdistricts.find((s) => s.id === sub.id)).toMatchObject({ name: '幸福路街道', communities: [{ name: '新兴里社区', address: '黑河市爱辉区新兴路2号' }] })
    expect(fieldsOf(await w.put(`/api/admin/subdistricts/${sub.id}`, admin, { name: '花园街道' }))).toEqual([['body.name', '已有同名的街道']])
    expectError(await w.put('/api/admin/subdistricts/99999999', admin, { name: '无' }), 404, 'NOT_FOUND')
    expectError(await w.put('/api/admin/communities/99999999', admin, { name: '无', address: '无处1号' }), 404, 'COMMUNITY_NOT_FOUND')
    expectError(await w.post('/api/admin/subdistricts', admin, { name: '' }), 400, 'VALIDATION_FAILED')

    const trail = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'org.change'))
    expect(trail.filter((r) => r.subjectType === 'subdistrict' && r.subjectId === String(sub.id))).toHaveLength(2)
    expect(trail.filter((r) => r.subjectType === 'community' && r.subjectId === String(community.id))).toHaveLength(2)
  })
})

describe('网格, 楼栋 and flats (staff of the community)', () => {
  it('adds a grid and a building with its units and flats; the flats are in the address book residents pick from', async () => {
    const before = ok<CommunityOrg>(await w.get('/api/staff/org', staff))
    expect(before).toMatchObject({ communityId: lianTong, communityName: '联通社区' })
    expect(before.grids).toHaveLength(12)
    expect(before.buildings[0]).toMatchObject({ units: 2, households: 8, residents: expect.any(Number) })

    const withGrid = ok<CommunityOrg>(await w.post('/api/staff/grids', staff, { communityId: lianTong, name: '第十三网格' }), 201)
    const grid = withGrid.grids.find((g) => g.name === '第十三网格')!
    expect(grid.buildings).toBe(0)
    expect(fieldsOf(await w.post('/api/staff/grids', staff, { communityId: lianTong, name: '第十三网格' }))).toEqual([['body.name', '本社区已有同名的网格']])

    const withBuilding = ok<CommunityOrg>(
      await w.post('/api/staff/buildings', staff, { communityId: lianTong, gridId: grid.id, estate: '新苑小区', name: '8号楼', units: [{ unitNo: '1单元', roomNos: ['101', '102', '201'] }, { unitNo: '2单元', roomNos: ['101'] }] }),
      201,
    )
    const building = withBuilding.buildings.find((b) => b.name === '8号楼')!
    expect(building).toMatchObject({ gridId: grid.id, gridName: '第十三网格', estate: '新苑小区', units: 2, households: 4, residents: 0 })
    expect(withBuilding.grids.find((g) => g.id === grid.id)!.buildings).toBe(1)
    expect(fieldsOf(await w.post('/api/staff/buildings', staff, { communityId: lianTong, gridId: grid.id, estate: '新苑小区', name: '8号楼' }))).toEqual([['body.name', '本社区的这个小区已有同名的楼栋']])

    const more = ok<CommunityOrg>(await w.post(`/api/staff/buildings/${building.id}/flats`, staff, { unitNo: '1单元', roomNos: ['101', '301', '301'] }))
    expect(more.buildings.find((b) => b.id === building.id)!.households).toBe(5)
    const book = ok<AddressBook>(await w.get(`/api/communities/${lianTong}/address-book`, staff))
    expect(book.buildings.find((b) => b.id === building.id)!.units).toEqual([
      { unitNo: '1单元', roomNos: ['101', '102', '201', '301'] },
      { unitNo: '2单元', roomNos: ['101'] },
    ])

    const renamed = ok<CommunityOrg>(await w.put(`/api/staff/grids/${grid.id}`, staff, { name: '第十三网格（新苑）' }))
    expect(renamed.buildings.find((b) => b.id === building.id)!.gridName).toBe('第十三网格（新苑）')
    const moved = ok<CommunityOrg>(await w.put(`/api/staff/buildings/${building.id}`, staff, { gridId: before.grids[0]!.id, estate: '新苑小区', name: '8栋' }))
    expect(moved.buildings.find((b) => b.id === building.id)).toMatchObject({ gridId: before.grids[0]!.id, name: '8栋' })
  })

  it('refuses a grid of another community, and anything of another community from its staff', async () => {
    const fuLongOrg = ok<CommunityOrg>(await w.get(`/api/staff/org?communityId=${fuLong}`, admin))
    const own = ok<CommunityOrg>(await w.get('/api/staff/org', staff))
    expect(fieldsOf(await w.post('/api/staff/buildings', staff, { communityId: lianTong, gridId: fuLongOrg.grids[0]!.id, estate: '联通小区', name: '99号楼' }))).toEqual([['body.gridId', '请选择本社区的网格']])
    expectError(await w.post('/api/staff/grids', staffFuLong, { communityId: lianTong, name: '第九十九网格' }), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.put(`/api/staff/grids/${own.grids[0]!.id}`, staffFuLong, { name: '改名' }), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.put(`/api/staff/buildings/${own.buildings[0]!.id}`, staffFuLong, { gridId: own.grids[0]!.id, estate: '联通小区', name: '改名' }), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.post(`/api/staff/buildings/${own.buildings[0]!.id}/flats`, staffFuLong, { unitNo: '1单元', roomNos: ['999'] }), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.get(`/api/staff/org?communityId=${lianTong}`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.post('/api/staff/buildings/99999999/flats', staff, { unitNo: '1单元', roomNos: ['1'] }), 404, 'NOT_FOUND')
    expectError(await w.post(`/api/staff/buildings/${own.buildings[0]!.id}/flats`, staff, { unitNo: '1单元', roomNos: [] }), 400, 'VALIDATION_FAILED')
  })
})

const F: Outcome = [403, 'FORBIDDEN']

describe('who may call what', () => {
  let seq = 0
  const rows: MatrixRow[] = [
    { route: 'GET /api/admin/org', run: (as) => w.get('/api/admin/org', as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': F, staff: F, admin: 200 } },
    { route: 'POST /api/admin/subdistricts', run: (as) => w.post('/api/admin/subdistricts', as, { name: `矩阵街道${++seq}` }), outcomes: { resident: F, volunteer: F, 'staff elsewhere': F, staff: F, admin: 201 } },
    { route: 'POST /api/staff/grids', run: (as) => w.post('/api/staff/grids', as, { communityId: lianTong, name: `矩阵网格${++seq}` }), outcomes: { resident: F, volunteer: F, 'staff elsewhere': [403, 'OUT_OF_COMMUNITY'], staff: 201, admin: 201 } },
    { route: 'GET /api/staff/org', run: (as) => w.get(`/api/staff/org?communityId=${lianTong}`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': [403, 'OUT_OF_COMMUNITY'], staff: 200, admin: 200 } },
  ]
  const as: Partial<Record<Actor, As>> = {}
  beforeAll(async () => {
    as.resident = await w.fresh(lianTong)
    as.volunteer = await t.headersAs('volunteer')
    as['staff elsewhere'] = staffFuLong
    as.staff = staff
    as.admin = admin
  })
  itAnswersEachCaller(rows, as)
})
