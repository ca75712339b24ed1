import { and, eq, lt } from 'drizzle-orm'
import type { ModerationVerdict } from '../../../../types/api/labels'
import type { Queryable } from '../../db/client'
import { uploads, wechatPushNonces } from '../../db/schema'

/** Remembers a signed push's (timestamp, nonce); false when it was seen before — the request is a replay. */
export async function rememberPushNonce(db: Queryable, timestamp: number, nonce: string, now: Date): Promise<boolean> {
  const rows = await db
    .insert(wechatPushNonces)
    .values({ timestamp, nonce, receivedAt: now })
    .onConflictDoNothing()
    .returning({ nonce: wechatPushNonces.nonce })
  return rows.length > 0
}

/** Forgets the nonces of timestamps before `before` (seconds): a push that old is refused as stale anyway. */
export async function forgetPushNoncesBefore(db: Queryable, before: number): Promise<void> {
  await db.delete(wechatPushNonces).where(lt(wechatPushNonces.timestamp, before))
}

/**
 * Records the verdict WeChat pushed for a picture, only while the picture is still pending: a verdict once given
 * is never overturned by a later push (a late `pass` leaves `risky`). False when no pending upload has that trace id.
 */
export async function setPendingUploadVerdict(db: Queryable, traceId: string, verdict: ModerationVerdict, label: string | null): Promise<boolean> {
  const rows = await db
    .update(uploads)
    .set({ moderation: verdict, moderationLabel: label })
    .where(and(eq(uploads.moderationTraceId, traceId), eq(uploads.moderation, 'pending')))
    .returning({ id: uploads.id })
  return rows.length > 0
}
