import type { AdjustmentRequest, HouseholdSearchResult, LedgerEntry, LedgerPage, PointsAdjustment, Redemption, RedemptionLookup, ShopItem, ShopItemInput, ShopItemPatch } from '../../../types/api/points'
import { request } from '../http'
import { LEDGER_PAGE_SIZE } from '../points'

/* What staff do with points: 核销, the shop's items, households' ledgers and adjustments. Keys: pointsKeys. */

/** Who collects what with this code, and whether it may be handed over now (before 核销). */
export function lookUpRedemption(code: string) {
  return request<RedemptionLookup>('/api/staff/redemptions/lookup', { query: { code } })
}

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
