import { and, asc, eq, isNotNull, isNull, ne } from 'drizzle-orm'
import type { Role } from '../../types/api/common'
import type { Db } from '../../server/src/db/client'
import { activities, buildings, communities, households, householdPoints, persons, pointsLedger, roleGrants, shopItems, users, wishClaims, wishes, wishEvents } from '../../server/src/db/schema'

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
    /** Residents of the community with a household and no account yet: fresh people for tests to act as. */
    async peopleWithoutAccount(communityId: number) {
      return db
        .select({ id: persons.id, name: persons.name, phone: persons.phone, householdId: persons.householdId })
        .from(persons)
        .leftJoin(users, eq(users.personId, persons.id))
        .where(and(eq(persons.communityId, communityId), isNotNull(persons.householdId), isNull(users.id)))
        .orderBy(asc(persons.id))
    },
    /** A new household in one of the community's buildings, with one adult in it. */
    async newResident(communityId: number, n: number) {
      const [building] = await db.select().from(buildings).where(eq(buildings.communityId, communityId)).orderBy(asc(buildings.id)).limit(1)
      const [household] = await db.insert(households).values({ communityId, buildingId: building!.id, unitNo: '9单元', roomNo: `${900 + n}` }).returning()
      const [person] = await db.insert(persons).values({ communityId, householdId: household!.id, name: `测试居民${n}`, phone: `1390000${String(n).padStart(4, '0')}`, birthYear: 1980 }).returning()
      return { id: person!.id, name: person!.name, phone: person!.phone, householdId: household!.id }
    },
    /** Gives an account one more role (volunteer, party_member …; staff needs its community). */
    async grant(userId: number, role: Role, communityId: number | null = null) {
      await db.insert(roleGrants).values({ userId, role, communityId }).onConflictDoNothing()
    },
    /** Gives an account a WeChat identity, as if it had logged in with WeChat once. */
    async setOpenid(userId: number, openid: string) {
      await db.update(users).set({ openid }).where(eq(users.id, userId))
    },
    async userOfPersona(persona: string) {
      const [row] = await db.select().from(users).where(eq(users.demoPersona, persona))
      return row!
    },
    async wish(id: number) {
      const [row] = await db.select().from(wishes).where(eq(wishes.id, id))
      return row!
    },
    async wishEvents(wishId: number) {
      return db.select().from(wishEvents).where(eq(wishEvents.wishId, wishId)).orderBy(asc(wishEvents.id))
    },
    /** Every claim ever made on a wish, oldest first (lapsed and given-up ones stay as history). */
    async claimsOf(wishId: number) {
      return db.select().from(wishClaims).where(eq(wishClaims.wishId, wishId)).orderBy(asc(wishClaims.id))
    },
    /** The points ledger rows about one thing, e.g. ('wish', 12). */
    async ledgerFor(sourceType: string, sourceId: number | string) {
      return db.select().from(pointsLedger).where(and(eq(pointsLedger.sourceType, sourceType), eq(pointsLedger.sourceId, String(sourceId)))).orderBy(asc(pointsLedger.id))
    },
  }
}
