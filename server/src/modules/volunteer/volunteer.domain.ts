import { createHmac, timingSafeEqual } from 'node:crypto'
import type { ActivityAction, RosterAction, SignupStatus } from '../../../../types/api/labels'
import { STAR_THRESHOLD_HOURS } from '../../../../types/api/labels'
import { HOUR_MS, MINUTE_MS } from '../../../../types/time'

/* Service hours, the rotating check-in code and what a volunteer may do — pure rules. Instants are epoch ms. */

/** Check-in opens this long before the start; check-out is accepted until this long after the end. */
export const CHECK_IN_OPENS_MINUTES = 30
export const CHECK_OUT_GRACE_MINUTES = 120
/** The QR code changes every window and is accepted in its own window and the one after: valid 30–60 s. */
export const QR_WINDOW_SECONDS = 30

/**
 * Service minutes: the checked-in time inside the scheduled window (arriving early or staying late adds
 * nothing), rounded down to whole half hours as the record credits them.
 */
export function serviceMinutes(checkedIn: number, checkedOut: number, startsAt: number, endsAt: number): number {
  const from = Math.max(checkedIn, startsAt)
  const to = Math.min(checkedOut, endsAt)
  if (to <= from) return 0
  return Math.floor((to - from) / (30 * MINUTE_MS)) * 30
}

/** Hours for display and points: minutes / 60, exact to the half hour. */
export function hoursOf(minutes: number): number {
  return Math.round((minutes / 60) * 10) / 10
}

/** 星级: 1 star from 100 h, … 5 stars from 1500 h. */
export function starLevel(totalHours: number): { stars: number; nextStarHours: number | null } {
  const stars = STAR_THRESHOLD_HOURS.filter((h) => totalHours >= h).length
  return { stars, nextStarHours: STAR_THRESHOLD_HOURS[stars] ?? null }
}

export function qrWindow(now: number): number {
  return Math.floor(now / (QR_WINDOW_SECONDS * 1000))
}

function qrMac(secret: string, activityId: number, window: number): string {
  return createHmac('sha256', secret).update(`${activityId}:${window}`).digest('base64url').slice(0, 16)
}

/** The text of the organiser's QR code for a time window: `doorstep:vol:<activity>:<window>:<hmac>`. */
export function qrPayload(secret: string, activityId: number, now: number): { code: string; expiresAt: number } {
  const window = qrWindow(now)
  return { code: `doorstep:vol:${activityId}:${window}:${qrMac(secret, activityId, window)}`, expiresAt: (window + 2) * QR_WINDOW_SECONDS * 1000 }
}

export function parseQrPayload(text: string): { activityId: number; window: number; mac: string } | null {
  const m = /^doorstep:vol:(\d{1,9}):(\d{1,12}):([A-Za-z0-9_-]{16})$/.exec(text.trim())
  return m ? { activityId: Number(m[1]), window: Number(m[2]), mac: m[3]! } : null
}

/**
 * Whether a scanned code is genuine and current. A forged or altered code fails the HMAC; a genuine code from
 * more than a window ago (a photo passed on) has expired.
 */
export function verifyQr(parsed: { activityId: number; window: number; mac: string }, secret: string, now: number): 'valid' | 'forged' | 'expired' {
  const expected = Buffer.from(qrMac(secret, parsed.activityId, parsed.window))
  const given = Buffer.from(parsed.mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'forged'
  const current = qrWindow(now)
  return parsed.window === current || parsed.window === current - 1 ? 'valid' : 'expired'
}

export type ActivityState = { startsAt: number; endsAt: number; cancelled: boolean; capacity: number; signedUp: number; cancelDeadlineHours: number }
export type SignupState = { status: SignupStatus; checkedInAt: number | null; checkedOutAt: number | null } | null

export function cancelDeadline(a: Pick<ActivityState, 'startsAt' | 'cancelDeadlineHours'>): number {
  return a.startsAt - a.cancelDeadlineHours * HOUR_MS
}

/** Sign-ups are open until the start; check-in from 30 minutes before it until the end. */
export function checkInOpen(a: Pick<ActivityState, 'startsAt' | 'endsAt'>, now: number): 'early' | 'open' | 'over' {
  if (now < a.startsAt - CHECK_IN_OPENS_MINUTES * MINUTE_MS) return 'early'
  return now < a.endsAt ? 'open' : 'over'
}

/** What the viewer may do with an activity now; the server enforces the same rules on each action. */
export function activityActions(a: ActivityState, signup: SignupState, viewer: { isOrganiser: boolean }, now: number): ActivityAction[] {
  const actions: ActivityAction[] = []
  const live = signup && (signup.status === 'accepted' || signup.status === 'waitlisted')
  // Offered to everyone: a resident not yet registered is sent to register when they press it.
  if (!a.cancelled && now < a.startsAt && !live) actions.push(a.signedUp < a.capacity ? 'sign_up' : 'join_waitlist')
  if (live && !a.cancelled && (signup.status === 'waitlisted' ? now < a.startsAt : now < cancelDeadline(a))) actions.push('cancel_signup')
  // Scanning checks in until the end, and checks out (once checked in) until the grace after it.
  const scanUntil = signup?.checkedInAt == null ? a.endsAt : a.endsAt + CHECK_OUT_GRACE_MINUTES * MINUTE_MS
  if (signup?.status === 'accepted' && !a.cancelled && signup.checkedOutAt === null && now >= a.startsAt - CHECK_IN_OPENS_MINUTES * MINUTE_MS && now < scanUntil) actions.push('scan')
  if (viewer.isOrganiser) actions.push('manage')
  return actions
}

/**
 * What the organiser may do with a sign-up now, by hand: check in (from when check-in opens), record a no-show
 * (once the activity has begun, for someone not checked in), check out, and confirm the hours once both times
 * are there. The organiser's actions on the server apply the same rules.
 */
export function rosterActions(
  a: Pick<ActivityState, 'startsAt' | 'cancelled'>,
  s: { status: SignupStatus; checkedInAt: number | null; checkedOutAt: number | null; confirmed: boolean },
  now: number,
): RosterAction[] {
  if (s.status !== 'accepted' || a.cancelled) return []
  if (s.checkedInAt === null) {
    const actions: RosterAction[] = []
    if (now >= a.startsAt - CHECK_IN_OPENS_MINUTES * MINUTE_MS) actions.push('check_in')
    if (now >= a.startsAt) actions.push('no_show')
    return actions
  }
  if (s.checkedOutAt === null) return ['check_out']
  return s.confirmed ? [] : ['confirm']
}

/**
 * What an organiser's check-in or check-out does to one sign-up: write it, nothing (already so — a replay or a
 * second organiser), or refuse it and say why. The one rule for the single and the batch actions.
 */
export type AttendanceStep = { kind: 'apply' } | { kind: 'unchanged' } | { kind: 'refused'; reason: 'not_accepted' | 'not_checked_in' | 'not_open' }
export function attendanceStep(
  action: 'check_in' | 'check_out',
  a: Pick<ActivityState, 'startsAt' | 'endsAt'>,
  s: { status: SignupStatus; checkedInAt: number | null; checkedOutAt: number | null },
  now: number,
): AttendanceStep {
  if (s.status !== 'accepted') return { kind: 'refused', reason: 'not_accepted' }
  if (action === 'check_in') {
    if (s.checkedInAt !== null) return { kind: 'unchanged' }
    return checkInOpen(a, now) === 'early' ? { kind: 'refused', reason: 'not_open' } : { kind: 'apply' }
  }
  if (s.checkedOutAt !== null) return { kind: 'unchanged' }
  return s.checkedInAt === null ? { kind: 'refused', reason: 'not_checked_in' } : { kind: 'apply' }
}

/** 证明编号: 爱辉志证〔2026〕第000012号. */
export function certificateNumber(prefix: string, year: number, id: number): string {
  return `${prefix}〔${year}〕第${String(id).padStart(6, '0')}号`
}

/** Verification codes: 12 characters without look-alikes, grouped by four for reading aloud. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export function verificationCode(randomInt: (max: number) => number): string {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)])
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((g) => g.join('')).join('-')
}

/** The name as the public verification shows it: 李*国 — enough to match the paper, not to find the person. */
export function halfMaskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return chars.join('')
  if (chars.length === 2) return `${chars[0]}*`
  return chars[0] + '*'.repeat(chars.length - 2) + chars.at(-1)
}
