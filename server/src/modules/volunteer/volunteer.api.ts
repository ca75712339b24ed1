import { eq } from 'drizzle-orm'
import type { Queryable } from '../../db/client'
import { activities } from '../../db/schema'

/*
 * What other modules ask of the volunteer module, which owns activities: they do not read its tables themselves.
 */

/** An activity as other modules name it (积分 for attending a 议事会 or 环境整治), or null when there is none. */
export async function findActivityRef(db: Queryable, id: number): Promise<{ id: number; communityId: number; title: string } | null> {
  const [row] = await db.select({ id: activities.id, communityId: activities.communityId, title: activities.title }).from(activities).where(eq(activities.id, id))
  return row ?? null
}
