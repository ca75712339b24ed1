import type { ReminderEvent } from '../../../../types/api/labels'
import { chinaTime, DAY_MS } from '../../../../types/time'

/*
 * 订阅消息: what each reminder says, in the shape of its template, and how a failed send is treated. The field keys
 * (thing1, time2 …) are those of the templates listed in docs/wechat-console.md: a template chosen with other
 * keywords needs its keys changed here.
 */

export type TemplateData = Record<string, { value: string }>

/** One reminder to write to the outbox. */
export type ReminderMessage = {
  event: ReminderEvent
  /** Names the occasion: the same occasion enqueued twice is one message. */
  dedupeKey: string
  /** The page the message opens (no leading slash). */
  page: string
  data: TemplateData
}

const chars = (s: string) => Array.from(s.replace(/\s+/g, ' ').trim())

/** thing: at most 20 characters; a longer text is cut and ends with …; never empty (WeChat refuses empty values). */
export function thing(text: string): { value: string } {
  const c = chars(text)
  if (!c.length) return { value: '—' }
  return { value: c.length <= 20 ? c.join('') : `${c.slice(0, 19).join('')}…` }
}

/** phrase: at most 5 Chinese characters, nothing else. */
export function phrase(text: string): { value: string } {
  if (!/^[\u4e00-\u9fff]{1,5}$/.test(text)) throw new Error(`not a 订阅消息 phrase: ${text}`)
  return { value: text }
}

/** character_string: at most 32 letters, digits or symbols. */
export function characterString(text: string): { value: string } {
  if (!/^[\x21-\x7e]{1,32}$/.test(text)) throw new Error(`not a 订阅消息 character_string: ${text}`)
  return { value: text }
}

export function numberField(n: number): { value: string } {
  return { value: String(n) }
}

/** time: 2026年11月25日 14:00, in China time. */
export function time(at: Date): { value: string } {
  return { value: chinaTime(at).format('YYYY年M月D日 HH:mm') }
}

/** time for a span: 2026年11月25日 14:00~16:00 within a day, else from~to with dates (whole days: dates only). */
export function timeSpan(start: Date, end: Date, wholeDays = false): { value: string } {
  const s = chinaTime(start)
  const e = chinaTime(end)
  if (wholeDays) {
    const last = e.subtract(1, 'minute')
    return { value: s.isSame(last, 'day') ? s.format('YYYY年M月D日') : `${s.format('YYYY年M月D日')}~${last.format('YYYY年M月D日')}` }
  }
  if (s.isSame(e, 'day')) return { value: `${s.format('YYYY年M月D日 HH:mm')}~${e.format('HH:mm')}` }
  return { value: `${s.format('YYYY年M月D日 HH:mm')}~${e.format('YYYY年M月D日 HH:mm')}` }
}

/* ----------------------------------------------------------------- the messages */

export type ResidencyOutcome = 'approved' | 'rejected'

/** 住户认证结果: to the applicant, with the community and what to do next (or why not). */
export function residencyResultMessage(r: { applicationId: number; outcome: ResidencyOutcome; communityName: string; address: string; decidedAt: Date; note: string }): ReminderMessage {
  return {
    event: 'residency_result',
    dedupeKey: `residency_result:${r.applicationId}`,
    page: 'packages/account/residency/index',
    data: {
      thing1: thing(r.communityName),
      thing2: thing(r.address),
      phrase3: phrase(r.outcome === 'approved' ? '已通过' : '未通过'),
      time4: time(r.decidedAt),
      thing5: thing(r.note),
    },
  }
}

/** 党员报到结果: to the member, with the community and what it means (or why not). */
export function partyReportResultMessage(r: { reportId: number; outcome: ResidencyOutcome; communityName: string; decidedAt: Date; note: string }): ReminderMessage {
  return {
    event: 'party_report_result',
    dedupeKey: `party_report_result:${r.reportId}`,
    page: 'packages/account/party-report/index',
    data: { thing1: thing(r.communityName), thing2: thing('在职党员报到'), phrase3: phrase(r.outcome === 'approved' ? '已通过' : '未通过'), time4: time(r.decidedAt), thing5: thing(r.note) },
  }
}

/** 驻区单位报到结果: to whoever registered the unit. */
export function unitRegistrationResultMessage(r: { unitId: number; unitName: string; outcome: ResidencyOutcome; communityName: string; decidedAt: Date; note: string }): ReminderMessage {
  return {
    event: 'unit_registration_result',
    dedupeKey: `unit_registration_result:${r.unitId}`,
    page: 'packages/account/unit/index',
    data: { thing1: thing(r.communityName), thing2: thing(`驻区单位报到：${r.unitName}`), phrase3: phrase(r.outcome === 'approved' ? '已通过' : '未通过'), time4: time(r.decidedAt), thing5: thing(r.note) },
  }
}

export function wishClaimedMessage(w: { claimId: number; wishId: number; title: string; claimerName: string; claimedAt: Date }): ReminderMessage {
  return {
    event: 'wish_claimed',
    dedupeKey: `wish_claimed:${w.claimId}`,
    page: `packages/wish/detail/index?id=${w.wishId}`,
    data: { thing1: thing(w.title), thing2: thing(w.claimerName), time3: time(w.claimedAt), thing4: thing('认领人会与您联系，请留意电话') },
  }
}

export type BookingOutcome = 'approved' | 'rejected' | 'cancelled'
const BOOKING_OUTCOME_PHRASES: Record<BookingOutcome, string> = { approved: '已通过', rejected: '未通过', cancelled: '已取消' }

export function bookingResultMessage(b: { bookingId: number; outcome: BookingOutcome; what: string; startsAt: Date; endsAt: Date; wholeDays: boolean; note: string }): ReminderMessage {
  return {
    event: 'booking_result',
    dedupeKey: `booking_result:${b.bookingId}:${b.outcome}`,
    page: `packages/booking/detail/index?id=${b.bookingId}`,
    data: { thing1: thing(b.what), time2: timeSpan(b.startsAt, b.endsAt, b.wholeDays), phrase3: phrase(BOOKING_OUTCOME_PHRASES[b.outcome]), thing4: thing(b.note) },
  }
}

export function bookingReminderMessage(b: { bookingId: number; what: string; startsAt: Date; endsAt: Date; wholeDays: boolean; address: string }): ReminderMessage {
  return {
    event: 'booking_reminder',
    dedupeKey: `booking_reminder:${b.bookingId}`,
    page: `packages/booking/detail/index?id=${b.bookingId}`,
    data: { thing1: thing(b.what), time2: timeSpan(b.startsAt, b.endsAt, b.wholeDays), thing3: thing(b.address), thing4: thing(b.wholeDays ? '请按时到服务阵地领取' : '请按时到场，扫门口二维码签到') },
  }
}

type ActivityFacts = { signupId: number; activityId: number; title: string; startsAt: Date; endsAt: Date; place: string }

export function activityReminderMessage(a: ActivityFacts): ReminderMessage {
  return {
    event: 'activity_reminder',
    dedupeKey: `activity_reminder:${a.signupId}`,
    page: `packages/volunteer/detail/index?id=${a.activityId}`,
    data: { thing1: thing(a.title), time2: timeSpan(a.startsAt, a.endsAt), thing3: thing(a.place), thing4: thing('请准时到场，扫组织者的二维码签到') },
  }
}

export function waitlistPromotedMessage(a: ActivityFacts): ReminderMessage {
  return {
    event: 'waitlist_promoted',
    dedupeKey: `waitlist_promoted:${a.signupId}`,
    page: `packages/volunteer/detail/index?id=${a.activityId}`,
    data: { thing1: thing(a.title), time2: timeSpan(a.startsAt, a.endsAt), phrase3: phrase('报名成功'), thing4: thing('候补已转为正式报名，不能参加请及时取消') },
  }
}

export function activityCancelledMessage(a: ActivityFacts & { reason: string }): ReminderMessage {
  return {
    event: 'activity_cancelled',
    dedupeKey: `activity_cancelled:${a.signupId}`,
    page: `packages/volunteer/detail/index?id=${a.activityId}`,
    data: { thing1: thing(a.title), time2: timeSpan(a.startsAt, a.endsAt), thing3: thing(a.reason) },
  }
}

type RedemptionFacts = { redemptionId: number; itemName: string; points: number; pickupCode: string; expiresAt: Date; place: string }

export function redemptionReadyMessage(r: RedemptionFacts): ReminderMessage {
  return {
    event: 'redemption_ready',
    dedupeKey: `redemption_ready:${r.redemptionId}`,
    page: 'packages/points/redemptions/index',
    data: { thing1: thing(r.itemName), number2: numberField(r.points), character_string3: characterString(r.pickupCode), time4: time(r.expiresAt), thing5: thing(r.place) },
  }
}

export function redemptionExpiringMessage(r: RedemptionFacts): ReminderMessage {
  return {
    event: 'redemption_expiring',
    dedupeKey: `redemption_expiring:${r.redemptionId}`,
    page: 'packages/points/redemptions/index',
    data: { thing1: thing(r.itemName), character_string2: characterString(r.pickupCode), time3: time(r.expiresAt), thing4: thing(`过期未领，${r.points}积分将退回`) },
  }
}

/* ----------------------------------------------------------------- timing and failures */

/**
 * How far ahead a time-based reminder goes out ("tomorrow"), and the least notice that makes one worth sending:
 * whoever booked or signed up within a day of the start has it in mind and is not reminded.
 */
export const REMIND_AHEAD_MS = DAY_MS

/** Attempts before a message that keeps failing for passing reasons is given up. */
export const MAX_ATTEMPTS = 5

/** Wait after the n-th failed attempt (1-based): 1 min, 5 min, 30 min, 2 h. */
export function retryDelayMs(attempts: number): number {
  return [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000][Math.min(attempts, 4) - 1] ?? 60_000
}

/** A row stuck in `sending` this long belongs to a sender that died mid-send: its outcome is unknown. */
export const SENDING_LEASE_MS = 10 * 60_000

/** errcodes of subscribeMessage.send worth another try: WeChat busy, or a rate limit of the moment. */
const RETRYABLE_ERRCODES = new Set([-1, 45009, 45011])
/** 43101: the user has not accepted this template, or has used the one message they accepted. */
export const USER_REFUSED_ERRCODE = 43101

export type SendOutcome = { status: 'sent' } | { status: 'refused' | 'failed'; error: string } | { status: 'retry'; error: string }

/** What a failed send means: refused by the user, a permanent fault (bad template, data, openid), or try later. */
export function outcomeOfFailure(errcode: number | null, error: string): SendOutcome {
  if (errcode === USER_REFUSED_ERRCODE) return { status: 'refused', error }
  if (errcode === null || RETRYABLE_ERRCODES.has(errcode)) return { status: 'retry', error }
  return { status: 'failed', error }
}
