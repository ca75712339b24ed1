import { and, eq, gt, gte, isNull, lt, sql } from 'drizzle-orm'
import type { Queryable } from '../../db/client'
import { activities, redemptions } from '../../db/schema'

/* The 工作台's counts that are not another module's queue (those are asked of their module). */

/** Redemptions reserved at the community's 积分超市 and still waiting to be picked up (not past their pick-up date). */
export async function countRedemptionsToHandOut(db: Queryable, communityId: number, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(redemptions)
    .where(and(eq(redemptions.communityId, communityId), eq(redemptions.status, 'reserved'), gt(redemptions.expiresAt, now)))
  return row!.n
}

/** The community's published, not cancelled activities starting in [from, to) — one China day. */
export async function countActivitiesStarting(db: Queryable, communityId: number, from: Date, to: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(activities)
    .where(and(eq(activities.communityId, communityId), gte(activities.startsAt, from), lt(activities.startsAt, to), eq(activities.published, true), isNull(activities.cancelledAt)))
  return row!.n
}
