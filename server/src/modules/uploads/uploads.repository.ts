import { and, eq, gt, inArray, notInArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { ModerationVerdict } from '../../../../types/api/labels'
import type { Queryable, Tx } from '../../db/client'
import { activities, partyReports, rooms, shopItems, stations, uploads, wishClaims, wishes } from '../../db/schema'

export type UploadRow = typeof uploads.$inferSelect

export async function insertUpload(db: Queryable, values: typeof uploads.$inferInsert) {
  const [row] = await db.insert(uploads).values(values).returning()
  return row!
}

/**
 * The storage key of the upload `id` names (a column, or an expression such as the first of an array), for a
 * list query to select beside its rows: one query for a list and its pictures.
 */
export function storageKeyOf(id: SQLWrapper): SQL<string | null> {
  return sql<string | null>`(select ${uploads.storageKey} from ${uploads} where ${uploads.id} = ${id})`
}

export async function findUploads(db: Queryable, ids: number[]) {
  if (!ids.length) return []
  return db.select().from(uploads).where(inArray(uploads.id, ids))
}

/** The content check's first answer for a picture just stored (WeChat's pushed verdict: wechat.repository.ts). */
export async function setUploadCheck(db: Queryable, id: number, check: { verdict: ModerationVerdict; label: string | null; traceId: string | null }) {
  await db.update(uploads).set({ moderation: check.verdict, moderationLabel: check.label, moderationTraceId: check.traceId }).where(eq(uploads.id, id))
}

/** How many pictures the account stored since `since`, and their bytes (the daily quota). */
export async function uploadUsage(db: Queryable, userId: number, since: Date) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${uploads.byteSize}), 0)::bigint` })
    .from(uploads)
    .where(and(eq(uploads.ownerUserId, userId), gt(uploads.createdAt, since)))
  return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) }
}

/*
 * Every column that holds upload ids. A picture none of them names is an orphan (uploaded for a form that was
 * never sent); a new column that refers to uploads must be added here, or the sweep would take its pictures.
 */
const attached = (id: typeof uploads.id) => sql`(
  ${id} in (select unnest(${wishes.photoIds}) from ${wishes})
  or ${id} in (select unnest(${stations.photoIds}) from ${stations})
  or ${id} in (select unnest(${rooms.photoIds}) from ${rooms})
  or ${id} in (select ${shopItems.photoId} from ${shopItems} where ${shopItems.photoId} is not null)
  or ${id} in (select ${activities.photoId} from ${activities} where ${activities.photoId} is not null)
  or ${id} in (select ${wishClaims.proofUploadId} from ${wishClaims} where ${wishClaims.proofUploadId} is not null)
  or ${id} in (select ${partyReports.cardUploadId} from ${partyReports} where ${partyReports.cardUploadId} is not null)
)`

/**
 * Deletes up to `limit` uploads created before `cutoff` that nothing refers to, and answers their storage keys.
 * The rows are taken FOR UPDATE SKIP LOCKED: instances sweeping at once share the work instead of colliding.
 */
export async function deleteOrphans(tx: Tx, cutoff: Date, limit: number): Promise<string[]> {
  const candidates = await tx
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(sql`${uploads.createdAt} < ${cutoff}`, sql`not ${attached(uploads.id)}`))
    .orderBy(uploads.id)
    .limit(limit)
    .for('update', { skipLocked: true })
  if (!candidates.length) return []
  const removed = await tx.delete(uploads).where(inArray(uploads.id, candidates.map((c) => c.id))).returning({ storageKey: uploads.storageKey })
  return removed.map((r) => r.storageKey)
}

/** Pictures staff put up for the community (stations, rooms, shop items, activities): they outlive their uploader's account. */
const COMMUNITY_PURPOSES = ['station_photo', 'shop_photo', 'activity_photo'] as const

/**
 * The pictures an account deletion takes: the account's own uploads (wish photos, proof photos, its 党员证)
 * and every photo of the person's own wishes, whoever uploaded it (staff posting on their behalf). The
 * community's pictures (COMMUNITY_PURPOSES) stay. Their references are removed, the rows deleted, and the
 * storage keys answered for the files to go too.
 */
export async function deletePicturesOf(tx: Tx, userId: number, personId: number | null): Promise<string[]> {
  const own = await tx.select({ id: uploads.id }).from(uploads).where(and(eq(uploads.ownerUserId, userId), notInArray(uploads.purpose, [...COMMUNITY_PURPOSES])))
  const ofWishes = personId === null ? [] : await tx.select({ ids: wishes.photoIds }).from(wishes).where(eq(wishes.wisherPersonId, personId))
  const ids = [...new Set([...own.map((u) => u.id), ...ofWishes.flatMap((w) => w.ids)])]
  if (!ids.length) return []
  const list = sql`array[${sql.join(ids.map((id) => sql`${id}`), sql`, `)}]::int[]`
  await tx
    .update(wishes)
    .set({ photoIds: sql`array(select p from unnest(${wishes.photoIds}) with ordinality as t(p, n) where p <> all(${list}) order by n)` })
    .where(sql`${wishes.photoIds} && ${list}`)
  await tx.update(wishClaims).set({ proofUploadId: null }).where(inArray(wishClaims.proofUploadId, ids))
  await tx.update(partyReports).set({ cardUploadId: null }).where(inArray(partyReports.cardUploadId, ids))
  const removed = await tx.delete(uploads).where(inArray(uploads.id, ids)).returning({ storageKey: uploads.storageKey })
  return removed.map((r) => r.storageKey)
}
