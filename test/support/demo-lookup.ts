import { and, asc, eq, isNotNull, isNull, lte, ne, not, or, sql } from 'drizzle-orm'
import type { Role } from '../../types/api/common'
import { loadConfig } from '../../server/src/config'
import type { Db } from '../../server/src/db/client'
import { activities, buildings, communities, households, householdPoints, persons, pointsLedger, roleGrants, shopItems, users, wishClaims, wishes, wishEvents } from '../../server/src/db/schema'
import { PersonalDataCipher } from '../../server/src/modules/privacy/personal-data-cipher'

type PersonRow = typeof persons.$inferSelect

/**
 * Finding things of the demo district by their names, for tests. `personalData` opens the sealed phone numbers:
 * by default the cipher of a test app's configuration (pass `t.personalData` when a test sets its own DATA_KEY).
 */
export function demoLookup(db: Db, personalData: PersonalDataCipher = new PersonalDataCipher(loadConfig({ NODE_ENV: 'test' }).dataKey)) {
  /** A person row with its phone number opened, as the tests compare it with what the API shows. */
  const withPhone = <P extends Pick<PersonRow, 'phoneCipher'>>(row: P) => ({ ...row, phone: personalData.openPhone(row.phoneCipher) })
  return {
    async communityId(name: string) {
      const [row] = await db.select({ id: communities.id }).from(communities).where(eq(communities.name, name))
      return row!.id
    },
    async person(name: string) {
      const [row] = await db.select().from(persons).where(eq(persons.name, name)).orderBy(asc(persons.id)).limit(1)
      return withPhone(row!)
    },
    /** A resident with a household in the community, other than the given people. */
    async someResident(communityId: number, exceptHouseholds: number[] = []) {
      const rows = await db
        .select()
        .from(persons)
        .where(and(eq(persons.communityId, communityId), isNotNull(persons.householdId)))
        .orderBy(asc(persons.id))
      return withPhone(rows.find((p) => !exceptHouseholds.includes(p.householdId!))!)
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
    /**
     * Adult residents of the community with a household and no account yet: fresh people for tests to act as
     * (adults, as the seed counts them: children's names are shown as 王* to others, which no test of a feature
     * expects of its users). Not the family of a staff member or admin: staff may not act on their own household's
     * matters (separation of duties), and no test of a feature means its residents to be staff's relatives.
     */
    async peopleWithoutAccount(communityId: number) {
      const staffFamily = sql`exists (select 1 from ${persons} sp join ${users} su on su.person_id = sp.id join ${roleGrants} sg on sg.user_id = su.id
        where sp.household_id = ${persons.householdId} and sg.role in ('staff', 'admin'))`
      const rows = await db
        .select({ id: persons.id, name: persons.name, phoneCipher: persons.phoneCipher, householdId: persons.householdId })
        .from(persons)
        .leftJoin(users, eq(users.personId, persons.id))
        .where(and(eq(persons.communityId, communityId), isNotNull(persons.householdId), isNull(users.id), or(isNull(persons.birthYear), lte(persons.birthYear, 2006)), not(staffFamily)))
        .orderBy(asc(persons.id))
      return rows.map(({ phoneCipher, ...p }) => ({ ...p, phone: personalData.openPhone(phoneCipher) }))
    },
    /** A new household in one of the community's buildings, with one adult in it. */
    async newResident(communityId: number, n: number) {
      const [building] = await db.select().from(buildings).where(eq(buildings.communityId, communityId)).orderBy(asc(buildings.id)).limit(1)
      const [household] = await db.insert(households).values({ communityId, buildingId: building!.id, unitNo: '9单元', roomNo: `${900 + n}` }).returning()
      const phone = `1390000${String(n).padStart(4, '0')}`
      const [person] = await db.insert(persons).values({ communityId, householdId: household!.id, name: `测试居民${n}`, ...personalData.sealPhone(phone), birthYear: 1980 }).returning()
      return { id: person!.id, name: person!.name, phone, householdId: household!.id }
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
