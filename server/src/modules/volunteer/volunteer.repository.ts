import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { alias, type PgSelect } from 'drizzle-orm/pg-core'
import type { SignupStatus } from '../../../../types/api/labels'
import type { Queryable, Tx } from '../../db/client'
import { preparedFor } from '../../db/prepared'
import { withConstraintErrors } from '../../db/constraint-errors'
import {
  activities,
  activitySignups,
  communities,
  hourAdjustments,
  persons,
  roleGrants,
  stations,
  teamMembers,
  users,
  volunteerProfiles,
  volunteerProjects,
  volunteerTeams,
} from '../../db/schema'
import { AppError } from '../../http/app-error'
import { rulePointsOf } from '../points/points.api'
import { storageKeyOf } from '../uploads/uploads.repository'

export type ActivityRow = typeof activities.$inferSelect
export type SignupRow = typeof activitySignups.$inferSelect

/* ----------------------------------------------------------------- profiles and teams */

/* Every sign-up, and every activity page, reads the profile, the activity and the caller's sign-up: prepared. */

const profileOfUser = preparedFor((db) => db.select().from(volunteerProfiles).where(eq(volunteerProfiles.userId, sql.placeholder('userId'))).prepare('volunteer_profile_of_user'))

export async function findProfile(db: Queryable, userId: number) {
  const [row] = await profileOfUser(db).execute({ userId })
  return row ?? null
}

export async function upsertProfile(tx: Tx, values: typeof volunteerProfiles.$inferInsert) {
  const { userId: _userId, createdAt: _createdAt, ...changes } = values
  await tx.insert(volunteerProfiles).values(values).onConflictDoUpdate({ target: volunteerProfiles.userId, set: changes })
}

/** Grants the volunteer role (once). */
export async function grantVolunteerRole(tx: Tx, userId: number) {
  await tx.insert(roleGrants).values({ userId, role: 'volunteer' }).onConflictDoNothing()
}

export async function listTeams(db: Queryable, communityId: number, userId: number) {
  return db
    .select({
      id: volunteerTeams.id,
      communityId: volunteerTeams.communityId,
      name: volunteerTeams.name,
      description: volunteerTeams.description,
      // Outer columns named outright: a one-table select writes them bare, which a subquery reads as its own.
      memberCount: sql<number>`(select count(*)::int from ${teamMembers} m where m.team_id = ${volunteerTeams}.id)`,
      joined: sql<boolean>`exists (select 1 from ${teamMembers} m where m.team_id = ${volunteerTeams}.id and m.user_id = ${userId})`,
    })
    .from(volunteerTeams)
    .where(eq(volunteerTeams.communityId, communityId))
    .orderBy(asc(volunteerTeams.id))
}

export async function findTeam(db: Queryable, id: number) {
  const [row] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, id))
  return row ?? null
}

export async function teamsOfUser(db: Queryable, userId: number) {
  return db
    .select({ id: volunteerTeams.id, name: volunteerTeams.name })
    .from(teamMembers)
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, userId))
    .orderBy(asc(volunteerTeams.id))
}

export async function joinTeam(db: Queryable, values: typeof teamMembers.$inferInsert) {
  await db.insert(teamMembers).values(values).onConflictDoNothing()
}

export async function leaveTeam(db: Queryable, teamId: number, userId: number) {
  await db.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
}

export async function insertTeam(db: Queryable, values: typeof volunteerTeams.$inferInsert) {
  const [row] = await db.insert(volunteerTeams).values(values).onConflictDoNothing().returning()
  return row ?? null
}

export async function listProjects(db: Queryable, communityId: number) {
  return db.select().from(volunteerProjects).where(eq(volunteerProjects.communityId, communityId)).orderBy(asc(volunteerProjects.id))
}

export async function findProject(db: Queryable, id: number) {
  const [row] = await db.select().from(volunteerProjects).where(eq(volunteerProjects.id, id))
  return row ?? null
}

export async function insertProject(db: Queryable, values: typeof volunteerProjects.$inferInsert) {
  const [row] = await db.insert(volunteerProjects).values(values).onConflictDoNothing().returning()
  return row ?? null
}

export async function findStationCommunity(db: Queryable, id: number) {
  const [row] = await db.select({ communityId: stations.communityId }).from(stations).where(eq(stations.id, id))
  return row?.communityId ?? null
}

/* ----------------------------------------------------------------- activities */

const organiser = alias(users, 'organiser')
const organiserPerson = alias(persons, 'organiser_person')

/** An activity with the names (and its photo's file) every view shows. */
const activityView = {
  activity: activities,
  communityName: communities.name,
  teamName: volunteerTeams.name,
  projectName: volunteerProjects.name,
  stationName: stations.name,
  organiserName: sql<string | null>`coalesce(${organiserPerson.name}, ${organiser.displayName})`,
  /** Sealed; the service opens it for those who may see it. */
  organiserPhoneCipher: organiserPerson.phoneCipher,
  waitlisted: sql<number>`(select count(*)::int from ${activitySignups} w where w.activity_id = ${activities.id} and w.status = 'waitlisted')`,
  /** The points an hour of it earns in its community (积分规则). */
  pointsPerHour: rulePointsOf(activities.communityId, 'volunteer_hour'),
  photoKey: storageKeyOf(activities.photoId),
}

/** The joins that bring the names of `activityView` to a query over activities. */
function withActivityNames<Q extends PgSelect>(query: Q) {
  return query
    .innerJoin(communities, eq(communities.id, activities.communityId))
    .leftJoin(volunteerTeams, eq(volunteerTeams.id, activities.teamId))
    .leftJoin(volunteerProjects, eq(volunteerProjects.id, activities.projectId))
    .leftJoin(stations, eq(stations.id, activities.stationId))
    .leftJoin(organiser, eq(organiser.id, activities.organiserUserId))
    .leftJoin(organiserPerson, eq(organiserPerson.id, organiser.personId))
}

function selectActivities(db: Queryable) {
  return withActivityNames(db.select(activityView).from(activities).$dynamic())
}

/** The same, each row with one of the person's sign-ups. */
function selectSignedUpActivities(db: Queryable) {
  return withActivityNames(db.select({ ...activityView, signup: activitySignups }).from(activitySignups).innerJoin(activities, eq(activities.id, activitySignups.activityId)).$dynamic())
}

export type ActivityView = Awaited<ReturnType<typeof findActivityView>> & {}

const activityViewOfId = preparedFor((db) => selectActivities(db).where(eq(activities.id, sql.placeholder('id'))).prepare('activity_view_of_id'))

export async function findActivityView(db: Queryable, id: number) {
  const [row] = await activityViewOfId(db).execute({ id })
  return row ?? null
}

export async function findActivityRef(db: Queryable, id: number) {
  const [row] = await db.select({ id: activities.id, communityId: activities.communityId, title: activities.title }).from(activities).where(eq(activities.id, id))
  return row ?? null
}

/**
 * The 活动 tab's list, prepared (docs/performance.md): one statement for a community's activities and one for the
 * district's, so each is planned for its index; the optional filters and the cursor are passed as null when absent.
 */
function preparedActivityList(scope: 'community' | 'district') {
  return preparedFor((db) =>
    selectActivities(db)
      .where(
        and(
          eq(activities.published, true),
          isNull(activities.cancelledAt),
          gte(activities.startsAt, sql.placeholder('from')),
          gt(activities.endsAt, sql.placeholder('now')),
          scope === 'community' ? eq(activities.communityId, sql.placeholder('communityId')) : undefined,
          sql`(${sql.placeholder('skill')}::text is null or ${sql.placeholder('skill')} = any(${activities.skills}))`,
          sql`(${sql.placeholder('teamId')}::int is null or ${activities.teamId} = ${sql.placeholder('teamId')})`,
          // Places left: only those not yet begun.
          sql`(not ${sql.placeholder('hasPlaces')}::boolean or (${activities.signedUp} < ${activities.capacity} and ${activities.startsAt} > ${sql.placeholder('now')}))`,
          sql`(${sql.placeholder('afterStartsAt')}::timestamptz is null or ${activities.startsAt} > ${sql.placeholder('afterStartsAt')} or (${activities.startsAt} = ${sql.placeholder('afterStartsAt')} and ${activities.id} > ${sql.placeholder('afterId')}))`,
        ),
      )
      .orderBy(asc(activities.startsAt), asc(activities.id))
      .limit(sql.placeholder('limit'))
      .prepare(`activity_list_${scope}`),
  )
}
const communityActivityList = preparedActivityList('community')
const districtActivityList = preparedActivityList('district')

/**
 * Published activities starting from a moment and not yet ended at `now`, soonest first, with filters (places
 * left: only those not yet begun); keyset paging on (start, id).
 */
export async function listActivities(
  db: Queryable,
  f: { communityId: number | null; from: Date; now: Date; skill?: string; teamId?: number; hasPlaces?: boolean; after: { startsAt: Date; id: number } | null; limit: number },
) {
  const list = f.communityId === null ? districtActivityList : communityActivityList
  return list(db).execute({
    communityId: f.communityId,
    from: f.from,
    now: f.now,
    skill: f.skill || null,
    teamId: f.teamId || null,
    hasPlaces: Boolean(f.hasPlaces),
    afterStartsAt: f.after?.startsAt ?? null,
    afterId: f.after?.id ?? null,
    limit: f.limit + 1,
  })
}

export async function listCommunityActivities(db: Queryable, communityId: number, from: Date) {
  return selectActivities(db)
    .where(and(eq(activities.communityId, communityId), gte(activities.endsAt, from)))
    .orderBy(asc(activities.startsAt), asc(activities.id))
    .limit(200)
}

export async function insertActivity(tx: Tx, values: typeof activities.$inferInsert) {
  const [row] = await tx.insert(activities).values(values).returning()
  return row!
}

export async function updateActivity(tx: Tx, id: number, values: Partial<typeof activities.$inferInsert>) {
  const [row] = await tx.update(activities).set(values).where(eq(activities.id, id)).returning()
  return row ?? null
}

const activityOfId = preparedFor((db) => db.select().from(activities).where(eq(activities.id, sql.placeholder('id'))).prepare('activity_of_id'))

/** The activity's own row: for checks and moves, which need neither the view's names nor its waitlist count. */
export async function findActivity(db: Queryable, id: number) {
  const [row] = await activityOfId(db).execute({ id })
  return row ?? null
}

export async function lockActivity(tx: Tx, id: number) {
  const [row] = await tx.select().from(activities).where(eq(activities.id, id)).for('update')
  return row ?? null
}

/* Taking a place: alone (a promotion from the waitlist) and at the head of a sign-up's statement (below). */
const updatePlaceTaken = (db: Queryable) =>
  db
    .update(activities)
    .set({ signedUp: sql`${activities.signedUp} + 1` })
    .where(and(eq(activities.id, sql.placeholder('activityId')), lt(activities.signedUp, activities.capacity), isNull(activities.cancelledAt)))
    .returning({ id: activities.id })

const placeTaken = preparedFor((db) => updatePlaceTaken(db).prepare('activity_place_taken'))

/** Takes one place if one is left: the capacity check and the count move in one statement. */
export async function takePlace(tx: Tx, id: number) {
  const [row] = await placeTaken(tx).execute({ activityId: id })
  return Boolean(row)
}

export async function releasePlace(tx: Tx, id: number) {
  await tx.update(activities).set({ signedUp: sql`${activities.signedUp} - 1` }).where(eq(activities.id, id))
}

/* ----------------------------------------------------------------- sign-ups */

/** The caller's live (accepted or waitlisted) sign-up for an activity, or their latest one. */
const signupOfUser = preparedFor((db) =>
  db
    .select()
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, sql.placeholder('activityId')), eq(activitySignups.userId, sql.placeholder('userId'))))
    .orderBy(sql`${activitySignups.status} in ('accepted', 'waitlisted') desc`, desc(activitySignups.id))
    .limit(1)
    .prepare('signup_of_user'),
)

export async function findMySignup(db: Queryable, activityId: number, userId: number) {
  const [row] = await signupOfUser(db).execute({ activityId, userId })
  return row ?? null
}

/** Every waitlist place of these activities (1 = next to be promoted), by sign-up (the roster shows them all). */
export async function waitlistPositions(db: Queryable, activityIds: number[]) {
  if (!activityIds.length) return new Map<number, number>()
  const rows = await db
    .select({ id: activitySignups.id, position: sql<number>`row_number() over (partition by ${activitySignups.activityId} order by ${activitySignups.id})::int` })
    .from(activitySignups)
    .where(and(inArray(activitySignups.activityId, activityIds), eq(activitySignups.status, 'waitlisted')))
  return new Map(rows.map((r) => [r.id, r.position]))
}

/**
 * The waitlist places of these sign-ups only (a volunteer's own), each counted on the index: a page showing one
 * person's place does not read the whole waitlist.
 */
function selectWaitlistPlaces(db: Queryable, which: SQL) {
  return db
    .select({
      id: activitySignups.id,
      // Written out: Drizzle drops the table names from columns inside a single-table select's sql template.
      position: sql<number>`(select count(*) from activity_signups ahead where ahead.activity_id = activity_signups.activity_id and ahead.status = 'waitlisted' and ahead.id <= activity_signups.id)::int`,
    })
    .from(activitySignups)
    .where(and(which, eq(activitySignups.status, 'waitlisted')))
}

const waitlistPlacesOf = preparedFor((db) => selectWaitlistPlaces(db, sql`${activitySignups.id} = any(${sql.placeholder('ids')}::int[])`).prepare('waitlist_places_of'))
// An activity page's one sign-up by `id = $1`: PostgreSQL plans that once per connection, `= any($1)` on every call.
const waitlistPlaceOf = preparedFor((db) => selectWaitlistPlaces(db, eq(activitySignups.id, sql.placeholder('id'))).prepare('waitlist_place_of'))

export async function waitlistPositionsOf(db: Queryable, signups: { id: number; status: string }[]) {
  const ids = signups.filter((s) => s.status === 'waitlisted').map((s) => s.id)
  if (!ids.length) return new Map<number, number>()
  const rows = ids.length === 1 ? await waitlistPlaceOf(db).execute({ id: ids[0] }) : await waitlistPlacesOf(db).execute({ ids })
  return new Map(rows.map((r) => [r.id, r.position]))
}

export async function mySignupsFor(db: Queryable, activityIds: number[], userId: number) {
  if (!activityIds.length) return []
  return db
    .select()
    .from(activitySignups)
    .where(and(inArray(activitySignups.activityId, activityIds), eq(activitySignups.userId, userId), inArray(activitySignups.status, ['accepted', 'waitlisted'])))
}

const signupChecksOf = preparedFor((db) =>
  db
    .select({
      activity: activities,
      /** Null when the caller has not registered as a volunteer. */
      personId: volunteerProfiles.personId,
      signedUp: sql<boolean>`exists (select 1 from ${activitySignups} live where live.activity_id = ${activities.id} and live.user_id = ${sql.placeholder('userId')} and live.status in ('accepted', 'waitlisted'))`,
      /** An accepted sign-up of the caller's for another activity at the same time. */
      overlaps: sql<boolean>`exists (select 1 from ${activitySignups} other where other.user_id = ${sql.placeholder('userId')} and other.status = 'accepted' and other.starts_at < ${activities.endsAt} and other.ends_at > ${activities.startsAt} and other.activity_id <> ${activities.id})`,
    })
    .from(activities)
    .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, sql.placeholder('userId')))
    .where(eq(activities.id, sql.placeholder('activityId')))
    .prepare('signup_checks'),
)

/**
 * What a sign-up checks before it writes, in one read (a rush of sign-ups pays for every round trip): the
 * activity, the caller's registration, whether they are signed up already, and whether an accepted activity of
 * theirs overlaps it. Null when there is no such activity.
 */
export async function signupChecks(db: Queryable, activityId: number, userId: number) {
  const [row] = await signupChecksOf(db).execute({ activityId, userId })
  return row ?? null
}

/* One volunteer is in one accepted activity at a time (an EXCLUDE constraint), and signs up once per activity. */
const OVERLAP = { activity_signups_no_overlap: () => new AppError('ACTIVITY_OVERLAP') }
const SIGNUP_REFUSED = { ...OVERLAP, activity_signups_live_uq: () => new AppError('ACTIVITY_ALREADY_SIGNED_UP') }

type NewSignup = Pick<typeof activitySignups.$inferInsert, 'activityId' | 'communityId' | 'userId' | 'personId' | 'startsAt' | 'endsAt' | 'createdAt'>

/** The columns a new sign-up is written with, and its values: placeholders typed for PostgreSQL, in that order. */
const SIGNUP_COLUMNS = sql`activity_id, community_id, user_id, person_id, status, starts_at, ends_at, created_at`
const signupValues = (status: 'accepted' | 'waitlisted') => {
  const p = (name: string, type: string) => sql`${sql.placeholder(name)}::${sql.raw(type)}`
  return sql`${p('activityId', 'int')}, ${p('communityId', 'int')}, ${p('userId', 'int')}, ${p('personId', 'int')}, ${status}::signup_status, ${p('startsAt', 'timestamptz')}, ${p('endsAt', 'timestamptz')}, ${p('createdAt', 'timestamptz')}`
}

/**
 * Taking a place is one statement, without a transaction of its own (a rush of sign-ups pays for every round
 * trip), and all of it or none happens: the count moves if a place is left (the conditional UPDATE), then the
 * volunteer's profile row is locked, then the accepted sign-up is inserted. Each step reads the one before, so
 * they run in that order.
 *
 * The lock comes before the insert because the overlap constraint makes an accepted insert wait for every other
 * uncommitted accepted sign-up of the same volunteer. Several of theirs inserted at once wait on one another, and
 * PostgreSQL breaks each cycle only after deadlock_timeout (1 s): one volunteer pressing 报名 on twenty overlapping
 * activities spun for half a minute that way. Queued on the profile row, each insert finds the one before
 * committed: the first wins, the rest are refused at once with ACTIVITY_OVERLAP. (NO KEY UPDATE: foreign-key
 * checks against the row do not wait. Waitlisted rows are outside the constraint and take no such lock.)
 */
const placeTakenAndSignedUp = preparedFor((db) => {
  const taken = db.$with('taken').as(updatePlaceTaken(db))
  const volunteer = db.$with('volunteer', { userId: volunteerProfiles.userId }).as(
    sql`select user_id from ${volunteerProfiles} where user_id = ${sql.placeholder('userId')} and exists (select from ${taken}) for no key update`,
  )
  const accepted = db.$with('accepted', getTableColumns(activitySignups)).as(
    sql`insert into ${activitySignups} (${SIGNUP_COLUMNS})
      select ${signupValues('accepted')} from ${taken} left join ${volunteer} on true
      returning *`,
  )
  return db.with(taken, volunteer, accepted).select().from(accepted).prepare('activity_place_taken_signed_up')
})

/** The caller's accepted sign-up as written, or null when no place is left (or the activity was cancelled). */
export async function takePlaceAndSignUp(db: Queryable, values: NewSignup) {
  const [row] = await withConstraintErrors(() => placeTakenAndSignedUp(db).execute(values), SIGNUP_REFUSED)
  return row ?? null
}

/**
 * Joining the waitlist is one statement, without a transaction of its own (a rush of sign-ups for a full activity
 * pays for every round trip): the activity's row is read under a shared lock, which waits for a cancellation or a
 * promotion changing it to commit without queueing the other waitlisters behind one another, and the waitlisted
 * sign-up is inserted unless the activity has been cancelled. The lock is held until the statement commits, so a
 * cancellation after it sees this sign-up on the waitlist.
 */
const waitlistJoined = preparedFor((db) => {
  const seen = db.$with('seen').as(
    db.select({ signedUp: activities.signedUp, capacity: activities.capacity, cancelledAt: activities.cancelledAt }).from(activities).where(eq(activities.id, sql.placeholder('activityId'))).for('share'),
  )
  const joined = db.$with('joined', getTableColumns(activitySignups)).as(
    sql`insert into ${activitySignups} (${SIGNUP_COLUMNS})
      select ${signupValues('waitlisted')} from ${seen} where ${seen.cancelledAt} is null
      returning *`,
  )
  return db.with(seen, joined).select().from(joined).crossJoin(seen).prepare('activity_waitlist_joined')
})

/**
 * The caller's waitlisted sign-up as written, and whether a place was free once the lock was had (a cancellation
 * freed it meanwhile: the waitlist is then promoted); null when the activity is gone or cancelled. (Its place in
 * the waitlist is read after the commit: counted inside this statement, whose snapshot misses the sign-ups still
 * being written beside it, a rush of 950 was told only 596 different places.)
 */
export async function joinWaitlist(db: Queryable, values: NewSignup) {
  const [row] = await withConstraintErrors(() => waitlistJoined(db).execute(values), SIGNUP_REFUSED)
  return row ? { signup: row.joined, placeFreed: row.seen.signedUp < row.seen.capacity } : null
}

/** How many of these sign-ups belong to the activity (a batch names only sign-ups of its own roster). */
export async function countSignupsOfActivity(db: Queryable, activityId: number, ids: number[]) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, activityId), inArray(activitySignups.id, ids)))
  return row!.n
}

export async function lockSignup(tx: Tx, id: number) {
  const [row] = await tx.select().from(activitySignups).where(eq(activitySignups.id, id)).for('update')
  return row ?? null
}

export async function updateSignup(tx: Tx, id: number, from: readonly SignupStatus[], set: Partial<typeof activitySignups.$inferInsert>) {
  const [row] = await tx
    .update(activitySignups)
    .set(set)
    .where(and(eq(activitySignups.id, id), inArray(activitySignups.status, [...from])))
    .returning()
  return row ?? null
}

/** Moves a waitlisted sign-up to accepted in a savepoint (a refusal undoes only this move): ACTIVITY_OVERLAP when they hold an overlapping activity. */
export async function acceptFromWaitlist(tx: Tx, id: number, now: Date) {
  await withConstraintErrors(() => tx.transaction((sp) => updateSignup(sp, id, ['waitlisted'], { status: 'accepted', promotedAt: now })), OVERLAP)
}

/** The waitlist of an activity in order, locked; entries another transaction holds are skipped. */
export async function lockWaitlist(tx: Tx, activityId: number, limit: number) {
  return tx
    .select()
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.status, 'waitlisted')))
    .orderBy(asc(activitySignups.id))
    .limit(limit)
    .for('update', { skipLocked: true })
}

/**
 * The roster: accepted then waitlisted (in order), then the rest, with names and sealed phones (the volunteer's
 * registered number, else the one on the person's record).
 */
export async function roster(db: Queryable, activityId: number) {
  return db
    .select({
      signup: activitySignups,
      name: sql<string>`coalesce(${volunteerProfiles.realName}, ${persons.name})`,
      birthYear: persons.birthYear,
      /** The volunteer's household: staff do not act on their own family's sign-ups. */
      householdId: persons.householdId,
      phoneCipher: sql<string | null>`coalesce(${volunteerProfiles.phoneCipher}, ${persons.phoneCipher})`,
    })
    .from(activitySignups)
    .innerJoin(persons, eq(persons.id, activitySignups.personId))
    .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, activitySignups.userId))
    .where(eq(activitySignups.activityId, activityId))
    .orderBy(sql`case ${activitySignups.status} when 'accepted' then 0 when 'waitlisted' then 1 else 2 end`, asc(activitySignups.id))
}

/** Checks out everyone still checked in at an activity; returns how many. */
export async function checkOutAll(tx: Tx, activityId: number, at: Date, by: 'organiser' | 'sweep') {
  const rows = await tx
    .update(activitySignups)
    .set({ checkedOutAt: sql`greatest(${at}::timestamptz, ${activitySignups.checkedInAt})`, checkedOutBy: by })
    .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.status, 'accepted'), isNotNull(activitySignups.checkedInAt), isNull(activitySignups.checkedOutAt)))
    .returning({ id: activitySignups.id })
  return rows.length
}

/**
 * Sign-ups still checked in after their activity ended, locked (SKIP LOCKED, so concurrent sweeps share the work).
 */
export async function lockForgottenCheckOuts(tx: Tx, now: Date, limit: number) {
  return tx
    .select({ id: activitySignups.id, endsAt: activitySignups.endsAt, checkedInAt: activitySignups.checkedInAt })
    .from(activitySignups)
    .where(and(eq(activitySignups.status, 'accepted'), isNotNull(activitySignups.checkedInAt), isNull(activitySignups.checkedOutAt), lte(activitySignups.endsAt, now)))
    .orderBy(asc(activitySignups.endsAt))
    .limit(limit)
    .for('update', { skipLocked: true })
}

export async function insertAdjustment(tx: Tx, values: typeof hourAdjustments.$inferInsert) {
  await tx.insert(hourAdjustments).values(values)
}

/* ----------------------------------------------------------------- my service */

export async function signupsOfUser(db: Queryable, userId: number, scope: 'upcoming' | 'history', now: Date) {
  return selectSignedUpActivities(db)
    .where(and(
      eq(activitySignups.userId, userId),
      scope === 'upcoming'
        ? and(inArray(activitySignups.status, ['accepted', 'waitlisted']), gt(activitySignups.endsAt, now), isNull(activitySignups.checkedOutAt))
        : or(sql`${activitySignups.status} in ('cancelled', 'no_show')`, lte(activitySignups.endsAt, now), isNotNull(activitySignups.checkedOutAt)),
    ))
    .orderBy(...(scope === 'upcoming' ? [asc(activities.startsAt)] : [desc(activities.startsAt)]), desc(activitySignups.id))
    .limit(200)
}
