import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { WishCategory, WishStatus } from '../../../../types/api/labels'
import type { Queryable, Tx } from '../../db/client'
import { preparedFor } from '../../db/prepared'
import { communities, persons, units, uploads, wishClaims, wishes, wishEvents, wishSettings } from '../../db/schema'

export type WishRow = typeof wishes.$inferSelect
export type ClaimRow = typeof wishClaims.$inferSelect

/* ----------------------------------------------------------------- settings */

export async function findSettings(db: Queryable, communityId: number) {
  const [row] = await db.select().from(wishSettings).where(eq(wishSettings.communityId, communityId))
  return row ?? null
}

export async function upsertSettings(tx: Tx, communityId: number, values: { maxValueYuan?: number; claimLimit?: number; claimDays?: number }) {
  await tx.insert(wishSettings).values({ communityId }).onConflictDoNothing({ target: wishSettings.communityId })
  if (Object.keys(values).length) await tx.update(wishSettings).set(values).where(eq(wishSettings.communityId, communityId))
}

/* ----------------------------------------------------------------- wishes and claims */

export async function insertWish(tx: Tx, values: typeof wishes.$inferInsert) {
  const [row] = await tx.insert(wishes).values(values).returning()
  return row!
}

const wishOfId = preparedFor((db) => db.select().from(wishes).where(eq(wishes.id, sql.placeholder('id'))).prepare('wish_of_id'))

/** The wish as it is now, without a lock: for an answer that does not need to wait for writers (see lockWish). */
export async function findWish(db: Queryable, id: number) {
  const [row] = await wishOfId(db).execute({ id })
  return row ?? null
}

/** The wish row, locked for the rest of the transaction: every move of a wish starts here. */
export async function lockWish(tx: Tx, id: number) {
  const [row] = await tx.select().from(wishes).where(eq(wishes.id, id)).for('update')
  return row ?? null
}

/** Moves a wish from one of `from` to a new state; null when it was no longer in `from`. */
export async function moveWish(tx: Tx, id: number, from: readonly WishStatus[], set: Partial<typeof wishes.$inferInsert>) {
  const [row] = await tx
    .update(wishes)
    .set(set)
    .where(and(eq(wishes.id, id), inArray(wishes.status, [...from])))
    .returning()
  return row ?? null
}

export async function insertEvent(tx: Tx, values: typeof wishEvents.$inferInsert) {
  await tx.insert(wishEvents).values(values)
}

export async function listEvents(db: Queryable, wishId: number) {
  return db.select().from(wishEvents).where(eq(wishEvents.wishId, wishId)).orderBy(asc(wishEvents.id))
}

export async function findClaim(db: Queryable, id: number) {
  const [row] = await db.select().from(wishClaims).where(eq(wishClaims.id, id))
  return row ?? null
}

export async function insertClaim(tx: Tx, values: typeof wishClaims.$inferInsert) {
  const [row] = await tx.insert(wishClaims).values(values).returning()
  return row!
}

export async function updateClaim(tx: Tx, id: number, fromStatus: ClaimRow['status'], set: Partial<typeof wishClaims.$inferInsert>) {
  const [row] = await tx
    .update(wishClaims)
    .set(set)
    .where(and(eq(wishClaims.id, id), eq(wishClaims.status, fromStatus)))
    .returning()
  return row ?? null
}

/** Claims the account holds and may still fulfil: an overdue claim has lapsed, swept or not. */
export async function countActiveClaims(tx: Tx, userId: number, now: Date) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(wishClaims)
    .where(and(eq(wishClaims.claimerUserId, userId), eq(wishClaims.status, 'active'), gt(wishClaims.deadline, now)))
  return row!.n
}

/**
 * Wishes whose active claim ran past its deadline, locked (wish rows first, as every other move does); rows
 * another instance is already handling are skipped.
 */
export async function lockLapsedClaims(tx: Tx, now: Date, limit: number) {
  return tx
    .select({ wishId: wishes.id, communityId: wishes.communityId, claimId: wishClaims.id })
    .from(wishes)
    .innerJoin(wishClaims, eq(wishClaims.id, wishes.currentClaimId))
    // At the deadline itself the claim has lapsed (claimLapsed).
    .where(and(eq(wishes.status, 'claimed'), eq(wishClaims.status, 'active'), lte(wishClaims.deadline, now)))
    .orderBy(asc(wishClaims.deadline))
    .limit(limit)
    .for('update', { of: wishes, skipLocked: true })
}

/* ----------------------------------------------------------------- lists */

export type WishFilter = { communityId: number; status: WishStatus; category?: WishCategory }

function filterBy(filter: WishFilter): SQL[] {
  return [eq(wishes.communityId, filter.communityId), eq(wishes.status, filter.status), ...(filter.category ? [eq(wishes.category, filter.category)] : [])]
}

/*
 * The 心愿墙's first statement, prepared (docs/performance.md): one statement for every filter, the category and the
 * cursor passed as null when absent — the (community, status, id) index serves each, the category a filter on it.
 */
const newestOfCommunity = preparedFor((db) =>
  db
    .select({ id: wishes.id })
    .from(wishes)
    .where(
      and(
        eq(wishes.communityId, sql.placeholder('communityId')),
        eq(wishes.status, sql.placeholder('status')),
        sql`(${sql.placeholder('category')}::text is null or ${wishes.category} = ${sql.placeholder('category')})`,
        sql`(${sql.placeholder('afterId')}::int is null or ${wishes.id} < ${sql.placeholder('afterId')})`,
      ),
    )
    .orderBy(desc(wishes.id))
    .limit(sql.placeholder('limit'))
    .prepare('wishes_newest_of_community'),
)

/** Wishes of a community in one status, newest first: `limit` of them after the wish `afterId`. */
export async function listWishesNewest(db: Queryable, filter: WishFilter, afterId: number | null, limit: number) {
  return newestOfCommunity(db).execute({ communityId: filter.communityId, status: filter.status, category: filter.category ?? null, afterId, limit })
}

/** The same by needed-by day, soonest first and undated last: `limit` of them after the wish `after`. */
export async function listWishesByNeededBy(db: Queryable, filter: WishFilter, after: { neededBy: string | null; id: number } | null, limit: number) {
  const rest =
    after === null ? undefined
    : after.neededBy === null ? and(isNull(wishes.neededBy), lt(wishes.id, after.id))
    : or(sql`${wishes.neededBy} > ${after.neededBy}`, and(eq(wishes.neededBy, after.neededBy), lt(wishes.id, after.id)), isNull(wishes.neededBy))
  return db
    .select({ id: wishes.id, neededBy: wishes.neededBy })
    .from(wishes)
    .where(and(...filterBy(filter), rest))
    .orderBy(sql`${wishes.neededBy} asc nulls last`, desc(wishes.id))
    .limit(limit)
}

/** A resident's own wishes, newest first. */
export async function listWisherWishIds(db: Queryable, personId: number, afterId: number | null, limit: number) {
  return db
    .select({ id: wishes.id })
    .from(wishes)
    .where(and(eq(wishes.wisherPersonId, personId), afterId === null ? undefined : lt(wishes.id, afterId)))
    .orderBy(desc(wishes.id))
    .limit(limit)
}

/** Wishes the account holds or held to the end (active, fulfilled, confirmed claims), latest claim first. */
export async function listClaimedWishIds(db: Queryable, userId: number, afterClaimId: number | null, limit: number) {
  return db
    .select({ claimId: wishClaims.id, wishId: wishClaims.wishId })
    .from(wishClaims)
    .where(and(eq(wishClaims.claimerUserId, userId), inArray(wishClaims.status, ['active', 'fulfilled', 'confirmed']), afterClaimId === null ? undefined : lt(wishClaims.id, afterClaimId)))
    .orderBy(desc(wishClaims.id))
    .limit(limit)
}

const claimerPerson = alias(persons, 'claimer_person')
const proof = alias(uploads, 'proof')

/** Everything a wish's view needs (prepared: every list and detail page runs it). */
function selectWishViews(db: Queryable) {
  return db
    .select({
      wish: wishes,
      communityName: communities.name,
      wisherName: persons.name,
      wisherBirthYear: persons.birthYear,
      /** Sealed; the service opens it for those who may see it. */
      wisherPhoneCipher: persons.phoneCipher,
      /** Where the wisher lives (the people module gives its address). */
      wisherHouseholdId: persons.householdId,
      claim: wishClaims,
      claimerPersonName: claimerPerson.name,
      claimerBirthYear: claimerPerson.birthYear,
      claimerHouseholdId: claimerPerson.householdId,
      claimerUnitName: units.name,
      proofKey: proof.storageKey,
    })
    .from(wishes)
    .innerJoin(communities, eq(communities.id, wishes.communityId))
    .innerJoin(persons, eq(persons.id, wishes.wisherPersonId))
    .leftJoin(wishClaims, eq(wishClaims.id, wishes.currentClaimId))
    .leftJoin(claimerPerson, eq(claimerPerson.id, wishClaims.claimerPersonId))
    .leftJoin(units, eq(units.id, wishClaims.claimerUnitId))
    .leftJoin(proof, eq(proof.id, wishClaims.proofUploadId))
    .$dynamic()
}

const viewsOfIds = preparedFor((db) => selectWishViews(db).where(sql`${wishes.id} = any(${sql.placeholder('ids')}::int[])`).prepare('wish_views_of_ids'))
// A detail page's one wish by `id = $1`: PostgreSQL plans that once per connection, `= any($1)` on every call.
const viewOfId = preparedFor((db) => selectWishViews(db).where(eq(wishes.id, sql.placeholder('id'))).prepare('wish_view_of_id'))

/** Everything a wish's view needs, for a list of ids, in the order given. */
export async function loadWishViews(db: Queryable, ids: number[]) {
  if (!ids.length) return []
  const rows = ids.length === 1 ? await viewOfId(db).execute({ id: ids[0] }) : await viewsOfIds(db).execute({ ids })
  const byId = new Map(rows.map((r) => [r.wish.id, r]))
  return ids.map((id) => byId.get(id)).filter((v): v is NonNullable<typeof v> => Boolean(v))
}
export type WishViewRow = Awaited<ReturnType<typeof loadWishViews>>[number]

/* ----------------------------------------------------------------- the wall */

/** Wishes fulfilled in a community since each instant, by the day they were fulfilled. */
export async function countFulfilled(db: Queryable, communityId: number, monthStart: Date, yearStart: Date) {
  const [row] = await db
    .select({
      thisMonth: sql<number>`count(*) filter (where ${wishes.fulfilledAt} >= ${monthStart})::int`,
      thisYear: sql<number>`count(*) filter (where ${wishes.fulfilledAt} >= ${yearStart})::int`,
      allTime: sql<number>`count(*)::int`,
    })
    .from(wishes)
    .where(and(eq(wishes.communityId, communityId), inArray(wishes.status, ['fulfilled', 'confirmed'])))
  return row!
}

export async function listRecentlyConfirmed(db: Queryable, communityId: number, limit: number) {
  return db
    .select({
      id: wishes.id,
      category: wishes.category,
      title: wishes.title,
      wisherName: persons.name,
      claimerPersonName: claimerPerson.name,
      claimerUnitName: units.name,
      thanks: wishClaims.thanks,
      rating: wishClaims.rating,
      confirmedAt: wishes.confirmedAt,
    })
    .from(wishes)
    .innerJoin(persons, eq(persons.id, wishes.wisherPersonId))
    .innerJoin(wishClaims, eq(wishClaims.id, wishes.currentClaimId))
    .leftJoin(claimerPerson, eq(claimerPerson.id, wishClaims.claimerPersonId))
    .leftJoin(units, eq(units.id, wishClaims.claimerUnitId))
    .where(and(eq(wishes.communityId, communityId), eq(wishes.status, 'confirmed')))
    .orderBy(desc(wishes.confirmedAt), desc(wishes.id))
    .limit(limit)
}

/** How many wishes wait for staff review in a community (the 工作台's count). */
export async function countPendingWishes(db: Queryable, communityId: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(wishes).where(and(eq(wishes.communityId, communityId), eq(wishes.status, 'pending')))
  return row!.n
}
