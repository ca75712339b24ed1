import { and, asc, eq, gte, isNotNull, isNull, lt, lte, ne, type SQL, sql } from 'drizzle-orm'
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Queryable } from '../../db/client'
import {
  activities,
  activitySignups,
  bookings,
  persons,
  pointsLedger,
  rooms,
  stations,
  units,
  users,
  volunteerProfiles,
  volunteerProjects,
  volunteerTeams,
  wishClaims,
  wishes,
} from '../../db/schema'

/*
 * The rows of the 台账 exports, read in keyset batches so that a large export never sits in memory. Each kind has a
 * count (with the highest id it saw, which bounds the batches: rows added while the file streams are left for the
 * next export, so the file holds what was counted) and a batch reader sorted by its date and id. A cursor keeps
 * the date as PostgreSQL's own text, which keeps its microseconds (a JS Date would drop them and repeat rows).
 */

export type ExportScope = {
  communityId: number
  /** The first instant of the range and the first instant after it (China days). */
  from: Date
  until: Date
  /** The highest id the count saw; batches read nothing above it. */
  maxId: number
}
export type ExportCount = { rows: number; maxId: number }
/** The sort keys of the last row of a batch: its date (as PostgreSQL's text) and ids, the row's own id last. */
export type ExportCursor = { at: string; ids: number[] }

/** An account's name as the 台账 names staff (经办人, 审核人): the person's name, else the account's. */
function accountName(user: { displayName: AnyPgColumn }, person: { name: AnyPgColumn }) {
  return sql<string | null>`coalesce(${person.name}, ${user.displayName})`
}

function after(keys: SQL[], cursor: ExportCursor | null): SQL | undefined {
  if (!cursor) return undefined
  const values = [sql`${cursor.at}::timestamptz`, ...cursor.ids.map((id) => sql`${id}`)]
  return sql`(${sql.join(keys, sql`, `)}) > (${sql.join(values, sql`, `)})`
}

async function countOf(query: Promise<{ rows: number; maxId: number | null }[]>): Promise<ExportCount> {
  const [row] = await query
  return { rows: row?.rows ?? 0, maxId: row?.maxId ?? 0 }
}

const counted = (id: SQL) => ({ rows: sql<number>`count(*)::int`, maxId: sql<number | null>`max(${id})::int` })

/* ----------------------------------------------------------------- 微心愿 (posted in the range) */

const wishesInRange = (s: Omit<ExportScope, 'maxId'>) => and(eq(wishes.communityId, s.communityId), gte(wishes.createdAt, s.from), lt(wishes.createdAt, s.until))

export function countWishes(db: Queryable, s: Omit<ExportScope, 'maxId'>) {
  return countOf(db.select(counted(sql`${wishes.id}`)).from(wishes).where(wishesInRange(s)))
}

const wisher = alias(persons, 'wisher')
const claimer = alias(persons, 'claimer')
const reviewerUser = alias(users, 'reviewer_user')
const reviewerPerson = alias(persons, 'reviewer_person')

export async function wishBatch(db: Queryable, s: ExportScope, cursor: ExportCursor | null, limit: number) {
  return db
    .select({
      cursorAt: sql<string>`${wishes.createdAt}::text`,
      id: wishes.id,
      title: wishes.title,
      category: wishes.category,
      valueYuan: wishes.valueYuan,
      status: wishes.status,
      contactPreference: wishes.contactPreference,
      postedOnBehalf: wishes.postedOnBehalf,
      createdAt: wishes.createdAt,
      openedAt: wishes.openedAt,
      fulfilledAt: wishes.fulfilledAt,
      confirmedAt: wishes.confirmedAt,
      rejectReason: wishes.rejectReason,
      wisherPersonId: wisher.id,
      wisherName: wisher.name,
      wisherAnonymised: sql<boolean>`${wisher.anonymisedAt} is not null`,
      wisherPhoneCipher: wisher.phoneCipher,
      wisherHouseholdId: wisher.householdId,
      reviewerName: accountName(reviewerUser, reviewerPerson),
      claimedAt: wishClaims.claimedAt,
      claimerPersonId: claimer.id,
      claimerName: claimer.name,
      claimerAnonymised: sql<boolean>`${claimer.anonymisedAt} is not null`,
      claimerUnitName: units.name,
    })
    .from(wishes)
    .innerJoin(wisher, eq(wisher.id, wishes.wisherPersonId))
    .leftJoin(reviewerUser, eq(reviewerUser.id, wishes.reviewedByUserId))
    .leftJoin(reviewerPerson, eq(reviewerPerson.id, reviewerUser.personId))
    .leftJoin(wishClaims, eq(wishClaims.id, wishes.currentClaimId))
    .leftJoin(claimer, eq(claimer.id, wishClaims.claimerPersonId))
    .leftJoin(units, eq(units.id, wishClaims.claimerUnitId))
    .where(and(wishesInRange(s), lte(wishes.id, s.maxId), after([sql`${wishes.createdAt}`, sql`${wishes.id}`], cursor)))
    .orderBy(asc(wishes.createdAt), asc(wishes.id))
    .limit(limit)
}
export type WishExportRow = Awaited<ReturnType<typeof wishBatch>>[number]

/* ----------------------------------------------------------------- 场地预约 (starting in the range) */

const bookingsInRange = (s: Omit<ExportScope, 'maxId'>) => and(eq(bookings.communityId, s.communityId), gte(bookings.startsAt, s.from), lt(bookings.startsAt, s.until))

export function countBookings(db: Queryable, s: Omit<ExportScope, 'maxId'>) {
  return countOf(db.select(counted(sql`${bookings.id}`)).from(bookings).where(bookingsInRange(s)))
}

const bookerUser = alias(users, 'booker_user')
const booker = alias(persons, 'booker')
const deciderUser = alias(users, 'decider_user')
const deciderPerson = alias(persons, 'decider_person')

export async function bookingBatch(db: Queryable, s: ExportScope, cursor: ExportCursor | null, limit: number) {
  return db
    .select({
      cursorAt: sql<string>`${bookings.startsAt}::text`,
      id: bookings.id,
      stationName: stations.name,
      roomName: rooms.name,
      roomKind: rooms.kind,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      purpose: bookings.purpose,
      attendees: bookings.attendees,
      status: bookings.status,
      rejectReason: bookings.rejectReason,
      cancelReason: bookings.cancelReason,
      checkedInAt: bookings.checkedInAt,
      createdAt: bookings.createdAt,
      bookerPersonId: booker.id,
      bookerName: sql<string>`coalesce(${booker.name}, ${bookerUser.displayName})`,
      bookerAnonymised: sql<boolean>`${booker.anonymisedAt} is not null`,
      bookerPhoneCipher: booker.phoneCipher,
      deciderName: accountName(deciderUser, deciderPerson),
    })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .innerJoin(stations, eq(stations.id, rooms.stationId))
    .innerJoin(bookerUser, eq(bookerUser.id, bookings.bookerUserId))
    .leftJoin(booker, eq(booker.id, bookerUser.personId))
    .leftJoin(deciderUser, eq(deciderUser.id, bookings.decidedByUserId))
    .leftJoin(deciderPerson, eq(deciderPerson.id, deciderUser.personId))
    .where(and(bookingsInRange(s), lte(bookings.id, s.maxId), after([sql`${bookings.startsAt}`, sql`${bookings.id}`], cursor)))
    .orderBy(asc(bookings.startsAt), asc(bookings.id))
    .limit(limit)
}
export type BookingExportRow = Awaited<ReturnType<typeof bookingBatch>>[number]

/* ----------------------------------------------------------------- 志愿活动: rosters and service records */

/** Sign-ups of the community's activities starting in the range: a roster lists all but the cancelled ones. */
const signupsInRange = (s: Omit<ExportScope, 'maxId'>, only: 'roster' | 'records') =>
  and(
    eq(activitySignups.communityId, s.communityId),
    gte(activities.startsAt, s.from),
    lt(activities.startsAt, s.until),
    only === 'roster' ? and(ne(activitySignups.status, 'cancelled'), isNull(activities.cancelledAt)) : and(isNotNull(activitySignups.confirmedMinutes), isNotNull(activitySignups.confirmedAt)),
  )

export function countSignups(db: Queryable, s: Omit<ExportScope, 'maxId'>, only: 'roster' | 'records') {
  return countOf(
    db
      .select(counted(sql`${activitySignups.id}`))
      .from(activitySignups)
      .innerJoin(activities, eq(activities.id, activitySignups.activityId))
      .where(signupsInRange(s, only)),
  )
}

const volunteer = alias(persons, 'volunteer')
const confirmerUser = alias(users, 'confirmer_user')
const confirmerPerson = alias(persons, 'confirmer_person')

export async function signupBatch(db: Queryable, s: ExportScope, only: 'roster' | 'records', cursor: ExportCursor | null, limit: number) {
  return db
    .select({
      cursorAt: sql<string>`${activities.startsAt}::text`,
      activityId: activities.id,
      title: activities.title,
      description: activities.description,
      place: activities.place,
      startsAt: activities.startsAt,
      endsAt: activities.endsAt,
      projectName: volunteerProjects.name,
      teamName: volunteerTeams.name,
      signupId: activitySignups.id,
      status: activitySignups.status,
      checkedInAt: activitySignups.checkedInAt,
      checkedOutAt: activitySignups.checkedOutAt,
      confirmedMinutes: activitySignups.confirmedMinutes,
      confirmedAt: activitySignups.confirmedAt,
      pointsAwarded: activitySignups.pointsAwarded,
      confirmerName: accountName(confirmerUser, confirmerPerson),
      personId: volunteer.id,
      volunteerName: sql<string>`coalesce(${volunteerProfiles.realName}, ${volunteer.name})`,
      volunteerAnonymised: sql<boolean>`${volunteer.anonymisedAt} is not null`,
      phoneCipher: sql<string | null>`coalesce(${volunteerProfiles.phoneCipher}, ${volunteer.phoneCipher})`,
    })
    .from(activitySignups)
    .innerJoin(activities, eq(activities.id, activitySignups.activityId))
    .innerJoin(volunteer, eq(volunteer.id, activitySignups.personId))
    .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, activitySignups.userId))
    .leftJoin(volunteerProjects, eq(volunteerProjects.id, activities.projectId))
    .leftJoin(volunteerTeams, eq(volunteerTeams.id, sql`coalesce(${activities.teamId}, ${volunteerProjects.teamId})`))
    .leftJoin(confirmerUser, eq(confirmerUser.id, activitySignups.confirmedByUserId))
    .leftJoin(confirmerPerson, eq(confirmerPerson.id, confirmerUser.personId))
    .where(and(signupsInRange(s, only), lte(activitySignups.id, s.maxId), after([sql`${activities.startsAt}`, sql`${activities.id}`, sql`${activitySignups.id}`], cursor)))
    .orderBy(asc(activities.startsAt), asc(activities.id), asc(activitySignups.id))
    .limit(limit)
}
export type SignupExportRow = Awaited<ReturnType<typeof signupBatch>>[number]

/* ----------------------------------------------------------------- 积分明细 (posted in the range) */

const ledgerInRange = (s: Omit<ExportScope, 'maxId'>) => and(eq(pointsLedger.communityId, s.communityId), gte(pointsLedger.createdAt, s.from), lt(pointsLedger.createdAt, s.until))

export function countLedger(db: Queryable, s: Omit<ExportScope, 'maxId'>) {
  return countOf(db.select(counted(sql`${pointsLedger.id}`)).from(pointsLedger).where(ledgerInRange(s)))
}

const member = alias(persons, 'member')
const actorUser = alias(users, 'actor_user')
const actorPerson = alias(persons, 'actor_person')

export async function ledgerBatch(db: Queryable, s: ExportScope, cursor: ExportCursor | null, limit: number) {
  return db
    .select({
      cursorAt: sql<string>`${pointsLedger.createdAt}::text`,
      id: pointsLedger.id,
      createdAt: pointsLedger.createdAt,
      householdId: pointsLedger.householdId,
      amount: pointsLedger.amount,
      reason: pointsLedger.reason,
      rule: pointsLedger.rule,
      title: pointsLedger.title,
      balanceAfter: pointsLedger.householdBalanceAfter,
      personId: member.id,
      memberName: member.name,
      memberAnonymised: sql<boolean>`${member.anonymisedAt} is not null`,
      actorName: accountName(actorUser, actorPerson),
    })
    .from(pointsLedger)
    .leftJoin(member, eq(member.id, pointsLedger.personId))
    .leftJoin(actorUser, eq(actorUser.id, pointsLedger.actorUserId))
    .leftJoin(actorPerson, eq(actorPerson.id, actorUser.personId))
    .where(and(ledgerInRange(s), lte(pointsLedger.id, s.maxId), after([sql`${pointsLedger.createdAt}`, sql`${pointsLedger.id}`], cursor)))
    .orderBy(asc(pointsLedger.createdAt), asc(pointsLedger.id))
    .limit(limit)
}
export type LedgerExportRow = Awaited<ReturnType<typeof ledgerBatch>>[number]
