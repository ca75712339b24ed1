import type { z } from 'zod'
import type { CommunityOrg, DistrictOrg, ZBuildingRequest } from '../../../../types/api/people'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { recordAudit } from '../audit/audit.service'
import * as repo from './org.repository'
import { findCommunity } from './people.repository'

/*
 * The organisation tree. The admin keeps the district's 街道 and 社区; staff keep their own community's 网格,
 * 楼栋 and flats (the admin everywhere). Names are unique where the schema says so: a second one is a clear error.
 */

export async function getDistrictOrg(ctx: AppContext): Promise<DistrictOrg> {
  const [subs, figures] = await Promise.all([repo.listSubdistricts(ctx.db), repo.communityFigures(ctx.db)])
  return {
    subdistricts: subs.map((s) => ({
      id: s.id,
      district: s.district,
      name: s.name,
      communities: figures.filter((c) => c.subdistrictId === s.id).map(({ subdistrictId: _s, ...c }) => c),
    })),
  }
}

export async function createSubdistrict(ctx: AppContext, principal: Principal, input: { district?: string; name: string }): Promise<DistrictOrg> {
  const district = input.district ?? (await repo.listSubdistricts(ctx.db))[0]?.district
  if (!district) throw AppError.field('district', '请填写街道所在的区')
  const row = await repo.insertSubdistrict(ctx.db, { district, name: input.name })
  if (!row) throw AppError.field('name', '已有同名的街道')
  await recordAudit(ctx.db, { actorUserId: principal.userId, action: 'org.change', communityId: null, subjectType: 'subdistrict', subjectId: row.id, detail: { created: { district, name: input.name } }, at: ctx.now() })
  return getDistrictOrg(ctx)
}

export async function renameSubdistrict(ctx: AppContext, principal: Principal, id: number, name: string): Promise<DistrictOrg> {
  const row = await repo.renameSubdistrict(ctx.db, id, name)
  if (!row) throw new AppError('NOT_FOUND')
  await recordAudit(ctx.db, { actorUserId: principal.userId, action: 'org.change', communityId: null, subjectType: 'subdistrict', subjectId: id, detail: { name }, at: ctx.now() })
  return getDistrictOrg(ctx)
}

export async function createCommunity(ctx: AppContext, principal: Principal, input: { subdistrictId: number; name: string; address: string }): Promise<DistrictOrg> {
  if (!(await repo.subdistrictExists(ctx.db, input.subdistrictId))) throw AppError.field('subdistrictId', '没有这个街道')
  const row = await repo.insertCommunity(ctx.db, input)
  if (!row) throw AppError.field('name', '这个街道已有同名的社区')
  await recordAudit(ctx.db, { actorUserId: principal.userId, action: 'org.change', communityId: row.id, subjectType: 'community', subjectId: row.id, detail: { created: input }, at: ctx.now() })
  return getDistrictOrg(ctx)
}

export async function updateCommunity(ctx: AppContext, principal: Principal, id: number, input: { name: string; address: string }): Promise<DistrictOrg> {
  const row = await repo.updateCommunity(ctx.db, id, input)
  if (!row) throw new AppError('COMMUNITY_NOT_FOUND')
  await recordAudit(ctx.db, { actorUserId: principal.userId, action: 'org.change', communityId: id, subjectType: 'community', subjectId: id, detail: input, at: ctx.now() })
  return getDistrictOrg(ctx)
}

/* ----------------------------------------------------------------- a community's grids and buildings */

export async function getCommunityOrg(ctx: AppContext, principal: Principal, requested?: number): Promise<CommunityOrg> {
  const communityId = principal.staffScope(requested)
  const community = await findCommunity(ctx.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  const { gridRows, buildingRows } = await repo.communityStructure(ctx.db, communityId)
  return { communityId, communityName: community.name, grids: gridRows, buildings: buildingRows }
}

export async function createGrid(ctx: AppContext, principal: Principal, input: { communityId: number; name: string }): Promise<CommunityOrg> {
  principal.assertStaffOf(input.communityId)
  const row = await repo.insertGrid(ctx.db, input)
  if (!row) throw AppError.field('name', '本社区已有同名的网格')
  await recordAudit(ctx.db, { actorUserId: principal.userId, action: 'org.change', communityId: input.communityId, subjectType: 'grid', subjectId: row.id, detail: { created: input.name }, at: ctx.now() })
  return getCommunityOrg(ctx, principal, input.communityId)
}

export async function renameGrid(ctx: AppContext, principal: Principal, id: number, name: string): Promise<CommunityOrg> {
  const grid = await repo.findGrid(ctx.db, id)
  if (!grid) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(grid.communityId)
  await repo.renameGrid(ctx.db, id, name)
  await recordAudit(ctx.db, { actorUserId: principal.userId, action: 'org.change', communityId: grid.communityId, subjectType: 'grid', subjectId: id, detail: { name }, at: ctx.now() })
  return getCommunityOrg(ctx, principal, grid.communityId)
}

/** A building with its units and flats (户), as staff record it before residents apply. */
export async function createBuilding(ctx: AppContext, principal: Principal, input: z.output<typeof ZBuildingRequest>): Promise<CommunityOrg> {
  principal.assertStaffOf(input.communityId)
  if (!(await repo.gridOfCommunity(ctx.db, input.gridId, input.communityId))) throw AppError.field('gridId', '请选择本社区的网格')
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const building = await repo.insertBuilding(tx, { communityId: input.communityId, gridId: input.gridId, estate: input.estate, name: input.name })
    if (!building) throw AppError.field('name', '本社区的这个小区已有同名的楼栋')
    let flats = 0
    for (const unit of input.units) flats += await repo.addFlats(tx, building, unit.unitNo, unit.roomNos)
    await recordAudit(tx, { actorUserId: principal.userId, action: 'org.change', communityId: input.communityId, subjectType: 'building', subjectId: building.id, detail: { created: `${input.estate}${input.name}`, flats }, at: now })
  })
  return getCommunityOrg(ctx, principal, input.communityId)
}

export async function updateBuilding(ctx: AppContext, principal: Principal, id: number, input: { gridId: number; estate: string; name: string }): Promise<CommunityOrg> {
  const building = await repo.findBuildingRow(ctx.db, id)
  if (!building) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(building.communityId)
  if (!(await repo.gridOfCommunity(ctx.db, input.gridId, building.communityId))) throw AppError.field('gridId', '请选择本社区的网格')
  await repo.updateBuilding(ctx.db, id, input)
  await recordAudit(ctx.db, { actorUserId: principal.userId, action: 'org.change', communityId: building.communityId, subjectType: 'building', subjectId: id, detail: input, at: ctx.now() })
  return getCommunityOrg(ctx, principal, building.communityId)
}

export async function addFlats(ctx: AppContext, principal: Principal, id: number, input: { unitNo: string; roomNos: string[] }): Promise<CommunityOrg> {
  const building = await repo.findBuildingRow(ctx.db, id)
  if (!building) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(building.communityId)
  const added = await repo.addFlats(ctx.db, building, input.unitNo, input.roomNos)
  await recordAudit(ctx.db, { actorUserId: principal.userId, action: 'org.change', communityId: building.communityId, subjectType: 'building', subjectId: id, detail: { unitNo: input.unitNo, added }, at: ctx.now() })
  return getCommunityOrg(ctx, principal, building.communityId)
}
