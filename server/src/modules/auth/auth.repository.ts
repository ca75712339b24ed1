import { and, eq, isNotNull, sql } from 'drizzle-orm'
import type { Role } from '../../../../types/api/common'
import type { Db, Queryable } from '../../db/client'
import { communities, persons, roleGrants, sessions, subdistricts, unitMembers, units, users } from '../../db/schema'
import { preparedFor } from '../../db/prepared'
import { Principal } from '../../http/principal'

export type UserRow = typeof users.$inferSelect

/**
 * The caller's principal; null for an account that does not exist or was deleted (注销: its sessions end), and,
 * given the access token's session, when that session does not belong to the account or was ended (logout).
 */
const principalRows = preparedFor((db) =>
  db
    .select({
      userId: users.id,
      deletedAt: users.deletedAt,
      sessionId: sessions.id,
      sessionRevokedAt: sessions.revokedAt,
      personId: users.personId,
      userCommunityId: users.communityId,
      personCommunityId: persons.communityId,
      householdId: persons.householdId,
      unitCommunityId: units.communityId,
      role: roleGrants.role,
      grantCommunityId: roleGrants.communityId,
    })
    .from(users)
    .leftJoin(persons, eq(persons.id, users.personId))
    .leftJoin(unitMembers, eq(unitMembers.userId, users.id))
    .leftJoin(units, eq(units.id, unitMembers.unitId))
    .leftJoin(roleGrants, eq(roleGrants.userId, users.id))
    // Without a session to check (null) the join finds none.
    .leftJoin(sessions, and(eq(sessions.id, sql.placeholder('sessionId')), eq(sessions.userId, users.id)))
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('load_principal'),
)

export async function loadPrincipal(db: Db, userId: number, sessionId?: string): Promise<Principal | null> {
  const rows = await principalRows(db).execute({ userId, sessionId: sessionId ?? null })
  const first = rows[0]
  if (!first || first.deletedAt) return null
  if (sessionId && (!first.sessionId || first.sessionRevokedAt)) return null
  const roles = new Set<Role>()
  const staffOf = new Set<number>()
  for (const r of rows) {
    if (!r.role) continue
    roles.add(r.role)
    if (r.role === 'staff' && r.grantCommunityId !== null) staffOf.add(r.grantCommunityId)
  }
  // Where the person lives, else where the account chose to be, else its unit's community.
  const communityId = first.personCommunityId ?? first.userCommunityId ?? first.unitCommunityId
  return new Principal(first.userId, roles, staffOf, communityId, first.personId, first.householdId, first.sessionId, first.unitCommunityId)
}

export async function findUserByOpenid(db: Queryable, openid: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.openid, openid))
  return row
}

/** Creates the account of a first-time WeChat user; a concurrent first login of the same user finds the winner's row. */
export async function insertWechatUser(db: Queryable, input: { openid: string; unionid: string | null; now: Date }): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({ openid: input.openid, unionid: input.unionid, displayName: '微信用户', lastLoginAt: input.now })
    .onConflictDoNothing({ target: users.openid })
    .returning()
  return row ?? (await findUserByOpenid(db, input.openid))!
}

export async function touchLastLogin(db: Queryable, userId: number, now: Date): Promise<void> {
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, userId))
}

export async function findDemoUser(db: Queryable, persona: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.demoPersona, persona))
  return row
}

export async function listDemoUsers(db: Queryable) {
  return db
    .select({ persona: users.demoPersona, name: sql<string>`coalesce(${persons.name}, ${units.name}, ${users.displayName})` })
    .from(users)
    .leftJoin(persons, eq(persons.id, users.personId))
    .leftJoin(unitMembers, eq(unitMembers.userId, users.id))
    .leftJoin(units, eq(units.id, unitMembers.unitId))
    .where(isNotNull(users.demoPersona))
}

/** Everything `GET /api/me` shows about the account, its person, household and community, in one query. */
const profileRow = preparedFor((db) =>
  db
    .select({
      userId: users.id,
      displayName: users.displayName,
      personName: persons.name,
      phoneCipher: persons.phoneCipher,
      unitId: units.id,
      unitName: units.name,
      unitRole: unitMembers.role,
      householdId: persons.householdId,
      communityId: communities.id,
      communityName: communities.name,
      subdistrictName: subdistricts.name,
      districtName: subdistricts.district,
    })
    .from(users)
    .leftJoin(persons, eq(persons.id, users.personId))
    .leftJoin(unitMembers, eq(unitMembers.userId, users.id))
    .leftJoin(units, eq(units.id, unitMembers.unitId))
    // No community (null): the join finds none.
    .leftJoin(communities, eq(communities.id, sql.placeholder('communityId')))
    .leftJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('load_profile'),
)

export async function loadProfile(db: Db, userId: number, communityId: number | null) {
  const [row] = await profileRow(db).execute({ userId, communityId })
  return row
}

export async function listCommunityRefs(db: Queryable) {
  return db
    .select({ id: communities.id, name: communities.name, subdistrictName: subdistricts.name, districtName: subdistricts.district })
    .from(communities)
    .innerJoin(subdistricts, eq(subdistricts.id, communities.subdistrictId))
    .orderBy(subdistricts.id, communities.id)
}
