import { createHash, timingSafeEqual } from 'node:crypto'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import { wechatLabel } from '../../moderation/content-checker'
import { parseVerdict } from '../../wechat/client'
import { setUploadVerdict } from '../uploads/uploads.repository'

/**
 * 消息推送 from WeChat: each request is signed with the Token set in the console — sha1 of the sorted
 * token, timestamp and nonce. A server without a token accepts nothing.
 */
export function verifyPushSignature(token: string | null, q: { signature?: string; timestamp?: string; nonce?: string }): void {
  if (!token || !q.signature || !q.timestamp || !q.nonce) throw new AppError('WECHAT_SIGNATURE_INVALID')
  const expected = createHash('sha1').update([token, q.timestamp, q.nonce].sort().join('')).digest('hex')
  const given = Buffer.from(q.signature)
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) throw new AppError('WECHAT_SIGNATURE_INVALID')
}

/**
 * Handles one pushed event. `wxa_media_check` carries the verdict on a picture sent to mediaCheckAsync; other
 * events are acknowledged and ignored (WeChat retries what is not acknowledged).
 */
export async function handlePush(ctx: AppContext, event: Record<string, unknown>): Promise<void> {
  if (event.Event !== 'wxa_media_check' || typeof event.trace_id !== 'string') return
  // WeChat sometimes reports that it could not check the picture (errcode ≠ 0, no result): say so to the reviewer.
  if (!event.result) {
    await setUploadVerdict(ctx.db, event.trace_id, 'unchecked', `微信未能检测此图片（${String(event.errcode ?? '')}）`)
    return
  }
  const verdict = parseVerdict(event)
  const label = verdict.suggest === 'pass' ? null : `微信判定：${wechatLabel(verdict.label)}`
  await setUploadVerdict(ctx.db, event.trace_id, verdict.suggest, label)
}
