import { NOT_FOUND_MESSAGES } from '../../../../types/api/errors'
import { WISH_CATEGORY_LABELS, type WishEventKind } from '../../../../types/api/labels'
import type { Wish, WishCategoryValue } from '../../../../types/api/wishes'
import { chinaDate } from '../../../../types/time'
import type { AppContext, RequestContext } from '../../context'
import type { Db, Tx } from '../../db/client'
import { sweepInBatches } from '../../db/sweep-in-batches'
import { AppError } from '../../http/app-error'
import { type AuditAction, recordAudit } from '../audit/audit.service'
import type { Principal } from '../../http/principal'
import { findPersonRef, lockAccount, openidOf } from '../people/people.api'
import { unitOfMember } from '../people/units.service'
import { awardPointsByRule } from '../points/points.api'
import { remindWishClaimed } from '../reminders/reminders.service'
import { checkUploads } from '../uploads/uploads.service'
import { getWish, wishNotFound } from './wish-lists.service'
import { loadWishSettings } from './wish-settings.service'
import { canMove, claimDeadline, claimLapsed, isVisibleTo, mayConfirmForWisher, TRANSITIONS, type Transition, type WishViewer } from './wishes.domain'
import { wishParties } from './wishes.mapper'
import * as repo from './wishes.repository'

/*
 * The life of a wish: posting, review, claim, fulfilment, confirmation, and the sweep that lapses overdue claims.
 */

type WishFields = { category: WishCategoryValue; title: string; description: string; photoIds: number[]; valueYuan: number; contactPreference: Wish['contactPreference']; neededBy: string | null }

const personNotFound = () => new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.person })

/* ----------------------------------------------------------------- posting */

/** Photos must be the poster's own uploads for wishes; anything else is refused, not ignored. */
async function postWish(ctx: AppContext, input: WishFields & { wisherPersonId: number; postedByUserId: number; onBehalf: boolean }): Promise<number> {
  const wisher = await findPersonRef(ctx.db, input.wisherPersonId)
  if (!wisher) throw personNotFound()
  if (!wisher.householdId) throw new AppError('HOUSEHOLD_REQUIRED', { message: '发布心愿需要先完成住户认证' })
  if (input.neededBy && input.neededBy < chinaDate(ctx.now())) throw AppError.field('neededBy', '希望完成日期不能早于今天')
  const settings = await loadWishSettings(ctx.db, wisher.communityId)
  if (input.valueYuan > settings.maxValueYuan) throw new AppError('WISH_VALUE_TOO_HIGH', { message: `心愿价值不能超过${settings.maxValueYuan}元` })
  const photoIds = await checkUploads(ctx.db, input.photoIds, 'wish_photo', input.postedByUserId)
  // The check runs before the transaction: it is a network call, and its verdict only marks the wish for review.
  const check = await ctx.contentChecker.checkText({ title: input.title, text: input.description, openid: await openidOf(ctx.db, input.postedByUserId) })
  const now = ctx.now()
  return ctx.db.transaction(async (tx) => {
    const wish = await repo.insertWish(tx, {
      communityId: wisher.communityId,
      wisherPersonId: wisher.id,
      postedByUserId: input.postedByUserId,
      postedOnBehalf: input.onBehalf,
      consentRecorded: input.onBehalf,
      category: input.category,
      title: input.title,
      description: input.description,
      photoIds,
      valueYuan: input.valueYuan,
      contactPreference: input.contactPreference,
      neededBy: input.neededBy,
      textModeration: check.verdict,
      moderationLabels: check.labels,
      createdAt: now,
      updatedAt: now,
    })
    await repo.insertEvent(tx, { wishId: wish.id, communityId: wish.communityId, kind: 'posted', actorUserId: input.postedByUserId, note: input.onBehalf ? '社区工作人员代为发布（已征得居民本人同意）' : null, createdAt: now })
    if (input.onBehalf) {
      await recordAudit(tx, { actorUserId: input.postedByUserId, action: 'wish.post_for_resident', communityId: wish.communityId, subjectType: 'wish', subjectId: wish.id, detail: { title: input.title, personId: wisher.id }, at: now })
    }
    return wish.id
  })
}

export async function createWish(ctx: RequestContext, principal: Principal, input: WishFields): Promise<Wish> {
  if (!principal.personId) throw new AppError('HOUSEHOLD_REQUIRED', { message: '发布心愿需要先完成住户认证' })
  const id = await postWish(ctx, { ...input, wisherPersonId: principal.personId, postedByUserId: principal.userId, onBehalf: false })
  return getWish(ctx, principal, id)
}

/** Staff post for a resident without a smartphone, with the resident's consent recorded. */
export async function createWishOnBehalf(ctx: RequestContext, principal: Principal, input: WishFields & { personId: number }): Promise<Wish> {
  const wisher = await findPersonRef(ctx.db, input.personId)
  // A deleted account's person is kept only for the records: nobody acts in their name any more.
  if (!wisher || wisher.anonymisedAt) throw personNotFound()
  principal.assertStaffOf(wisher.communityId)
  // 代发 is for residents without a smartphone; a staff member's own family posts themselves (or another staff member does).
  principal.assertNotSelfDealing({ personId: wisher.id, householdId: wisher.householdId })
  const id = await postWish(ctx, { ...input, wisherPersonId: wisher.id, postedByUserId: principal.userId, onBehalf: true })
  return getWish(ctx, principal, id)
}

/* ----------------------------------------------------------------- moves */

type Locked = { wish: repo.WishRow; claim: repo.ClaimRow | null }

/**
 * One move of a wish, in one transaction on the locked wish row: `authorise` says whether this caller may make
 * it (403 otherwise), the state machine whether the wish is in a state it starts from (409 otherwise), and
 * `apply` makes it. A wish the caller may not see is NOT_FOUND.
 */
async function move(
  ctx: RequestContext,
  principal: Principal,
  id: number,
  transition: Transition,
  steps: {
    /** Staff moves: staff of another community are told so (OUT_OF_COMMUNITY) rather than NOT_FOUND. */
    staff?: boolean
    authorise: (w: Locked, viewer: WishViewer) => boolean
    /** A refusal more precise than WISH_STATE_CONFLICT for some states. */
    conflict?: (w: Locked) => AppError | null
    apply: (tx: Tx, w: Locked, now: Date) => Promise<{ event: WishEventKind; note?: string | null; set: Parameters<typeof repo.moveWish>[3]; audit?: Record<string, unknown> }>
    /** A staff move goes into the audit trail under this action, with what `apply` returns as `audit`. */
    audit?: AuditAction
  },
): Promise<Wish> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const wish = await repo.lockWish(tx, id)
    if (!wish) throw wishNotFound()
    if (steps.staff) principal.assertStaffOf(wish.communityId)
    const claim = wish.currentClaimId ? await repo.findClaim(tx, wish.currentClaimId) : null
    const parties = wishParties(
      wish,
      claim,
      (await findPersonRef(tx, wish.wisherPersonId))?.householdId,
      claim?.claimerPersonId ? (await findPersonRef(tx, claim.claimerPersonId))?.householdId : null,
    )
    // Separation of duties: staff never review or confirm a wish of their own household, as wisher or claimer.
    if (steps.staff) principal.assertNotSelfDealing(...parties)
    const viewer: WishViewer = {
      isWisher: principal.personId !== null && principal.personId === wish.wisherPersonId,
      isClaimer: claim !== null && claim.claimerUserId === principal.userId,
      isStaff: principal.isStaffOf(wish.communityId),
      mayClaim: principal.has('volunteer') || principal.has('party_member') || principal.has('unit'),
      selfDealing: principal.isSelfDealing(...parties),
    }
    if (!isVisibleTo(wish.status, viewer)) throw wishNotFound()
    if (!steps.authorise({ wish, claim }, viewer)) throw new AppError('FORBIDDEN')
    if (!canMove(wish.status, transition)) throw steps.conflict?.({ wish, claim }) ?? new AppError('WISH_STATE_CONFLICT')
    const { event, note, set, audit } = await steps.apply(tx, { wish, claim }, now)
    const moved = await repo.moveWish(tx, id, TRANSITIONS[transition].from, { ...set, status: TRANSITIONS[transition].to, updatedAt: now })
    // The row is locked: this cannot miss. Should it, nothing of the move may stand.
    if (!moved) throw new AppError('WISH_STATE_CONFLICT')
    await repo.insertEvent(tx, { wishId: id, communityId: wish.communityId, kind: event, actorUserId: principal.userId, note: note ?? null, createdAt: now })
    if (steps.audit) {
      await recordAudit(tx, { actorUserId: principal.userId, action: steps.audit, communityId: wish.communityId, subjectType: 'wish', subjectId: id, detail: { title: wish.title, ...audit }, at: now })
    }
  })
  return getWish(ctx, principal, id)
}

export function approveWish(ctx: RequestContext, principal: Principal, id: number, category?: WishCategoryValue) {
  return move(ctx, principal, id, 'approve', {
    staff: true,
    audit: 'wish.approve',
    authorise: (_w, v) => v.isStaff,
    apply: async (tx, { wish }, now) => {
      const recategorised = category !== undefined && category !== wish.category
      if (recategorised) {
        await repo.insertEvent(tx, { wishId: id, communityId: wish.communityId, kind: 'category_changed', actorUserId: principal.userId, note: `${WISH_CATEGORY_LABELS[wish.category]} → ${WISH_CATEGORY_LABELS[category]}`, createdAt: now })
      }
      return {
        event: 'approved',
        set: { category: category ?? wish.category, reviewedByUserId: principal.userId, openedAt: now },
        audit: recategorised ? { categoryFrom: wish.category, categoryTo: category } : {},
      }
    },
  })
}

export function rejectWish(ctx: RequestContext, principal: Principal, id: number, reason: string) {
  return move(ctx, principal, id, 'reject', {
    staff: true,
    audit: 'wish.reject',
    authorise: (_w, v) => v.isStaff,
    apply: async () => ({ event: 'rejected', note: reason, set: { rejectReason: reason, reviewedByUserId: principal.userId }, audit: { reason } }),
  })
}

export function withdrawWish(ctx: RequestContext, principal: Principal, id: number) {
  return move(ctx, principal, id, 'withdraw', {
    authorise: (_w, v) => v.isWisher,
    apply: async () => ({ event: 'withdrawn', set: {} }),
  })
}

/**
 * 认领. The wish row is locked, so of any number of simultaneous claims exactly one finds it open; the claimer's
 * own row is locked first, so their active claims are counted one claim at a time. (Lock order: claimer, then
 * wish — no other path locks a wish before an account.)
 */
export async function claimWish(ctx: RequestContext, principal: Principal, id: number, input: { asUnit: boolean }): Promise<Wish> {
  if (input.asUnit && !principal.has('unit')) throw new AppError('UNIT_REQUIRED')
  if (!input.asUnit && !((principal.has('volunteer') || principal.has('party_member')) && principal.personId !== null)) throw new AppError('VOLUNTEER_REQUIRED')
  const now = ctx.now()
  // Most of a rush on one wish is answered "already claimed": that answer is read without a lock, so the losers do
  // not queue one by one behind the wish's row lock. The checks are made again under the lock.
  refuseClaimOf(await repo.findWish(ctx.db, id), principal)
  await ctx.db.transaction(async (tx) => {
    // One person's (or unit's) claims are made one at a time: the limit on active claims holds even when they
    // press 认领 on several wishes at once.
    await lockAccount(tx, principal.userId)
    const wish = refuseClaimOf(await repo.lockWish(tx, id), principal)
    if (principal.personId !== null && principal.personId === wish.wisherPersonId) throw new AppError('WISH_OWN_CLAIM')
    // Nor a family member's: the points would go to the wisher's own household.
    if (principal.householdId !== null && principal.householdId === (await findPersonRef(tx, wish.wisherPersonId))?.householdId) {
      throw new AppError('WISH_OWN_CLAIM', { message: '不能认领自己家人发布的心愿' })
    }
    // 微心愿 are community-scoped: a person claims in the community they live in (where they volunteer and, as a
    // party member, reported to), a unit in the community it reported to (its 包保社区).
    const unit = input.asUnit ? await unitOf(tx, principal.userId) : null
    if ((unit ? unit.communityId : principal.communityId) !== wish.communityId) throw new AppError('WISH_OTHER_COMMUNITY')
    const settings = await loadWishSettings(tx, wish.communityId)
    if ((await repo.countActiveClaims(tx, principal.userId, now)) >= settings.claimLimit) {
      throw new AppError('WISH_CLAIM_LIMIT_REACHED', { message: `同时认领中的心愿最多${settings.claimLimit}个，请先完成已认领的心愿` })
    }
    const claim = await repo.insertClaim(tx, {
      wishId: id,
      communityId: wish.communityId,
      claimerUserId: principal.userId,
      // A unit's claim is the unit's: no household earns points for it.
      claimerPersonId: input.asUnit ? null : principal.personId,
      claimerUnitId: unit?.unitId ?? null,
      claimedAt: now,
      deadline: claimDeadline(now, settings.claimDays),
    })
    await repo.moveWish(tx, id, TRANSITIONS.claim.from, { status: 'claimed', currentClaimId: claim.id, updatedAt: now })
    await repo.insertEvent(tx, { wishId: id, communityId: wish.communityId, kind: 'claimed', actorUserId: principal.userId, createdAt: now })
    await remindWishClaimed(tx, claim.id, now)
  })
  return getWish(ctx, principal, id)
}

/** The wish, unless what it is now refuses the caller's claim: not visible to them, already claimed, or closed. */
function refuseClaimOf(wish: repo.WishRow | null, principal: Principal): repo.WishRow {
  if (!wish || !isVisibleTo(wish.status, { isWisher: principal.personId === wish.wisherPersonId, isClaimer: false, isStaff: principal.isStaffOf(wish.communityId), mayClaim: true, selfDealing: false })) {
    throw wishNotFound()
  }
  if (['claimed', 'fulfilled', 'confirmed'].includes(wish.status)) throw new AppError('WISH_ALREADY_CLAIMED')
  if (!canMove(wish.status, 'claim')) throw new AppError('WISH_STATE_CONFLICT')
  return wish
}

async function unitOf(tx: Tx, userId: number): Promise<{ unitId: number; communityId: number }> {
  const unit = await unitOfMember(tx, userId)
  if (!unit) throw new AppError('UNIT_REQUIRED')
  return unit
}

/** Past its deadline a claim has lapsed, whether or not the sweep has recorded it yet. */
const claimHasLapsed = () => new AppError('WISH_STATE_CONFLICT', { message: '认领已超过期限，心愿已重新开放认领' })

export function giveUpClaim(ctx: RequestContext, principal: Principal, id: number, reason: string) {
  return move(ctx, principal, id, 'giveUp', {
    authorise: (_w, v) => v.isClaimer,
    apply: async (tx, { claim }, now) => {
      if (claimLapsed(claim!, now)) throw claimHasLapsed()
      await repo.updateClaim(tx, claim!.id, 'active', { status: 'given_up', giveUpReason: reason, endedAt: now })
      return { event: 'claim_given_up', note: reason, set: { currentClaimId: null } }
    },
  })
}

export function fulfilWish(ctx: RequestContext, principal: Principal, id: number, input: { proofPhotoId: number; note: string }) {
  return move(ctx, principal, id, 'fulfil', {
    authorise: (_w, v) => v.isClaimer,
    apply: async (tx, { claim }, now) => {
      if (claimLapsed(claim!, now)) throw claimHasLapsed()
      const [proofUploadId] = await checkUploads(tx, [input.proofPhotoId], 'proof_photo', principal.userId)
      await repo.updateClaim(tx, claim!.id, 'active', { status: 'fulfilled', fulfilledAt: now, fulfilNote: input.note, proofUploadId })
      return { event: 'fulfilled', note: input.note, set: { fulfilledAt: now } }
    },
  })
}

/** 确认: by the wisher, or by staff for a wisher without a smartphone. Pays the claimer once. */
function confirm(ctx: RequestContext, principal: Principal, id: number, input: { thanks: string; rating: number }, byStaff: boolean) {
  return move(ctx, principal, id, 'confirm', {
    staff: byStaff,
    audit: byStaff ? 'wish.confirm_for_wisher' : undefined,
    authorise: (_w, v) => (byStaff ? mayConfirmForWisher(v) : v.isWisher),
    apply: async (tx, { wish, claim }, now) => {
      await repo.updateClaim(tx, claim!.id, 'fulfilled', { status: 'confirmed', thanks: input.thanks, rating: input.rating, confirmedByUserId: principal.userId, confirmedByStaff: byStaff })
      if (claim!.claimerPersonId) await awardClaimer(tx, wish, claim!.claimerPersonId, principal.userId, now)
      return { event: 'confirmed', note: input.thanks, set: { confirmedAt: now }, audit: { rating: input.rating } }
    },
  })
}

/**
 * The points for a confirmed wish, through the ledger (at most once per wish and person). A claimer who is not
 * registered in a household yet has no balance to credit: the confirmation stands without the award.
 */
async function awardClaimer(tx: Tx, wish: repo.WishRow, personId: number, actorUserId: number, now: Date) {
  const person = await findPersonRef(tx, personId)
  if (!person?.householdId) return
  await awardPointsByRule(tx, { communityId: wish.communityId, personId, rule: 'wish_fulfilled', sourceType: 'wish', sourceId: wish.id, title: `帮助兑现微心愿：${wish.title}`, actorUserId, now })
}

export function confirmWish(ctx: RequestContext, principal: Principal, id: number, input: { thanks: string; rating: number }) {
  return confirm(ctx, principal, id, input, false)
}

export function confirmWishForWisher(ctx: RequestContext, principal: Principal, id: number, input: { thanks: string; rating: number }) {
  return confirm(ctx, principal, id, input, true)
}

/* ----------------------------------------------------------------- sweep */

/**
 * Claims past their deadline lapse and their wishes open again. Safe on any number of instances at once: each
 * batch locks its wishes with SKIP LOCKED, and every change is conditional on the state it leaves.
 */
export async function lapseOverdueClaims(db: Db, now: Date): Promise<number> {
  return sweepInBatches(db, 50, async (tx, size) => {
    const rows = await repo.lockLapsedClaims(tx, now, size)
    for (const r of rows) {
      const lapsed = await repo.updateClaim(tx, r.claimId, 'active', { status: 'lapsed', endedAt: now })
      if (!lapsed) continue
      await repo.moveWish(tx, r.wishId, TRANSITIONS.lapse.from, { status: TRANSITIONS.lapse.to, currentClaimId: null, updatedAt: now })
      await repo.insertEvent(tx, { wishId: r.wishId, communityId: r.communityId, kind: 'claim_lapsed', actorUserId: null, createdAt: now })
    }
    return rows.length
  })
}
