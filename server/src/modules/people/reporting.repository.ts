import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import type { PartyReportStatus, UnitStatus } from '../../../../types/api/labels'
import type { Queryable, Tx } from '../../db/client'
import { withConstraintErrors } from '../../db/constraint-errors'
import { activitySignups, communities, partyReports, persons, roleGrants, unitInvites, unitMembers, units, wishClaims } from '../../db/schema'
import { AppError } from '../../http/app-error'

/* 双报到: party members' reports, 驻区单位 and their members, and what they have done (the reports' totals). */

export type PartyReportRow = typeof partyReports.$inferSelect & { communityName: string }
export type UnitRow = typeof units.$inferSelect & { communityName: string }
export type UnitInviteRow = typeof unitInvites.$inferSelect

/* ----------------------------------------------------------------- 在职党员报到 */

const partyReportColumns = { report: partyReports, communityName: communities.name }
const flattenReport = (r: { report: typeof partyReports.$inferSelect; communityName: string }): PartyReportRow => ({ ...r.report, communityName: r.communityName })

/** One live report per account (a partial unique index): pending, or already in force. */
export async function insertPartyReport(tx: Tx, values: typeof partyReports.$inferInsert): Promise<typeof partyReports.$inferSelect> {
  const [row] = await withConstraintErrors(() => tx.insert(partyReports).values(values).returning(), { party_reports_live_uq: () => new AppError('PARTY_REPORT_EXISTS') })
  return row!
}

export async function findPartyReport(db: Queryable, id: number): Promise<PartyReportRow | null> {
  const [row] = await db.select(partyReportColumns).from(partyReports).innerJoin(communities, eq(communities.id, partyReports.communityId)).where(eq(partyReports.id, id))
  return row ? flattenReport(row) : null
}

export async function lockPartyReport(tx: Tx, id: number) {
  const [row] = await tx.select().from(partyReports).where(eq(partyReports.id, id)).for('update')
  return row ?? null
}

export async function latestPartyReportOf(db: Queryable, userId: number): Promise<PartyReportRow | null> {
  const [row] = await db
    .select(partyReportColumns)
    .from(partyReports)
    .innerJoin(communities, eq(communities.id, partyReports.communityId))
    .where(eq(partyReports.userId, userId))
    .orderBy(desc(partyReports.id))
    .limit(1)
  return row ? flattenReport(row) : null
}

/** Moves a report on from one of `from`; false when it is in another status by now. */
export async function settlePartyReport(tx: Tx, id: number, from: PartyReportStatus[], values: Partial<typeof partyReports.$inferInsert>): Promise<boolean> {
  const rows = await tx.update(partyReports).set(values).where(and(eq(partyReports.id, id), inArray(partyReports.status, from))).returning({ id: partyReports.id })
  return rows.length > 0
}

/** Reports with the person they are of, as staff see them. */
function staffReportQuery(db: Queryable) {
  return db
    .select({ ...partyReportColumns, personName: persons.name, phoneCipher: persons.phoneCipher, householdId: persons.householdId })
    .from(partyReports)
    .innerJoin(communities, eq(communities.id, partyReports.communityId))
    .innerJoin(persons, eq(persons.id, partyReports.personId))
    .$dynamic()
}
export type StaffReportRow = PartyReportRow & { personName: string; phoneCipher: string | null; householdId: number | null }
const flattenStaffReport = (r: Awaited<ReturnType<typeof staffReportQuery>>[number]): StaffReportRow => ({ ...flattenReport(r), personName: r.personName, phoneCipher: r.phoneCipher, householdId: r.householdId })

export async function listPartyReports(db: Queryable, f: { communityId: number; status: PartyReportStatus; afterId: number | null; limit: number }): Promise<StaffReportRow[]> {
  const rows = await staffReportQuery(db)
    .where(and(eq(partyReports.communityId, f.communityId), eq(partyReports.status, f.status), f.afterId ? gt(partyReports.id, f.afterId) : undefined))
    .orderBy(asc(partyReports.id))
    .limit(f.limit + 1)
  return rows.map(flattenStaffReport)
}

export async function findStaffPartyReport(db: Queryable, id: number): Promise<StaffReportRow | null> {
  const [row] = await staffReportQuery(db).where(eq(partyReports.id, id))
  return row ? flattenStaffReport(row) : null
}

export async function countPendingPartyReports(db: Queryable, communityId: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(partyReports).where(and(eq(partyReports.communityId, communityId), eq(partyReports.status, 'pending')))
  return row!.n
}

export async function grantPartyMember(tx: Tx, userId: number) {
  await tx.insert(roleGrants).values({ userId, role: 'party_member' }).onConflictDoNothing()
}

export async function revokePartyMember(tx: Tx, userId: number) {
  await tx.delete(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'party_member')))
}

/* ----------------------------------------------------------------- 驻区单位 */

const unitColumns = { unit: units, communityName: communities.name }
const flattenUnit = (r: { unit: typeof units.$inferSelect; communityName: string }): UnitRow => ({ ...r.unit, communityName: r.communityName })

/** The live name and credit code are unique: a unit registered already (by a colleague, most likely) is refused. */
export async function insertUnit(tx: Tx, values: typeof units.$inferInsert): Promise<typeof units.$inferSelect> {
  const [row] = await withConstraintErrors(() => tx.insert(units).values(values).returning(), {
    units_name_live_uq: () => new AppError('UNIT_REGISTRATION_EXISTS'),
    units_credit_code_live_uq: () => new AppError('UNIT_REGISTRATION_EXISTS'),
  })
  return row!
}

export async function findUnit(db: Queryable, id: number): Promise<UnitRow | null> {
  const [row] = await db.select(unitColumns).from(units).innerJoin(communities, eq(communities.id, units.communityId)).where(eq(units.id, id))
  return row ? flattenUnit(row) : null
}

export async function lockUnit(tx: Tx, id: number) {
  const [row] = await tx.select().from(units).where(eq(units.id, id)).for('update')
  return row ?? null
}

/** The registration an account made most recently (whatever became of it). */
export async function latestRegistrationOf(db: Queryable, userId: number): Promise<UnitRow | null> {
  const [row] = await db
    .select(unitColumns)
    .from(units)
    .innerJoin(communities, eq(communities.id, units.communityId))
    .where(eq(units.registeredByUserId, userId))
    .orderBy(desc(units.id))
    .limit(1)
  return row ? flattenUnit(row) : null
}

export async function settleUnit(tx: Tx, id: number, values: Partial<typeof units.$inferInsert>): Promise<boolean> {
  const rows = await tx.update(units).set(values).where(and(eq(units.id, id), eq(units.status, 'pending'))).returning({ id: units.id })
  return rows.length > 0
}

export async function listUnits(db: Queryable, f: { communityId: number; status: UnitStatus; afterId: number | null; limit: number }): Promise<UnitRow[]> {
  const rows = await db
    .select(unitColumns)
    .from(units)
    .innerJoin(communities, eq(communities.id, units.communityId))
    .where(and(eq(units.communityId, f.communityId), eq(units.status, f.status), f.afterId ? gt(units.id, f.afterId) : undefined))
    .orderBy(asc(units.id))
    .limit(f.limit + 1)
  return rows.map(flattenUnit)
}

export async function countPendingUnits(db: Queryable, communityId: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(units).where(and(eq(units.communityId, communityId), eq(units.status, 'pending')))
  return row!.n
}

/** The account's membership, with its unit (any status: a unit is only joined once approved). */
export async function membershipOf(db: Queryable, userId: number) {
  const [row] = await db.select({ unitId: unitMembers.unitId, role: unitMembers.role, joinedAt: unitMembers.joinedAt }).from(unitMembers).where(eq(unitMembers.userId, userId))
  return row ?? null
}

/** Adds a member; false when the account already belongs to a unit (this one or another). */
export async function insertMember(tx: Tx, values: typeof unitMembers.$inferInsert): Promise<boolean> {
  const rows = await tx.insert(unitMembers).values(values).onConflictDoNothing().returning({ userId: unitMembers.userId })
  return rows.length > 0
}

export async function deleteMember(tx: Tx, unitId: number, userId: number): Promise<boolean> {
  const rows = await tx.delete(unitMembers).where(and(eq(unitMembers.unitId, unitId), eq(unitMembers.userId, userId))).returning({ userId: unitMembers.userId })
  return rows.length > 0
}

/** Makes the longest-standing member admin when the unit has members but no admin left. */
export async function promoteSuccessorIfNoAdmin(tx: Tx, unitId: number) {
  await tx.execute(sql`
    update ${unitMembers} set role = 'admin'
    where unit_id = ${unitId}
      and user_id = (select m.user_id from ${unitMembers} m where m.unit_id = ${unitId} order by m.joined_at, m.user_id limit 1)
      and not exists (select 1 from ${unitMembers} a where a.unit_id = ${unitId} and a.role = 'admin')`)
}

export async function membersOf(db: Queryable, unitId: number) {
  return db
    .select({ userId: unitMembers.userId, name: unitMembers.name, role: unitMembers.role, joinedAt: unitMembers.joinedAt })
    .from(unitMembers)
    .where(eq(unitMembers.unitId, unitId))
    .orderBy(asc(unitMembers.joinedAt), asc(unitMembers.userId))
}

export async function memberCounts(db: Queryable, unitIds: number[]): Promise<Map<number, number>> {
  if (!unitIds.length) return new Map()
  const rows = await db.select({ unitId: unitMembers.unitId, n: sql<number>`count(*)::int` }).from(unitMembers).where(inArray(unitMembers.unitId, unitIds)).groupBy(unitMembers.unitId)
  return new Map(rows.map((r) => [r.unitId, r.n]))
}

export async function grantUnitRole(tx: Tx, userId: number) {
  await tx.insert(roleGrants).values({ userId, role: 'unit' }).onConflictDoNothing()
}

export async function revokeUnitRole(tx: Tx, userId: number) {
  await tx.delete(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'unit')))
}

export async function insertUnitInvite(db: Queryable, values: typeof unitInvites.$inferInsert): Promise<UnitInviteRow> {
  const [row] = await db.insert(unitInvites).values(values).returning()
  return row!
}

export async function findUnitInvite(db: Queryable, code: string): Promise<UnitInviteRow | null> {
  const [row] = await db.select().from(unitInvites).where(eq(unitInvites.code, code))
  return row ?? null
}

/* ----------------------------------------------------------------- personal data (PIPL) */

export async function partyReportsOf(db: Queryable, userId: number): Promise<PartyReportRow[]> {
  const rows = await db.select(partyReportColumns).from(partyReports).innerJoin(communities, eq(communities.id, partyReports.communityId)).where(eq(partyReports.userId, userId)).orderBy(asc(partyReports.id))
  return rows.map(flattenReport)
}

export async function registrationsOf(db: Queryable, userId: number): Promise<UnitRow[]> {
  const rows = await db.select(unitColumns).from(units).innerJoin(communities, eq(communities.id, units.communityId)).where(eq(units.registeredByUserId, userId)).orderBy(asc(units.id))
  return rows.map(flattenUnit)
}

/** 注销: reports keep their status but not what they said of the person; a pending one is withdrawn. */
export async function erasePartyReportsOf(tx: Tx, userId: number, now: Date) {
  await tx.update(partyReports).set({ status: 'withdrawn', decidedAt: now }).where(and(eq(partyReports.userId, userId), eq(partyReports.status, 'pending')))
  await tx.update(partyReports).set({ workplace: '', partyOrganisation: '', cardUploadId: null }).where(eq(partyReports.userId, userId))
}

export async function withdrawPendingRegistrationsOf(tx: Tx, userId: number, now: Date) {
  await tx
    .update(units)
    .set({ status: 'withdrawn', decidedAt: now, contactName: null, contactPhoneCipher: null, contactPhoneHash: null, contactPhoneTail: null })
    .where(and(eq(units.registeredByUserId, userId), eq(units.status, 'pending')))
}

/* ----------------------------------------------------------------- what they have done */

type Totals = { wishesFulfilled: number; activities: number; minutes: number }
const FULFILLED = ['fulfilled', 'confirmed'] as const

/** A party member's service: the wishes they fulfilled themselves (not as a unit), their confirmed activities. */
export async function totalsOfUsers(db: Queryable, userIds: number[]): Promise<Map<number, Totals>> {
  const totals = new Map<number, Totals>(userIds.map((id) => [id, { wishesFulfilled: 0, activities: 0, minutes: 0 }]))
  if (!userIds.length) return totals
  const [wishRows, activityRows] = await Promise.all([
    db
      .select({ userId: wishClaims.claimerUserId, n: sql<number>`count(*)::int` })
      .from(wishClaims)
      .where(and(inArray(wishClaims.claimerUserId, userIds), isNull(wishClaims.claimerUnitId), inArray(wishClaims.status, FULFILLED)))
      .groupBy(wishClaims.claimerUserId),
    db
      .select({ userId: activitySignups.userId, n: sql<number>`count(*)::int`, minutes: sql<number>`coalesce(sum(${activitySignups.confirmedMinutes}), 0)::int` })
      .from(activitySignups)
      .where(and(inArray(activitySignups.userId, userIds), isNotNull(activitySignups.confirmedAt)))
      .groupBy(activitySignups.userId),
  ])
  for (const r of wishRows) totals.get(r.userId)!.wishesFulfilled = r.n
  for (const r of activityRows) Object.assign(totals.get(r.userId)!, { activities: r.n, minutes: r.minutes })
  return totals
}

/**
 * A unit's service: the wishes claimed as the unit and fulfilled, and its members' confirmed activities since each
 * joined (what they did before belongs to them, not to the unit).
 */
export async function totalsOfUnits(db: Queryable, unitIds: number[]): Promise<Map<number, Totals>> {
  const totals = new Map<number, Totals>(unitIds.map((id) => [id, { wishesFulfilled: 0, activities: 0, minutes: 0 }]))
  if (!unitIds.length) return totals
  const [wishRows, activityRows] = await Promise.all([
    db
      .select({ unitId: wishClaims.claimerUnitId, n: sql<number>`count(*)::int` })
      .from(wishClaims)
      .where(and(inArray(wishClaims.claimerUnitId, unitIds), inArray(wishClaims.status, FULFILLED)))
      .groupBy(wishClaims.claimerUnitId),
    db
      .select({ unitId: unitMembers.unitId, n: sql<number>`count(*)::int`, minutes: sql<number>`coalesce(sum(${activitySignups.confirmedMinutes}), 0)::int` })
      .from(unitMembers)
      .innerJoin(activitySignups, and(eq(activitySignups.userId, unitMembers.userId), isNotNull(activitySignups.confirmedAt), sql`${activitySignups.startsAt} >= ${unitMembers.joinedAt}`))
      .where(inArray(unitMembers.unitId, unitIds))
      .groupBy(unitMembers.unitId),
  ])
  for (const r of wishRows) totals.get(r.unitId!)!.wishesFulfilled = r.n
  for (const r of activityRows) Object.assign(totals.get(r.unitId)!, { activities: r.n, minutes: r.minutes })
  return totals
}
