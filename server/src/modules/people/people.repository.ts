import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { Role } from '../../../../types/api/common'
import type { ResidencyStatus } from '../../../../types/api/labels'
import type { Db, Queryable, Tx } from '../../db/client'
import { preparedFor } from '../../db/prepared'
import { withConstraintErrors } from '../../db/constraint-errors'
import {
  buildings,
  communities,
  grids,
  householdInvites,
  households,
  persons,
  residencyApplications,
  roleGrants,
  staffInvites,
  stations,
  subdistricts,
  users,
} from '../../db/schema'
import { AppError } from '../../http/app-error'

/*
 * Persons, households, their addresses and the accounts that stand for them: 住户认证, family invitations and
 * household membership.
 */

export type ApplicationRow = typeof residencyApplications.$inferSelect
export type PersonRow = typeof persons.$inferSelect
export type InviteRow = typeof householdInvites.$inferSelect

/* ----------------------------------------------------------------- communities and addresses */

/** Every community with its subdistrict and the positions of its stations (for "nearest first"). */
export async function listCommunitiesWithStations(db: Queryable) {
  return db
    .select({
      id: communities.id,
      name: communities.name,
      address: communities.address,
      subdistrictName: subdistricts.name,
      districtName: subdistricts.district,
      latitude: stations.latitude,
      longitude: stations.longitude,
    })
    .from(communities)
    .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
    .leftJoin(stations, eq(stations.communityId, communities.id))
    .orderBy(asc(subdistricts.id), asc(communities.id))
}

export async function communityExists(db: Queryable, id: number): Promise<boolean> {
  const [row] = await db.select({ id: communities.id }).from(communities).where(eq(communities.id, id))
  return Boolean(row)
}

/** A community's buildings with their grids, and every flat the 台账 knows in them. */
export async function addressBookRows(db: Queryable, communityId: number) {
  const [buildingRows, flatRows] = await Promise.all([
    db
      .select({ id: buildings.id, estate: buildings.estate, name: buildings.name, gridName: grids.name })
      .from(buildings)
      .innerJoin(grids, eq(grids.id, buildings.gridId))
      .where(eq(buildings.communityId, communityId))
      .orderBy(asc(buildings.estate), asc(buildings.id)),
    db
      .select({ buildingId: households.buildingId, unitNo: households.unitNo, roomNo: households.roomNo })
      .from(households)
      .where(eq(households.communityId, communityId))
      .orderBy(asc(households.buildingId), asc(households.unitNo), asc(households.roomNo)),
  ])
  return { buildingRows, flatRows }
}

export async function findBuilding(db: Queryable, id: number) {
  const [row] = await db
    .select({ id: buildings.id, communityId: buildings.communityId, estate: buildings.estate, name: buildings.name, gridName: grids.name, communityName: communities.name })
    .from(buildings)
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .innerJoin(communities, eq(communities.id, buildings.communityId))
    .where(eq(buildings.id, id))
  return row ?? null
}

/** The household of the 台账 at an address, if there is one. */
export async function findHouseholdAt(db: Queryable, buildingId: number, unitNo: string, roomNo: string) {
  const [row] = await db
    .select({ id: households.id })
    .from(households)
    .where(and(eq(households.buildingId, buildingId), eq(households.unitNo, unitNo), eq(households.roomNo, roomNo)))
  return row?.id ?? null
}

/** A new household at an address; a concurrent creation of the same address finds the winner's row. */
export async function insertHousehold(tx: Tx, values: { communityId: number; buildingId: number; unitNo: string; roomNo: string }): Promise<number> {
  const [row] = await tx.insert(households).values(values).onConflictDoNothing().returning({ id: households.id })
  return row?.id ?? (await findHouseholdAt(tx, values.buildingId, values.unitNo, values.roomNo))!
}

/** Households with their address parts (community, grid, estate, building, unit, flat), for display. */
const addressColumns = {
  id: households.id,
  communityId: households.communityId,
  communityName: communities.name,
  gridId: buildings.gridId,
  gridName: grids.name,
  estate: buildings.estate,
  building: buildings.name,
  unitNo: households.unitNo,
  roomNo: households.roomNo,
}
const householdsJoined = (q: Pick<Db, 'select'>) =>
  q
    .select(addressColumns)
    .from(households)
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .innerJoin(communities, eq(communities.id, households.communityId))

export type HouseholdWithAddress = Awaited<ReturnType<typeof householdsWithAddress>>[number]

export async function householdsWithAddress(db: Queryable, ids: number[]) {
  if (!ids.length) return []
  return householdsJoined(db).where(inArray(households.id, ids))
}

const oneHousehold = preparedFor((db) => householdsJoined(db).where(eq(households.id, sql.placeholder('id'))).prepare('household_with_address'))

/** One household with its address (the caller's own, on 我的 and 我的积分): a prepared statement. */
export async function householdWithAddress(db: Db, id: number): Promise<HouseholdWithAddress | null> {
  const [row] = await oneHousehold(db).execute({ id })
  return row ?? null
}

export async function findHousehold(db: Queryable, id: number) {
  const [row] = await householdsWithAddress(db, [id])
  return row ?? null
}

const memberCount = preparedFor((db) =>
  db
    .select({ count: sql<number>`count(*)::int` })
    .from(persons)
    .where(and(eq(persons.householdId, sql.placeholder('householdId')), isNull(persons.anonymisedAt)))
    .prepare('household_member_count'),
)

/** How many people live in the household (anonymised persons, those of deleted accounts, no longer count). */
export async function countHouseholdMembers(db: Db, householdId: number): Promise<number> {
  const [row] = await memberCount(db).execute({ householdId })
  return row!.count
}

/** The members of households (anonymised persons left out), each with whether an account stands for them. */
export async function householdMembers(db: Queryable, householdIds: number[]) {
  if (!householdIds.length) return []
  return db
    .select({
      householdId: persons.householdId,
      personId: persons.id,
      name: persons.name,
      relationship: persons.relationship,
      birthYear: persons.birthYear,
      phoneCipher: persons.phoneCipher,
      userId: users.id,
    })
    .from(persons)
    .leftJoin(users, and(eq(users.personId, persons.id), isNull(users.deletedAt)))
    .where(and(inArray(persons.householdId, householdIds), isNull(persons.anonymisedAt)))
    .orderBy(asc(persons.id))
}

/* ----------------------------------------------------------------- persons and accounts */

/** The account's row, locked: every change of who an account is (its person, household, community) takes it first. */
export async function lockUser(tx: Tx, userId: number) {
  const [row] = await tx.select().from(users).where(eq(users.id, userId)).for('update')
  return row ?? null
}

/**
 * Several accounts' rows, locked in id order (so two batches sharing people never deadlock). NO KEY UPDATE leaves
 * them free for inserts that reference them (a new booking's foreign key check).
 */
export async function lockUsers(tx: Tx, userIds: number[]) {
  if (!userIds.length) return
  await tx.select({ id: users.id }).from(users).where(inArray(users.id, userIds)).orderBy(asc(users.id)).for('no key update')
}

export async function findPerson(db: Queryable, id: number): Promise<PersonRow | null> {
  const [row] = await findPersons(db, [id])
  return row ?? null
}

export async function findPersons(db: Queryable, ids: number[]): Promise<PersonRow[]> {
  return ids.length ? db.select().from(persons).where(inArray(persons.id, ids)) : []
}

/** The person's row, locked (a 台账 person claimed by two applications at once is bound once). */
export async function lockPerson(tx: Tx, id: number): Promise<PersonRow | null> {
  const [row] = await tx.select().from(persons).where(eq(persons.id, id)).for('update')
  return row ?? null
}

export async function accountOfPerson(db: Queryable, personId: number): Promise<number | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.personId, personId))
  return row?.id ?? null
}

export async function insertPerson(tx: Tx, values: typeof persons.$inferInsert): Promise<number> {
  const [row] = await tx.insert(persons).values(values).returning({ id: persons.id })
  return row!.id
}

export async function updatePerson(tx: Tx, id: number, values: Partial<typeof persons.$inferInsert>) {
  await tx.update(persons).set(values).where(eq(persons.id, id))
}

/** Binds an account to its person; one account per person (a unique constraint, the person lock's safety net). */
export async function setUserPerson(tx: Tx, userId: number, personId: number, communityId: number) {
  await withConstraintErrors(() => tx.update(users).set({ personId, communityId }).where(eq(users.id, userId)), {
    users_person_id_unique: () => new AppError('PERSON_HAS_ACCOUNT'),
  })
}

export async function setUserCommunity(db: Queryable, userId: number, communityId: number) {
  await db.update(users).set({ communityId }).where(eq(users.id, userId))
}

/** The roles an account holds now (read afresh, not from the request's principal). */
export async function rolesOf(db: Queryable, userId: number): Promise<Role[]> {
  const rows = await db.select({ role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.userId, userId))
  return rows.map((r) => r.role)
}

/** Gives an account the resident role (once). */
export async function grantResident(tx: Tx, userId: number) {
  await tx.insert(roleGrants).values({ userId, role: 'resident' }).onConflictDoNothing()
}

/* ----------------------------------------------------------------- 住户认证 */

/** One pending application per account (a partial unique index): a second one is RESIDENCY_PENDING. */
export async function insertApplication(tx: Tx, values: typeof residencyApplications.$inferInsert): Promise<ApplicationRow> {
  const [row] = await withConstraintErrors(() => tx.insert(residencyApplications).values(values).returning(), {
    residency_applications_pending_uq: () => new AppError('RESIDENCY_PENDING'),
  })
  return row!
}

export async function lockApplication(tx: Tx, id: number): Promise<ApplicationRow | null> {
  const [row] = await tx.select().from(residencyApplications).where(eq(residencyApplications.id, id)).for('update')
  return row ?? null
}

export async function latestApplicationOf(db: Queryable, userId: number): Promise<ApplicationRow | null> {
  const [row] = await db.select().from(residencyApplications).where(eq(residencyApplications.userId, userId)).orderBy(desc(residencyApplications.id)).limit(1)
  return row ?? null
}

/** Moves a pending application on (decided or withdrawn); false when it is no longer pending. */
export async function settleApplication(tx: Tx, id: number, values: Partial<typeof residencyApplications.$inferInsert>): Promise<boolean> {
  const rows = await tx
    .update(residencyApplications)
    .set(values)
    .where(and(eq(residencyApplications.id, id), eq(residencyApplications.status, 'pending')))
    .returning({ id: residencyApplications.id })
  return rows.length > 0
}

/** Every application an account made, oldest first. */
export async function applicationsOf(db: Queryable, userId: number): Promise<ApplicationRow[]> {
  return db.select().from(residencyApplications).where(eq(residencyApplications.userId, userId)).orderBy(asc(residencyApplications.id))
}

export async function eraseApplicationsOf(tx: Tx, userId: number, anonymisedName: string, now: Date) {
  await tx
    .update(residencyApplications)
    .set({ status: 'withdrawn', decidedAt: now })
    .where(and(eq(residencyApplications.userId, userId), eq(residencyApplications.status, 'pending')))
  await tx
    .update(residencyApplications)
    .set({ name: anonymisedName, phoneCipher: null, phoneHash: null, phoneTail: null, birthYear: null })
    .where(eq(residencyApplications.userId, userId))
}

/** A community's applications in one status, oldest first for the queue (newest first otherwise); keyset on id. */
export async function listApplications(db: Queryable, f: { communityId: number; status: ResidencyStatus; afterId: number | null; limit: number }) {
  const oldestFirst = f.status === 'pending'
  return db
    .select()
    .from(residencyApplications)
    .where(
      and(
        eq(residencyApplications.communityId, f.communityId),
        eq(residencyApplications.status, f.status),
        f.afterId === null ? undefined : oldestFirst ? sql`${residencyApplications.id} > ${f.afterId}` : lt(residencyApplications.id, f.afterId),
      ),
    )
    .orderBy(oldestFirst ? asc(residencyApplications.id) : desc(residencyApplications.id))
    .limit(f.limit + 1)
}

export async function countPendingApplications(db: Queryable, communityId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(residencyApplications)
    .where(and(eq(residencyApplications.communityId, communityId), eq(residencyApplications.status, 'pending')))
  return row!.n
}

/** The buildings (with grid and community names) of applications, by id. */
export async function buildingsById(db: Queryable, ids: number[]) {
  if (!ids.length) return new Map<number, NonNullable<Awaited<ReturnType<typeof findBuilding>>>>()
  const rows = await db
    .select({ id: buildings.id, communityId: buildings.communityId, estate: buildings.estate, name: buildings.name, gridName: grids.name, communityName: communities.name })
    .from(buildings)
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .innerJoin(communities, eq(communities.id, buildings.communityId))
    .where(inArray(buildings.id, ids))
  return new Map(rows.map((r) => [r.id, r]))
}

/** The households of the 台账 at the addresses of applications. */
export async function householdsAt(db: Queryable, addresses: { buildingId: number; unitNo: string; roomNo: string }[]) {
  if (!addresses.length) return []
  // One probe of households_address_uq per address, not every household of their buildings.
  const wanted = sql.join(addresses.map((a) => sql`(${a.buildingId}::int, ${a.unitNo}::text, ${a.roomNo}::text)`), sql`, `)
  return db
    .select({ id: households.id, buildingId: households.buildingId, unitNo: households.unitNo, roomNo: households.roomNo })
    .from(households)
    .where(sql`(${households.buildingId}, ${households.unitNo}, ${households.roomNo}) in (${wanted})`)
}

/* ----------------------------------------------------------------- family invitations */

export async function insertInvite(tx: Queryable, values: typeof householdInvites.$inferInsert): Promise<InviteRow> {
  const [row] = await tx.insert(householdInvites).values(values).returning()
  return row!
}

export async function findInvite(db: Queryable, code: string): Promise<InviteRow | null> {
  const [row] = await db.select().from(householdInvites).where(eq(householdInvites.code, code))
  return row ?? null
}

export async function lockInvite(tx: Tx, code: string): Promise<InviteRow | null> {
  const [row] = await tx.select().from(householdInvites).where(eq(householdInvites.code, code)).for('update')
  return row ?? null
}

export async function markInviteUsed(tx: Tx, id: number, userId: number, at: Date) {
  await tx.update(householdInvites).set({ usedByUserId: userId, usedAt: at }).where(eq(householdInvites.id, id))
}

/** The name of the person an account stands for. */
export async function nameOfUser(db: Queryable, userId: number): Promise<string | null> {
  const [row] = await db.select({ name: persons.name }).from(users).innerJoin(persons, eq(persons.id, users.personId)).where(eq(users.id, userId))
  return row?.name ?? null
}

/* ----------------------------------------------------------------- staff of a community */

export type StaffInviteRow = typeof staffInvites.$inferSelect

export async function insertStaffInvite(db: Queryable, values: typeof staffInvites.$inferInsert): Promise<StaffInviteRow> {
  const [row] = await db.insert(staffInvites).values(values).returning()
  return row!
}

export async function findStaffInvite(db: Queryable, code: string): Promise<StaffInviteRow | null> {
  const [row] = await db.select().from(staffInvites).where(eq(staffInvites.code, code))
  return row ?? null
}

export async function lockStaffInvite(tx: Tx, code: string): Promise<StaffInviteRow | null> {
  const [row] = await tx.select().from(staffInvites).where(eq(staffInvites.code, code)).for('update')
  return row ?? null
}

export async function markStaffInviteAccepted(tx: Tx, id: number, userId: number, at: Date) {
  await tx.update(staffInvites).set({ acceptedByUserId: userId, acceptedAt: at }).where(eq(staffInvites.id, id))
}

/** Invitations of a community still open at `now`, newest first. */
export async function openStaffInvites(db: Queryable, communityId: number, now: Date): Promise<StaffInviteRow[]> {
  return db
    .select()
    .from(staffInvites)
    .where(and(eq(staffInvites.communityId, communityId), isNull(staffInvites.acceptedAt), sql`${staffInvites.expiresAt} > ${now}`))
    .orderBy(desc(staffInvites.id))
}

/** The staff grants of a community, with who holds them. */
export async function staffOf(db: Queryable, communityId: number) {
  return db
    .select({ userId: users.id, personName: persons.name, displayName: users.displayName, phoneCipher: persons.phoneCipher, grantedAt: roleGrants.createdAt })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .leftJoin(persons, eq(persons.id, users.personId))
    .where(and(eq(roleGrants.role, 'staff'), eq(roleGrants.communityId, communityId)))
    .orderBy(asc(roleGrants.createdAt), asc(users.id))
}

/** Gives an account the staff role in a community; false when it already had it. */
export async function grantStaff(tx: Tx, userId: number, communityId: number, at: Date): Promise<boolean> {
  const rows = await tx.insert(roleGrants).values({ userId, role: 'staff', communityId, createdAt: at }).onConflictDoNothing().returning({ id: roleGrants.id })
  return rows.length > 0
}

/** Takes the staff role in a community away; false when there was none. */
export async function revokeStaff(tx: Tx, userId: number, communityId: number): Promise<boolean> {
  const rows = await tx
    .delete(roleGrants)
    .where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'staff'), eq(roleGrants.communityId, communityId)))
    .returning({ id: roleGrants.id })
  return rows.length > 0
}

export async function findCommunity(db: Queryable, id: number) {
  const [row] = await db.select({ id: communities.id, name: communities.name }).from(communities).where(eq(communities.id, id))
  return row ?? null
}

/** A community with its 街道 and district, as certificates and statements name it. */
const communityRef = preparedFor((db) =>
  db
    .select({ id: communities.id, name: communities.name, subdistrictName: subdistricts.name, districtName: subdistricts.district })
    .from(communities)
    .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
    .where(eq(communities.id, sql.placeholder('communityId')))
    .prepare('community_ref'),
)

/** A community with its 街道 and 区 (首页 and every page naming a community): a prepared statement. */
export async function findCommunityRef(db: Queryable, communityId: number) {
  const [row] = await communityRef(db).execute({ communityId })
  return row
}

/** The WeChat openid of an account (WeChat's content checks ask for the author's). */
export async function findOpenid(db: Queryable, userId: number) {
  const [row] = await db.select({ openid: users.openid }).from(users).where(eq(users.id, userId))
  return row?.openid ?? null
}

/** An account's name as others see it: its person's, else its display name. */
export async function displayNameOf(db: Queryable, userId: number): Promise<string> {
  const [row] = await db.select({ personName: persons.name, displayName: users.displayName }).from(users).leftJoin(persons, eq(persons.id, users.personId)).where(eq(users.id, userId))
  return row?.personName ?? row?.displayName ?? ''
}

/* ----------------------------------------------------------------- 台账导入 */

/** The community's row, locked: one 台账 import at a time per community. */
export async function lockCommunity(tx: Tx, id: number) {
  const [row] = await tx.select({ id: communities.id }).from(communities).where(eq(communities.id, id)).for('update')
  return row ?? null
}

/**
 * The community's grids, buildings, flats and the people living in them, keyed as a sheet names them. One query
 * after another: inside the import's transaction they share one connection, which runs one query at a time.
 */
export async function ledgerRows(db: Queryable, communityId: number) {
  const gridRows = await db.select({ id: grids.id, name: grids.name }).from(grids).where(eq(grids.communityId, communityId))
  const buildingRows = await db.select({ id: buildings.id, gridId: buildings.gridId, estate: buildings.estate, name: buildings.name }).from(buildings).where(eq(buildings.communityId, communityId))
  const flatRows = await db
    .select({ id: households.id, estate: buildings.estate, building: buildings.name, unitNo: households.unitNo, roomNo: households.roomNo })
    .from(households)
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .where(eq(households.communityId, communityId))
  const personRows = await db
    .select({ id: persons.id, householdId: persons.householdId, name: persons.name, phoneHash: persons.phoneHash, relationship: persons.relationship, birthYear: persons.birthYear })
    .from(persons)
    .innerJoin(households, eq(households.id, persons.householdId))
    .where(and(eq(households.communityId, communityId), isNull(persons.anonymisedAt)))
  return { gridRows, buildingRows, flatRows, personRows }
}

/** Inserts in batches: a statement has at most 65 535 parameters. */
async function inBatches<T>(values: T[], size: number, insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < values.length; i += size) await insert(values.slice(i, i + size))
}

export async function insertGrids(tx: Tx, communityId: number, names: string[]) {
  if (names.length) await tx.insert(grids).values(names.map((name) => ({ communityId, name }))).onConflictDoNothing()
}

export async function insertBuildings(tx: Tx, values: { communityId: number; gridId: number; estate: string; name: string }[]) {
  await inBatches(values, 2000, (batch) => tx.insert(buildings).values(batch).onConflictDoNothing())
}

export async function insertHouseholds(tx: Tx, values: { communityId: number; buildingId: number; unitNo: string; roomNo: string }[]) {
  await inBatches(values, 2000, (batch) => tx.insert(households).values(batch).onConflictDoNothing())
}

export async function insertPersons(tx: Tx, values: (typeof persons.$inferInsert)[]) {
  await inBatches(values, 1000, (batch) => tx.insert(persons).values(batch))
}
