import type { WishCategory, WishStatus } from '../../../types/api/labels'
import type { ConfirmRequest, CreateWishOnBehalfRequest, Wish, WishPage, WishSettings } from '../../../types/api/wishes'
import { request } from '../http'
import { WISH_PAGE_SIZE } from '../wishes'

/* What staff do with wishes: review, confirm for a wisher who cannot, post on a resident's behalf. Keys: wishKeys. */

export function listStaffWishes(communityId: number, status: WishStatus, cursor?: string) {
  return request<WishPage>('/api/staff/wishes', { query: { communityId, status, cursor, limit: WISH_PAGE_SIZE } })
}

export function approveWish(id: number, category: WishCategory | undefined, idempotencyKey?: string) {
  return request<Wish>(`/api/staff/wishes/${id}/approve`, { method: 'POST', body: category ? { category } : {}, idempotencyKey })
}

export function rejectWish(id: number, reason: string, idempotencyKey?: string) {
  return request<Wish>(`/api/staff/wishes/${id}/reject`, { method: 'POST', body: { reason }, idempotencyKey })
}

export function confirmWishForWisher(id: number, body: ConfirmRequest, idempotencyKey?: string) {
  return request<Wish>(`/api/staff/wishes/${id}/confirm`, { method: 'POST', body, idempotencyKey })
}

export function createWishOnBehalf(body: CreateWishOnBehalfRequest, idempotencyKey?: string) {
  return request<Wish>('/api/staff/wishes', { method: 'POST', body, idempotencyKey })
}

export function getWishSettings(communityId: number) {
  return request<WishSettings>('/api/staff/wishes/settings', { query: { communityId } })
}
