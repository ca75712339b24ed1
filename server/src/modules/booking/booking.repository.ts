import { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { BookingStatus } from '../../../../types/api/labels'
import type { Db, Queryable, Tx } from '../../db/client'
import { preparedFor } from '../../db/prepared'
import { withConstraintErrors } from '../../db/constraint-errors'
import { bookings, bookingSuspensions, communities, persons, roomClosures, rooms, stations, users } from '../../db/schema'
import { AppError } from '../../http/app-error'
import { storageKeyOf } from '../uploads/uploads.repository'
import { HOLDING_STATUSES } from './booking.domain'

export type RoomRow = typeof rooms.$inferSelect
export type BookingRow = typeof bookings.$inferSelect

/* ----------------------------------------------------------------- stations and rooms */

/** The file of a station's first photo: its picture in lists. */
const firstPhotoKey = storageKeyOf(sql`${stations.photoIds}[1]`)

/** Stations with their counts of bookable rooms and tools; all communities when communityId is null. */
export async function listStations(db: Queryable, communityId: number | null) {
  return db
    .select({
      station: stations,
      communityName: communities.name,
      roomCount: sql<number>`count(${rooms.id}) filter (where ${rooms.kind} = 'room' and ${rooms.active})::int`,
      toolCount: sql<number>`count(${rooms.id}) filter (where ${rooms.kind} = 'tool' and ${rooms.active})::int`,
      photoKey: firstPhotoKey,
    })
    .from(stations)
    .innerJoin(communities, eq(communities.id, stations.communityId))
    .leftJoin(rooms, eq(rooms.stationId, stations.id))
    .where(communityId === null ? undefined : eq(stations.communityId, communityId))
    .groupBy(stations.id, communities.name)
    .orderBy(asc(stations.communityId), asc(stations.kind), asc(stations.id))
}

export async function findStation(db: Queryable, id: number) {
  const [row] = await db
    .select({ station: stations, communityName: communities.name, photoKey: firstPhotoKey })
    .from(stations)
    .innerJoin(communities, eq(communities.id, stations.communityId))
    .where(eq(stations.id, id))
  return row ?? null
}

export async function listRoomsOfStation(db: Queryable, stationId: number) {
  return db.select().from(rooms).where(eq(rooms.stationId, stationId)).orderBy(asc(rooms.kind), asc(rooms.id))
}

const roomWithStation = preparedFor((db) =>
  db.select({ room: rooms, station: stations }).from(rooms).innerJoin(stations, eq(stations.id, rooms.stationId)).where(eq(rooms.id, sql.placeholder('id'))).prepare('room_with_station'),
)

export async function findRoomWithStation(db: Db, id: number) {
  const [row] = await roomWithStation(db).execute({ id })
  return row ?? null
}

const roomLocked = preparedFor((db) => db.select().from(rooms).where(eq(rooms.id, sql.placeholder('id'))).for('no key update').prepare('room_locked'))

/**
 * The room row, locked against other bookings of the same room until the transaction ends. FOR NO KEY UPDATE
 * still lets other transactions insert bookings referencing the room (their FK check takes KEY SHARE), so only
 * bookers of this room queue here — and they queue in order instead of deadlocking inside the EXCLUDE index.
 */
export async function lockRoom(tx: Tx, id: number) {
  const [row] = await roomLocked(tx).execute({ id })
  return row ?? null
}

/* A station's name is unique in its community, a room's in its station: a taken one is a form error, not a 500. */
const STATION_NAME_TAKEN = { stations_community_name_uq: () => AppError.field('name', '本社区已有同名的阵地') }
const ROOM_NAME_TAKEN = { rooms_station_name_uq: () => AppError.field('name', '这个阵地已有同名的场地或工具') }

export async function insertStation(tx: Tx, values: typeof stations.$inferInsert) {
  const [row] = await withConstraintErrors(() => tx.insert(stations).values(values).returning(), STATION_NAME_TAKEN)
  return row!
}

export async function updateStation(tx: Tx, id: number, values: Partial<typeof stations.$inferInsert>) {
  const [row] = await withConstraintErrors(() => tx.update(stations).set(values).where(eq(stations.id, id)).returning(), STATION_NAME_TAKEN)
  return row ?? null
}

export async function insertRoom(tx: Tx, values: typeof rooms.$inferInsert) {
  const [row] = await withConstraintErrors(() => tx.insert(rooms).values(values).returning(), ROOM_NAME_TAKEN)
  return row!
}

export async function updateRoom(tx: Tx, id: number, values: Partial<typeof rooms.$inferInsert>) {
  const [row] = await withConstraintErrors(() => tx.update(rooms).set(values).where(eq(rooms.id, id)).returning(), ROOM_NAME_TAKEN)
  return row ?? null
}

/*
 * The rules "a closure reaches into [from, to)", "a booking holds time in [from, to)" and "a suspension is in force",
 * each written once: the lists read rows by them, a booking's checks ask `exists` (table aliases given as `t`).
 */

const HOLDING = sql.raw(HOLDING_STATUSES.map((s) => `'${s}'`).join(', '))
const placeholder = (name: string) => sql`${sql.placeholder(name)}`
/** A placeholder for an instant, typed (PostgreSQL cannot infer the type of `$1 + interval …`). */
const at = (name: string) => sql`${sql.placeholder(name)}::timestamptz`

const closureReaching = (t: SQL, roomId: SQL, from: SQL, to: SQL) => sql`${t}.room_id = ${roomId} and ${t}.starts_at < ${to} and ${t}.ends_at > ${from}`
/** A holding status, and the period plus its buffer (`blocked_until`) reaching into the interval. */
const holdReaching = (t: SQL, roomId: SQL, from: SQL, to: SQL) => sql`${t}.room_id = ${roomId} and ${t}.status in (${HOLDING}) and ${t}.starts_at < ${to} and ${t}.blocked_until > ${from}`
const suspensionInForce = (t: SQL, userId: SQL, now: SQL) => sql`${t}.user_id = ${userId} and ${t}.starts_at <= ${now} and ${t}.ends_at > ${now}`

/* ----------------------------------------------------------------- closures */

const roomClosuresOverlapping = preparedFor((db) =>
  db
    .select()
    .from(roomClosures)
    .where(closureReaching(sql`${roomClosures}`, placeholder('roomId'), at('from'), at('to')))
    .orderBy(asc(roomClosures.startsAt))
    .prepare('room_closures_overlapping'),
)

export async function closuresOverlapping(db: Db, roomId: number, from: Date, to: Date) {
  return roomClosuresOverlapping(db).execute({ roomId, from, to })
}

export async function listUpcomingClosures(db: Queryable, roomId: number, now: Date) {
  return db.select().from(roomClosures).where(and(eq(roomClosures.roomId, roomId), gt(roomClosures.endsAt, now))).orderBy(asc(roomClosures.startsAt))
}

export async function insertClosure(tx: Tx, values: typeof roomClosures.$inferInsert) {
  const [row] = await tx.insert(roomClosures).values(values).returning()
  return row!
}

export async function findClosure(db: Queryable, id: number) {
  const [row] = await db.select().from(roomClosures).where(eq(roomClosures.id, id))
  return row ?? null
}

export async function deleteClosure(db: Queryable, id: number) {
  await db.delete(roomClosures).where(eq(roomClosures.id, id))
}

/* ----------------------------------------------------------------- bookings */

/** Bookings holding a room's time (period plus buffer) that reach into [from, to). */
const roomHoldsOverlapping = preparedFor((db) =>
  db
    .select({ id: bookings.id, startsAt: bookings.startsAt, endsAt: bookings.endsAt, blockedUntil: bookings.blockedUntil, bookerUserId: bookings.bookerUserId })
    .from(bookings)
    .where(holdReaching(sql`${bookings}`, placeholder('roomId'), at('from'), at('to')))
    .prepare('room_holds_overlapping'),
)

export async function holdsOverlapping(db: Db, roomId: number, from: Date, to: Date) {
  return roomHoldsOverlapping(db).execute({ roomId, from, to })
}

/*
 * A booking's checks, each in one read: a rush of 1000 residents for one slot pays for every round trip. (The outer
 * table is named outright in the subqueries: docs/stack-notes.md › drizzle writes columns bare.)
 */

const bookingChecksOf = preparedFor((db) =>
  db
    .select({
      room: rooms,
      station: stations,
      /** The end of the caller's suspension in force now; null when there is none. */
      suspendedUntil: sql`(select s.ends_at from ${bookingSuspensions} s where ${suspensionInForce(sql`s`, placeholder('userId'), at('now'))} order by s.ends_at desc limit 1)`.mapWith(bookingSuspensions.endsAt),
      /** The room's closures reaching into [start, end), in epoch milliseconds, in order. */
      closures: sql<{ start: number; end: number }[]>`coalesce((select json_agg(json_build_object('start', (extract(epoch from c.starts_at) * 1000)::bigint, 'end', (extract(epoch from c.ends_at) * 1000)::bigint) order by c.starts_at) from ${roomClosures} c where ${closureReaching(sql`c`, sql`${rooms}.id`, at('start'), at('closuresTo'))}), '[]'::json)`,
      /** A booking holds part of the time: heldInterval's period plus the room's buffer after it. */
      held: sql<boolean>`exists (select 1 from ${bookings} b where ${holdReaching(sql`b`, sql`${rooms}.id`, at('start'), sql`${at('end')} + ${rooms}.buffer_minutes * interval '1 minute'`)})`,
    })
    .from(rooms)
    .innerJoin(stations, eq(stations.id, rooms.stationId))
    .where(eq(rooms.id, sql.placeholder('roomId')))
    .prepare('booking_checks'),
)

/**
 * What a booking checks before its transaction: the room and its station, the caller's suspension, the room's
 * closures during the period, and whether another booking already holds the time (most losers of a rush stop
 * there). Null when there is no such room.
 */
export async function bookingChecks(db: Queryable, q: { roomId: number; userId: number; now: Date; start: Date; end: Date }) {
  const [row] = await bookingChecksOf(db).execute({ ...q, closuresTo: q.end > q.start ? q.end : q.start })
  return row ?? null
}

const lockedBookingChecksOf = preparedFor((db) =>
  db
    .select({
      closed: sql<boolean>`exists (select 1 from ${roomClosures} c where ${closureReaching(sql`c`, placeholder('roomId'), at('start'), at('end'))})`,
      held: sql<boolean>`exists (select 1 from ${bookings} b where ${holdReaching(sql`b`, placeholder('roomId'), at('start'), at('heldEnd'))})`,
      /** The caller's bookings of the room still ahead of them (pending or confirmed, not yet over). */
      active: sql<number>`(select count(*)::int from ${bookings} b where b.room_id = ${sql.placeholder('roomId')} and b.booker_user_id = ${sql.placeholder('userId')} and b.status in ('pending', 'confirmed') and b.ends_at > ${at('now')})`,
    })
    .from(rooms)
    .where(eq(rooms.id, sql.placeholder('roomId')))
    .prepare('booking_locked_checks'),
)

/**
 * The checks a booking repeats under the room lock, in one read after it (a statement that waited for the lock
 * would not see what the previous holder committed): a closure since, a hold of [start, heldEnd), and the caller's
 * active bookings of the room.
 */
export async function lockedBookingChecks(tx: Tx, q: { roomId: number; userId: number; now: Date; start: Date; end: Date; heldEnd: Date }) {
  const [row] = await lockedBookingChecksOf(tx).execute(q)
  return row!
}

const suspensionAt = preparedFor((db) =>
  db
    .select()
    .from(bookingSuspensions)
    .where(suspensionInForce(sql`${bookingSuspensions}`, placeholder('userId'), at('now')))
    .orderBy(desc(bookingSuspensions.endsAt))
    .limit(1)
    .prepare('booking_suspension_at'),
)

export async function activeSuspension(db: Db, userId: number, now: Date) {
  const [row] = await suspensionAt(db).execute({ userId, now })
  return row ?? null
}

type NewBooking = Pick<typeof bookings.$inferInsert, 'communityId' | 'roomId' | 'bookerUserId' | 'startsAt' | 'endsAt' | 'blockedUntil' | 'purpose' | 'attendees' | 'isPublic' | 'status' | 'createdAt'>
const bookingInserted = preparedFor((db) =>
  db
    .insert(bookings)
    .values({
      communityId: sql.placeholder('communityId'),
      roomId: sql.placeholder('roomId'),
      bookerUserId: sql.placeholder('bookerUserId'),
      startsAt: sql.placeholder('startsAt'),
      endsAt: sql.placeholder('endsAt'),
      blockedUntil: sql.placeholder('blockedUntil'),
      purpose: sql.placeholder('purpose'),
      attendees: sql.placeholder('attendees'),
      isPublic: sql.placeholder('isPublic'),
      status: sql.placeholder('status'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning({ id: bookings.id })
    .prepare('booking_inserted'),
)

/** Inserts a booking; the EXCLUDE constraint refusing an overlap (the service checked first, under the room lock) is BOOKING_CONFLICT. */
export async function insertBooking(tx: Tx, values: NewBooking) {
  const [row] = await withConstraintErrors(() => bookingInserted(tx).execute(values), { bookings_no_overlap: () => new AppError('BOOKING_CONFLICT') })
  return row!
}

export async function lockBooking(tx: Tx, id: number) {
  const [row] = await tx.select().from(bookings).where(eq(bookings.id, id)).for('update')
  return row ?? null
}

/** Moves a booking from one of `from` to a new state; null when it was no longer in `from`. */
export async function moveBooking(tx: Tx, id: number, from: readonly BookingStatus[], set: Partial<typeof bookings.$inferInsert>) {
  const [row] = await tx
    .update(bookings)
    .set(set)
    .where(and(eq(bookings.id, id), inArray(bookings.status, [...from])))
    .returning()
  return row ?? null
}

/** Cancels every live booking of a room overlapping a closure; returns how many. */
export async function cancelBookingsOverlapping(tx: Tx, roomId: number, from: Date, to: Date, reason: string, now: Date) {
  const rows = await tx
    .update(bookings)
    .set({ status: 'cancelled', cancelReason: reason, cancelledAt: now })
    .where(and(eq(bookings.roomId, roomId), inArray(bookings.status, ['pending', 'confirmed']), lt(bookings.startsAt, to), gt(bookings.endsAt, from)))
    .returning({ id: bookings.id })
  return rows.map((r) => r.id)
}

/** A booking with what every view of it shows: room, station and the booker's name and phone. */
const bookingView = {
  booking: bookings,
  room: rooms,
  station: { id: stations.id, name: stations.name, address: stations.address, phone: stations.phone, communityId: stations.communityId },
  bookerName: sql<string>`coalesce(${persons.name}, ${users.displayName})`,
  bookerPersonId: persons.id,
  /** Whose household the booking is, for separation of duties (staff never decide their family's bookings). */
  bookerHouseholdId: persons.householdId,
  bookerBirthYear: persons.birthYear,
  /** Sealed; the service opens it for those who may see it. */
  bookerPhoneCipher: persons.phoneCipher,
}

function selectBookingViews(db: Queryable) {
  return db
    .select(bookingView)
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .innerJoin(stations, eq(stations.id, rooms.stationId))
    .innerJoin(users, eq(users.id, bookings.bookerUserId))
    .leftJoin(persons, eq(persons.id, users.personId))
}

export type BookingView = Awaited<ReturnType<typeof findBookingView>> & {}

export async function findBookingView(db: Queryable, id: number) {
  const [row] = await selectBookingViews(db).where(eq(bookings.id, id))
  return row ?? null
}

/**
 * A person's bookings. Upcoming: not yet over and still live, soonest first; past: everything else, latest
 * first. The cursor is the last row's start and id.
 */
export async function listBookingsOfUser(db: Queryable, userId: number, scope: 'upcoming' | 'past', now: Date, after: { startsAt: Date; id: number } | null, limit: number) {
  const live = sql`(${bookings.status} in ('pending', 'confirmed') and ${bookings.endsAt} > ${now})`
  const inScope = scope === 'upcoming' ? live : sql`not ${live}`
  const keyset: SQL | undefined = after
    ? scope === 'upcoming'
      ? or(gt(bookings.startsAt, after.startsAt), and(eq(bookings.startsAt, after.startsAt), gt(bookings.id, after.id)))
      : or(lt(bookings.startsAt, after.startsAt), and(eq(bookings.startsAt, after.startsAt), lt(bookings.id, after.id)))
    : undefined
  return selectBookingViews(db)
    .where(and(eq(bookings.bookerUserId, userId), inScope, keyset))
    .orderBy(...(scope === 'upcoming' ? [asc(bookings.startsAt), asc(bookings.id)] : [desc(bookings.startsAt), desc(bookings.id)]))
    .limit(limit + 1)
}

/** Staff's approval queue: pending bookings of the community not yet over, soonest first. */
export async function listPendingBookings(db: Queryable, communityId: number, stationId: number | undefined, now: Date) {
  return selectBookingViews(db)
    .where(and(eq(bookings.communityId, communityId), eq(bookings.status, 'pending'), gt(bookings.endsAt, now), stationId ? eq(stations.id, stationId) : undefined))
    .orderBy(asc(bookings.startsAt), asc(bookings.id))
    .limit(200)
}

/** How many bookings wait for staff approval (not yet over): for the 工作台's counts. */
export async function countPendingBookings(db: Queryable, communityId: number, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(and(eq(bookings.communityId, communityId), eq(bookings.status, 'pending'), gt(bookings.endsAt, now)))
  return row!.n
}

/** Every booking of the community starting in [from, to), for the day's desk list. */
export async function listBookingsBetween(db: Queryable, communityId: number, stationId: number | undefined, from: Date, to: Date) {
  return selectBookingViews(db)
    .where(and(eq(bookings.communityId, communityId), gte(bookings.startsAt, from), lt(bookings.startsAt, to), stationId ? eq(stations.id, stationId) : undefined))
    .orderBy(asc(bookings.startsAt), asc(rooms.id), asc(bookings.id))
    .limit(500)
}

/** The caller's confirmed booking of a room whose check-in window contains now (the earliest if several). */
export async function findCheckInCandidates(db: Queryable, roomId: number, userId: number, from: Date, to: Date) {
  return db
    .select()
    .from(bookings)
    .where(and(eq(bookings.roomId, roomId), eq(bookings.bookerUserId, userId), inArray(bookings.status, ['confirmed', 'checked_in', 'no_show']), lt(bookings.startsAt, to), gt(bookings.endsAt, from)))
    .orderBy(asc(bookings.startsAt))
}

/** Confirmed public bookings starting in [from, to) for the 活动预告 calendar and 首页: a prepared statement. */
const publicBookingsOfCommunity = preparedFor((db) =>
  db
    .select({
      id: bookings.id, purpose: bookings.purpose, startsAt: bookings.startsAt, endsAt: bookings.endsAt, attendees: bookings.attendees, roomName: rooms.name,
      stationId: stations.id, stationName: stations.name, stationKind: stations.kind, stationPhotoId: sql<number | null>`${stations.photoIds}[1]`, stationPhotoKey: firstPhotoKey,
    })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .innerJoin(stations, eq(stations.id, rooms.stationId))
    .where(
      and(
        eq(bookings.communityId, sql.placeholder('communityId')),
        eq(bookings.isPublic, true),
        inArray(bookings.status, ['confirmed', 'checked_in']),
        gte(bookings.startsAt, sql.placeholder('from')),
        lt(bookings.startsAt, sql.placeholder('to')),
        // One station's calendar, or (null) the community's.
        sql`(${sql.placeholder('stationId')}::int is null or ${stations.id} = ${sql.placeholder('stationId')})`,
      ),
    )
    .orderBy(asc(bookings.startsAt))
    .prepare('public_bookings_of_community'),
)

export async function listPublicBookings(db: Queryable, communityId: number, stationId: number | undefined, from: Date, to: Date) {
  return publicBookingsOfCommunity(db).execute({ communityId, from, to, stationId: stationId ?? null })
}

/* ----------------------------------------------------------------- sweeps */

/**
 * Confirmed bookings whose check-in window has closed, locked so that another instance running the same sweep
 * skips them. A room's window closes `no_show_after_minutes` after the start; a tool's at the end of its first day.
 */
export async function lockMissedCheckIns(tx: Tx, now: Date, limit: number) {
  return tx
    .select({ id: bookings.id, bookerUserId: bookings.bookerUserId, communityId: bookings.communityId })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .where(and(
      eq(bookings.status, 'confirmed'),
      sql`${bookings.startsAt} + case when ${rooms.kind} = 'tool' then interval '1 day' else ${rooms.noShowAfterMinutes} * interval '1 minute' end <= ${now}`,
    ))
    .orderBy(asc(bookings.startsAt))
    .limit(limit)
    .for('update', { of: bookings, skipLocked: true })
}

/** Pending bookings nobody decided on before they began, locked as above. */
export async function lockUndecidedBookings(tx: Tx, now: Date, limit: number) {
  return tx
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.status, 'pending'), lte(bookings.startsAt, now)))
    .orderBy(asc(bookings.startsAt))
    .limit(limit)
    .for('update', { skipLocked: true })
}

/** No-shows recorded after `since`. */
export async function countNoShowsSince(db: Queryable, userId: number, since: Date) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(and(eq(bookings.bookerUserId, userId), eq(bookings.status, 'no_show'), gt(bookings.noShowAt, since)))
  return row?.n ?? 0
}

/** When the person's latest suspension began: no-shows before it have been paid for. */
export async function latestSuspensionStart(db: Queryable, userId: number) {
  const [row] = await db.select({ startsAt: bookingSuspensions.startsAt }).from(bookingSuspensions).where(eq(bookingSuspensions.userId, userId)).orderBy(desc(bookingSuspensions.startsAt)).limit(1)
  return row?.startsAt ?? null
}

export async function insertSuspension(tx: Tx, values: typeof bookingSuspensions.$inferInsert) {
  await tx.insert(bookingSuspensions).values(values).onConflictDoNothing({ target: bookingSuspensions.triggerBookingId })
}
