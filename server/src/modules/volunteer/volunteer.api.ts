import type { Queryable } from '../../db/client'
import * as repo from './volunteer.repository'

/*
 * What other modules ask of the volunteer module, which owns activities: they do not read its tables themselves.
 */

/** An activity as other modules name it (积分 for attending a 议事会 or 环境整治), or null when there is none. */
export async function findActivityRef(db: Queryable, id: number): Promise<{ id: number; communityId: number; title: string } | null> {
  return repo.findActivityRef(db, id)
}
