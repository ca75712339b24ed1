import { and, asc, desc, eq, gt, inArray, isNull, lte, notExists, sql } from 'drizzle-orm'
import type { Queryable } from '../../db/client'
import { activities, activitySignups, bookings, notifications, persons, redemptions, rooms, shopItems, stations, units, users, wishClaims, wishes } from '../../db/schema'
import type { ReminderMessage } from './reminders.domain'

export type NotificationRow = typeof notifications.$inferSelect

/**
 * Writes reminders to the outbox, addressed to accounts (by user id) or to the account of a person; a deleted
 * account or a person without one (a resident who has staff post for them) gets none. An occasion already in the
 * outbox is left as it is.
 */
export async function enqueue(tx: Queryable, items: { to: { userId: number } | { personId: number }; message: ReminderMessage; now: Date }[]) {
  for (const { to, message, now } of items) {
    const recipient = 'userId' in to ? eq(users.id, to.userId) : eq(users.personId, to.personId)
    await tx.execute(sql`
      insert into ${notifications} (user_id, event, dedupe_key, page, data, next_attempt_at, created_at)
      select ${users.id}, ${message.event}, ${message.dedupeKey}, ${message.page}, ${JSON.stringify(message.data)}::jsonb, ${now}, ${now}
      from ${users} where ${recipient} and ${users.deletedAt} is null
      on conflict (dedupe_key) do nothing`)
  }
}

/* ----------------------------------------------------------------- facts the messages need */

export async function claimFacts(db: Queryable, claimId: number) {
  const [row] = await db
    .select({ claimId: wishClaims.id, wishId: wishes.id, title: wishes.title, wisherPersonId: wishes.wisherPersonId, claimedAt: wishClaims.claimedAt, unitName: units.name, personName: persons.name })
    .from(wishClaims)
    .innerJoin(wishes, eq(wishes.id, wishClaims.wishId))
    .leftJoin(units, eq(units.id, wishClaims.claimerUnitId))
    .leftJoin(persons, eq(persons.id, wishClaims.claimerPersonId))
    .where(eq(wishClaims.id, claimId))
  return row ?? null
}

export async function bookingFacts(db: Queryable, bookingIds: number[]) {
  if (!bookingIds.length) return []
  return db
    .select({ id: bookings.id, bookerUserId: bookings.bookerUserId, startsAt: bookings.startsAt, endsAt: bookings.endsAt, rejectReason: bookings.rejectReason, cancelReason: bookings.cancelReason, roomName: rooms.name, roomKind: rooms.kind, stationName: stations.name, address: stations.address })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .innerJoin(stations, eq(stations.id, rooms.stationId))
    .where(inArray(bookings.id, bookingIds))
    .orderBy(asc(bookings.id))
}

export async function signupFacts(db: Queryable, signupIds: number[]) {
  if (!signupIds.length) return []
  return db
    .select({ signupId: activitySignups.id, userId: activitySignups.userId, activityId: activities.id, title: activities.title, startsAt: activities.startsAt, endsAt: activities.endsAt, place: activities.place, cancelReason: activities.cancelReason })
    .from(activitySignups)
    .innerJoin(activities, eq(activities.id, activitySignups.activityId))
    .where(inArray(activitySignups.id, signupIds))
    .orderBy(asc(activitySignups.id))
}

export async function redemptionFacts(db: Queryable, redemptionIds: number[]) {
  if (!redemptionIds.length) return []
  return db
    .select({ redemptionId: redemptions.id, personId: redemptions.personId, points: redemptions.points, pickupCode: redemptions.pickupCode, expiresAt: redemptions.expiresAt, itemName: shopItems.name, place: stations.name })
    .from(redemptions)
    .innerJoin(shopItems, eq(shopItems.id, redemptions.itemId))
    .innerJoin(stations, eq(stations.id, shopItems.stationId))
    .where(inArray(redemptions.id, redemptionIds))
    .orderBy(asc(redemptions.id))
}

/* ----------------------------------------------------------------- what is due "tomorrow" */

/** No reminder row with this key exists yet. */
const notQueued = (key: ReturnType<typeof sql>) => notExists(sql`(select 1 from ${notifications} where ${notifications.dedupeKey} = ${key})`)

/** Confirmed bookings starting within `ahead` that were made at least `ahead` before their start. */
export async function bookingsDueForReminder(db: Queryable, now: Date, aheadMs: number, limit: number) {
  const until = new Date(now.getTime() + aheadMs)
  const rows = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.status, 'confirmed'),
        gt(bookings.startsAt, now),
        lte(bookings.startsAt, until),
        lte(bookings.createdAt, sql`${bookings.startsAt} - make_interval(secs => ${aheadMs / 1000})`),
        notQueued(sql`'booking_reminder:' || ${bookings.id}`),
      ),
    )
    .orderBy(asc(bookings.startsAt))
    .limit(limit)
  return rows.map((r) => r.id)
}

/** Accepted sign-ups of activities starting within `ahead`, made at least `ahead` before the start. */
export async function signupsDueForReminder(db: Queryable, now: Date, aheadMs: number, limit: number) {
  const until = new Date(now.getTime() + aheadMs)
  const rows = await db
    .select({ id: activitySignups.id })
    .from(activitySignups)
    .innerJoin(activities, eq(activities.id, activitySignups.activityId))
    .where(
      and(
        eq(activitySignups.status, 'accepted'),
        isNull(activities.cancelledAt),
        gt(activities.startsAt, now),
        lte(activities.startsAt, until),
        lte(sql`coalesce(${activitySignups.promotedAt}, ${activitySignups.createdAt})`, sql`${activities.startsAt} - make_interval(secs => ${aheadMs / 1000})`),
        notQueued(sql`'activity_reminder:' || ${activitySignups.id}`),
      ),
    )
    .orderBy(asc(activities.startsAt))
    .limit(limit)
  return rows.map((r) => r.id)
}

/** Reserved redemptions expiring within `ahead`, reserved at least `ahead` before they expire. */
export async function redemptionsDueForReminder(db: Queryable, now: Date, aheadMs: number, limit: number) {
  const until = new Date(now.getTime() + aheadMs)
  const rows = await db
    .select({ id: redemptions.id })
    .from(redemptions)
    .where(
      and(
        eq(redemptions.status, 'reserved'),
        gt(redemptions.expiresAt, now),
        lte(redemptions.expiresAt, until),
        lte(redemptions.createdAt, sql`${redemptions.expiresAt} - make_interval(secs => ${aheadMs / 1000})`),
        notQueued(sql`'redemption_expiring:' || ${redemptions.id}`),
      ),
    )
    .orderBy(asc(redemptions.expiresAt))
    .limit(limit)
  return rows.map((r) => r.id)
}

/* ----------------------------------------------------------------- the sender */

/**
 * Claims up to `limit` due messages for this sender: marked `sending` (and the attempt counted) by one statement
 * over rows locked with SKIP LOCKED — concurrent senders take disjoint rows, and a claimed row is never due again.
 */
export async function claimDue(db: Queryable, now: Date, limit: number) {
  const due = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.status, 'pending'), lte(notifications.nextAttemptAt, now)))
    .orderBy(asc(notifications.nextAttemptAt), asc(notifications.id))
    .limit(limit)
    .for('update', { skipLocked: true })
  const claimed = await db
    .update(notifications)
    .set({ status: 'sending', claimedAt: now, attempts: sql`${notifications.attempts} + 1` })
    .where(inArray(notifications.id, due))
    .returning()
  if (!claimed.length) return []
  const openids = new Map(
    (await db.select({ id: users.id, openid: users.openid }).from(users).where(inArray(users.id, [...new Set(claimed.map((n) => n.userId))]))).map((u) => [u.id, u.openid]),
  )
  return claimed.sort((a, b) => a.id - b.id).map((notification) => ({ notification, openid: openids.get(notification.userId) ?? null }))
}

/** Records how a claimed message ended; only a row still `sending` (this sender's) moves. */
export async function settle(db: Queryable, id: number, set: Partial<Pick<NotificationRow, 'status' | 'lastError' | 'sentAt' | 'nextAttemptAt'>>) {
  await db
    .update(notifications)
    .set(set)
    .where(and(eq(notifications.id, id), eq(notifications.status, 'sending')))
}

/** Rows a sender claimed and never settled (it died mid-send): failed, as WeChat may have delivered them. */
export async function abandonStaleSends(db: Queryable, claimedBefore: Date) {
  const rows = await db
    .update(notifications)
    .set({ status: 'failed', lastError: 'sender stopped while sending: the outcome is unknown, not retried so it cannot arrive twice' })
    .where(and(eq(notifications.status, 'sending'), lte(notifications.claimedAt, claimedBefore)))
    .returning({ id: notifications.id })
  return rows.length
}

/* ----------------------------------------------------------------- reading */

export async function statusCounts(db: Queryable) {
  return db
    .select({ event: notifications.event, status: notifications.status, count: sql<number>`count(*)::int` })
    .from(notifications)
    .groupBy(notifications.event, notifications.status)
    .orderBy(asc(notifications.event), asc(notifications.status))
}

export async function recentFailures(db: Queryable, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(inArray(notifications.status, ['failed', 'refused']))
    .orderBy(desc(notifications.id))
    .limit(limit)
}

