import { and, asc, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm'
import type { PointsReason, PointsRule } from '../../../../types/api/labels'
import type { Db, Queryable, Tx } from '../../db/client'
import { preparedFor } from '../../db/prepared'
import { buildings, communities, householdPoints, households, persons, pointsAdjustments, pointsLedger, pointsRules, pointsSettings, users } from '../../db/schema'
import { AppError } from '../../http/app-error'
import { EARNING_REASONS } from './points.domain'

export type LedgerPosting = {
  communityId: number
  householdId: number
  personId: number | null
  amount: number
  reason: PointsReason
  rule?: PointsRule | null
  /** What the row is about (wish 12, activity 5, redemption 9 …). */
  source: { type: string; id: string | number }
  eventKey: string
  title: string
  actorUserId?: number | null
  now: Date
}

/**
 * Locks the household's balance row for the rest of the transaction, creating it at zero the first time.
 * Every change to a household's points goes through this lock, so two changes never interleave; take locks
 * of several households in id order.
 */
export async function lockHouseholdBalance(tx: Tx, householdId: number, communityId: number) {
  await tx.insert(householdPoints).values({ householdId, communityId }).onConflictDoNothing({ target: householdPoints.householdId })
  const [row] = await tx.select().from(householdPoints).where(eq(householdPoints.householdId, householdId)).for('update')
  return row!
}

/**
 * Appends one ledger row and moves the household balance with it, in the caller's transaction. An event that
 * already paid (same event key) changes nothing and reports `duplicate`. A balance that would go below zero
 * is refused with POINTS_INSUFFICIENT (and the CHECK constraints refuse it again should this code be wrong).
 */
export async function postLedgerEntry(tx: Tx, p: LedgerPosting): Promise<{ duplicate: boolean; id: number | null; balanceAfter: number }> {
  const locked = await lockHouseholdBalance(tx, p.householdId, p.communityId)
  const balanceAfter = locked.balance + p.amount
  if (balanceAfter < 0) throw new AppError('POINTS_INSUFFICIENT')
  const [row] = await tx
    .insert(pointsLedger)
    .values({
      communityId: p.communityId,
      householdId: p.householdId,
      personId: p.personId,
      amount: p.amount,
      reason: p.reason,
      rule: p.rule ?? null,
      sourceType: p.source.type,
      sourceId: String(p.source.id),
      eventKey: p.eventKey,
      title: p.title,
      actorUserId: p.actorUserId ?? null,
      householdBalanceAfter: balanceAfter,
      createdAt: p.now,
    })
    .onConflictDoNothing({ target: pointsLedger.eventKey })
    .returning({ id: pointsLedger.id })
  if (!row) return { duplicate: true, id: null, balanceAfter: locked.balance }
  await tx.update(householdPoints).set({ balance: balanceAfter, updatedAt: p.now }).where(eq(householdPoints.householdId, p.householdId))
  return { duplicate: false, id: row.id, balanceAfter }
}

export async function findHouseholdBalance(db: Queryable, householdId: number) {
  const [row] = await db.select().from(householdPoints).where(eq(householdPoints.householdId, householdId))
  return row ?? null
}

export async function setLeaderboardVisibility(tx: Tx, householdId: number, communityId: number, visible: boolean) {
  await lockHouseholdBalance(tx, householdId, communityId)
  await tx.update(householdPoints).set({ showOnLeaderboard: visible }).where(eq(householdPoints.householdId, householdId))
}

/** Sum of earning rows (rule and staff awards) since an instant, for a household or a person. */
export async function sumEarned(db: Queryable, by: { householdId: number } | { personId: number }, since: Date) {
  const owner = 'householdId' in by ? eq(pointsLedger.householdId, by.householdId) : eq(pointsLedger.personId, by.personId)
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${pointsLedger.amount}), 0)::int` })
    .from(pointsLedger)
    .where(and(owner, inArray(pointsLedger.reason, [...EARNING_REASONS]), gte(pointsLedger.createdAt, since)))
  return row!.total
}

const earnedSince = (owner: SQL) =>
  sql<number>`(select coalesce(sum(${pointsLedger.amount}), 0)::int from ${pointsLedger} where ${and(owner, inArray(pointsLedger.reason, [...EARNING_REASONS]), gte(pointsLedger.createdAt, sql.placeholder('since')))})`
const householdFigures = preparedFor((db) =>
  db
    .select({
      // No person (null): no row matches, 0.
      myEarned: earnedSince(eq(pointsLedger.personId, sql.placeholder('personId'))),
      householdEarned: earnedSince(eq(pointsLedger.householdId, households.id)),
      balance: householdPoints.balance,
      showOnLeaderboard: householdPoints.showOnLeaderboard,
    })
    .from(households)
    .leftJoin(householdPoints, eq(householdPoints.householdId, households.id))
    .where(eq(households.id, sql.placeholder('householdId')))
    .prepare('points_summary_figures'),
)

/**
 * 我的积分's figures in one statement: this year's earnings of the person (in any household) and of the
 * household, and the household's balance (null before its first ledger row).
 */
export async function summaryFigures(db: Db, input: { personId: number | null; householdId: number; since: Date }) {
  const [row] = await householdFigures(db).execute(input)
  return row!
}

const ledgerColumns = {
  id: pointsLedger.id,
  amount: pointsLedger.amount,
  reason: pointsLedger.reason,
  title: pointsLedger.title,
  personId: pointsLedger.personId,
  personName: persons.name,
  personBirthYear: persons.birthYear,
  householdBalanceAfter: pointsLedger.householdBalanceAfter,
  createdAt: pointsLedger.createdAt,
}

/** A household's rows, newest first: `limit` of them after the row `afterId`. */
const ledgerPageQuery = (db: Db, from: 'newest' | 'before') =>
  db
    .select(ledgerColumns)
    .from(pointsLedger)
    .leftJoin(persons, eq(persons.id, pointsLedger.personId))
    .where(and(eq(pointsLedger.householdId, sql.placeholder('householdId')), from === 'before' ? lt(pointsLedger.id, sql.placeholder('afterId')) : undefined))
    .orderBy(desc(pointsLedger.id))
    .limit(sql.placeholder('limit'))
// The first page and the later ones: two statements, each with a plan of its own.
const firstLedgerPage = preparedFor((db) => ledgerPageQuery(db, 'newest').prepare('ledger_page_first'))
const laterLedgerPage = preparedFor((db) => ledgerPageQuery(db, 'before').prepare('ledger_page_after'))

/** A page of a household's ledger, newest first, after the row `afterId` (null: from the newest). */
export async function listLedger(db: Db, householdId: number, afterId: number | null, limit: number) {
  return afterId === null ? firstLedgerPage(db).execute({ householdId, limit }) : laterLedgerPage(db).execute({ householdId, afterId, limit })
}

/** A household's rows in [from, to), oldest first, and its balance just before `from`. */
export async function ledgerBetween(db: Queryable, householdId: number, from: Date, to: Date) {
  const [opening] = await db
    .select({ balance: pointsLedger.householdBalanceAfter })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.householdId, householdId), lt(pointsLedger.createdAt, from)))
    .orderBy(desc(pointsLedger.createdAt), desc(pointsLedger.id))
    .limit(1)
  const entries = await db
    .select(ledgerColumns)
    .from(pointsLedger)
    .leftJoin(persons, eq(persons.id, pointsLedger.personId))
    .where(and(eq(pointsLedger.householdId, householdId), gte(pointsLedger.createdAt, from), lt(pointsLedger.createdAt, to)))
    .orderBy(asc(pointsLedger.createdAt), asc(pointsLedger.id))
  return { opening: opening?.balance ?? 0, entries }
}

/*
 * A community's points settings and its rules' points, in one statement: read by 我的积分, every activity page and
 * every award by rule. A community without settings rows has null settings and no rules (the defaults apply).
 */
const settingsOfCommunity = preparedFor((db) =>
  db
    .select({
      settings: pointsSettings,
      rules: sql<{ rule: PointsRule; points: number }[]>`(select coalesce(json_agg(json_build_object('rule', r.rule, 'points', r.points)), '[]'::json) from ${pointsRules} r where r.community_id = ${communities.id})`,
    })
    .from(communities)
    .leftJoin(pointsSettings, eq(pointsSettings.communityId, communities.id))
    .where(eq(communities.id, sql.placeholder('communityId')))
    .prepare('points_settings_of_community'),
)

export async function findSettings(db: Queryable, communityId: number) {
  const [row] = await settingsOfCommunity(db).execute({ communityId })
  return { settings: row?.settings ?? null, rules: row?.rules ?? [] }
}

export async function upsertSettings(tx: Tx, communityId: number, values: { yearlyExpiry?: boolean; pickupDays?: number; adjustmentApprovalThreshold?: number }) {
  await tx.insert(pointsSettings).values({ communityId }).onConflictDoNothing({ target: pointsSettings.communityId })
  if (Object.values(values).some((v) => v !== undefined)) {
    await tx.update(pointsSettings).set(values).where(eq(pointsSettings.communityId, communityId))
  }
}

export async function upsertRule(tx: Tx, communityId: number, rule: PointsRule, points: number) {
  await tx
    .insert(pointsRules)
    .values({ communityId, rule, points })
    .onConflictDoUpdate({ target: [pointsRules.communityId, pointsRules.rule], set: { points } })
}

/**
 * Households ranked by points earned since `since`, within a community or one grid: the top `limit` and the
 * household asked about, whatever its rank.
 */
export async function rankHouseholds(db: Queryable, scope: { communityId: number; gridId?: number }, since: Date, limit: number, householdId: number | null) {
  const ranked = db.$with('ranked').as(
    db
      .select({
        householdId: pointsLedger.householdId,
        points: sql<number>`sum(${pointsLedger.amount})::int`.as('points'),
        rank: sql<number>`rank() over (order by sum(${pointsLedger.amount}) desc)::int`.as('rank'),
      })
      .from(pointsLedger)
      .innerJoin(households, eq(households.id, pointsLedger.householdId))
      .innerJoin(buildings, eq(buildings.id, households.buildingId))
      .where(
        and(
          eq(pointsLedger.communityId, scope.communityId),
          scope.gridId ? eq(buildings.gridId, scope.gridId) : undefined,
          inArray(pointsLedger.reason, [...EARNING_REASONS]),
          gte(pointsLedger.createdAt, since),
        ),
      )
      .groupBy(pointsLedger.householdId),
  )
  return db
    .with(ranked)
    .select({
      householdId: ranked.householdId,
      points: ranked.points,
      rank: ranked.rank,
      estate: buildings.estate,
      building: buildings.name,
      showOnLeaderboard: sql<boolean>`coalesce(${householdPoints.showOnLeaderboard}, true)`,
      representative: sql<string>`(select ${persons.name} from ${persons} where ${persons.householdId} = ${ranked.householdId} order by ${persons.id} limit 1)`,
    })
    .from(ranked)
    .innerJoin(households, eq(households.id, ranked.householdId))
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .leftJoin(householdPoints, eq(householdPoints.householdId, ranked.householdId))
    .where(sql`${ranked.rank} <= ${limit} or ${ranked.householdId} = ${householdId ?? 0}`)
    .orderBy(asc(ranked.rank), asc(ranked.householdId))
}

/**
 * Households of a community whose member names or address match `q`, or with a member whose phone number is
 * `phone.hash` (a full number, found by its look-up hash) or ends in `phone.tail` (尾号, four digits). Numbers are
 * sealed at rest, so no other part of a number can be searched. Anonymised (deleted) people are not found.
 */
export async function searchHouseholds(db: Queryable, communityId: number, q: string, phone: { hash?: string; tail?: string } = {}, limit = 20) {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const byPhone = phone.hash ? eq(persons.phoneHash, phone.hash) : phone.tail ? eq(persons.phoneTail, phone.tail) : sql`false`
  const matches = await db
    .selectDistinct({ id: households.id })
    .from(households)
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .leftJoin(persons, and(eq(persons.householdId, households.id), isNull(persons.anonymisedAt)))
    .where(
      and(
        eq(households.communityId, communityId),
        sql`(${persons.name} ilike ${like} or ${byPhone} or concat(${buildings.estate}, ${buildings.name}, ${households.unitNo}, ${households.roomNo}) ilike ${like})`,
      ),
    )
    .orderBy(asc(households.id))
    .limit(limit)
  return matches.map((m) => m.id)
}

export async function listMembers(db: Queryable, householdIds: number[]) {
  if (!householdIds.length) return []
  return db
    .select({ id: persons.id, householdId: persons.householdId, name: persons.name, birthYear: persons.birthYear, phoneCipher: persons.phoneCipher })
    .from(persons)
    .where(and(inArray(persons.householdId, householdIds), isNull(persons.anonymisedAt)))
    .orderBy(asc(persons.id))
}

export async function findLedgerEntry(db: Queryable, id: number) {
  const [row] = await db.select(ledgerColumns).from(pointsLedger).leftJoin(persons, eq(persons.id, pointsLedger.personId)).where(eq(pointsLedger.id, id))
  return row ?? null
}

/** Households of the communities with yearly expiry on, with their balance and year-end position. */
export async function householdsForExpiry(db: Queryable, yearEnd: Date) {
  return db
    .select({
      householdId: householdPoints.householdId,
      communityId: householdPoints.communityId,
      balance: householdPoints.balance,
      balanceAtYearEnd: sql<number>`coalesce((select l.household_balance_after from ${pointsLedger} l where l.household_id = ${householdPoints.householdId} and l.created_at < ${yearEnd} order by l.created_at desc, l.id desc limit 1), 0)::int`,
      spentSince: sql<number>`coalesce((select -sum(l.amount) from ${pointsLedger} l where l.household_id = ${householdPoints.householdId} and l.created_at >= ${yearEnd} and l.amount < 0 and l.reason <> 'expiry'), 0)::int`,
    })
    .from(householdPoints)
    .innerJoin(pointsSettings, and(eq(pointsSettings.communityId, householdPoints.communityId), eq(pointsSettings.yearlyExpiry, true)))
    .where(sql`${householdPoints.balance} > 0`)
}

/** Every household whose balance row differs from the sum of its ledger: the reconciliation check. */
export async function findBalanceMismatches(db: Queryable) {
  return db
    .select({
      householdId: householdPoints.householdId,
      balance: householdPoints.balance,
      // The outer column named outright: in a one-table select drizzle writes it bare, and the subquery would
      // read it as the ledger's own household_id (summing the whole ledger).
      ledgerSum: sql<number>`coalesce((select sum(l.amount) from ${pointsLedger} l where l.household_id = ${householdPoints}.household_id), 0)::int`,
    })
    .from(householdPoints)
    .where(sql`${householdPoints.balance} <> coalesce((select sum(l.amount) from ${pointsLedger} l where l.household_id = ${householdPoints.householdId}), 0)`)
}

export async function countLedgerHouseholdsWithoutBalance(db: Queryable) {
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${pointsLedger.householdId})::int` })
    .from(pointsLedger)
    .where(sql`not exists (select 1 from ${householdPoints} b where b.household_id = ${pointsLedger.householdId})`)
  return row!.n
}

/* ------------------------------------------------------- large adjustments */

export type AdjustmentRow = typeof pointsAdjustments.$inferSelect

export async function insertAdjustment(tx: Tx, values: typeof pointsAdjustments.$inferInsert): Promise<AdjustmentRow> {
  const [row] = await tx.insert(pointsAdjustments).values(values).returning()
  return row!
}

export async function findAdjustment(db: Queryable, id: number): Promise<AdjustmentRow | null> {
  const [row] = await db.select().from(pointsAdjustments).where(eq(pointsAdjustments.id, id))
  return row ?? null
}

/**
 * Decides a pending adjustment: one conditional UPDATE from 'pending', so of any number of simultaneous
 * decisions exactly one gets the row back; the others get null.
 */
export async function decideAdjustment(tx: Tx, id: number, set: { status: 'applied' | 'rejected'; decidedByUserId: number; decidedAt: Date; rejectReason?: string }): Promise<AdjustmentRow | null> {
  const [row] = await tx
    .update(pointsAdjustments)
    .set(set)
    .where(and(eq(pointsAdjustments.id, id), eq(pointsAdjustments.status, 'pending')))
    .returning()
  return row ?? null
}

export async function linkAdjustmentEntry(tx: Tx, id: number, ledgerEntryId: number) {
  await tx.update(pointsAdjustments).set({ ledgerEntryId }).where(eq(pointsAdjustments.id, id))
}

/** Adjustments with the beneficiary's and the requester's names: a community's pending ones, or the ones asked for. */
export async function listAdjustmentViews(db: Queryable, by: { communityId: number; status: 'pending' } | { ids: number[] }, limit = 100) {
  if ('ids' in by && by.ids.length === 0) return []
  return db
    .select({ adjustment: pointsAdjustments, personName: persons.name, personBirthYear: persons.birthYear, requestedByName: users.displayName })
    .from(pointsAdjustments)
    .innerJoin(persons, eq(persons.id, pointsAdjustments.personId))
    .innerJoin(users, eq(users.id, pointsAdjustments.requestedByUserId))
    .where('ids' in by ? inArray(pointsAdjustments.id, by.ids) : and(eq(pointsAdjustments.communityId, by.communityId), eq(pointsAdjustments.status, by.status)))
    .orderBy(desc(pointsAdjustments.id))
    .limit(limit)
}
