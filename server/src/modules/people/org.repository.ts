import { and, asc, eq, sql } from 'drizzle-orm'
import type { Queryable, Tx } from '../../db/client'
import { withConstraintErrors } from '../../db/constraint-errors'
import { buildings, communities, grids, households, persons, roleGrants, subdistricts } from '../../db/schema'
import { AppError } from '../../http/app-error'

/* The organisation tree as staff and the admin manage it: 街道 › 社区 › 网格 › 楼栋 › 户. */

export async function listSubdistricts(db: Queryable) {
  return db.select().from(subdistricts).orderBy(asc(subdistricts.id))
}

/** Every community with how many grids, buildings, households and staff it has. (Correlated subqueries name
 * the outer table outright: drizzle writes a bare column inside select(), which the subquery would take as its own.) */
export async function communityFigures(db: Queryable) {
  return db
    .select({
      id: communities.id,
      subdistrictId: communities.subdistrictId,
      name: communities.name,
      address: communities.address,
      grids: sql<number>`(select count(*)::int from ${grids} g where g.community_id = ${communities}.id)`,
      buildings: sql<number>`(select count(*)::int from ${buildings} b where b.community_id = ${communities}.id)`,
      households: sql<number>`(select count(*)::int from ${households} h where h.community_id = ${communities}.id)`,
      staff: sql<number>`(select count(*)::int from ${roleGrants} r where r.community_id = ${communities}.id and r.role = 'staff')`,
    })
    .from(communities)
    .orderBy(asc(communities.id))
}

export async function insertSubdistrict(db: Queryable, values: { district: string; name: string }) {
  const [row] = await db.insert(subdistricts).values(values).onConflictDoNothing().returning()
  return row ?? null
}

export async function renameSubdistrict(db: Queryable, id: number, name: string) {
  const [row] = await withConstraintErrors(() => db.update(subdistricts).set({ name }).where(eq(subdistricts.id, id)).returning(), {
    subdistricts_name_unique: () => AppError.field('name', '已有同名的街道'),
  })
  return row ?? null
}

export async function subdistrictExists(db: Queryable, id: number) {
  const [row] = await db.select({ id: subdistricts.id }).from(subdistricts).where(eq(subdistricts.id, id))
  return Boolean(row)
}

export async function insertCommunity(db: Queryable, values: { subdistrictId: number; name: string; address: string }) {
  const [row] = await db.insert(communities).values(values).onConflictDoNothing().returning()
  return row ?? null
}

export async function updateCommunity(db: Queryable, id: number, values: { name: string; address: string }) {
  const [row] = await withConstraintErrors(() => db.update(communities).set(values).where(eq(communities.id, id)).returning(), {
    communities_subdistrict_name_uq: () => AppError.field('name', '这个街道已有同名的社区'),
  })
  return row ?? null
}

/** A community's grids with their building counts, and its buildings with their units, flats and residents. */
export async function communityStructure(db: Queryable, communityId: number) {
  const [gridRows, buildingRows] = await Promise.all([
    db
      .select({ id: grids.id, name: grids.name, buildings: sql<number>`(select count(*)::int from ${buildings} b where b.grid_id = ${grids}.id)` })
      .from(grids)
      .where(eq(grids.communityId, communityId))
      .orderBy(asc(grids.id)),
    db
      .select({
        id: buildings.id,
        gridId: buildings.gridId,
        gridName: grids.name,
        estate: buildings.estate,
        name: buildings.name,
        units: sql<number>`(select count(distinct h.unit_no)::int from ${households} h where h.building_id = ${buildings}.id)`,
        households: sql<number>`(select count(*)::int from ${households} h where h.building_id = ${buildings}.id)`,
        residents: sql<number>`(select count(*)::int from ${persons} p join ${households} h on h.id = p.household_id where h.building_id = ${buildings}.id and p.anonymised_at is null)`,
      })
      .from(buildings)
      .innerJoin(grids, eq(grids.id, buildings.gridId))
      .where(eq(buildings.communityId, communityId))
      .orderBy(asc(buildings.estate), asc(buildings.id)),
  ])
  return { gridRows, buildingRows }
}

export async function findGrid(db: Queryable, id: number) {
  const [row] = await db.select().from(grids).where(eq(grids.id, id))
  return row ?? null
}

export async function insertGrid(db: Queryable, values: { communityId: number; name: string }) {
  const [row] = await db.insert(grids).values(values).onConflictDoNothing().returning()
  return row ?? null
}

export async function renameGrid(db: Queryable, id: number, name: string) {
  const [row] = await withConstraintErrors(() => db.update(grids).set({ name }).where(eq(grids.id, id)).returning(), {
    grids_community_name_uq: () => AppError.field('name', '本社区已有同名的网格'),
  })
  return row ?? null
}

export async function findBuildingRow(db: Queryable, id: number) {
  const [row] = await db.select().from(buildings).where(eq(buildings.id, id))
  return row ?? null
}

export async function insertBuilding(tx: Tx, values: { communityId: number; gridId: number; estate: string; name: string }) {
  const [row] = await tx.insert(buildings).values(values).onConflictDoNothing().returning()
  return row ?? null
}

export async function updateBuilding(db: Queryable, id: number, values: { gridId: number; estate: string; name: string }) {
  const [row] = await withConstraintErrors(() => db.update(buildings).set(values).where(eq(buildings.id, id)).returning(), {
    buildings_estate_name_uq: () => AppError.field('name', '本社区的这个小区已有同名的楼栋'),
  })
  return row ?? null
}

/** Adds the flats of a unit (those already there are left as they are); returns how many were new. */
export async function addFlats(tx: Queryable, building: { id: number; communityId: number }, unitNo: string, roomNos: string[]): Promise<number> {
  if (!roomNos.length) return 0
  const rows = await tx
    .insert(households)
    .values([...new Set(roomNos)].map((roomNo) => ({ communityId: building.communityId, buildingId: building.id, unitNo, roomNo })))
    .onConflictDoNothing()
    .returning({ id: households.id })
  return rows.length
}

export async function gridOfCommunity(db: Queryable, gridId: number, communityId: number) {
  const [row] = await db.select({ id: grids.id }).from(grids).where(and(eq(grids.id, gridId), eq(grids.communityId, communityId)))
  return Boolean(row)
}
