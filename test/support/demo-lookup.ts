import { and, asc, eq, isNotNull, ne } from 'drizzle-orm'
import type { Db } from '../../server/src/db/client'
import { activities, communities, householdPoints, persons, shopItems } from '../../server/src/db/schema'

/** Finding things of the demo district by their names, for tests. */
export function demoLookup(db: Db) {
  return {
    async communityId(name: string) {
      const [row] = await db.select({ id: communities.id }).from(communities).where(eq(communities.name, name))
      return row!.id
    },
    async person(name: string) {
      const [row] = await db.select().from(persons).where(eq(persons.name, name)).orderBy(asc(persons.id)).limit(1)
      return row!
    },
    /** A resident with a household in the community, other than the given people. */
    async someResident(communityId: number, exceptHouseholds: number[] = []) {
      const rows = await db
        .select()
        .from(persons)
        .where(and(eq(persons.communityId, communityId), isNotNull(persons.householdId)))
        .orderBy(asc(persons.id))
      return rows.find((p) => !exceptHouseholds.includes(p.householdId!))!
    },
    async householdsOf(communityId: number) {
      const rows = await db.select({ householdId: persons.householdId, personId: persons.id }).from(persons).where(and(eq(persons.communityId, communityId), isNotNull(persons.householdId))).orderBy(asc(persons.id))
      const first = new Map<number, number>()
      for (const r of rows) if (!first.has(r.householdId!)) first.set(r.householdId!, r.personId)
      return [...first].map(([householdId, personId]) => ({ householdId, personId }))
    },
    async item(communityId: number, name: string) {
      const [row] = await db.select().from(shopItems).where(and(eq(shopItems.communityId, communityId), eq(shopItems.name, name)))
      return row!
    },
    async activity(communityId: number, title: string) {
      const [row] = await db.select().from(activities).where(and(eq(activities.communityId, communityId), eq(activities.title, title))).orderBy(asc(activities.startsAt)).limit(1)
      return row!
    },
    async otherCommunityActivity(communityId: number) {
      const [row] = await db.select().from(activities).where(ne(activities.communityId, communityId)).limit(1)
      return row!
    },
    async balance(householdId: number) {
      const [row] = await db.select().from(householdPoints).where(eq(householdPoints.householdId, householdId))
      return row?.balance ?? 0
    },
  }
}
