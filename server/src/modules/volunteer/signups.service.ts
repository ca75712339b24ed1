import type { Activity, MySignup } from '../../../../types/api/volunteer'
import type { AppContext } from '../../context'
import { isDeadlock, type Db, type Tx } from '../../db/client'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { remindWaitlistPromoted } from '../reminders/reminders.service'
import { activityDetail } from './activities.service'
import { requireProfile } from './profile.service'
import { cancelDeadline } from './volunteer.domain'
import { toMySignup } from './volunteer.mapper'
import * as repo from './volunteer.repository'

/* Signing up and cancelling, the waitlist that fills the places freed, and the caller's own sign-ups. */

/**
 * Signs the caller up: a place is taken by one conditional UPDATE of the activity's count (so capacity holds
 * however many press at once) and the sign-up row is inserted in the same statement; when no place is left the
 * caller joins the waitlist. A volunteer's accepted sign-ups cannot overlap (checked first for a clear answer,
 * and by the EXCLUDE constraint in the database). The checks before the write are one read (`signupChecks`).
 */
export async function signUp(ctx: AppContext, principal: Principal, activityId: number): Promise<Activity> {
  const now = ctx.now()
  let mine: repo.SignupRow | null
  for (let attempt = 1; ; attempt++) {
    const checks = await repo.signupChecks(ctx.db, activityId, principal.userId)
    if (!checks) {
      await requireProfile(ctx.db, principal)
      throw new AppError('NOT_FOUND')
    }
    const { activity: a, personId } = checks
    if (personId === null) throw new AppError('VOLUNTEER_NOT_REGISTERED')
    if (!a.published) throw new AppError('NOT_FOUND')
    if (a.cancelledAt || now >= a.startsAt) throw new AppError('ACTIVITY_SIGNUP_CLOSED')
    if (checks.signedUp) throw new AppError('ACTIVITY_ALREADY_SIGNED_UP')
    if (checks.overlaps) throw new AppError('ACTIVITY_OVERLAP')
    try {
      mine = await signUpOnce(ctx.db, a, principal.userId, personId, now)
      break
    } catch (err) {
      // An overlapping accepted sign-up written outside this path (a promotion from a waitlist) and this one wait
      // on each other at the overlap constraint, and PostgreSQL aborts one: this one, rolled back whole, looks
      // again (and now sees the other's answer).
      if (isDeadlock(err) && attempt < 3) continue
      throw err
    }
  }
  return activityDetail(ctx, principal, activityId, now, mine ?? undefined)
}

/**
 * One try at taking a place, or else joining the waitlist, each in one statement (a rush pays for every round
 * trip): the count moves and the accepted sign-up is written together (`takePlaceAndSignUp`). When no place is
 * left (the checks saw the activity full, or the count said so), the caller joins the waitlist; if a cancellation
 * freed a place meanwhile, the waitlist is promoted after (this sign-up is on it by then), so nobody waits beside
 * a free place.
 * Answers the sign-up as written, or null when the promotion may have moved it since.
 */
async function signUpOnce(db: Db, a: repo.ActivityRow, userId: number, personId: number, now: Date): Promise<repo.SignupRow | null> {
  const values = { activityId: a.id, communityId: a.communityId, userId, personId, startsAt: a.startsAt, endsAt: a.endsAt, createdAt: now }
  if (a.signedUp < a.capacity) {
    const accepted = await repo.takePlaceAndSignUp(db, values)
    if (accepted) return accepted
  }
  const joined = await repo.joinWaitlist(db, values)
  if (!joined) throw new AppError('ACTIVITY_SIGNUP_CLOSED')
  if (!joined.placeFreed) return joined.signup
  await db.transaction(async (tx) => {
    const locked = await repo.lockActivity(tx, a.id)
    if (locked && !locked.cancelledAt) await promoteWaitlist(tx, a.id, now)
  })
  return null
}

/**
 * Gives places to the waitlist in order, while places are free. A waiting volunteer who meanwhile took another
 * activity at the same time is passed over (the overlap constraint refuses the move inside a savepoint).
 * Runs under the activity's lock (lock order everywhere: activity, then sign-ups).
 */
export async function promoteWaitlist(tx: Tx, activityId: number, now: Date): Promise<number> {
  let promoted = 0
  for (const waiting of await repo.lockWaitlist(tx, activityId, 20)) {
    const took = await repo.takePlace(tx, activityId)
    if (!took) break
    try {
      await repo.acceptFromWaitlist(tx, waiting.id, now)
      promoted++
      await remindWaitlistPromoted(tx, [waiting.id], now)
    } catch (err) {
      // ACTIVITY_OVERLAP: they hold an overlapping activity. A deadlock: their sign-up for one is in flight and
      // waits on this promotion as it waits on theirs — PostgreSQL aborted this side. Either way they are passed
      // over; the savepoint rolled the move back, and the place goes to the next in line.
      if (!(err instanceof AppError && err.code === 'ACTIVITY_OVERLAP') && !isDeadlock(err)) throw err
      await repo.releasePlace(tx, activityId)
    }
  }
  return promoted
}

/** Cancels the caller's sign-up before the deadline (a waitlist place until the start); the next in line moves up. */
export async function cancelSignup(ctx: AppContext, principal: Principal, activityId: number): Promise<Activity> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    // Lock order everywhere: activity, then sign-ups.
    const a = await repo.lockActivity(tx, activityId)
    if (!a) throw new AppError('NOT_FOUND')
    const mine = await repo.findMySignup(tx, activityId, principal.userId)
    if (!mine || (mine.status !== 'accepted' && mine.status !== 'waitlisted')) throw new AppError('SIGNUP_STATE_CONFLICT')
    const deadline = mine.status === 'waitlisted' ? a.startsAt.getTime() : cancelDeadline({ startsAt: a.startsAt.getTime(), cancelDeadlineHours: a.cancelDeadlineHours })
    if (now.getTime() >= deadline) throw new AppError('SIGNUP_CANCEL_TOO_LATE')
    const cancelled = await repo.updateSignup(tx, mine.id, [mine.status], { status: 'cancelled', cancelledAt: now })
    if (!cancelled) throw new AppError('SIGNUP_STATE_CONFLICT')
    if (mine.status === 'accepted') {
      await repo.releasePlace(tx, activityId)
      await promoteWaitlist(tx, activityId, now)
    }
  })
  return activityDetail(ctx, principal, activityId, now)
}

/** 我报名的活动: upcoming (accepted or waitlisted, not yet over) or history. */
export async function listMySignups(ctx: AppContext, principal: Principal, scope: 'upcoming' | 'history'): Promise<{ items: MySignup[] }> {
  const now = ctx.now()
  const rows = await repo.signupsOfUser(ctx.db, principal.userId, scope, now)
  const positions = await repo.waitlistPositionsOf(ctx.db, rows.map((r) => r.signup))
  return { items: rows.map((r) => toMySignup(r, positions, now)) }
}
