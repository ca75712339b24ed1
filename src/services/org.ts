import type { CommunityRef } from '../../types/api/me'
import type { HomeResponse } from '../../types/api/org'
import { request } from './http'

export const orgKeys = {
  home: (communityId: number | null) => ['home', communityId] as const,
  communities: ['communities'] as const,
}

export function getHome(communityId: number | null) {
  return request<HomeResponse>('/api/home', { query: { communityId: communityId ?? undefined } })
}

export async function listCommunities(): Promise<CommunityRef[]> {
  return (await request<{ items: CommunityRef[] }>('/api/communities', { auth: false })).items
}
