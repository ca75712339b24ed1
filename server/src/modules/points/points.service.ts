import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { POINTS_RULES, POINTS_RULE_LABELS, type PointsRule } from '../../../../types/api/labels'
import type {
  AdjustmentRequest,
  HouseholdSearchResult,
  LedgerEntry,
  LedgerPage,
  Leaderboard,
  PointsAdjustment,
  PointsSettings,
  PointsSummary,
  RuleAwardRequest,
  RuleAwardResult,
  Statement,
} from '../../../../types/api/points'
import { chinaTime, toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Db, Queryable, Tx } from '../../db/client'
import { activities } from '../../db/schema'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { maskName, maskPhone, nameForOthers } from '../org/org.domain'
import { addressesOf, addressOf, communityExists, findPersonRef, personRefs } from '../people/people.api'
import { normalisePhone } from '../privacy/personal-data-cipher'
import { recordPersonalDataAccess } from '../privacy/access-log'
import { findCommunityRef } from '../auth/auth.repository'
import { DEFAULT_ADJUSTMENT_APPROVAL_THRESHOLD, DEFAULT_PICKUP_DAYS, DEFAULT_RULE_POINTS, eventKeys, needsSecondApproval, expiringAmount, expiryNotice, ruleAmount } from './points.domain'
import * as repo from './points.repository'

/* Times: years and months are China calendar ones. */
const yearStart = (now: Date) => new Date(`${chinaTime(now).format('YYYY')}-01-01T00:00:00+08:00`)
const monthStart = (month: string) => new Date(`${month}-01T00:00:00+08:00`)
const nextMonthStart = (month: string) => chinaTime(monthStart(month)).add(1, 'month').toDate()

type LedgerRow = Awaited<ReturnType<typeof repo.listLedger>>[number]
/** A ledger row for `viewerPersonId`: a child's name is cut to 王* for everyone but the child. */
export function toLedgerEntry(row: LedgerRow, viewerPersonId: number | null, now: Date): LedgerEntry {
  const { personId, personBirthYear, personName, ...rest } = row
  const name = personName === null || personId === viewerPersonId ? personName : nameForOthers({ name: personName, birthYear: personBirthYear }, now)
  return { ...rest, personName: name, createdAt: toApiInstant(row.createdAt) }
}

/** The household a resident acts for; points are kept per household. */
export function requireHousehold(principal: Principal): { householdId: number; communityId: number } {
  if (!principal.householdId || !principal.communityId) throw new AppError('HOUSEHOLD_REQUIRED')
  return { householdId: principal.householdId, communityId: principal.communityId }
}

/** The community a staff request is about: the one asked for, else the caller's own staff community. */
export function staffCommunity(principal: Principal, requested?: number): number {
  return principal.staffScope(requested)
}

export async function loadSettings(db: Queryable, communityId: number): Promise<PointsSettings> {
  const { settings, rules } = await repo.findSettings(db, communityId)
  const set = new Map(rules.map((r) => [r.rule, r.points]))
  return {
    communityId,
    rules: POINTS_RULES.map((rule) => ({ rule, ...POINTS_RULE_LABELS[rule], points: set.get(rule) ?? DEFAULT_RULE_POINTS[rule] })),
    yearlyExpiry: settings?.yearlyExpiry ?? false,
    pickupDays: settings?.pickupDays ?? DEFAULT_PICKUP_DAYS,
    adjustmentApprovalThreshold: settings?.adjustmentApprovalThreshold ?? DEFAULT_ADJUSTMENT_APPROVAL_THRESHOLD,
  }
}

/**
 * The ledger's interface for the other modules: pays a person the community's points for one rule event
 * (a confirmed wish, verified volunteer hours …), at most once per (rule, source, person) however often it is
 * called. Runs in the caller's transaction.
 */
export async function awardPointsByRule(
  tx: Tx,
  input: { communityId: number; personId: number; rule: PointsRule; sourceType: string; sourceId: string | number; title: string; quantity?: number; actorUserId?: number | null; now: Date },
): Promise<{ awarded: boolean; amount: number }> {
  const person = await findPersonRef(tx, input.personId)
  if (!person?.householdId) throw new AppError('HOUSEHOLD_REQUIRED')
  const settings = await loadSettings(tx, input.communityId)
  const perUnit = settings.rules.find((r) => r.rule === input.rule)!.points
  const amount = ruleAmount(perUnit, input.quantity)
  if (amount <= 0) return { awarded: false, amount: 0 }
  const result = await repo.postLedgerEntry(tx, {
    communityId: person.communityId,
    householdId: person.householdId,
    personId: person.id,
    amount,
    reason: 'rule_award',
    rule: input.rule,
    source: { type: input.sourceType, id: input.sourceId },
    eventKey: eventKeys.rule(input.rule, input.sourceType, input.sourceId, person.id),
    title: input.title,
    actorUserId: input.actorUserId,
    now: input.now,
  })
  return { awarded: !result.duplicate, amount }
}

/* ----------------------------------------------------------------- resident */

export async function getSummary(ctx: AppContext, principal: Principal): Promise<PointsSummary> {
  const settings = principal.communityId ? await loadSettings(ctx.db, principal.communityId) : null
  const rules = settings?.rules ?? POINTS_RULES.map((rule) => ({ rule, ...POINTS_RULE_LABELS[rule], points: DEFAULT_RULE_POINTS[rule] }))
  const since = yearStart(ctx.now())
  const myEarnedThisYear = principal.personId ? await repo.sumEarned(ctx.db, { personId: principal.personId }, since) : 0
  if (!principal.householdId) return { household: null, myEarnedThisYear, expiry: null, rules }
  const [balanceRow, place, earnedThisYear] = await Promise.all([
    repo.findHouseholdBalance(ctx.db, principal.householdId),
    addressOf(ctx.db, principal.householdId),
    repo.sumEarned(ctx.db, { householdId: principal.householdId }, since),
  ])
  const balance = balanceRow?.balance ?? 0
  return {
    household: {
      id: principal.householdId,
      address: place!.text,
      balance,
      earnedThisYear,
      showOnLeaderboard: balanceRow?.showOnLeaderboard ?? true,
    },
    myEarnedThisYear,
    expiry: expiryNotice(chinaTime(ctx.now()).format('YYYY-MM-DD'), settings?.yearlyExpiry ?? false, balance),
    rules,
  }
}

/** A page of a household's ledger as `principal` sees it, and whose rows it shows (for the access log). */
async function ledgerPage(ctx: AppContext, principal: Principal, householdId: number, page: { before?: number; limit: number }): Promise<LedgerPage & { personIds: number[] }> {
  const fetched = await repo.listLedger(ctx.db, householdId, { before: page.before, limit: page.limit + 1 })
  const rows = fetched.slice(0, page.limit)
  const items = rows.map((r) => toLedgerEntry(r, principal.personId, ctx.now()))
  return { items, nextBefore: fetched.length > page.limit ? items.at(-1)!.id : null, personIds: [...new Set(rows.flatMap((r) => (r.personId === null ? [] : [r.personId])))] }
}

export async function getHistory(ctx: AppContext, principal: Principal, page: { before?: number; limit: number }): Promise<LedgerPage> {
  const { items, nextBefore } = await ledgerPage(ctx, principal, requireHousehold(principal).householdId, page)
  return { items, nextBefore }
}

export async function getStatement(ctx: AppContext, principal: Principal, month?: string): Promise<Statement> {
  const { householdId } = requireHousehold(principal)
  const m = month ?? chinaTime(ctx.now()).format('YYYY-MM')
  const { opening, entries } = await repo.ledgerBetween(ctx.db, householdId, monthStart(m), nextMonthStart(m))
  const earned = entries.filter((e) => e.amount > 0).reduce((t, e) => t + e.amount, 0)
  const spent = -entries.filter((e) => e.amount < 0).reduce((t, e) => t + e.amount, 0)
  return { month: m, opening, earned, spent, closing: opening + earned - spent, entries: entries.map((e) => toLedgerEntry(e, principal.personId, ctx.now())) }
}

export async function getLeaderboard(ctx: AppContext, principal: Principal, scope: 'grid' | 'community', period: 'month' | 'year'): Promise<Leaderboard> {
  const communityId = principal.communityId
  if (!communityId) throw new AppError('COMMUNITY_REQUIRED')
  const place = principal.householdId ? await addressOf(ctx.db, principal.householdId) : null
  if (scope === 'grid' && !place) throw new AppError('HOUSEHOLD_REQUIRED')
  const since = period === 'year' ? yearStart(ctx.now()) : monthStart(chinaTime(ctx.now()).format('YYYY-MM'))
  const rows = await repo.rankHouseholds(ctx.db, { communityId, gridId: scope === 'grid' ? place!.gridId : undefined }, since, 20, principal.householdId)
  const community = await findCommunityRef(ctx.db, communityId)
  const mineRow = rows.find((r) => r.householdId === principal.householdId)
  return {
    scope,
    period,
    scopeName: scope === 'grid' ? `${community!.name} ${place!.gridName}` : community!.name,
    entries: rows
      .filter((r) => r.rank <= 20)
      .map((r) => ({
        rank: r.rank,
        label: r.showOnLeaderboard || r.householdId === principal.householdId ? `${r.estate}${r.building} ${maskName(r.representative ?? '')}` : '匿名',
        points: r.points,
        mine: r.householdId === principal.householdId,
      })),
    mine: mineRow ? { rank: mineRow.rank, points: mineRow.points } : null,
  }
}

export async function setLeaderboardVisibility(ctx: AppContext, principal: Principal, visible: boolean): Promise<PointsSummary> {
  const { householdId, communityId } = requireHousehold(principal)
  await ctx.db.transaction((tx) => repo.setLeaderboardVisibility(tx, householdId, communityId, visible))
  return getSummary(ctx, principal)
}

/* -------------------------------------------------------------------- staff */

/**
 * 奖励或扣减: a staff member moves a household's points, with a reason. Never for their own household (separation
 * of duties). Up to the community's threshold it is applied at once and the ledger row comes back; above it the
 * adjustment is recorded as 待审批 and comes back as such, for a second staff member to decide.
 */
export async function adjustPoints(ctx: AppContext, principal: Principal, req: AdjustmentRequest): Promise<{ applied: LedgerEntry } | { pending: PointsAdjustment }> {
  const person = await findPersonRef(ctx.db, req.personId)
  // A deleted account's person is kept only for the records: no new awards or deductions in their name.
  if (!person || person.anonymisedAt) throw new AppError('NOT_FOUND', { message: '没有找到这位居民' })
  principal.assertStaffOf(person.communityId)
  if (!person.householdId) throw new AppError('HOUSEHOLD_REQUIRED')
  principal.assertNotSelfDealing({ personId: person.id, householdId: person.householdId })
  const householdId = person.householdId
  const settings = await loadSettings(ctx.db, person.communityId)
  if (needsSecondApproval(req.amount, settings.adjustmentApprovalThreshold)) {
    const row = await ctx.db.transaction((tx) =>
      repo.insertAdjustment(tx, { communityId: person.communityId, householdId, personId: person.id, amount: req.amount, reason: req.reason, requestedByUserId: principal.userId, createdAt: ctx.now() }),
    )
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
  if (!found) throw new AppError('NOT_FOUND', { message: '没有找到这笔积分调整' })
  principal.assertStaffOf(found.communityId)
  if (found.requestedByUserId === principal.userId) throw new AppError('SELF_APPROVAL_FORBIDDEN', { message: '不能审批自己提交的积分调整，请由其他工作人员处理' })
  principal.assertNotSelfDealing({ personId: found.personId, householdId: found.householdId })
  // The person deleted their account meanwhile: nothing more is paid in their name (the request can be rejected).
  if (decision.approve && (await findPersonRef(ctx.db, found.personId))?.anonymisedAt) throw new AppError('NOT_FOUND', { message: '这位居民已注销账号，请不通过这笔调整' })
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const decided = await repo.decideAdjustment(tx, id, decision.approve
      ? { status: 'applied', decidedByUserId: principal.userId, decidedAt: now }
      : { status: 'rejected', decidedByUserId: principal.userId, decidedAt: now, rejectReason: decision.reason })
    if (!decided) throw new AppError('ADJUSTMENT_STATE_CONFLICT')
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
  const [activity] = await ctx.db.select().from(activities).where(eq(activities.id, req.activityId))
  if (!activity) throw new AppError('NOT_FOUND', { message: '没有找到这个活动' })
  principal.assertStaffOf(activity.communityId)
  const people = await personRefs(ctx.db, req.personIds)
  const strangers = req.personIds.filter((id) => !people.some((p) => p.id === id && p.communityId === activity.communityId && p.householdId))
  if (strangers.length) {
    throw new AppError('VALIDATION_FAILED', {
      message: '有居民不属于本社区或未登记住址',
      details: strangers.map((id) => ({ path: 'body.personIds', message: `居民 ${id} 不能获得本社区积分` })),
    })
  }
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
  })
  return loadSettings(ctx.db, update.communityId)
}

export async function searchHouseholds(ctx: AppContext, principal: Principal, q: string, communityId?: number): Promise<HouseholdSearchResult> {
  const community = staffCommunity(principal, communityId)
  // A phone number is found whole (by its look-up hash) or by its last four digits (尾号), nothing in between.
  const digits = /^[\d\s+-]+$/.test(q) ? normalisePhone(q) : ''
  const phone = digits.length === 11 ? { hash: ctx.personalData.phoneHash(digits) } : digits.length === 4 ? { tail: digits } : {}
  const ids = await repo.searchHouseholds(ctx.db, community, q, phone)
  const [members, places] = await Promise.all([repo.listMembers(ctx.db, ids), addressesOf(ctx.db, ids)])
  const balances = await Promise.all(ids.map((id) => repo.findHouseholdBalance(ctx.db, id)))
  const now = ctx.now()
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds: members.filter((m) => m.id !== principal.personId).map((m) => m.id), purpose: 'household_members', at: ctx.now() })
  return {
    items: ids.map((id, i) => {
      return {
        id,
        address: places.get(id)!.text,
        balance: balances[i]?.balance ?? 0,
        members: members
          .filter((m) => m.householdId === id)
          .map((m) => ({ id: m.id, name: m.id === principal.personId ? m.name : nameForOthers(m, now), phoneMasked: maskPhone(ctx.personalData.openPhone(m.phoneCipher)) })),
      }
    }),
  }
}

export async function getHouseholdLedger(ctx: AppContext, principal: Principal, householdId: number, page: { before?: number; limit: number }): Promise<LedgerPage> {
  const place = await addressOf(ctx.db, householdId)
  if (!place) throw new AppError('NOT_FOUND', { message: '没有找到这户居民' })
  principal.assertStaffOf(place.communityId)
  const { items, nextBefore, personIds } = await ledgerPage(ctx, principal, householdId, page)
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds: personIds.filter((id) => id !== principal.personId), purpose: 'household_members', at: ctx.now() })
  return { items, nextBefore }
}

/* ------------------------------------------------------------ sweeps, checks */

/**
 * Yearly expiry, for communities that turned it on: in the new year, what is left of last year's points lapses,
 * one household-level row per household and year. Idempotent and safe on several instances (the event key
 * pays once, the balance row lock serialises).
 */
export async function expireYearlyPoints(db: Db, now: Date): Promise<number> {
  const year = Number(chinaTime(now).format('YYYY')) - 1
  const yearEnd = new Date(`${year + 1}-01-01T00:00:00+08:00`)
  let expired = 0
  for (const h of await repo.householdsForExpiry(db, yearEnd)) {
    const amount = expiringAmount(h.balanceAtYearEnd, h.spentSince, h.balance)
    if (amount <= 0) continue
    await db.transaction(async (tx) => {
      // The balance may have moved since it was read: lapse no more than is there now.
      const locked = await repo.lockHouseholdBalance(tx, h.householdId, h.communityId)
      const lapsing = Math.min(amount, locked.balance)
      if (lapsing <= 0) return
      const result = await repo.postLedgerEntry(tx, {
        communityId: h.communityId,
        householdId: h.householdId,
        personId: null,
        amount: -lapsing,
        reason: 'expiry',
        source: { type: 'yearly-expiry', id: year },
        eventKey: eventKeys.expiry(year, h.householdId),
        title: `${year}年积分到期`,
        now,
      })
      if (!result.duplicate) expired++
    })
  }
  return expired
}

/** The reconciliation check: every household balance equals the sum of its ledger rows. */
export async function checkBalances(db: Queryable) {
  const mismatches = await repo.findBalanceMismatches(db)
  const orphanLedgers = await repo.countLedgerHouseholdsWithoutBalance(db)
  return { ok: mismatches.length === 0 && orphanLedgers === 0, mismatches, orphanLedgers }
}
