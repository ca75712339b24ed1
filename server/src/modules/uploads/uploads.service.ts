import { randomBytes } from 'node:crypto'
import type { Upload } from '../../../../types/api/wishes'
import type { Config } from '../../config'
import type { AppContext } from '../../context'
import type { Db, Queryable, Tx } from '../../db/client'
import { sweepInBatches } from '../../db/sweep-in-batches'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import type { FileStorage } from '../../storage/file-storage'
import { lockAccount, openidOf } from '../people/people.api'
import { processImage, THUMBNAIL_WIDTH } from './uploads.image'
import * as repo from './uploads.repository'
import { DAY_MS } from '../../../../types/time'

export type UploadPurpose = 'wish_photo' | 'proof_photo' | 'station_photo' | 'party_card' | 'shop_photo' | 'activity_photo'

/**
 * Pictures that are never shown to the public (a 党员证): stored under this prefix, which /api/files refuses;
 * their own routes serve them to whoever may see them. Nor do they go to WeChat's content check: nothing is
 * published.
 */
const PRIVATE_PURPOSES: ReadonlySet<UploadPurpose> = new Set(['party_card'])
export const PRIVATE_KEY_PREFIX = 'private-'

/** Pictures only staff upload: the community's (stations and rooms, shop items, activities). */
const STAFF_PURPOSES: ReadonlySet<UploadPurpose> = new Set(['station_photo', 'shop_photo', 'activity_photo'])

/** Files larger than this are refused; the mini-program compresses before uploading (~200–500 KB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

/** Where the API serves a stored file; relative to the API's address. */
export function fileUrl(storageKey: string): string {
  return `/api/files/${storageKey}`
}

/** The list thumbnail of a stored picture (THUMBNAIL_WIDTH wide): served as `/api/files/<key>?w=320`. */
export function thumbnailKey(storageKey: string): string {
  return storageKey.replace(/\.(jpg|png|webp)$/, `.w${THUMBNAIL_WIDTH}.$1`)
}

/** The daily quota is counted over the last 24 hours, not per calendar day: no burst at midnight. */
const QUOTA_WINDOW_MS = DAY_MS

function checkQuota(quota: Config['uploadQuota'], used: { count: number; bytes: number }, adding: number) {
  if (used.count >= quota.count || used.bytes + adding > quota.bytes) throw new AppError('UPLOAD_QUOTA_EXCEEDED')
}

/**
 * Pictures a record is about to use, checked: each id must be an upload made for `purpose` (and by `ownerUserId`,
 * when given; station pictures are shared by the community's staff). Answers the ids without repeats, or
 * PHOTO_NOT_FOUND.
 */
export async function checkUploads(db: Queryable, ids: number[], purpose: UploadPurpose, ownerUserId?: number): Promise<number[]> {
  const unique = [...new Set(ids)]
  const found = await repo.findUploads(db, unique)
  if (found.length !== unique.length || found.some((u) => u.purpose !== purpose || (ownerUserId !== undefined && u.ownerUserId !== ownerUserId))) {
    throw new AppError('PHOTO_NOT_FOUND')
  }
  return unique
}

export type UploadRow = repo.UploadRow

/** Uploads by id with their content-check verdicts, for the records that show them (staff see the verdicts). */
export async function findUploads(db: Queryable, ids: number[]): Promise<UploadRow[]> {
  return repo.findUploads(db, ids)
}

/** Pictures by id, as a record shows them: those that still exist, in the order given. */
export async function photosOf(db: Queryable, ids: number[]): Promise<{ id: number; url: string }[]> {
  const byId = new Map((await repo.findUploads(db, ids)).map((u) => [u.id, u]))
  return ids.flatMap((id) => {
    const u = byId.get(id)
    return u ? [{ id, url: fileUrl(u.storageKey) }] : []
  })
}

/**
 * Stores a picture, decoded and re-encoded (uploads.image.ts), under a random name, with its list thumbnail, and
 * sends it to the content check (WeChat checks it asynchronously and pushes its verdict; see wechat.service.ts).
 * The upload belongs to its uploader: only they can attach it. At most `uploadQuota` per account in 24 hours.
 */
export async function storeUpload(ctx: AppContext, principal: Principal, purpose: UploadPurpose, bytes: Buffer): Promise<Upload> {
  // Pictures of stations, rooms, shop items and activities are the community's own, put up by its workers.
  if (STAFF_PURPOSES.has(purpose) && !principal.has('staff') && !principal.isAdmin) throw new AppError('FORBIDDEN')
  const quota = ctx.config.uploadQuota
  const since = new Date(ctx.now().getTime() - QUOTA_WINDOW_MS)
  // A spent quota is refused before the image is decoded (the costly part).
  checkQuota(quota, await repo.uploadUsage(ctx.db, principal.userId, since), 0)
  const image = await processImage(bytes)
  const isPrivate = PRIVATE_PURPOSES.has(purpose)
  const storageKey = `${isPrivate ? PRIVATE_KEY_PREFIX : ''}${randomBytes(16).toString('hex')}.${image.extension}`
  // The row before the file: whatever fails after this leaves a row no record uses, which the orphan sweep
  // removes with its files; a file is never left behind without a row. Counted under the account's lock, so
  // parallel uploads cannot overrun the quota, and an account deleted meanwhile gets no new picture.
  const row = await ctx.db.transaction(async (tx) => {
    const account = await lockAccount(tx, principal.userId)
    if (!account || account.deletedAt) throw new AppError('UNAUTHENTICATED')
    checkQuota(quota, await repo.uploadUsage(tx, principal.userId, since), image.bytes.length)
    return repo.insertUpload(tx, {
      ownerUserId: principal.userId,
      purpose,
      storageKey,
      mimeType: image.mimeType,
      byteSize: image.bytes.length,
      moderation: isPrivate ? 'unchecked' : 'pending',
      createdAt: ctx.now(),
    })
  })
  await ctx.storage.put(storageKey, image.bytes, image.mimeType)
  if (!isPrivate) {
    await ctx.storage.put(thumbnailKey(storageKey), image.thumbnail, image.mimeType)
    const publicUrl = ctx.config.publicBaseUrl ? `${ctx.config.publicBaseUrl}${fileUrl(storageKey)}` : null
    await repo.setUploadCheck(ctx.db, row.id, await ctx.contentChecker.checkImage({ url: publicUrl, openid: await openidOf(ctx.db, principal.userId) }))
  }
  return { id: row.id, url: isPrivate ? null : fileUrl(row.storageKey) }
}

/** Removes stored pictures and their thumbnails (missing files are fine: deleting twice is harmless). */
async function deleteFiles(storage: FileStorage, storageKeys: string[]) {
  for (const key of storageKeys) {
    await storage.delete(key)
    await storage.delete(thumbnailKey(key))
  }
}

/** An upload no record uses is kept this long (the form it was for may still be sent), then deleted. */
export const ORPHAN_GRACE_MS = DAY_MS
const ORPHAN_BATCH = 200

/**
 * Sweep: deletes uploads older than ORPHAN_GRACE_MS that no record uses (uploads.repository.ts `attached`), row and
 * files. Idempotent and safe on many instances at once (rows taken FOR UPDATE SKIP LOCKED). The files go inside
 * the transaction: if it fails, the rows stay and the next run deletes them again; never a file without a row.
 */
export async function sweepOrphanUploads(deps: { db: Db; storage: FileStorage }, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - ORPHAN_GRACE_MS)
  return sweepInBatches(deps.db, ORPHAN_BATCH, async (tx, size) => {
    const keys = await repo.deleteOrphans(tx, cutoff, size)
    await deleteFiles(deps.storage, keys)
    return keys.length
  })
}

/**
 * Account deletion: the person's pictures (see repo.deletePicturesOf) go, rows and files, inside the deletion's
 * transaction; from then on their addresses answer 404.
 */
export async function erasePicturesOf(tx: Tx, storage: FileStorage, userId: number, personId: number | null): Promise<void> {
  await deleteFiles(storage, await repo.deletePicturesOf(tx, userId, personId))
}
