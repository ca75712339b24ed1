import type { ReminderOutboxSummary, ReminderTemplates } from '../../../../types/api/privacy'
import { toApiInstant } from '../../../../types/time'
import type { Config } from '../../config'
import type { Db, Queryable } from '../../db/client'
import { AppError } from '../../http/app-error'
import { WechatApiError, type WechatClient } from '../wechat/wechat.client'
import {
  activityCancelledMessage,
  activityReminderMessage,
  bookingReminderMessage,
  bookingResultMessage,
  MAX_ATTEMPTS,
  outcomeOfFailure,
  partyReportResultMessage,
  redemptionExpiringMessage,
  redemptionReadyMessage,
  REMIND_AHEAD_MS,
  residencyResultMessage,
  retryDelayMs,
  SENDING_LEASE_MS,
  unitRegistrationResultMessage,
  waitlistPromotedMessage,
  wishClaimedMessage,
  type BookingOutcome,
  type ResidencyOutcome,
  type SendOutcome,
} from './reminders.domain'
import * as repo from './reminders.repository'

/*
 * Reminders (订阅消息) through an outbox. The services call the remind* functions inside the transaction of the
 * change they report, so a reminder exists exactly when its change committed; deliverReminders sends them.
 */

/* ----------------------------------------------------------------- written with the change */

/** 住户认证结果: to the applicant's account. */
export async function remindResidencyResult(
  tx: Queryable,
  r: { userId: number; applicationId: number; outcome: ResidencyOutcome; communityName: string; address: string; decidedAt: Date; note: string },
) {
  await repo.enqueue(tx, [{ to: { userId: r.userId }, message: residencyResultMessage(r), now: r.decidedAt }])
}

export async function remindPartyReportResult(tx: Queryable, r: { userId: number; reportId: number; outcome: ResidencyOutcome; communityName: string; decidedAt: Date; note: string }) {
  await repo.enqueue(tx, [{ to: { userId: r.userId }, message: partyReportResultMessage(r), now: r.decidedAt }])
}

export async function remindUnitRegistrationResult(tx: Queryable, r: { userId: number; unitId: number; unitName: string; outcome: ResidencyOutcome; communityName: string; decidedAt: Date; note: string }) {
  await repo.enqueue(tx, [{ to: { userId: r.userId }, message: unitRegistrationResultMessage(r), now: r.decidedAt }])
}

/** 心愿被认领: to the wisher. */
export async function remindWishClaimed(tx: Queryable, claimId: number, now: Date) {
  const c = await repo.claimFacts(tx, claimId)
  if (!c) return
  const claimerName = c.unitName ?? c.personName ?? '志愿者'
  await repo.enqueue(tx, [{ to: { personId: c.wisherPersonId }, message: wishClaimedMessage({ ...c, claimerName }), now }])
}

/** What a booking's reminders say of it: the room at its station, and its time (a tool's in whole days). */
function aboutBooking(b: Awaited<ReturnType<typeof repo.bookingFacts>>[number]) {
  return { bookingId: b.id, what: `${b.stationName} ${b.roomName}`, startsAt: b.startsAt, endsAt: b.endsAt, wholeDays: b.roomKind === 'tool' }
}

const BOOKING_NOTES: Record<BookingOutcome, string> = { approved: '请按时到场，凭门口二维码签到', rejected: '', cancelled: '' }

/** 预约结果 (approved, rejected, cancelled by staff or by a closure): to each booker. */
export async function remindBookingOutcome(tx: Queryable, bookingIds: number[], outcome: BookingOutcome, now: Date) {
  const rows = await repo.bookingFacts(tx, bookingIds)
  await repo.enqueue(
    tx,
    rows.map((b) => ({
      to: { userId: b.bookerUserId },
      message: bookingResultMessage({
        ...aboutBooking(b),
        outcome,
        note: (outcome === 'rejected' ? b.rejectReason : outcome === 'cancelled' ? b.cancelReason : null) || BOOKING_NOTES[outcome] || '详情请进入小程序查看',
      }),
      now,
    })),
  )
}

/** 候补成功: to the volunteer whose waitlist place became a place. */
export async function remindWaitlistPromoted(tx: Queryable, signupIds: number[], now: Date) {
  const rows = await repo.signupFacts(tx, signupIds)
  await repo.enqueue(tx, rows.map((s) => ({ to: { userId: s.userId }, message: waitlistPromotedMessage(s), now })))
}

/** 活动取消: to everyone whose sign-up (accepted or waiting) ended with the activity. */
export async function remindActivityCancelled(tx: Queryable, signupIds: number[], now: Date) {
  const rows = await repo.signupFacts(tx, signupIds)
  await repo.enqueue(tx, rows.map((s) => ({ to: { userId: s.userId }, message: activityCancelledMessage({ ...s, reason: s.cancelReason ?? '组织方取消' }), now })))
}

/** 兑换成功, with the pickup code and where and until when to collect: to the person who redeemed. */
export async function remindRedemptionReady(tx: Queryable, redemptionId: number, now: Date) {
  const rows = await repo.redemptionFacts(tx, [redemptionId])
  await repo.enqueue(tx, rows.map((r) => ({ to: { personId: r.personId }, message: redemptionReadyMessage(r), now })))
}

/* ----------------------------------------------------------------- due "tomorrow" (a sweep) */

/**
 * Enqueues the time-based reminders that have come due: bookings and activities starting within a day, and
 * redemptions expiring within a day. Idempotent (each occasion has one dedupe key), so any number of instances
 * may run it as often as they like.
 */
export async function enqueueDueReminders(db: Db, now: Date, batch = 200): Promise<number> {
  let total = 0
  for (;;) {
    const [bookingIds, signupIds, redemptionIds] = await Promise.all([
      repo.bookingsDueForReminder(db, now, REMIND_AHEAD_MS, batch),
      repo.signupsDueForReminder(db, now, REMIND_AHEAD_MS, batch),
      repo.redemptionsDueForReminder(db, now, REMIND_AHEAD_MS, batch),
    ])
    const [bookingRows, signupRows, redemptionRows] = await Promise.all([repo.bookingFacts(db, bookingIds), repo.signupFacts(db, signupIds), repo.redemptionFacts(db, redemptionIds)])
    await repo.enqueue(db, [
      ...bookingRows.map((b) => ({
        to: { userId: b.bookerUserId },
        message: bookingReminderMessage({ ...aboutBooking(b), address: b.address }),
        now,
      })),
      ...signupRows.map((s) => ({ to: { userId: s.userId }, message: activityReminderMessage(s), now })),
      ...redemptionRows.map((r) => ({ to: { personId: r.personId }, message: redemptionExpiringMessage(r), now })),
    ])
    const found = bookingIds.length + signupIds.length + redemptionIds.length
    total += found
    // A candidate whose recipient has no account is never queued and would be found again: stop on a short page.
    if (bookingIds.length < batch && signupIds.length < batch && redemptionIds.length < batch) return total
  }
}

/* ----------------------------------------------------------------- the sender */

export type SenderDeps = { db: Db; wechat: WechatClient; config: Pick<Config, 'wechat' | 'reminderTemplates' | 'miniprogramState'> }

/**
 * Sends what is due, `batch` at a time, until nothing is. Each message goes out at most once: it is claimed
 * (committed as `sending`) before the call to WeChat and settled after it; a sender that dies in between leaves it
 * `sending`, and abandonStaleSends marks it failed instead of sending it again. Passing failures (WeChat busy,
 * unreachable, HTTP 5xx) are retried with growing delays up to MAX_ATTEMPTS; 43101 (the user did not subscribe)
 * and faults of the message itself are recorded and not retried.
 */
export async function deliverReminders(deps: SenderDeps, now: Date, batch = 20): Promise<number> {
  const { db } = deps
  await repo.abandonStaleSends(db, new Date(now.getTime() - SENDING_LEASE_MS))
  let total = 0
  for (;;) {
    const claimed = await repo.claimDue(db, now, batch)
    // A batch goes out at once: each send waits on WeChat's round trip, not on the others.
    await Promise.all(
      claimed.map(async ({ notification: n, openid }) => {
        const outcome = await sendOne(deps, n, openid)
        if (outcome.status === 'sent') await repo.settle(db, n.id, { status: 'sent', sentAt: now, lastError: null })
        else if (outcome.status === 'retry' && n.attempts < MAX_ATTEMPTS) {
          await repo.settle(db, n.id, { status: 'pending', lastError: outcome.error, nextAttemptAt: new Date(now.getTime() + retryDelayMs(n.attempts)) })
        } else await repo.settle(db, n.id, { status: outcome.status === 'retry' ? 'failed' : outcome.status, lastError: outcome.error })
      }),
    )
    total += claimed.length
    if (claimed.length < batch) return total
  }
}

async function sendOne(deps: SenderDeps, n: repo.NotificationRow, openid: string | null): Promise<SendOutcome | { status: 'skipped'; error: string }> {
  const templateId = deps.config.reminderTemplates[n.event]
  if (!deps.config.wechat.appId || !deps.config.wechat.secret) return { status: 'skipped', error: 'WeChat is not configured (WECHAT_APPID / WECHAT_SECRET)' }
  if (!templateId) return { status: 'skipped', error: `no template configured for ${n.event}` }
  if (!openid) return { status: 'skipped', error: 'the account has no WeChat identity' }
  try {
    await deps.wechat.sendSubscribeMessage({ openid, templateId, page: n.page, data: n.data, miniprogramState: deps.config.miniprogramState })
    return { status: 'sent' }
  } catch (err) {
    const cause = err instanceof AppError ? err.cause : err
    const errcode = cause instanceof WechatApiError ? cause.errcode : null
    return outcomeOfFailure(errcode, cause instanceof Error ? cause.message : String(cause))
  }
}

/* ----------------------------------------------------------------- reading */

/** The template ids the mini-program may ask the user to accept. */
export function reminderTemplates(config: Pick<Config, 'reminderTemplates'>): ReminderTemplates {
  return { templates: config.reminderTemplates }
}

export async function outboxSummary(db: Db): Promise<ReminderOutboxSummary> {
  const [counts, failures] = await Promise.all([repo.statusCounts(db), repo.recentFailures(db, 20)])
  return {
    counts,
    recentFailures: failures.map((f) => ({ id: f.id, event: f.event, status: f.status, attempts: f.attempts, lastError: f.lastError, createdAt: toApiInstant(f.createdAt) })),
  }
}
