import type { LedgerPage, Leaderboard, PointsSummary, Redemption, ShopItem, Statement } from '../../types/api/points'
import { request } from './http'

export type LeaderboardScope = Leaderboard['scope']
export type LeaderboardPeriod = Leaderboard['period']

/** Rows per page of a ledger. */
export const LEDGER_PAGE_SIZE = 20

/**
 * Query keys. Everything that changes with the household's points starts with 'points' or 'shop', so one
 * invalidation after a write refreshes every page that shows them; what staff see starts with 'staff-points'
 * (their calls are in staff/points.ts).
 */
export const pointsKeys = {
  all: ['points'] as const,
  summary: ['points', 'summary'] as const,
  history: ['points', 'history'] as const,
  statement: (month: string) => ['points', 'statement', month] as const,
  leaderboard: (scope: LeaderboardScope, period: LeaderboardPeriod) => ['points', 'leaderboard', scope, period] as const,
  shop: ['shop'] as const,
  shopItems: ['shop', 'items'] as const,
  redemptions: ['shop', 'redemptions'] as const,
  staff: ['staff-points'] as const,
  staffShopItems: (communityId: number) => ['staff-points', 'shop-items', communityId] as const,
  householdSearch: (communityId: number, q: string) => ['staff-points', 'households', communityId, q] as const,
  householdLedger: (householdId: number) => ['staff-points', 'household-ledger', householdId] as const,
  redemptionLookup: (code: string) => ['staff-points', 'redemption-lookup', code] as const,
  pendingAdjustments: (communityId: number) => ['staff-points', 'pending-adjustments', communityId] as const,
}

export function getPointsSummary() {
  return request<PointsSummary>('/api/points/me')
}

export function getPointsHistory(cursor?: string) {
  return request<LedgerPage>('/api/points/history', { query: { cursor, limit: LEDGER_PAGE_SIZE } })
}

export function getStatement(month: string) {
  return request<Statement>('/api/points/statement', { query: { month } })
}

export function getLeaderboard(scope: LeaderboardScope, period: LeaderboardPeriod) {
  return request<Leaderboard>('/api/points/leaderboard', { query: { scope, period } })
}

export function setLeaderboardVisibility(showOnLeaderboard: boolean, idempotencyKey?: string) {
  return request<PointsSummary>('/api/points/leaderboard-visibility', { method: 'PUT', body: { showOnLeaderboard }, idempotencyKey })
}

export async function listShopItems(): Promise<ShopItem[]> {
  return (await request<{ items: ShopItem[] }>('/api/shop/items')).items
}

export function redeemShopItem(itemId: number, idempotencyKey?: string) {
  return request<Redemption>(`/api/shop/items/${itemId}/redeem`, { method: 'POST', body: {}, idempotencyKey })
}

export async function listRedemptions(): Promise<Redemption[]> {
  return (await request<{ items: Redemption[] }>('/api/shop/redemptions')).items
}

export function cancelRedemption(redemptionId: number, idempotencyKey?: string) {
  return request<Redemption>(`/api/shop/redemptions/${redemptionId}/cancel`, { method: 'POST', body: {}, idempotencyKey })
}
