import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm'
import type { Db, Queryable, Tx } from '../../db/client'
import { preparedFor } from '../../db/prepared'
import { redemptions, shopItems, stations } from '../../db/schema'
import { storageKeyOf } from '../uploads/uploads.repository'

/** Items of a community with the pickup station, their photo's file, and how many of each this household holds this month. */
const itemsOfCommunity = preparedFor((db) =>
  db
    .select({
      item: shopItems,
      stationName: stations.name,
      photoKey: storageKeyOf(shopItems.photoId),
      // No household (null): no row matches, 0.
      redeemedThisMonth: sql<number>`(select count(*)::int from ${redemptions} r where r.item_id = ${shopItems.id} and r.household_id = ${sql.placeholder('householdId')} and r.month = ${sql.placeholder('month')} and r.status in ('reserved', 'picked_up'))`,
    })
    .from(shopItems)
    .innerJoin(stations, eq(stations.id, shopItems.stationId))
    .where(and(eq(shopItems.communityId, sql.placeholder('communityId')), sql`(${shopItems.active} or not ${sql.placeholder('activeOnly')}::boolean)`))
    .orderBy(desc(shopItems.active), asc(shopItems.price), asc(shopItems.id))
    .prepare('shop_items_of_community'),
)

export async function listItems(db: Db, communityId: number, opts: { activeOnly: boolean; householdId: number | null; month: string }) {
  return itemsOfCommunity(db).execute({ communityId, ...opts })
}

export type ItemRow = typeof shopItems.$inferSelect

const itemOfId = preparedFor((db) => db.select().from(shopItems).where(eq(shopItems.id, sql.placeholder('id'))).prepare('shop_item_of_id'))

export async function findItem(db: Queryable, itemId: number): Promise<ItemRow | null> {
  const [row] = await itemOfId(db).execute({ id: itemId })
  return row ?? null
}

/** Takes one from stock, only while there is stock and the item is on sale: the atomic guard against overselling. */
export async function takeOneFromStock(tx: Tx, itemId: number) {
  const [row] = await tx
    .update(shopItems)
    .set({ stock: sql`${shopItems.stock} - 1` })
    .where(and(eq(shopItems.id, itemId), gt(shopItems.stock, 0), eq(shopItems.active, true)))
    .returning({ stock: shopItems.stock })
  return row ?? null
}

export async function returnOneToStock(tx: Tx, itemId: number) {
  await tx.update(shopItems).set({ stock: sql`${shopItems.stock} + 1` }).where(eq(shopItems.id, itemId))
}

export async function countHeld(tx: Tx, householdId: number, itemId: number, month: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(redemptions)
    .where(and(eq(redemptions.householdId, householdId), eq(redemptions.itemId, itemId), eq(redemptions.month, month), inArray(redemptions.status, ['reserved', 'picked_up'])))
  return row!.n
}

/**
 * Records a redemption under a random pickup code from `drawCode`. A clash with a code in use (one in a trillion)
 * inserts nothing and draws again; after four clashes something is wrong with the codes, not with luck.
 */
export async function insertRedemption(tx: Tx, values: Omit<typeof redemptions.$inferInsert, 'pickupCode'>, drawCode: () => string) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const [row] = await tx
      .insert(redemptions)
      .values({ ...values, pickupCode: drawCode() })
      .onConflictDoNothing({ target: redemptions.pickupCode })
      .returning()
    if (row) return row
  }
  throw new Error('four pickup codes in a row were taken')
}

/** Moves a reserved redemption to a final state; null when it was no longer reserved (someone got there first). */
export async function closeReserved(tx: Tx, id: number, set: Partial<typeof redemptions.$inferInsert>) {
  const [row] = await tx
    .update(redemptions)
    .set(set)
    .where(and(eq(redemptions.id, id), eq(redemptions.status, 'reserved')))
    .returning()
  return row ?? null
}

export async function findRedemption(db: Queryable, id: number) {
  const [row] = await db.select().from(redemptions).where(eq(redemptions.id, id))
  return row ?? null
}

export async function findRedemptionByCode(db: Queryable, code: string) {
  const [row] = await db.select().from(redemptions).where(eq(redemptions.pickupCode, code))
  return row ?? null
}

/** Redemptions with their item and pickup station (the redeemer and the address come from the people module). */
export async function listRedemptionViews(db: Queryable, where: { householdId: number } | { ids: number[] }) {
  return db
    .select({
      redemption: redemptions,
      itemName: shopItems.name,
      stationName: stations.name,
      stationAddress: stations.address,
    })
    .from(redemptions)
    .innerJoin(shopItems, eq(shopItems.id, redemptions.itemId))
    .innerJoin(stations, eq(stations.id, shopItems.stationId))
    .where('householdId' in where ? eq(redemptions.householdId, where.householdId) : inArray(redemptions.id, where.ids))
    .orderBy(desc(redemptions.id))
    .limit(100)
}

/** Reserved redemptions past their pickup deadline, oldest first. */
export async function listOverdueReservations(db: Queryable, now: Date, limit: number) {
  return db
    .select({ id: redemptions.id })
    .from(redemptions)
    .where(and(eq(redemptions.status, 'reserved'), lt(redemptions.expiresAt, now)))
    .orderBy(asc(redemptions.expiresAt))
    .limit(limit)
}

export async function insertItem(tx: Tx, values: typeof shopItems.$inferInsert) {
  const [row] = await tx.insert(shopItems).values(values).returning()
  return row!
}

export async function updateItem(tx: Tx, id: number, values: Partial<typeof shopItems.$inferInsert>) {
  const [row] = await tx.update(shopItems).set(values).where(eq(shopItems.id, id)).returning()
  return row!
}

export async function findStation(db: Queryable, stationId: number) {
  const [row] = await db.select().from(stations).where(eq(stations.id, stationId))
  return row ?? null
}
