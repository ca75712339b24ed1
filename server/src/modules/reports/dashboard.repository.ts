import { sql, type SQL } from 'drizzle-orm'
import type { Queryable } from '../../db/client'
import { activities, activitySignups, bookings, communities, partyReports, pointsLedger, pointsMonthlyTotals, redemptions, roomClosures, rooms, stations, unitMembers, units, volunteerProfiles, wishes } from '../../db/schema'

/*
 * The dashboard's aggregates. Each figure is a GROUP BY / FILTER aggregate in SQL over a range of instants and a
 * list of communities (one, or every community of the district, so that the (community_id, …) indexes serve the
 * district too); rows come back per community (and category, room, rule, month), never per record.
 */

export type Scope = { communityIds: number[] }
export type Range = { start: Date; end: Date }

async function rows<T>(db: Queryable, query: SQL): Promise<T[]> {
  // Both drivers (node-postgres, PGlite) answer an execute with { rows }.
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows
}

function inCommunities(column: SQL, scope: Scope): SQL {
  if (!scope.communityIds.length) return sql`false`
  return sql`${column} in (${sql.join(scope.communityIds.map((id) => sql`${id}`), sql`, `)})`
}

/** The China month an instant falls in, as a timestamp (a fixed +08:00: no daylight saving since 1991). */
function chinaMonth(column: SQL): SQL {
  return sql`date_trunc('month', ${column} at time zone interval '+08:00')`
}

/** YYYY-MM of a month computed by chinaMonth (applied to the grouped rows, not to every row). */
const monthText = (column: SQL) => sql`to_char(${column}, 'YYYY-MM')`

/* ----------------------------------------------------------------- wishes */

export type WishGroup = {
  communityId: number
  category: string
  posted: number
  fulfilled: number
  /** Posted in the range and approved (ever opened). */
  approved: number
  /** Of those, confirmed by now. */
  approvedConfirmed: number
  /** Fulfilled in the range with an approval time: the seconds from approval to confirmation, and how many. */
  fulfilSeconds: number
  fulfilTimed: number
}

export async function wishFigures(db: Queryable, scope: Scope, r: Range, now: Date): Promise<WishGroup[]> {
  const posted = sql`w.created_at >= ${r.start} and w.created_at < ${r.end}`
  const confirmed = sql`w.confirmed_at >= ${r.start} and w.confirmed_at < ${r.end}`
  return rows<WishGroup>(db, sql`
    select w.community_id as "communityId", w.category::text as category,
      count(*) filter (where ${posted})::int as posted,
      count(*) filter (where ${confirmed})::int as fulfilled,
      count(*) filter (where ${posted} and w.opened_at is not null)::int as approved,
      count(*) filter (where ${posted} and w.opened_at is not null and w.confirmed_at <= ${now})::int as "approvedConfirmed",
      coalesce(sum(extract(epoch from w.confirmed_at - w.opened_at)) filter (where ${confirmed} and w.opened_at is not null), 0)::float8 as "fulfilSeconds",
      count(*) filter (where ${confirmed} and w.opened_at is not null)::int as "fulfilTimed"
    from ${wishes} w
    where ${inCommunities(sql`w.community_id`, scope)} and ((${posted}) or (${confirmed}))
    group by w.community_id, w.category`)
}

export async function wishTrend(db: Queryable, scope: Scope, r: Range): Promise<{ month: string; posted: number; fulfilled: number }[]> {
  return rows(db, sql`
    select ${monthText(sql`month`)} as month, sum(posted)::int as posted, sum(fulfilled)::int as fulfilled from (
      select ${chinaMonth(sql`w.created_at`)} as month, 1 as posted, 0 as fulfilled from ${wishes} w
      where ${inCommunities(sql`w.community_id`, scope)} and w.created_at >= ${r.start} and w.created_at < ${r.end}
      union all
      select ${chinaMonth(sql`w.confirmed_at`)}, 0, 1 from ${wishes} w
      where ${inCommunities(sql`w.community_id`, scope)} and w.confirmed_at >= ${r.start} and w.confirmed_at < ${r.end}
    ) t group by month`)
}

/* ----------------------------------------------------------------- bookings */

/** What a booking held the room for: confirmed, checked in, or booked and not come (爽约). */
const HELD = sql`b.status in ('confirmed', 'checked_in', 'no_show')`

/** The rooms (not tools, which are lent by the day) of the scope, with their station's weekly hours. */
export async function roomsOf(db: Queryable, scope: Scope) {
  return rows<{ roomId: number; roomName: string; communityId: number; stationId: number; stationName: string; weeklyHours: { dayOfWeek: number; opens: string; closes: string }[] }>(db, sql`
    select r.id as "roomId", r.name as "roomName", r.community_id as "communityId", s.id as "stationId", s.name as "stationName", s.weekly_hours as "weeklyHours"
    from ${rooms} r join ${stations} s on s.id = r.station_id
    where ${inCommunities(sql`r.community_id`, scope)} and r.kind = 'room'
    order by s.community_id, s.id, r.id`)
}

export async function closuresOverlapping(db: Queryable, scope: Scope, r: Range) {
  return rows<{ roomId: number; start: number; end: number }>(db, sql`
    select c.room_id as "roomId", (extract(epoch from c.starts_at) * 1000)::float8 as start, (extract(epoch from c.ends_at) * 1000)::float8 as "end"
    from ${roomClosures} c
    where ${inCommunities(sql`c.community_id`, scope)} and c.starts_at < ${r.end} and c.ends_at > ${r.start}`)
}

export async function bookingsByRoom(db: Queryable, scope: Scope, r: Range) {
  return rows<{ roomId: number; bookings: number; minutes: number; noShows: number }>(db, sql`
    select b.room_id as "roomId", count(*)::int as bookings,
      (sum(extract(epoch from b.ends_at - b.starts_at)) / 60)::float8 as minutes,
      count(*) filter (where b.status = 'no_show')::int as "noShows"
    from ${bookings} b join ${rooms} r on r.id = b.room_id and r.kind = 'room'
    where ${inCommunities(sql`b.community_id`, scope)} and ${HELD} and b.starts_at >= ${r.start} and b.starts_at < ${r.end}
    group by b.room_id`)
}

export async function bookingTrend(db: Queryable, scope: Scope, r: Range) {
  return rows<{ month: string; bookings: number; minutes: number }>(db, sql`
    select ${monthText(chinaMonth(sql`b.starts_at`))} as month, count(*)::int as bookings, (sum(extract(epoch from b.ends_at - b.starts_at)) / 60)::float8 as minutes
    from ${bookings} b join ${rooms} r on r.id = b.room_id and r.kind = 'room'
    where ${inCommunities(sql`b.community_id`, scope)} and ${HELD} and b.starts_at >= ${r.start} and b.starts_at < ${r.end}
    group by 1`)
}

/* ----------------------------------------------------------------- volunteering */

/**
 * Published activities starting in the range, not cancelled, with their sign-ups' counts. A sign-up carries its
 * activity's community and start (copied, and fixed once anyone signed up), so the sign-ups of the range are one
 * index range joined to the activities, not one look-up per activity (418 ms for a district's year of 9 000).
 */
function activityTotals(scope: Scope, r: Range, by: SQL) {
  return sql`
    with a as (
      select id, community_id, starts_at from ${activities}
      where ${inCommunities(sql`community_id`, scope)} and published and cancelled_at is null and starts_at >= ${r.start} and starts_at < ${r.end}
    ), s as (
      select x.activity_id,
        count(*) filter (where x.status in ('accepted', 'no_show')) as signups,
        count(*) filter (where x.status = 'accepted' and (x.checked_in_at is not null or x.confirmed_at is not null)) as attendances,
        count(*) filter (where x.status = 'no_show') as no_shows,
        sum(x.confirmed_minutes) filter (where x.confirmed_at is not null) as minutes
      from ${activitySignups} x join a on a.id = x.activity_id
      where ${inCommunities(sql`x.community_id`, scope)} and x.starts_at >= ${r.start} and x.starts_at < ${r.end}
      group by x.activity_id
    )
    select ${by} as key, count(*)::int as activities,
      coalesce(sum(s.signups), 0)::int as signups, coalesce(sum(s.attendances), 0)::int as attendances,
      coalesce(sum(s.no_shows), 0)::int as "noShows", coalesce(sum(s.minutes), 0)::int as minutes
    from a left join s on s.activity_id = a.id
    group by 1`
}

export type ActivityGroup = { key: number; activities: number; signups: number; attendances: number; noShows: number; minutes: number }

export async function activityFigures(db: Queryable, scope: Scope, r: Range): Promise<ActivityGroup[]> {
  return rows(db, activityTotals(scope, r, sql`a.community_id`))
}

export async function activityTrend(db: Queryable, scope: Scope, r: Range): Promise<(Omit<ActivityGroup, 'key'> & { key: string })[]> {
  return rows(db, activityTotals(scope, r, monthText(chinaMonth(sql`a.starts_at`))))
}

export async function newVolunteers(db: Queryable, scope: Scope, r: Range) {
  return rows<{ communityId: number; n: number }>(db, sql`
    select p.community_id as "communityId", count(*)::int as n from ${volunteerProfiles} p
    where ${inCommunities(sql`p.community_id`, scope)} and p.created_at >= ${r.start} and p.created_at < ${r.end}
    group by 1`)
}

/**
 * Volunteers of the scope (by their profile's community) whose total confirmed minutes crossed each threshold in
 * the range: below it before the range, at or above it at its end. Only volunteers confirmed in the range move.
 */
export async function starsReached(db: Queryable, scope: Scope, r: Range, thresholdMinutes: number[]) {
  const thresholds = sql.join(thresholdMinutes.map((m, i) => sql`(${i + 1}::int, ${m}::int)`), sql`, `)
  return rows<{ communityId: number; stars: number; volunteers: number }>(db, sql`
    with movers as (
      select distinct x.user_id from ${activitySignups} x where x.confirmed_at >= ${r.start} and x.confirmed_at < ${r.end}
    ), totals as (
      select p.community_id, p.user_id,
        coalesce(sum(x.confirmed_minutes) filter (where x.confirmed_at < ${r.start}), 0) as before,
        coalesce(sum(x.confirmed_minutes), 0) as after
      from movers m
      join ${volunteerProfiles} p on p.user_id = m.user_id
      join ${activitySignups} x on x.user_id = m.user_id and x.confirmed_at < ${r.end}
      where ${inCommunities(sql`p.community_id`, scope)}
      group by p.community_id, p.user_id
    )
    select t.community_id as "communityId", th.stars, count(*)::int as volunteers
    from totals t join (values ${thresholds}) as th(stars, minutes) on t.before < th.minutes and t.after >= th.minutes
    group by 1, 2`)
}

/* ----------------------------------------------------------------- points */

/**
 * Refunds of redemptions made from `since` until now: a refund follows its redemption and stays in its household's
 * community, so the refunds of a range's redemptions are among these (found by the range index, joined by source).
 */
function refundsSince(scope: Scope, since: Date, now: Date): SQL {
  return sql`select f.source_id, f.amount from ${pointsLedger} f
    where ${inCommunities(sql`f.community_id`, scope)} and f.created_at >= ${since} and f.created_at <= ${now}
      and f.reason = 'redemption_refund' and f.source_type = 'redemption'`
}

/**
 * Points per community by reason and rule: awards by rule and by staff, expiries, and redemptions made in the
 * range less the refunds (whenever made, up to now) of those same redemptions.
 */
export async function pointsFigures(db: Queryable, scope: Scope, r: Range, now: Date) {
  return rows<{ communityId: number; reason: string; rule: string | null; points: number }>(db, sql`
    select l.community_id as "communityId", l.reason::text as reason, l.rule::text as rule,
      (sum(abs(l.amount)) - coalesce(sum(f.amount), 0))::int as points
    from ${pointsLedger} l
    left join (${refundsSince(scope, r.start, now)}) f on l.reason = 'redemption' and f.source_id = l.source_id
    where ${inCommunities(sql`l.community_id`, scope)} and l.created_at >= ${r.start} and l.created_at < ${r.end}
      and l.reason in ('rule_award', 'staff_award', 'redemption', 'expiry')
    group by 1, 2, 3`)
}

/** Households with a movement of their own in the range (an expiry is not theirs), per community and in all. */
export async function activeHouseholds(db: Queryable, scope: Scope, r: Range) {
  return rows<{ communityId: number | null; n: number }>(db, sql`
    select l.community_id as "communityId", count(distinct l.household_id)::int as n
    from ${pointsLedger} l
    where ${inCommunities(sql`l.community_id`, scope)} and l.created_at >= ${r.start} and l.created_at < ${r.end} and l.reason <> 'expiry'
    group by grouping sets ((l.community_id), ())`)
}

export async function pointsTrend(db: Queryable, scope: Scope, r: Range, now: Date) {
  const inRange = sql`${inCommunities(sql`l.community_id`, scope)} and l.created_at >= ${r.start} and l.created_at < ${r.end}`
  // Awards and redemptions apart: only the redemptions are joined to their refunds.
  return rows<{ month: string; issued: number; redeemed: number }>(db, sql`
    select ${monthText(sql`month`)} as month, sum(issued)::int as issued, sum(redeemed)::int as redeemed from (
      select ${chinaMonth(sql`l.created_at`)} as month, l.amount as issued, 0 as redeemed
      from ${pointsLedger} l where ${inRange} and l.reason in ('rule_award', 'staff_award')
      union all
      select ${chinaMonth(sql`l.created_at`)}, 0, -l.amount - coalesce(f.amount, 0)
      from ${pointsLedger} l left join (${refundsSince(scope, r.start, now)}) f on f.source_id = l.source_id
      where ${inRange} and l.reason = 'redemption'
    ) t group by t.month`)
}

/** A China month of the rollup: its first day (the row's key) and the instants it covers. */
export type RollupMonth = { day: string; start: Date; end: Date }

/** The rollup's rows of some months for the scope, summed per month, with how many communities each month has. */
export async function pointsMonthlyTotalsOf(db: Queryable, scope: Scope, months: RollupMonth[]) {
  if (!months.length) return []
  return rows<{ day: string; month: string; issued: number; redeemed: number; communities: number }>(db, sql`
    select to_char(t.month, 'YYYY-MM-DD') as day, to_char(t.month, 'YYYY-MM') as month,
      sum(t.issued)::int as issued, sum(t.redeemed)::int as redeemed, count(*)::int as communities
    from ${pointsMonthlyTotals} t
    where ${inCommunities(sql`t.community_id`, scope)} and t.month in (${sql.join(months.map((m) => sql`${m.day}::date`), sql`, `)})
    group by t.month`)
}

/**
 * Fills the rollup rows of the given (ended, settled) months for every community at once, each exactly as
 * pointsTrend computes it live. Why a row, once written, never needs changing:
 * - every ledger write (awards, redemptions, refunds, expiries, adjustments; the demo seed runs only on an empty
 *   database) is dated by the clock of the request or sweep that makes it, and the ledger is append-only, so a
 *   month that has ended gets no new rows — once the writes that read the clock before its end have committed,
 *   which the caller leaves a settling margin for;
 * - but the trend counts a redemption net of its refund, and a refund comes later (a cancellation, or the expiry
 *   sweep, any time while the redemption is still reserved): a month with a redemption still reserved in a
 *   community is left out for that community (computed live) until none is. A redemption's row and its ledger
 *   row share their instant and community; a refund is made only of a reserved redemption, in the same
 *   transaction that closes it, so once none is reserved no refund can touch the month again.
 * Concurrent fills of the same month insert the same rows: ON CONFLICT DO NOTHING keeps the first.
 */
export async function fillPointsMonthlyTotals(db: Queryable, months: RollupMonth[], now: Date): Promise<void> {
  if (!months.length) return
  const monthRows = sql.join(months.map((m) => sql`(${m.day}::date, ${m.start}::timestamptz, ${m.end}::timestamptz)`), sql`, `)
  await db.execute(sql`
    insert into ${pointsMonthlyTotals} (community_id, month, issued, redeemed)
    select c.id, m.day, t.issued, t.redeemed
    from ${communities} c
    cross join (values ${monthRows}) as m(day, starts_at, ends_at)
    cross join lateral (
      select coalesce(sum(l.amount) filter (where l.reason in ('rule_award', 'staff_award')), 0)::int as issued,
        coalesce(sum(-l.amount - coalesce(f.amount, 0)) filter (where l.reason = 'redemption'), 0)::int as redeemed
      from ${pointsLedger} l
      left join (
        select f.source_id, f.amount from ${pointsLedger} f
        where f.community_id = c.id and f.created_at >= m.starts_at and f.created_at <= ${now}
          and f.reason = 'redemption_refund' and f.source_type = 'redemption'
      ) f on l.reason = 'redemption' and f.source_id = l.source_id
      where l.community_id = c.id and l.created_at >= m.starts_at and l.created_at < m.ends_at
        and l.reason in ('rule_award', 'staff_award', 'redemption')
    ) t
    where not exists (select 1 from ${pointsMonthlyTotals} p where p.community_id = c.id and p.month = m.day)
      and not exists (
        select 1 from ${redemptions} r
        where r.community_id = c.id and r.status = 'reserved' and r.created_at >= m.starts_at and r.created_at < m.ends_at)
    on conflict do nothing`)
}

/* ----------------------------------------------------------------- 双报到 */

/**
 * 在职党员 in force at an instant: approved before it and still approved, or revoked after it (a revocation
 * overwrites the decision time, so a report revoked after the instant counts if it was made before it).
 */
export async function partyMembersAt(db: Queryable, scope: Scope, at: Date): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`
    select count(*)::int as n from ${partyReports} p
    where ${inCommunities(sql`p.community_id`, scope)} and p.status in ('approved', 'revoked')
      and ((p.status = 'approved' and p.decided_at < ${at}) or (p.status = 'revoked' and p.decided_at >= ${at} and p.created_at < ${at}))`)
  return row?.n ?? 0
}

/** Approved 驻区单位 at an instant, with their members who had joined by then; most members first. */
export async function unitsAt(db: Queryable, scope: Scope, at: Date) {
  return rows<{ unitId: number; name: string; members: number }>(db, sql`
    select u.id as "unitId", u.name, count(m.user_id)::int as members
    from ${units} u left join ${unitMembers} m on m.unit_id = u.id and m.joined_at < ${at}
    where ${inCommunities(sql`u.community_id`, scope)} and u.status = 'approved' and u.decided_at < ${at}
    group by u.id, u.name
    order by members desc, u.id`)
}
