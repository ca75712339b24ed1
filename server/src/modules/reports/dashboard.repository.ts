import { sql, type SQL } from 'drizzle-orm'
import { selectRows, type Queryable } from '../../db/client'
import { activities, activitySignups, bookings, dashboardMonthVersions, dashboardPieces, partyReports, pointsLedger, roomClosures, rooms, stations, unitMembers, units, volunteerProfiles, wishes } from '../../db/schema'

/*
 * The dashboard's aggregates. Each figure is a GROUP BY / FILTER aggregate in SQL over a range of instants and a
 * list of communities (one, or every community of the district, so that the (community_id, …) indexes serve the
 * district too); rows come back per community (and category, room, rule, month), never per record.
 */

export type Scope = { communityIds: number[] }
export type Range = { start: Date; end: Date }

function inCommunities(column: SQL, scope: Scope): SQL {
  if (!scope.communityIds.length) return sql`false`
  return sql`${column} in (${sql.join(scope.communityIds.map((id) => sql`${id}`), sql`, `)})`
}

/** The China month an instant falls in, as a timestamp (a fixed +08:00: no daylight saving since 1991). */
function chinaMonth(column: SQL): SQL {
  return sql`date_trunc('month', ${column} at time zone interval '+08:00')`
}

/** YYYY-MM of a month computed by chinaMonth: group by the month itself and format the groups, not every row. */
const monthText = (column: SQL) => sql`to_char(${column}, 'YYYY-MM')`

/** Instants in a range: one index range (month-figures.service sends the pieces that follow one another as one). */
function inRange(column: SQL, r: Range): SQL {
  return sql`(${column} >= ${r.start} and ${column} < ${r.end})`
}

/* Each figure below comes per community and China month (YYYY-MM) of a range: what the dashboard adds up
 * into a range and a trend, and what the cache of days already over (dashboard_pieces) keeps. */

/* ----------------------------------------------------------------- wishes */

export type WishGroup = {
  communityId: number
  month: string
  category: string
  posted: number
  fulfilled: number
  /** Posted in the month and approved (ever opened). */
  approved: number
  /** Of those, confirmed (at any time so far). */
  approvedConfirmed: number
  /** Confirmed in the month after an approval: the seconds from approval to confirmation, and how many. */
  fulfilSeconds: number
  fulfilTimed: number
}

/** Wishes by the month they were posted (posted, approved, confirmed since) and were confirmed (fulfilled, days). */
export async function wishesByMonth(db: Queryable, scope: Scope, r: Range): Promise<WishGroup[]> {
  return selectRows<WishGroup>(db, sql`
    select t.community_id as "communityId", ${monthText(sql`t.month`)} as month, t.category::text as category,
      sum(posted)::int as posted, sum(fulfilled)::int as fulfilled, sum(approved)::int as approved,
      sum(approved_confirmed)::int as "approvedConfirmed", sum(fulfil_seconds)::float8 as "fulfilSeconds", sum(fulfil_timed)::int as "fulfilTimed"
    from (
      select w.community_id, ${chinaMonth(sql`w.created_at`)} as month, w.category, 1 as posted, 0 as fulfilled,
        (w.opened_at is not null)::int as approved, (w.opened_at is not null and w.confirmed_at is not null)::int as approved_confirmed,
        0::float8 as fulfil_seconds, 0 as fulfil_timed
      from ${wishes} w
      where ${inCommunities(sql`w.community_id`, scope)} and ${inRange(sql`w.created_at`, r)}
      union all
      select w.community_id, ${chinaMonth(sql`w.confirmed_at`)}, w.category, 0, 1, 0, 0,
        coalesce(extract(epoch from w.confirmed_at - w.opened_at), 0)::float8, (w.opened_at is not null)::int
      from ${wishes} w
      where ${inCommunities(sql`w.community_id`, scope)} and ${inRange(sql`w.confirmed_at`, r)}
    ) t
    group by t.community_id, t.month, t.category`)
}

/* ----------------------------------------------------------------- bookings */

/** What a booking held the room for: confirmed, checked in, or booked and not come (爽约). */
const HELD = sql`b.status in ('confirmed', 'checked_in', 'no_show')`

/** The rooms (not tools, which are lent by the day) of the scope, with their station's weekly hours. */
export async function roomsOf(db: Queryable, scope: Scope) {
  return selectRows<{ roomId: number; roomName: string; communityId: number; stationId: number; stationName: string; weeklyHours: { dayOfWeek: number; opens: string; closes: string }[] }>(db, sql`
    select r.id as "roomId", r.name as "roomName", r.community_id as "communityId", s.id as "stationId", s.name as "stationName", s.weekly_hours as "weeklyHours"
    from ${rooms} r join ${stations} s on s.id = r.station_id
    where ${inCommunities(sql`r.community_id`, scope)} and r.kind = 'room'
    order by s.community_id, s.id, r.id`)
}

export async function closuresOverlapping(db: Queryable, scope: Scope, r: Range) {
  return selectRows<{ roomId: number; start: number; end: number }>(db, sql`
    select c.room_id as "roomId", (extract(epoch from c.starts_at) * 1000)::float8 as start, (extract(epoch from c.ends_at) * 1000)::float8 as "end"
    from ${roomClosures} c
    where ${inCommunities(sql`c.community_id`, scope)} and c.starts_at < ${r.end} and c.ends_at > ${r.start}`)
}

export type RoomGroup = { communityId: number; month: string; roomId: number; bookings: number; minutes: number; noShows: number }

/** Bookings that held a room, by the month they start. */
export async function roomBookingsByMonth(db: Queryable, scope: Scope, r: Range): Promise<RoomGroup[]> {
  return selectRows<RoomGroup>(db, sql`
    select b.community_id as "communityId", ${monthText(chinaMonth(sql`b.starts_at`))} as month, b.room_id as "roomId", count(*)::int as bookings,
      (sum(extract(epoch from b.ends_at - b.starts_at)) / 60)::float8 as minutes,
      count(*) filter (where b.status = 'no_show')::int as "noShows"
    from ${bookings} b join ${rooms} r on r.id = b.room_id and r.kind = 'room'
    where ${inCommunities(sql`b.community_id`, scope)} and ${HELD} and ${inRange(sql`b.starts_at`, r)}
    group by b.community_id, ${chinaMonth(sql`b.starts_at`)}, b.room_id`)
}

/* ----------------------------------------------------------------- volunteering */

export type ActivityGroup = { communityId: number; month: string; activities: number; signups: number; attendances: number; noShows: number; minutes: number }

/**
 * Published activities, not cancelled, by the month they start, with their sign-ups' counts. A sign-up carries its
 * activity's community and start (copied, and fixed once anyone signed up), so the sign-ups of the range are one
 * index range joined to the activities, not one look-up per activity (418 ms for a district's year of 9 000).
 */
export async function activitiesByMonth(db: Queryable, scope: Scope, r: Range): Promise<ActivityGroup[]> {
  return selectRows<ActivityGroup>(db, sql`
    with a as (
      select id, community_id, starts_at from ${activities}
      where ${inCommunities(sql`community_id`, scope)} and published and cancelled_at is null and ${inRange(sql`starts_at`, r)}
    ), s as (
      select x.activity_id,
        count(*) filter (where x.status in ('accepted', 'no_show')) as signups,
        count(*) filter (where x.status = 'accepted' and (x.checked_in_at is not null or x.confirmed_at is not null)) as attendances,
        count(*) filter (where x.status = 'no_show') as no_shows,
        sum(x.confirmed_minutes) filter (where x.confirmed_at is not null) as minutes
      from ${activitySignups} x join a on a.id = x.activity_id
      where ${inCommunities(sql`x.community_id`, scope)} and ${inRange(sql`x.starts_at`, r)}
      group by x.activity_id
    )
    select a.community_id as "communityId", ${monthText(chinaMonth(sql`a.starts_at`))} as month, count(*)::int as activities,
      coalesce(sum(s.signups), 0)::int as signups, coalesce(sum(s.attendances), 0)::int as attendances,
      coalesce(sum(s.no_shows), 0)::int as "noShows", coalesce(sum(s.minutes), 0)::int as minutes
    from a left join s on s.activity_id = a.id
    group by a.community_id, ${chinaMonth(sql`a.starts_at`)}`)
}

export async function newVolunteersByMonth(db: Queryable, scope: Scope, r: Range) {
  return selectRows<{ communityId: number; month: string; n: number }>(db, sql`
    select p.community_id as "communityId", ${monthText(chinaMonth(sql`p.created_at`))} as month, count(*)::int as n from ${volunteerProfiles} p
    where ${inCommunities(sql`p.community_id`, scope)} and ${inRange(sql`p.created_at`, r)}
    group by p.community_id, ${chinaMonth(sql`p.created_at`)}`)
}

/**
 * Volunteers of the scope (by their profile's community) reaching each 星级, by the month of the confirmation that
 * took their total confirmed minutes across its threshold. A volunteer's total only grows (a sign-up is confirmed
 * once), so each threshold is crossed once, in one month: the months add up to the range.
 */
export async function starsByMonth(db: Queryable, scope: Scope, r: Range, thresholdMinutes: number[]) {
  const thresholds = sql.join(thresholdMinutes.map((m, i) => sql`(${i + 1}::int, ${m}::int)`), sql`, `)
  return selectRows<{ communityId: number; month: string; stars: number; volunteers: number }>(db, sql`
    with movers as (
      select distinct x.user_id, p.community_id from ${activitySignups} x
      join ${volunteerProfiles} p on p.user_id = x.user_id and ${inCommunities(sql`p.community_id`, scope)}
      where ${inRange(sql`x.confirmed_at`, r)}
    ), running as (
      -- Each mover's own confirmations by the user index (offset 0 keeps the planner from turning the lateral
      -- look-up into a hash of everyone's confirmations: 145 000 rows for a fortnight's 5 000 movers).
      select m.community_id, x.confirmed_at, x.confirmed_minutes as minutes,
        sum(x.confirmed_minutes) over (partition by m.user_id order by x.confirmed_at, x.id) as total
      from movers m cross join lateral (
        select y.id, y.confirmed_at, y.confirmed_minutes from ${activitySignups} y where y.user_id = m.user_id and y.confirmed_at < ${r.end} offset 0
      ) x
    )
    select r.community_id as "communityId", ${monthText(chinaMonth(sql`r.confirmed_at`))} as month, th.stars, count(*)::int as volunteers
    from running r join (values ${thresholds}) as th(stars, minutes) on r.total - r.minutes < th.minutes and r.total >= th.minutes
    where ${inRange(sql`r.confirmed_at`, r)}
    group by r.community_id, ${chinaMonth(sql`r.confirmed_at`)}, th.stars`)
}

/* ----------------------------------------------------------------- points */

export type PointsGroup = { communityId: number; month: string; reason: string; rule: string | null; points: number }

/**
 * Points by the month they moved, by reason and rule: awards by rule and by staff, expiries, and redemptions less
 * the refunds (whenever made, up to now) of those same redemptions. A refund follows its redemption and stays in
 * its household's community, so the refunds of the range's redemptions are among those made since the range
 * began (found by the range index, joined by source).
 */
export async function pointsByMonth(db: Queryable, scope: Scope, r: Range, now: Date): Promise<PointsGroup[]> {
  return selectRows<PointsGroup>(db, sql`
    select l.community_id as "communityId", ${monthText(chinaMonth(sql`l.created_at`))} as month, l.reason::text as reason, l.rule::text as rule,
      (sum(abs(l.amount)) - coalesce(sum(f.amount), 0))::int as points
    from ${pointsLedger} l
    left join (
      select f.source_id, f.amount from ${pointsLedger} f
      where ${inCommunities(sql`f.community_id`, scope)} and f.created_at >= ${r.start} and f.created_at <= ${now}
        and f.reason = 'redemption_refund' and f.source_type = 'redemption'
    ) f on l.reason = 'redemption' and f.source_id = l.source_id
    where ${inCommunities(sql`l.community_id`, scope)} and ${inRange(sql`l.created_at`, r)}
      and l.reason in ('rule_award', 'staff_award', 'redemption', 'expiry')
    group by l.community_id, ${chinaMonth(sql`l.created_at`)}, l.reason, l.rule`)
}

/**
 * The households with a movement of their own (an expiry is not theirs) per community and month, their ids as
 * 4-byte integers end to end: a distinct count does not add up over months, the union of the months' ids does.
 */
export async function activeHouseholdsByMonth(db: Queryable, scope: Scope, r: Range) {
  return selectRows<{ communityId: number; month: string; households: Uint8Array }>(db, sql`
    select l.community_id as "communityId", ${monthText(chinaMonth(sql`l.created_at`))} as month,
      string_agg(distinct int4send(l.household_id), ''::bytea) as households
    from ${pointsLedger} l
    where ${inCommunities(sql`l.community_id`, scope)} and ${inRange(sql`l.created_at`, r)} and l.reason <> 'expiry'
    group by l.community_id, ${chinaMonth(sql`l.created_at`)}`)
}

/* ----------------------------------------------------------------- the cache of days already over */

/** A community's month in the cache: its first day (YYYY-MM-DD). */
export type CommunityMonth = { communityId: number; day: string }

/** A piece of a month in the cache: its month's first day and the instants it covers, [since, through). */
export type PieceKey = { day: string; since: Date; through: Date }

function communityMonths(pairs: CommunityMonth[]): SQL {
  return sql.join(pairs.map((p) => sql`(${p.communityId}::int, ${p.day}::date)`), sql`, `)
}

/**
 * The kept figures of some pieces for the scope that still count (their month's version unchanged since they were
 * computed). Only the pieces of the months in `withHouseholds` bring their households' ids (the range's months:
 * the trend does not count them).
 */
export async function keptPieces(db: Queryable, scope: Scope, pieces: PieceKey[], withHouseholds: string[]) {
  if (!pieces.length) return []
  const householdDays = withHouseholds.length ? sql.join(withHouseholds.map((d) => sql`${d}::date`), sql`, `) : sql`null`
  return selectRows<{ communityId: number; day: string; figures: unknown; households: Uint8Array | null }>(db, sql`
    select p.community_id as "communityId", to_char(p.month, 'YYYY-MM-DD') as day, p.figures,
      case when p.month in (${householdDays}) then p.households end as households
    from ${dashboardPieces} p
    join ${dashboardMonthVersions} v on v.community_id = p.community_id and v.month = p.month and v.version = p.filled_version
    where ${inCommunities(sql`p.community_id`, scope)}
      and (p.month, p.since, p.through) in (${sql.join(pieces.map((k) => sql`(${k.day}::date, ${k.since}::timestamptz, ${k.through}::timestamptz)`), sql`, `)})`)
}

/**
 * The first half of keeping pieces: make sure each month has its version row and read the versions, before the
 * figures are computed. A change committed after this bumps the version, and the kept figures then do not count.
 */
export async function monthVersions(db: Queryable, pairs: CommunityMonth[]): Promise<(CommunityMonth & { version: number })[]> {
  if (!pairs.length) return []
  await db.execute(sql`
    insert into ${dashboardMonthVersions} (community_id, month)
    select * from (values ${communityMonths(pairs)}) as p(community_id, month)
    on conflict do nothing`)
  return selectRows(db, sql`
    select v.community_id as "communityId", to_char(v.month, 'YYYY-MM-DD') as day, v.version
    from ${dashboardMonthVersions} v
    where (v.community_id, v.month) in (${communityMonths(pairs)})`)
}

/**
 * Keeps pieces computed after monthVersions read their months' versions, marked with that version: they count only
 * while no change has bumped it since. A change committed in between (the figures may have missed it) has bumped
 * it already, and one still open bumps it when it commits — so no stale figures are ever read. Pieces of the same
 * months kept at an older version, which no longer count, are dropped.
 */
export async function keepPieces(db: Queryable, pieces: (CommunityMonth & PieceKey & { version: number; figures: unknown; households: Uint8Array })[]): Promise<void> {
  if (!pieces.length) return
  const values = sql.join(pieces.map((p) => sql`(${p.communityId}::int, ${p.day}::date, ${p.since}::timestamptz, ${p.through}::timestamptz, ${p.version}::int, ${JSON.stringify(p.figures)}::jsonb, ${p.households}::bytea)`), sql`, `)
  await db.execute(sql`
    with v (community_id, month, since, through, version, figures, households) as (values ${values}),
    dropped as (
      delete from ${dashboardPieces} p using v
      where p.community_id = v.community_id and p.month = v.month
        and (p.since, p.through) is distinct from (v.since, v.through) and p.filled_version < v.version
    )
    insert into ${dashboardPieces} (community_id, month, since, through, filled_version, figures, households)
    select v.community_id, v.month, v.since, v.through, v.version, v.figures, v.households from v
    on conflict (community_id, month, since, through) do update
      set filled_version = excluded.filled_version, figures = excluded.figures, households = excluded.households
      where ${dashboardPieces}.filled_version < excluded.filled_version`)
}

/* ----------------------------------------------------------------- 双报到 */

/**
 * 在职党员 in force at an instant: approved before it and still approved, or revoked after it (a revocation
 * overwrites the decision time, so a report revoked after the instant counts if it was made before it).
 */
export async function partyMembersAt(db: Queryable, scope: Scope, at: Date): Promise<number> {
  const [row] = await selectRows<{ n: number }>(db, sql`
    select count(*)::int as n from ${partyReports} p
    where ${inCommunities(sql`p.community_id`, scope)} and p.status in ('approved', 'revoked')
      and ((p.status = 'approved' and p.decided_at < ${at}) or (p.status = 'revoked' and p.decided_at >= ${at} and p.created_at < ${at}))`)
  return row?.n ?? 0
}

/** Approved 驻区单位 at an instant, with their members who had joined by then; most members first. */
export async function unitsAt(db: Queryable, scope: Scope, at: Date) {
  return selectRows<{ unitId: number; name: string; members: number }>(db, sql`
    select u.id as "unitId", u.name, count(m.user_id)::int as members
    from ${units} u left join ${unitMembers} m on m.unit_id = u.id and m.joined_at < ${at}
    where ${inCommunities(sql`u.community_id`, scope)} and u.status = 'approved' and u.decided_at < ${at}
    group by u.id, u.name
    order by members desc, u.id`)
}
