import type { WishSettings } from '../../../../types/api/wishes'
import type { AppContext } from '../../context'
import type { Queryable } from '../../db/client'
import { AppError } from '../../http/app-error'
import { recordAudit } from '../audit/audit.service'
import type { Principal } from '../../http/principal'
import { communityExists } from '../people/people.api'
import { staffCommunity } from '../points/points.api'
import { DEFAULT_WISH_SETTINGS } from './wishes.domain'
import * as repo from './wishes.repository'

/** A community's wish rules: its own where it set them, the defaults elsewhere. */
export async function loadWishSettings(db: Queryable, communityId: number): Promise<WishSettings> {
  const row = await repo.findSettings(db, communityId)
  return { communityId, ...DEFAULT_WISH_SETTINGS, ...(row ?? {}) }
}

export async function getSettings(ctx: AppContext, principal: Principal, communityId?: number): Promise<WishSettings> {
  return loadWishSettings(ctx.db, staffCommunity(principal, communityId))
}

export async function updateSettings(ctx: AppContext, principal: Principal, input: Partial<WishSettings> & { communityId: number }): Promise<WishSettings> {
  principal.assertStaffOf(input.communityId)
  if (!(await communityExists(ctx.db, input.communityId))) throw new AppError('COMMUNITY_NOT_FOUND')
  const { communityId, ...values } = input
  await ctx.db.transaction(async (tx) => {
    await repo.upsertSettings(tx, communityId, values)
    await recordAudit(tx, { actorUserId: principal.userId, action: 'wish.settings', communityId, subjectType: 'community', subjectId: communityId, detail: values, at: ctx.now() })
  })
  return loadWishSettings(ctx.db, communityId)
}
