import { randomUUID } from 'node:crypto'
import { NOT_FOUND_MESSAGES } from '../../../../types/api/errors'
import { POINTS_RULE_LABELS, type PointsRule } from '../../../../types/api/labels'
import type { AdjustmentRequest, LedgerEntry, PointsAdjustment, PointsSettings, RuleAwardRequest, RuleAwardResult } from '../../../../types/api/points'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import { recordAudit } from '../audit/audit.service'
import type { Principal } from '../../http/principal'
import { nameForOthers } from '../org/org.domain'
import { addressesOf, communityExists, findPersonRef, personRefs } from '../people/people.api'
import { findActivityRef } from '../volunteer/volunteer.api'
import { awardPointsByRule, loadSettings, staffCommunity } from './points.api'
import { eventKeys, needsSecondApproval } from './points.domain'
import { toLedgerEntry } from './points.mapper'
import * as repo from './points.repository'

/*
 * Staff moving points: one-off adjustments (large ones wait for a second staff member), awards by rule for
 * attending an event, and the community's points settings.
 */

/**
 * 奖励或扣减: a staff member moves a household's points, with a reason. Never for their own household (separation
 * of duties). Up to the community's threshold it is applied at once and the ledger row comes back; above it the
 * adjustment is recorded as 待审批 and comes back as such, for a second staff member to decide.
 */
export async function adjustPoints(ctx: AppContext, principal: Principal, req: AdjustmentRequest): Promise<{ applied: LedgerEntry } | { pending: PointsAdjustment }> {
  const person = await findPersonRef(ctx.db, req.personId)
  // A deleted account's person is kept only for the records: no new awards or deductions in their name.
  if (!person || person.anonymisedAt) throw new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.person })
  principal.assertStaffOf(person.communityId)
  if (!person.householdId) throw new AppError('HOUSEHOLD_REQUIRED')
  principal.assertNotSelfDealing({ personId: person.id, householdId: person.householdId })
  const householdId = person.householdId
  const settings = await loadSettings(ctx.db, person.communityId)
  if (needsSecondApproval(req.amount, settings.adjustmentApprovalThreshold)) {
    const now = ctx.now()
    const row = await ctx.db.transaction(async (tx) => {
      const inserted = await repo.insertAdjustment(tx, { communityId: person.communityId, householdId, personId: person.id, amount: req.amount, reason: req.reason, requestedByUserId: principal.userId, createdAt: now })
      await recordAudit(tx, { actorUserId: principal.userId, action: 'points.request', communityId: person.communityId, subjectType: 'adjustment', subjectId: inserted.id, detail: { amount: req.amount, reason: req.reason, householdId, personId: person.id }, at: now })
      return inserted
    })
    return { pending: (await adjustmentViews(ctx, principal, { ids: [row.id] }))[0]! }
  }
  const adjustmentId = randomUUID()
  const id = await ctx.db.transaction(async (tx) => {
    const posted = await repo.postLedgerEntry(tx, {
      communityId: person.communityId,
      householdId,
      personId: person.id,
      amount: req.amount,
      reason: req.amount > 0 ? 'staff_award' : 'staff_deduction',
      source: { type: 'adjustment', id: adjustmentId },
      eventKey: eventKeys.adjustment(adjustmentId),
      title: adjustmentTitle(req.amount, req.reason),
      actorUserId: principal.userId,
      now: ctx.now(),
    })
    await recordAudit(tx, {
      actorUserId: principal.userId, action: req.amount > 0 ? 'points.award' : 'points.deduct', communityId: person.communityId, subjectType: 'ledger_entry', subjectId: posted.id!,
      detail: { amount: req.amount, reason: req.reason, householdId, personId: person.id }, at: ctx.now(),
    })
    return posted.id!
  })
  return { applied: toLedgerEntry((await repo.findLedgerEntry(ctx.db, id))!, principal.personId, ctx.now()) }
}

const adjustmentTitle = (amount: number, reason: string) => `${amount > 0 ? '社区奖励' : '社区扣减'}：${reason}`

async function adjustmentViews(ctx: AppContext, principal: Principal, by: Parameters<typeof repo.listAdjustmentViews>[1]): Promise<PointsAdjustment[]> {
  const rows = await repo.listAdjustmentViews(ctx.db, by)
  const places = await addressesOf(ctx.db, rows.map((r) => r.adjustment.householdId))
  const now = ctx.now()
  return rows.map(({ adjustment: a, personName, personBirthYear, requestedByName }) => {
    const mine = a.requestedByUserId === principal.userId
    return {
      id: a.id,
      status: a.status,
      amount: a.amount,
      reason: a.reason,
      personName: a.personId === principal.personId ? personName : nameForOthers({ name: personName, birthYear: personBirthYear }, now),
      householdId: a.householdId,
      householdAddress: places.get(a.householdId)?.text ?? '',
      requestedByName,
      mine,
      canDecide: a.status === 'pending' && !mine && principal.isStaffOf(a.communityId) && !principal.isSelfDealing({ personId: a.personId, householdId: a.householdId }),
      rejectReason: a.rejectReason,
      createdAt: toApiInstant(a.createdAt),
      decidedAt: a.decidedAt ? toApiInstant(a.decidedAt) : null,
    }
  })
}

/** The community's adjustments waiting for a second staff member (the requester sees theirs as 待审批). */
export async function listPendingAdjustments(ctx: AppContext, principal: Principal, communityId?: number): Promise<PointsAdjustment[]> {
  return adjustmentViews(ctx, principal, { communityId: staffCommunity(principal, communityId), status: 'pending' })
}

/**
 * A second staff member decides a large adjustment: not the one who asked for it (SELF_APPROVAL_FORBIDDEN) and
 * not of the beneficiary's household (SELF_DEALING_FORBIDDEN). Approval applies it to the ledger exactly once,
 * however many approvals race: the move from 'pending' is one conditional UPDATE, in the same transaction as
 * the ledger row (whose event key pays once besides).
 */
async function decideAdjustment(ctx: AppContext, principal: Principal, id: number, decision: { approve: true } | { approve: false; reason: string }): Promise<PointsAdjustment> {
  const found = await repo.findAdjustment(ctx.db, id)
  if (!found) throw new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.adjustment })
  principal.assertStaffOf(found.communityId)
  if (found.requestedByUserId === principal.userId) throw new AppError('SELF_APPROVAL_FORBIDDEN', { message: '不能审批自己提交的积分调整，请由其他工作人员处理' })
  principal.assertNotSelfDealing({ personId: found.personId, householdId: found.householdId })
  // The person deleted their account meanwhile: nothing more is paid in their name (the request can be rejected).
  if (decision.approve && (await findPersonRef(ctx.db, found.personId))?.anonymisedAt) throw new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.anonymisedPerson })
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const decided = await repo.decideAdjustment(tx, id, decision.approve
      ? { status: 'applied', decidedByUserId: principal.userId, decidedAt: now }
      : { status: 'rejected', decidedByUserId: principal.userId, decidedAt: now, rejectReason: decision.reason })
    if (!decided) throw new AppError('ADJUSTMENT_STATE_CONFLICT')
    await recordAudit(tx, {
      actorUserId: principal.userId, action: decision.approve ? 'points.approve' : 'points.reject', communityId: decided.communityId, subjectType: 'adjustment', subjectId: id,
      detail: { amount: decided.amount, reason: decision.approve ? decided.reason : decision.reason, householdId: decided.householdId, personId: decided.personId }, at: now,
    })
    if (!decision.approve) return
    const posted = await repo.postLedgerEntry(tx, {
      communityId: decided.communityId,
      householdId: decided.householdId,
      personId: decided.personId,
      amount: decided.amount,
      reason: decided.amount > 0 ? 'staff_award' : 'staff_deduction',
      source: { type: 'adjustment', id: decided.id },
      eventKey: eventKeys.adjustment(`approved:${decided.id}`),
      title: adjustmentTitle(decided.amount, decided.reason),
      actorUserId: principal.userId,
      now,
    })
    if (posted.id) await repo.linkAdjustmentEntry(tx, decided.id, posted.id)
  })
  return (await adjustmentViews(ctx, principal, { ids: [id] }))[0]!
}

export function approveAdjustment(ctx: AppContext, principal: Principal, id: number) {
  return decideAdjustment(ctx, principal, id, { approve: true })
}

export function rejectAdjustment(ctx: AppContext, principal: Principal, id: number, reason: string) {
  return decideAdjustment(ctx, principal, id, { approve: false, reason })
}

/** Points for attending an event (议事会, 环境整治): once per person per activity, however often it is sent. */
export async function awardForActivity(ctx: AppContext, principal: Principal, req: RuleAwardRequest): Promise<RuleAwardResult> {
  const activity = await findActivityRef(ctx.db, req.activityId)
  if (!activity) throw new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.activity })
  principal.assertStaffOf(activity.communityId)
  const people = await personRefs(ctx.db, req.personIds)
  const strangers = req.personIds.filter((id) => !people.some((p) => p.id === id && p.communityId === activity.communityId && p.householdId))
  if (strangers.length) throw AppError.field('personIds', `居民 ${strangers.join('、')} 不能获得本社区积分`)
  // Separation of duties: the staff member's own household is awarded by someone else.
  const own = people.filter((p) => principal.isSelfDealing({ personId: p.id, householdId: p.householdId }))
  if (own.length) {
    throw new AppError('SELF_DEALING_FORBIDDEN', { details: own.map((p) => ({ path: 'body.personIds', message: `居民 ${p.id} 是您自己或家人，请由其他工作人员记分` })) })
  }
  const label = POINTS_RULE_LABELS[req.rule].label
  // Lock households in id order: two award lists sent at once never wait on each other in a cycle.
  const ordered = [...people].sort((a, b) => a.householdId! - b.householdId! || a.id - b.id)
  let awarded = 0
  let points = 0
  await ctx.db.transaction(async (tx) => {
    for (const person of ordered) {
      const result = await awardPointsByRule(tx, {
        communityId: activity.communityId,
        personId: person.id,
        rule: req.rule,
        sourceType: 'activity',
        sourceId: activity.id,
        title: `${label}：${activity.title}`,
        actorUserId: principal.userId,
        now: ctx.now(),
      })
      if (result.awarded) awarded++
      points = result.amount
    }
    if (awarded > 0) {
      await recordAudit(tx, { actorUserId: principal.userId, action: 'points.rule_award', communityId: activity.communityId, subjectType: 'activity', subjectId: activity.id, detail: { rule: req.rule, title: activity.title, awarded, points }, at: ctx.now() })
    }
  })
  return { awarded, alreadyAwarded: ordered.length - awarded, points }
}

export async function getSettings(ctx: AppContext, principal: Principal, communityId?: number): Promise<PointsSettings> {
  return loadSettings(ctx.db, staffCommunity(principal, communityId))
}

export async function updateSettings(
  ctx: AppContext,
  principal: Principal,
  update: { communityId: number; rules?: { rule: PointsRule; points: number }[]; yearlyExpiry?: boolean; pickupDays?: number; adjustmentApprovalThreshold?: number },
): Promise<PointsSettings> {
  principal.assertStaffOf(update.communityId)
  // Only an admin gets here for a community that does not exist (staff hold grants of real ones).
  if (!(await communityExists(ctx.db, update.communityId))) throw new AppError('COMMUNITY_NOT_FOUND')
  // The threshold is what makes a large adjustment need a second person: staff, who make adjustments, do not set it.
  if (update.adjustmentApprovalThreshold !== undefined && !principal.isAdmin) throw new AppError('FORBIDDEN', { message: '大额积分调整的审批门槛由区级管理员设置' })
  await ctx.db.transaction(async (tx) => {
    await repo.upsertSettings(tx, update.communityId, { yearlyExpiry: update.yearlyExpiry, pickupDays: update.pickupDays, adjustmentApprovalThreshold: update.adjustmentApprovalThreshold })
    for (const r of update.rules ?? []) await repo.upsertRule(tx, update.communityId, r.rule, r.points)
    const { communityId: _c, ...changed } = update
    await recordAudit(tx, { actorUserId: principal.userId, action: 'points.settings', communityId: update.communityId, subjectType: 'community', subjectId: update.communityId, detail: changed, at: ctx.now() })
  })
  return loadSettings(ctx.db, update.communityId)
}
