import type { Me } from '../../types/api/me'

/**
 * The community a staff page works in: the account's own when it is staff there, else the first it may act in.
 * (The server checks every call; this only picks what to ask for.)
 */
export function staffCommunityOf(me: Me): number {
  return me.community && me.staffCommunityIds.includes(me.community.id) ? me.community.id : me.staffCommunityIds[0]!
}
