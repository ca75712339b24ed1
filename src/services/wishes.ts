import type { z } from 'zod'
import type { WishCategory, WishStatus } from '../../types/api/labels'
import type { ConfirmRequest, CreateWishRequest, FulfilRequest, Wish, WishPage, WishWall, ZWishListQuery } from '../../types/api/wishes'
import { request } from './http'

export type WishSort = z.infer<typeof ZWishListQuery>['sort']

/** Wishes per page of a list. */
export const WISH_PAGE_SIZE = 20

/**
 * Query keys. Everything a resident sees of wishes starts with 'wishes', everything staff see with
 * 'staff-wishes' (their calls are in staff/wishes.ts): after a write, invalidating both refreshes every list, the
 * wall and the detail.
 */
export const wishKeys = {
  all: ['wishes'] as const,
  list: (communityId: number | null, category: WishCategory | null, sort: WishSort) => ['wishes', 'list', communityId, category, sort] as const,
  wall: (communityId: number | null) => ['wishes', 'wall', communityId] as const,
  mine: ['wishes', 'mine'] as const,
  claimed: ['wishes', 'claimed'] as const,
  detail: (id: number) => ['wishes', 'detail', id] as const,
  staff: ['staff-wishes'] as const,
  staffList: (communityId: number, status: WishStatus) => ['staff-wishes', 'list', communityId, status] as const,
  settings: (communityId: number) => ['staff-wishes', 'settings', communityId] as const,
}

export function listWishes(params: { communityId: number | null; category: WishCategory | null; sort: WishSort; cursor?: string }) {
  return request<WishPage>('/api/wishes', {
    query: { communityId: params.communityId ?? undefined, category: params.category ?? undefined, sort: params.sort, cursor: params.cursor, limit: WISH_PAGE_SIZE },
  })
}

export function getWishWall(communityId: number | null) {
  return request<WishWall>('/api/wishes/wall', { query: { communityId: communityId ?? undefined } })
}

export function listMyWishes(cursor?: string) {
  return request<WishPage>('/api/wishes/mine', { query: { cursor, limit: WISH_PAGE_SIZE } })
}

export function listClaimedWishes(cursor?: string) {
  return request<WishPage>('/api/wishes/claimed', { query: { cursor, limit: WISH_PAGE_SIZE } })
}

export function getWish(id: number) {
  return request<Wish>(`/api/wishes/${id}`)
}

export function createWish(body: CreateWishRequest, idempotencyKey?: string) {
  return request<Wish>('/api/wishes', { method: 'POST', body, idempotencyKey })
}

export function withdrawWish(id: number, idempotencyKey?: string) {
  return request<Wish>(`/api/wishes/${id}/withdraw`, { method: 'POST', body: {}, idempotencyKey })
}

/** 认领, for oneself or (asUnit) as the 驻区单位 one belongs to. */
export function claimWish(id: number, asUnit: boolean, idempotencyKey?: string) {
  return request<Wish>(`/api/wishes/${id}/claim`, { method: 'POST', body: { asUnit }, idempotencyKey })
}

export function giveUpWish(id: number, reason: string, idempotencyKey?: string) {
  return request<Wish>(`/api/wishes/${id}/give-up`, { method: 'POST', body: { reason }, idempotencyKey })
}

export function fulfilWish(id: number, body: FulfilRequest, idempotencyKey?: string) {
  return request<Wish>(`/api/wishes/${id}/fulfil`, { method: 'POST', body, idempotencyKey })
}

export function confirmWish(id: number, body: ConfirmRequest, idempotencyKey?: string) {
  return request<Wish>(`/api/wishes/${id}/confirm`, { method: 'POST', body, idempotencyKey })
}
