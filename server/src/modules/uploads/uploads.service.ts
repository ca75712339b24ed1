import { randomBytes } from 'node:crypto'
import type { Upload } from '../../../../types/api/wishes'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import * as repo from './uploads.repository'

export type UploadPurpose = 'wish_photo' | 'proof_photo' | 'station_photo' | 'party_card'

/**
 * Pictures that are never shown to the public (a 党员证): stored under this prefix, which /api/files refuses;
 * their own routes serve them to whoever may see them. Nor do they go to WeChat's content check: nothing is
 * published.
 */
const PRIVATE_PURPOSES: ReadonlySet<UploadPurpose> = new Set(['party_card'])
export const PRIVATE_KEY_PREFIX = 'private-'

/** Pictures larger than this are refused; the mini-program compresses before uploading (~200–500 KB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

/** Where the API serves a stored file; relative to the API's address. */
export function fileUrl(storageKey: string): string {
  return `/api/files/${storageKey}`
}

/** The picture's type from its first bytes — never from the name or the header the client sent. */
export function sniffImageType(bytes: Buffer): { mimeType: string; extension: 'jpg' | 'png' | 'webp' } | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mimeType: 'image/jpeg', extension: 'jpg' }
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mimeType: 'image/png', extension: 'png' }
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return { mimeType: 'image/webp', extension: 'webp' }
  return null
}

/**
 * Stores a picture under a random name and sends it to the content check (WeChat checks it asynchronously and
 * pushes its verdict; see wechat.service.ts). The upload belongs to its uploader: only they can attach it.
 */
export async function storeUpload(ctx: AppContext, principal: Principal, purpose: UploadPurpose, bytes: Buffer): Promise<Upload> {
  // Pictures of stations and rooms are the community's own, put up by its workers.
  if (purpose === 'station_photo' && !principal.has('staff') && !principal.isAdmin) throw new AppError('FORBIDDEN')
  const type = sniffImageType(bytes)
  if (!type) throw new AppError('UPLOAD_INVALID')
  const isPrivate = PRIVATE_PURPOSES.has(purpose)
  const storageKey = `${isPrivate ? PRIVATE_KEY_PREFIX : ''}${randomBytes(16).toString('hex')}.${type.extension}`
  await ctx.storage.put(storageKey, bytes, type.mimeType)
  const publicUrl = ctx.config.publicBaseUrl ? `${ctx.config.publicBaseUrl}${fileUrl(storageKey)}` : null
  const check = isPrivate ? { verdict: 'unchecked' as const, label: null, traceId: null } : await ctx.contentChecker.checkImage({ url: publicUrl, openid: await repo.findOpenid(ctx.db, principal.userId) })
  const row = await repo.insertUpload(ctx.db, {
    ownerUserId: principal.userId,
    purpose,
    storageKey,
    mimeType: type.mimeType,
    byteSize: bytes.length,
    moderation: check.verdict,
    moderationLabel: check.label,
    moderationTraceId: check.traceId,
    createdAt: ctx.now(),
  })
  return { id: row.id, url: isPrivate ? null : fileUrl(row.storageKey) }
}
