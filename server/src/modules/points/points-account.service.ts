import { NOT_FOUND_MESSAGES } from '../../../../types/api/errors'
import { POINTS_RULES, POINTS_RULE_LABELS } from '../../../../types/api/labels'
import type { HouseholdSearchResult, LedgerPage, Leaderboard, PointsSummary, Statement } from '../../../../types/api/points'
import { chinaDayStart, chinaTime } from '../../../../types/time'
import type { AppContext, RequestContext } from '../../context'
import { AppError } from '../../http/app-error'
import { idKey, keysetCursor, pageOf } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { maskName, maskPhone, nameForOthers } from '../org/org.domain'
import { addressesOf, addressOf, findCommunityRef } from '../people/people.api'
import { normalisePhone } from '../privacy/personal-data-cipher'
import { recordPersonalDataAccess } from '../privacy/access-log'
import { loadSettings, requireHousehold, staffCommunity } from './points.api'
import { DEFAULT_RULE_POINTS, expiryNotice } from './points.domain'
import { toLedgerEntry } from './points.mapper'
import * as repo from './points.repository'

/*
 * Reading points: a household's balance, ledger, monthly statement and the leaderboard, and staff looking a
 * household up.
 */

/** A ledger is read newest first, page by page from the last row's id. */
const LEDGER = keysetCursor(idKey)

export async function getSummary(ctx: AppContext, principal: Principal): Promise<PointsSummary> {
  const since = chinaTime(ctx.now()).startOf('year').toDate()
  const { householdId, personId } = principal
  const [settings, figures, place] = await Promise.all([
    principal.communityId ? loadSettings(ctx.db, principal.communityId) : null,
    householdId ? repo.summaryFigures(ctx.db, { personId, householdId, since }) : null,
    householdId ? addressOf(ctx.db, householdId) : null,
  ])
  const rules = settings?.rules ?? POINTS_RULES.map((rule) => ({ rule, ...POINTS_RULE_LABELS[rule], points: DEFAULT_RULE_POINTS[rule] }))
  if (!householdId || !figures) {
    const myEarnedThisYear = personId ? await repo.sumEarned(ctx.db, { personId }, since) : 0
    return { household: null, myEarnedThisYear, expiry: null, rules }
  }
  const balance = figures.balance ?? 0
  return {
    household: {
      id: householdId,
      address: place!.text,
      balance,
      earnedThisYear: figures.householdEarned,
      showOnLeaderboard: figures.showOnLeaderboard ?? true,
    },
    myEarnedThisYear: figures.myEarned,
    expiry: expiryNotice(chinaTime(ctx.now()).format('YYYY-MM-DD'), settings?.yearlyExpiry ?? false, balance),
    rules,
  }
}

/** A page of a household's ledger as `principal` sees it, and whose rows it shows (for the access log). */
async function ledgerPage(ctx: AppContext, principal: Principal, householdId: number, page: { cursor?: string; limit: number }): Promise<LedgerPage & { personIds: number[] }> {
  const after = LEDGER.decode(page.cursor)
  const { rows, nextCursor } = pageOf(await repo.listLedger(ctx.db, householdId, after?.[0] ?? null, page.limit + 1), page.limit, (r) => LEDGER.encode(r.id))
  const items = rows.map((r) => toLedgerEntry(r, principal.personId, ctx.now()))
  return { items, nextCursor, personIds: [...new Set(rows.flatMap((r) => (r.personId === null ? [] : [r.personId])))] }
}

export async function getHistory(ctx: AppContext, principal: Principal, page: { cursor?: string; limit: number }): Promise<LedgerPage> {
  const { items, nextCursor } = await ledgerPage(ctx, principal, requireHousehold(principal).householdId, page)
  return { items, nextCursor }
}

export async function getStatement(ctx: AppContext, principal: Principal, month?: string): Promise<Statement> {
  const { householdId } = requireHousehold(principal)
  const m = month ?? chinaTime(ctx.now()).format('YYYY-MM')
  const start = chinaDayStart(m)
  const { opening, entries } = await repo.ledgerBetween(ctx.db, householdId, start.toDate(), start.add(1, 'month').toDate())
  const earned = entries.filter((e) => e.amount > 0).reduce((t, e) => t + e.amount, 0)
  const spent = -entries.filter((e) => e.amount < 0).reduce((t, e) => t + e.amount, 0)
  return { month: m, opening, earned, spent, closing: opening + earned - spent, entries: entries.map((e) => toLedgerEntry(e, principal.personId, ctx.now())) }
}

export async function getLeaderboard(ctx: AppContext, principal: Principal, scope: 'grid' | 'community', period: 'month' | 'year'): Promise<Leaderboard> {
  const communityId = principal.communityId
  if (!communityId) throw new AppError('COMMUNITY_REQUIRED')
  const place = principal.householdId ? await addressOf(ctx.db, principal.householdId) : null
  if (scope === 'grid' && !place) throw new AppError('HOUSEHOLD_REQUIRED')
  const since = chinaTime(ctx.now()).startOf(period).toDate()
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

export async function searchHouseholds(ctx: RequestContext, principal: Principal, q: string, communityId?: number): Promise<HouseholdSearchResult> {
  const community = staffCommunity(principal, communityId)
  // A phone number is found whole (by its look-up hash) or by its last four digits (尾号), nothing in between.
  const digits = /^[\d\s+-]+$/.test(q) ? normalisePhone(q) : ''
  const phone = digits.length === 11 ? { hash: ctx.personalData.phoneHash(digits) } : digits.length === 4 ? { tail: digits } : {}
  const ids = await repo.searchHouseholds(ctx.db, community, q, phone)
  const [members, places] = await Promise.all([repo.listMembers(ctx.db, ids), addressesOf(ctx.db, ids)])
  const balances = await Promise.all(ids.map((id) => repo.findHouseholdBalance(ctx.db, id)))
  const now = ctx.now()
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds: members.filter((m) => m.id !== principal.personId).map((m) => m.id), purpose: 'household_members', at: ctx.now(), route: ctx.route })
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

export async function getHouseholdLedger(ctx: RequestContext, principal: Principal, householdId: number, page: { cursor?: string; limit: number }): Promise<LedgerPage> {
  const place = await addressOf(ctx.db, householdId)
  if (!place) throw new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.household })
  principal.assertStaffOf(place.communityId)
  const { items, nextCursor, personIds } = await ledgerPage(ctx, principal, householdId, page)
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds: personIds.filter((id) => id !== principal.personId), purpose: 'household_members', at: ctx.now(), route: ctx.route })
  return { items, nextCursor }
}
