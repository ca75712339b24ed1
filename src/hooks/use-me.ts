import { useQuery } from '@tanstack/react-query'
import type { Me } from '../../types/api/me'
import { authKeys, getMe } from '../services/auth'
import { ApiError } from '../services/http'
import { chosenCommunity } from '../stores/preferences'

export function useMe() {
  return useQuery({ queryKey: authKeys.me, queryFn: getMe })
}

/** Whether a failed `me` only means nobody is logged in: a visitor, who may still browse the guest pages. */
export const isVisitor = (err: unknown) => err instanceof ApiError && err.status === 401

/**
 * Who is looking at a page a visitor may see too (首页, 心愿, 活动): the account, or a visitor (`profile` null),
 * and the community shown — the account's own, else the one picked (`communityId` null means the account's).
 * `ready`: the community is known, so the page's queries may run.
 */
export function useViewer() {
  const me = useMe()
  const chosen = chosenCommunity.use()
  const visitor = me.isError && isVisitor(me.error)
  const profile: Me | null = me.data ?? null
  const placed = Boolean(profile?.community)
  return {
    me,
    profile,
    visitor,
    /** The account's community is its own; anyone else browses the community picked (null: none yet). */
    communityId: placed ? null : chosen,
    needsCommunity: (me.isSuccess || visitor) && !placed && chosen === null,
    ready: (me.isSuccess || visitor) && (placed || chosen !== null),
  }
}
