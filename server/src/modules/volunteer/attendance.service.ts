import type { z } from 'zod'
import type { SignupStatus } from '../../../../types/api/labels'
import type { BatchAttendanceRequest, BatchAttendanceResult, ZConfirmHoursRequest } from '../../../../types/api/volunteer'
import { MINUTE_MS } from '../../../../types/time'
import type { AppContext, RequestContext } from '../../context'
import type { Db, Tx } from '../../db/client'
import { sweepInBatches } from '../../db/sweep-in-batches'
import { AppError } from '../../http/app-error'
import { recordAudit } from '../audit/audit.service'
import type { Principal } from '../../http/principal'
import { distanceMeters } from '../org/org.domain'
import { findPersonRef } from '../people/people.api'
import { awardPointsByRule } from '../points/points.api'
import { activityDetail } from './activities.service'
import { getRoster, staffActivity } from './organiser.service'
import { attendanceStep, CHECK_IN_OPENS_MINUTES, CHECK_OUT_GRACE_MINUTES, checkInOpen, parseQrPayload, serviceMinutes, verifyQr } from './volunteer.domain'

type AttendanceAction = 'check_in' | 'check_out'
import * as repo from './volunteer.repository'

/* Who came and for how long: check-in and check-out (scanned, or by the organiser), the hours confirmed, no-shows. */

/** A second scan this soon after checking in repeats the check-in instead of checking out. */
const REPEAT_SCAN_MINUTES = 5

/**
 * The volunteer scans the organiser's rotating code: the first scan checks in, a later one checks out. The code
 * must be genuine (HMAC), current (this or the previous 30-second window) and — when the organiser enabled the
 * geofence — scanned near the place.
 */
export async function scan(ctx: AppContext, principal: Principal, input: { code: string; latitude?: number; longitude?: number }) {
  const parsed = parseQrPayload(input.code)
  if (!parsed) throw new AppError('ACTIVITY_CODE_INVALID')
  const a = await repo.findActivity(ctx.db, parsed.activityId)
  if (!a) throw new AppError('ACTIVITY_CODE_INVALID')
  const now = ctx.now()
  const verdict = verifyQr(parsed, a.qrSecret, now.getTime())
  if (verdict === 'forged') throw new AppError('ACTIVITY_CODE_INVALID')
  if (verdict === 'expired') throw new AppError('ACTIVITY_CODE_EXPIRED')
  const mine = await repo.findMySignup(ctx.db, a.id, principal.userId)
  if (!mine || mine.status !== 'accepted' || a.cancelledAt) throw new AppError('ACTIVITY_NOT_SIGNED_UP')
  if (a.geofenceMeters !== null && a.latitude !== null && a.longitude !== null) {
    if (input.latitude === undefined || input.longitude === undefined) throw new AppError('LOCATION_REQUIRED')
    if (distanceMeters({ latitude: a.latitude, longitude: a.longitude }, { latitude: input.latitude, longitude: input.longitude }) > a.geofenceMeters) throw new AppError('LOCATION_TOO_FAR')
  }
  const action = await ctx.db.transaction(async (tx) => {
    const signup = await repo.lockSignup(tx, mine.id)
    if (!signup || signup.status !== 'accepted') throw new AppError('ACTIVITY_NOT_SIGNED_UP')
    if (signup.checkedInAt === null) {
      const open = checkInOpen({ startsAt: a.startsAt.getTime(), endsAt: a.endsAt.getTime() }, now.getTime())
      if (open === 'early') throw new AppError('ACTIVITY_CHECK_IN_NOT_OPEN')
      if (open === 'over') throw new AppError('ACTIVITY_CHECK_IN_CLOSED')
      await repo.updateSignup(tx, signup.id, ['accepted'], { checkedInAt: now })
      return 'checked_in' as const
    }
    if (signup.checkedOutAt !== null) throw new AppError('ACTIVITY_ALREADY_CHECKED_OUT')
    if (now.getTime() - signup.checkedInAt.getTime() < REPEAT_SCAN_MINUTES * MINUTE_MS) return 'checked_in' as const
    if (now.getTime() > a.endsAt.getTime() + CHECK_OUT_GRACE_MINUTES * MINUTE_MS) throw new AppError('ACTIVITY_CHECK_IN_CLOSED')
    await repo.updateSignup(tx, signup.id, ['accepted'], { checkedOutAt: now, checkedOutBy: 'volunteer' })
    return 'checked_out' as const
  })
  return { action, activity: await activityDetail(ctx, principal, a.id, now) }
}

/**
 * A sign-up of an activity the caller organises, locked, with its activity. Never the caller's own or a family
 * member's (separation of duties): their check-in, check-out, hours and no-show are for another staff member.
 */
async function staffSignup(tx: Tx, principal: Principal, signupId: number) {
  const signup = await repo.lockSignup(tx, signupId)
  if (!signup) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(signup.communityId)
  principal.assertNotSelfDealing({ userId: signup.userId, personId: signup.personId, householdId: (await findPersonRef(tx, signup.personId))?.householdId })
  const a = (await repo.findActivity(tx, signup.activityId))!
  return { signup, a }
}

/** The organiser's check-in or check-out of one locked sign-up, by the one rule (attendanceStep); the time is now. */
async function attendOne(tx: Tx, signup: NonNullable<Awaited<ReturnType<typeof repo.lockSignup>>>, a: repo.ActivityRow, action: AttendanceAction, now: Date) {
  const step = attendanceStep(action, { startsAt: a.startsAt.getTime(), endsAt: a.endsAt.getTime() }, { status: signup.status, checkedInAt: signup.checkedInAt?.getTime() ?? null, checkedOutAt: signup.checkedOutAt?.getTime() ?? null }, now.getTime())
  if (step.kind !== 'apply') return step
  if (action === 'check_in') await repo.updateSignup(tx, signup.id, ['accepted'], { checkedInAt: now })
  // A check-out never precedes its check-in.
  else await repo.updateSignup(tx, signup.id, ['accepted'], { checkedOutAt: now < signup.checkedInAt! ? signup.checkedInAt! : now, checkedOutBy: 'organiser' })
  return step
}

/** Manual check-in for someone whose phone fails (or check-out); done already or not allowed now is a conflict. */
async function staffAttend(ctx: RequestContext, principal: Principal, signupId: number, action: AttendanceAction) {
  const now = ctx.now()
  const activityId = await ctx.db.transaction(async (tx) => {
    const { signup, a } = await staffSignup(tx, principal, signupId)
    const step = await attendOne(tx, signup, a, action, now)
    if (step.kind === 'refused' && step.reason === 'not_open') throw new AppError('ACTIVITY_CHECK_IN_NOT_OPEN')
    if (step.kind !== 'apply') throw new AppError('SIGNUP_STATE_CONFLICT')
    await recordAudit(tx, { actorUserId: principal.userId, action: action === 'check_in' ? 'attendance.check_in' : 'attendance.check_out', communityId: a.communityId, subjectType: 'signup', subjectId: signupId, detail: { activityId: a.id, title: a.title }, at: now })
    return a.id
  })
  return getRoster(ctx, principal, activityId)
}

export const staffCheckIn = (ctx: RequestContext, principal: Principal, signupId: number) => staffAttend(ctx, principal, signupId, 'check_in')
export const staffCheckOut = (ctx: RequestContext, principal: Principal, signupId: number) => staffAttend(ctx, principal, signupId, 'check_out')

const BATCH_VERBS: Record<AttendanceAction, string> = { check_in: '签到', check_out: '签退' }
const NOT_ACCEPTED: Record<Exclude<SignupStatus, 'accepted'>, string> = { no_show: '已记为未到场', cancelled: '已取消报名', waitlisted: '仍在候补' }

/**
 * 批量签到 / 批量签退: the single action's rules applied to each chosen sign-up of this activity, each in its own
 * transaction so one refusal does not undo the others. Replaying it changes nothing: whoever is already checked
 * in (or out) comes back `unchanged`. Each refusal says why, in words that follow 「N人」.
 */
export async function batchAttendance(ctx: RequestContext, principal: Principal, activityId: number, input: BatchAttendanceRequest): Promise<BatchAttendanceResult> {
  const activity = await staffActivity(ctx.db, principal, activityId)
  const signupIds = [...new Set(input.signupIds)]
  // The page sends only its roster's sign-ups: any other id is a wrong request, and nothing is done.
  if ((await repo.countSignupsOfActivity(ctx.db, activityId, signupIds)) !== signupIds.length) throw new AppError('NOT_FOUND')
  const now = ctx.now()
  const verb = BATCH_VERBS[input.action]
  const results: BatchAttendanceResult['results'] = []
  for (const signupId of signupIds) {
    const result = await ctx.db.transaction(async (tx) => {
      const signup = await repo.lockSignup(tx, signupId)
      // Checked above; a sign-up does not move to another activity.
      if (!signup || signup.activityId !== activityId) throw new AppError('NOT_FOUND')
      const householdId = (await findPersonRef(tx, signup.personId))?.householdId
      if (principal.isSelfDealing({ userId: signup.userId, personId: signup.personId, householdId })) return `是您本人或家人，须由其他工作人员${verb}`
      const a = (await repo.findActivity(tx, activityId))!
      const step = await attendOne(tx, signup, a, input.action, now)
      if (step.kind !== 'refused') return step.kind === 'apply' ? ('done' as const) : ('unchanged' as const)
      if (step.reason === 'not_open') return `还没到签到时间（活动开始前${CHECK_IN_OPENS_MINUTES}分钟起）`
      if (step.reason === 'not_checked_in') return '还没签到，无法签退'
      return `${NOT_ACCEPTED[signup.status as Exclude<SignupStatus, 'accepted'>]}，无法${verb}`
    })
    results.push(result === 'done' || result === 'unchanged' ? { signupId, outcome: result, message: null } : { signupId, outcome: 'refused', message: result })
  }
  const done = results.filter((r) => r.outcome === 'done').length
  if (done > 0) {
    // Each sign-up moved in its own transaction; the trail keeps the batch as one row, written once they are done.
    await recordAudit(ctx.db, {
      actorUserId: principal.userId, action: input.action === 'check_in' ? 'attendance.check_in' : 'attendance.check_out', communityId: activity.communityId, subjectType: 'activity', subjectId: activityId,
      detail: { title: activity.title, batch: true, done, signupIds: results.filter((r) => r.outcome === 'done').map((r) => r.signupId) }, at: now,
    })
  }
  return { results, roster: await getRoster(ctx, principal, activityId) }
}

/** Checks out everyone still checked in, at now (or at the end, if the activity is over). */
export async function checkOutEveryone(ctx: AppContext, principal: Principal, activityId: number) {
  const a = await staffActivity(ctx.db, principal, activityId)
  const now = ctx.now()
  const at = now > a.endsAt ? a.endsAt : now
  const affected = await ctx.db.transaction((tx) => repo.checkOutAll(tx, activityId, at, 'organiser'))
  return { affected }
}

/**
 * Confirms a volunteer's hours: the computed service time, or the organiser's figure with a reason (logged).
 * Confirmation awards the points of 志愿服务 through the ledger in the same transaction — once per sign-up,
 * enforced by the ledger's unique event key as well as the conditional update here.
 */
async function confirmOne(tx: Tx, principal: Principal, signupId: number, input: { hours?: number; reason?: string }, now: Date, batch = false) {
  const { signup, a } = await staffSignup(tx, principal, signupId)
  if (signup.confirmedAt) throw new AppError('HOURS_ALREADY_CONFIRMED')
  if (signup.status !== 'accepted' || !signup.checkedInAt || !signup.checkedOutAt) throw new AppError('HOURS_NOT_READY')
  const computed = serviceMinutes(signup.checkedInAt.getTime(), signup.checkedOutAt.getTime(), a.startsAt.getTime(), a.endsAt.getTime())
  const minutes = input.hours === undefined ? computed : Math.round(input.hours * 60)
  if (minutes !== computed) {
    await repo.insertAdjustment(tx, { signupId, communityId: signup.communityId, computedMinutes: computed, confirmedMinutes: minutes, reason: input.reason!, actorUserId: principal.userId, createdAt: now })
  }
  const person = await findPersonRef(tx, signup.personId)
  const award = person?.householdId && minutes > 0
    ? await awardPointsByRule(tx, { communityId: a.communityId, personId: signup.personId, rule: 'volunteer_hour', sourceType: 'activity_signup', sourceId: signup.id, title: `志愿服务：${a.title}`, quantity: minutes / 60, actorUserId: principal.userId, now })
    : { amount: 0 }
  const done = await repo.updateSignup(tx, signupId, ['accepted'], { confirmedMinutes: minutes, confirmedByUserId: principal.userId, confirmedAt: now, pointsAwarded: award.amount })
  if (!done) throw new AppError('SIGNUP_STATE_CONFLICT')
  await recordAudit(tx, {
    actorUserId: principal.userId, action: 'attendance.confirm', communityId: a.communityId, subjectType: 'signup', subjectId: signupId,
    detail: { activityId: a.id, title: a.title, minutes, points: award.amount, ...(minutes !== computed ? { computedMinutes: computed, reason: input.reason } : {}), ...(batch ? { batch } : {}) }, at: now,
  })
  return a.id
}

export async function confirmHours(ctx: RequestContext, principal: Principal, signupId: number, input: z.output<typeof ZConfirmHoursRequest>) {
  const now = ctx.now()
  const activityId = await ctx.db.transaction((tx) => confirmOne(tx, principal, signupId, input, now))
  return getRoster(ctx, principal, activityId)
}

/**
 * Confirms the computed hours of everyone checked out and not yet confirmed — except the caller's own and their
 * family's, which stay for another staff member (separation of duties).
 */
export async function confirmAll(ctx: AppContext, principal: Principal, activityId: number) {
  await staffActivity(ctx.db, principal, activityId)
  const now = ctx.now()
  const rows = await repo.roster(ctx.db, activityId)
  let affected = 0
  await ctx.db.transaction(async (tx) => {
    for (const { signup: s, householdId } of rows) {
      if (s.status !== 'accepted' || !s.checkedOutAt || s.confirmedAt) continue
      if (principal.isSelfDealing({ userId: s.userId, personId: s.personId, householdId })) continue
      await confirmOne(tx, principal, s.id, {}, now, true)
      affected++
    }
  })
  return { affected }
}

/** Records that a volunteer did not come (after the activity, never checked in). */
export async function markNoShow(ctx: RequestContext, principal: Principal, signupId: number) {
  const now = ctx.now()
  const activityId = await ctx.db.transaction(async (tx) => {
    const { signup, a } = await staffSignup(tx, principal, signupId)
    if (signup.status !== 'accepted' || signup.checkedInAt || now < a.startsAt) throw new AppError('SIGNUP_STATE_CONFLICT')
    await repo.updateSignup(tx, signupId, ['accepted'], { status: 'no_show' })
    await recordAudit(tx, { actorUserId: principal.userId, action: 'attendance.no_show', communityId: a.communityId, subjectType: 'signup', subjectId: signupId, detail: { activityId: a.id, title: a.title }, at: now })
    return a.id
  })
  return getRoster(ctx, principal, activityId)
}

/**
 * Sweep: closes forgotten check-outs at the scheduled end (or at the check-in, for someone the organiser checked
 * in by hand after the end: a check-out never precedes its check-in). Safe on any number of instances (SKIP
 * LOCKED, conditional).
 */
export async function closeForgottenCheckOuts(db: Db, now: Date): Promise<number> {
  return sweepInBatches(db, 100, async (tx, size) => {
    const rows = await repo.lockForgottenCheckOuts(tx, now, size)
    for (const r of rows) {
      const at = r.checkedInAt && r.checkedInAt > r.endsAt ? r.checkedInAt : r.endsAt
      await repo.updateSignup(tx, r.id, ['accepted'], { checkedOutAt: at, checkedOutBy: 'sweep' })
    }
    return rows.length
  })
}
