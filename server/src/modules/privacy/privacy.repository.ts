import { and, asc, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Queryable, Tx } from '../../db/client'
import {
  activities,
  activitySignups,
  bookings,
  certificates,
  idempotencyKeys,
  notifications,
  personalDataAccess,
  persons,
  pointsLedger,
  redemptions,
  roleGrants,
  rooms,
  shopItems,
  stations,
  teamMembers,
  unitMembers,
  units,
  uploads,
  users,
  volunteerProfiles,
  wishClaims,
  wishes,
} from '../../db/schema'

/** What stands in for a deleted account's and person's names. */
export const ANONYMISED_NAME = '已注销用户'

/* ----------------------------------------------------------------- the export */

export async function findAccount(db: Queryable, userId: number) {
  const [row] = await db.select().from(users).where(eq(users.id, userId))
  if (!row) return null
  const roles = await db.selectDistinct({ role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.userId, userId)).orderBy(asc(roleGrants.role))
  return { user: row, roles: roles.map((r) => r.role) }
}


export async function findVolunteerProfile(db: Queryable, userId: number) {
  const [row] = await db.select().from(volunteerProfiles).where(eq(volunteerProfiles.userId, userId))
  return row ?? null
}

/** Wishes made for the person (posted by them, or by staff on their behalf). */
export async function wishesOf(db: Queryable, personId: number) {
  return db.select().from(wishes).where(eq(wishes.wisherPersonId, personId)).orderBy(asc(wishes.id))
}

export async function claimsOf(db: Queryable, userId: number) {
  return db
    .select({ claim: wishClaims, wishTitle: wishes.title })
    .from(wishClaims)
    .innerJoin(wishes, eq(wishes.id, wishClaims.wishId))
    .where(eq(wishClaims.claimerUserId, userId))
    .orderBy(asc(wishClaims.id))
}

export async function bookingsOf(db: Queryable, userId: number) {
  return db
    .select({ booking: bookings, roomName: rooms.name, stationName: stations.name })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .innerJoin(stations, eq(stations.id, rooms.stationId))
    .where(eq(bookings.bookerUserId, userId))
    .orderBy(asc(bookings.id))
}

export async function signupsOf(db: Queryable, userId: number) {
  return db
    .select({ signup: activitySignups, activityTitle: activities.title, place: activities.place })
    .from(activitySignups)
    .innerJoin(activities, eq(activities.id, activitySignups.activityId))
    .where(eq(activitySignups.userId, userId))
    .orderBy(asc(activitySignups.id))
}

export async function certificatesOf(db: Queryable, userId: number) {
  return db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(asc(certificates.id))
}

/** The person's own rows of the household ledger (not the rest of the household's). */
export async function ledgerOf(db: Queryable, personId: number) {
  return db.select().from(pointsLedger).where(eq(pointsLedger.personId, personId)).orderBy(asc(pointsLedger.id))
}

export async function redemptionsOf(db: Queryable, personId: number) {
  return db
    .select({ redemption: redemptions, itemName: shopItems.name })
    .from(redemptions)
    .innerJoin(shopItems, eq(shopItems.id, redemptions.itemId))
    .where(eq(redemptions.personId, personId))
    .orderBy(asc(redemptions.id))
}

export async function notificationsOf(db: Queryable, userId: number) {
  return db
    .select({ id: notifications.id, event: notifications.event, status: notifications.status, createdAt: notifications.createdAt, sentAt: notifications.sentAt })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(asc(notifications.id))
}

export async function uploadsOf(db: Queryable, userId: number) {
  return db
    .select({ id: uploads.id, purpose: uploads.purpose, storageKey: uploads.storageKey, mimeType: uploads.mimeType, byteSize: uploads.byteSize, moderation: uploads.moderation, createdAt: uploads.createdAt })
    .from(uploads)
    .where(eq(uploads.ownerUserId, userId))
    .orderBy(asc(uploads.id))
}

/* ----------------------------------------------------------------- the access log */

const actor = alias(users, 'actor')
const actorPerson = alias(persons, 'actor_person')
const actorUnit = alias(units, 'actor_unit')
const actorMembership = alias(unitMembers, 'actor_membership')

/**
 * Rows of the access log, newest first, with the staff member's and the subject's names; `after` is the last
 * row of the previous page (created_at, id).
 */
export async function listAccess(db: Queryable, filter: { subjectPersonId?: number }, after: { startsAt: Date; id: number } | null, limit: number) {
  const keyset: SQL | undefined = after
    ? or(lt(personalDataAccess.createdAt, after.startsAt), and(eq(personalDataAccess.createdAt, after.startsAt), lt(personalDataAccess.id, after.id)))
    : undefined
  return db
    .select({
      id: personalDataAccess.id,
      actorName: sql<string>`coalesce(${actorPerson.name}, ${actorUnit.name}, ${actor.displayName})`,
      subjectName: persons.name,
      purpose: personalDataAccess.purpose,
      route: personalDataAccess.route,
      createdAt: personalDataAccess.createdAt,
    })
    .from(personalDataAccess)
    .innerJoin(actor, eq(actor.id, personalDataAccess.actorUserId))
    .leftJoin(actorPerson, eq(actorPerson.id, actor.personId))
    .leftJoin(actorMembership, eq(actorMembership.userId, actor.id))
    .leftJoin(actorUnit, eq(actorUnit.id, actorMembership.unitId))
    .innerJoin(persons, eq(persons.id, personalDataAccess.subjectPersonId))
    .where(and(filter.subjectPersonId ? eq(personalDataAccess.subjectPersonId, filter.subjectPersonId) : undefined, keyset))
    .orderBy(desc(personalDataAccess.createdAt), desc(personalDataAccess.id))
    .limit(limit)
}

/* ----------------------------------------------------------------- deletion */

/**
 * What the account still has open, counted in one statement: bookings not yet over (pending, confirmed, checked
 * in), sign-ups accepted or waitlisted for activities not yet over, the person's wishes not in a final state, claims
 * in progress, and redemptions reserved but not picked up.
 */
export async function countOpenCommitments(db: Queryable, userId: number, personId: number | null, now: Date) {
  const person = personId ?? 0
  const [row] = await db
    .select({
      bookings: sql<number>`(select count(*)::int from ${bookings} where ${bookings.bookerUserId} = ${userId}
        and ${bookings.status} in ('pending', 'confirmed', 'checked_in') and ${bookings.endsAt} > ${now})`,
      signups: sql<number>`(select count(*)::int from ${activitySignups} s join ${activities} a on a.id = s.activity_id
        where s.user_id = ${userId} and s.status in ('accepted', 'waitlisted') and a.ends_at > ${now} and a.cancelled_at is null)`,
      wishes: sql<number>`(select count(*)::int from ${wishes} where ${wishes.wisherPersonId} = ${person}
        and ${wishes.status} not in ('confirmed', 'rejected', 'withdrawn'))`,
      claims: sql<number>`(select count(*)::int from ${wishClaims} where ${wishClaims.claimerUserId} = ${userId} and ${wishClaims.status} = 'active')`,
      redemptions: sql<number>`(select count(*)::int from ${redemptions} where ${redemptions.personId} = ${person} and ${redemptions.status} = 'reserved')`,
    })
    .from(users)
    .where(eq(users.id, userId))
  return row ?? { bookings: 0, signups: 0, wishes: 0, claims: 0, redemptions: 0 }
}

/**
 * Erases and anonymises what identifies the account, keeping the rows (and their ids) that ledgers, wishes and
 * sign-ups point at, so every household balance and history stays as it was.
 */
export async function anonymiseAccount(tx: Tx, account: { userId: number; personId: number | null }, now: Date) {
  const { userId, personId } = account
  await tx
    .update(users)
    .set({ openid: null, unionid: null, demoPersona: null, displayName: ANONYMISED_NAME, deletedAt: now })
    .where(eq(users.id, userId))
  if (personId !== null) {
    await tx
      .update(persons)
      .set({ name: ANONYMISED_NAME, phoneCipher: null, phoneHash: null, phoneTail: null, birthYear: null, anonymisedAt: now })
      .where(eq(persons.id, personId))
  }
  await tx
    .update(volunteerProfiles)
    .set({ realName: ANONYMISED_NAME, phoneCipher: null, phoneHash: null, skills: [], availability: [], updatedAt: now })
    .where(eq(volunteerProfiles.userId, userId))
  await tx.update(certificates).set({ holderName: ANONYMISED_NAME }).where(eq(certificates.userId, userId))
  await tx.delete(teamMembers).where(eq(teamMembers.userId, userId))
  await tx.delete(roleGrants).where(eq(roleGrants.userId, userId))
  // Reminders not yet sent are not sent: there is nobody to send them to.
  await tx
    .update(notifications)
    .set({ status: 'skipped', lastError: 'account deleted' })
    .where(and(eq(notifications.userId, userId), eq(notifications.status, 'pending')))
  // Stored responses of earlier requests hold personal data too.
  await tx.delete(idempotencyKeys).where(eq(idempotencyKeys.userId, userId))
}
