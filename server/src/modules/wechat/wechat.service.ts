import { createHash, timingSafeEqual } from 'node:crypto'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import { wechatLabel } from '../../moderation/content-checker'
import { parseVerdict } from './wechat.client'
import * as repo from './wechat.repository'

/** How far a push's timestamp may stand from our clock, either way (WeChat's clock, the network, retries). */
export const PUSH_WINDOW_SECONDS = 5 * 60

export type SignedPush = { timestamp: number; nonce: string }

/**
 * 消息推送 from WeChat: each request is signed with the Token set in the console — sha1 of the sorted token,
 * timestamp and nonce. The signature does not cover the body, so a signed query is only good once and only now:
 * a timestamp more than PUSH_WINDOW_SECONDS from `now` is refused (WECHAT_PUSH_STALE), and `handlePush` refuses a
 * (timestamp, nonce) it has seen. A server without a token accepts nothing.
 */
export function verifyPushSignature(token: string | null, q: { signature?: string; timestamp?: string; nonce?: string }, now: Date): SignedPush {
  if (!token || !q.signature || !q.timestamp || !q.nonce) throw new AppError('WECHAT_SIGNATURE_INVALID')
  const expected = createHash('sha1').update([token, q.timestamp, q.nonce].sort().join('')).digest('hex')
  const given = Buffer.from(q.signature)
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) throw new AppError('WECHAT_SIGNATURE_INVALID')
  const timestamp = /^\d{1,12}$/.test(q.timestamp) ? Number(q.timestamp) : NaN
  if (!Number.isSafeInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > PUSH_WINDOW_SECONDS) throw new AppError('WECHAT_PUSH_STALE')
  return { timestamp, nonce: q.nonce }
}

/**
 * Handles one signed push, once: its (timestamp, nonce) is remembered in the database (every instance sees it) in
 * the same transaction as its effect, so a replay — even with another body — is refused (WECHAT_PUSH_REPLAYED),
 * while WeChat's retry of a push whose handling failed goes through. `wxa_media_check` carries the verdict on a
 * picture sent to mediaCheckAsync, which only moves a picture out of `pending`; other events are acknowledged and
 * ignored (WeChat retries what is not acknowledged).
 */
export async function handlePush(ctx: AppContext, signed: SignedPush, event: Record<string, unknown>): Promise<void> {
  // 安全模式 sends only the encrypted event; 兼容模式 sends it beside the plain one, which is what is read.
  if (typeof event.Encrypt === 'string' && event.Event === undefined) throw new AppError('WECHAT_PUSH_ENCRYPTED')
  const now = ctx.now()
  await repo.forgetPushNoncesBefore(ctx.db, Math.floor(now.getTime() / 1000) - PUSH_WINDOW_SECONDS)
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.rememberPushNonce(tx, signed.timestamp, signed.nonce, now))) throw new AppError('WECHAT_PUSH_REPLAYED')
    if (event.Event !== 'wxa_media_check' || typeof event.trace_id !== 'string') return
    // WeChat sometimes reports that it could not check the picture (errcode ≠ 0, no result): say so to the reviewer.
    if (!event.result) {
      await repo.setPendingUploadVerdict(tx, event.trace_id, 'unchecked', `微信未能检测此图片（${String(event.errcode ?? '')}）`)
      return
    }
    const verdict = parseVerdict(event)
    const label = verdict.suggest === 'pass' ? null : `微信判定：${wechatLabel(verdict.label)}`
    await repo.setPendingUploadVerdict(tx, event.trace_id, verdict.suggest, label)
  })
}
