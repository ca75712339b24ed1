import type {
  AdjustmentRequest,
  HouseholdSearchResult,
  LedgerEntry,
  LedgerPage,
  Leaderboard,
  PointsAdjustment,
  PointsSettings,
  PointsSummary,
  Redemption,
  RuleAwardRequest,
  RuleAwardResult,
  ShopItem,
  ShopItemInput,
  ShopItemPatch,
  Statement,
} from '../../types/api/points'
import type { PointsRule } from '../../types/api/labels'
import { request } from './http'

export type LeaderboardScope = Leaderboard['scope']
export type LeaderboardPeriod = Leaderboard['period']
export type PointsSettingsUpdate = { communityId: number; rules?: { rule: PointsRule; points: number }[]; yearlyExpiry?: boolean; pickupDays?: number; adjustmentApprovalThreshold?: number }

/** Rows per page of a ledger. */
export const LEDGER_PAGE_SIZE = 20

/**
 * Query keys. Everything that changes with the household's points starts with 'points' or 'shop', so one
 * invalidation after a write refreshes every page that shows them.
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
  settings: (communityId: number) => ['staff-points', 'settings', communityId] as const,
  pendingAdjustments: (communityId: number) => ['staff-points', 'pending-adjustments', communityId] as const,
}

/* ----------------------------------------------------------------- resident */

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

/* -------------------------------------------------------------------- staff */

export function verifyRedemption(code: string, idempotencyKey?: string) {
  return request<Redemption>('/api/staff/redemptions/verify', { method: 'POST', body: { code }, idempotencyKey })
}

export async function listStaffShopItems(communityId: number): Promise<ShopItem[]> {
  return (await request<{ items: ShopItem[] }>('/api/staff/shop/items', { query: { communityId } })).items
}

export function createShopItem(input: ShopItemInput, idempotencyKey?: string) {
  return request<ShopItem>('/api/staff/shop/items', { method: 'POST', body: input, idempotencyKey })
}

/** Changes the fields sent; the others keep their value. */
export function updateShopItem(itemId: number, patch: ShopItemPatch, idempotencyKey?: string) {
  return request<ShopItem>(`/api/staff/shop/items/${itemId}`, { method: 'PATCH', body: patch, idempotencyKey })
}

export function searchHouseholds(communityId: number, q: string) {
  return request<HouseholdSearchResult>('/api/staff/households', { query: { q, communityId } })
}

export function getHouseholdLedger(householdId: number, cursor?: string) {
  return request<LedgerPage>(`/api/staff/households/${householdId}/points`, { query: { cursor, limit: LEDGER_PAGE_SIZE } })
}

/** Applied at once (the ledger row), or — above the community's threshold — 待审批 for a second staff member. */
export function adjustPoints(adjustment: AdjustmentRequest, idempotencyKey?: string) {
  return request<LedgerEntry | PointsAdjustment>('/api/staff/points/adjustments', { method: 'POST', body: adjustment, idempotencyKey })
}

export function isPendingAdjustment(result: LedgerEntry | PointsAdjustment): result is PointsAdjustment {
  return 'status' in result
}

export async function listPendingAdjustments(communityId: number): Promise<PointsAdjustment[]> {
  return (await request<{ items: PointsAdjustment[] }>('/api/staff/points/adjustments', { query: { communityId } })).items
}

export function approveAdjustment(id: number, idempotencyKey?: string) {
  return request<PointsAdjustment>(`/api/staff/points/adjustments/${id}/approve`, { method: 'POST', body: {}, idempotencyKey })
}

export function rejectAdjustment(id: number, reason: string, idempotencyKey?: string) {
  return request<PointsAdjustment>(`/api/staff/points/adjustments/${id}/reject`, { method: 'POST', body: { reason }, idempotencyKey })
}

export function awardByRule(award: RuleAwardRequest, idempotencyKey?: string) {
  return request<RuleAwardResult>('/api/staff/points/rule-awards', { method: 'POST', body: award, idempotencyKey })
}

export function getPointsSettings(communityId: number) {
  return request<PointsSettings>('/api/staff/points/settings', { query: { communityId } })
}

export function updatePointsSettings(update: PointsSettingsUpdate, idempotencyKey?: string) {
  return request<PointsSettings>('/api/staff/points/settings', { method: 'PUT', body: update, idempotencyKey })
}
