import { sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { POINTS_RULES, POINTS_RULE_LABELS, type PointsRule } from '../../../../types/api/labels'
import type { PointsSettings } from '../../../../types/api/points'
import type { Queryable, Tx } from '../../db/client'
import { pointsRules } from '../../db/schema'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { findPersonRef } from '../people/people.api'
import { DEFAULT_ADJUSTMENT_APPROVAL_THRESHOLD, DEFAULT_PICKUP_DAYS, DEFAULT_RULE_POINTS, eventKeys, ruleAmount } from './points.domain'
import * as repo from './points.repository'

/*
 * What the rest of the server asks of the points module: a community's points settings, the household a resident
 * acts for, the community a staff request is about, and awards by rule inside the caller's transaction.
 */

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
 * A community's points for one rule as a column of another module's statement (the rule's default when the
 * community has not set it), `communityId` naming the community's column there: an activity list shows each one's
 * points without reading the settings separately. `loadSettings` answers the same figure.
 */
export function rulePointsOf(communityId: SQLWrapper, rule: PointsRule): SQL<number> {
  return sql<number>`coalesce((select rule_points.points from ${pointsRules} rule_points where rule_points.community_id = ${communityId} and rule_points.rule = ${rule}), ${DEFAULT_RULE_POINTS[rule]})`
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
