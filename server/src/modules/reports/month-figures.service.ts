import { chinaTime, HOUR_MS } from '../../../../types/time'
import type { Queryable } from '../../db/client'
import { emptyMonthFigures, joinIds, starThresholdMinutes, sumMonthFigures, type MonthFigures, type MonthPiece } from './dashboard.domain'
import * as repo from './dashboard.repository'

/*
 * The dashboard's figures per community and China month. The days already over of each piece a request needs are
 * counted once and kept in dashboard_pieces — an ended month whole, the running month up to the start of today,
 * the part of a month at a chosen range's edge — and later requests read them there (a district's year is 600
 * small rows instead of a year of sign-ups, bookings, wishes and ledger rows). The triggers of migration 0018 bump
 * a month's version whenever a row of a day of it already over changes (hours confirmed late, a no-show marked, a
 * refund of one of its redemptions, an erasure), and kept figures count only at the version they were computed at
 * — so the cache never answers differently from the rows themselves. Today and what lies ahead are always counted
 * from their rows.
 */

/** Figures by month (YYYY-MM), then by community. */
export type FiguresByMonth = Map<string, Map<number, MonthFigures>>

/**
 * How long after a day's end it is kept: the triggers bump a month for a change of a day over (by the database's
 * clock), and a write that began before midnight, and so did not bump it, has committed long before an hour.
 */
const KEEP_AFTER_MS = HOUR_MS

const firstDay = (month: string) => `${month}-01`

/**
 * Pieces that follow one another without a gap, in runs: each run is one index range per statement (ranges joined
 * by OR would leave the planner a scan of the whole table), so pieces apart are counted by statements apart.
 */
function runsOf(pieces: MonthPiece[]): MonthPiece[][] {
  const runs: MonthPiece[][] = []
  for (const p of [...pieces].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const run = runs.at(-1)
    if (run && run.at(-1)!.end.getTime() === p.start.getTime()) run.push(p)
    else runs.push([p])
  }
  return runs
}

/** Computes each community's figures for some pieces of months (each piece in a different month) from the rows. */
export async function computeFigures(db: Queryable, scope: repo.Scope, pieces: MonthPiece[], now: Date): Promise<FiguresByMonth> {
  const out: FiguresByMonth = new Map(pieces.map((p) => [p.month, new Map(scope.communityIds.map((id) => [id, emptyMonthFigures()]))]))
  const at = (row: { communityId: number; month: string }) => out.get(row.month)?.get(row.communityId)
  await Promise.all(runsOf(pieces).map(async (run) => {
    // The pieces of a run follow one another, each in its own month: one range, grouped by month.
    const span = { start: run[0]!.start, end: run.at(-1)!.end }
    const [wishes, rooms, activities, volunteers, stars, points, households] = await Promise.all([
      repo.wishesByMonth(db, scope, span),
      repo.roomBookingsByMonth(db, scope, span),
      repo.activitiesByMonth(db, scope, span),
      repo.newVolunteersByMonth(db, scope, span),
      repo.starsByMonth(db, scope, span, starThresholdMinutes()),
      repo.pointsByMonth(db, scope, span, now),
      repo.activeHouseholdsByMonth(db, scope, span),
    ])
    for (const { communityId, month, ...w } of wishes) at({ communityId, month })?.wishes.push(w)
    for (const { communityId, month, ...r } of rooms) at({ communityId, month })?.rooms.push(r)
    for (const { communityId, month, ...a } of activities) {
      const f = at({ communityId, month })
      if (f) f.activities = a
    }
    for (const v of volunteers) {
      const f = at(v)
      if (f) f.newVolunteers = v.n
    }
    for (const s of stars) {
      const f = at(s)
      if (f) f.stars[s.stars - 1] = s.volunteers
    }
    for (const { communityId, month, ...p } of points) at({ communityId, month })?.points.push(p)
    for (const h of households) {
      const f = at(h)
      if (f) f.households = h.households
    }
  }))
  return out
}

/** The figures of two parts of one month as one (the households listed from both; counting them dedups). */
function joined(kept: MonthFigures | undefined, rest: MonthFigures | undefined): MonthFigures {
  if (!kept || !rest) return (kept ?? rest)!
  return { ...sumMonthFigures([kept, rest]), households: joinIds(kept.households, rest.households) }
}

/**
 * Each community's figures for pieces of months (in different months): the days over (an hour ago) of each piece
 * come from dashboard_pieces — computed and kept if missing or changed since — and today and later days from the
 * rows. Kept pieces bring their households only if their month is named in `householdMonths` (YYYY-MM).
 */
export async function monthFigures(db: Queryable, scope: repo.Scope, pieces: MonthPiece[], now: Date, householdMonths: string[]): Promise<FiguresByMonth> {
  const keepUntil = chinaTime(now.getTime() - KEEP_AFTER_MS).startOf('day').valueOf()
  const keepable = pieces.map((p) => ({ ...p, end: new Date(Math.min(p.end.getTime(), keepUntil)) })).filter((p) => p.end > p.start)
  const rest = pieces.map((p) => ({ ...p, start: new Date(Math.max(p.start.getTime(), keepUntil)) })).filter((p) => p.end > p.start)
  const keyOf = (p: MonthPiece) => ({ day: firstDay(p.month), since: p.start, through: p.end })

  const kept: FiguresByMonth = new Map(keepable.map((p) => [p.month, new Map()]))
  for (const row of await repo.keptPieces(db, scope, keepable.map(keyOf), householdMonths.map(firstDay))) {
    kept.get(row.day.slice(0, 7))!.set(row.communityId, { ...(row.figures as Omit<MonthFigures, 'households'>), households: row.households ?? new Uint8Array(0) })
  }
  const missing = keepable.flatMap((p) => scope.communityIds.filter((id) => !kept.get(p.month)!.has(id)).map((communityId) => ({ communityId, day: firstDay(p.month) })))
  // Versions first, figures after: a change committed in between leaves the kept figures not counting.
  const versions = await repo.monthVersions(db, missing)
  const toKeep = keepable.filter((p) => missing.some((x) => x.day === firstDay(p.month)))
  const [computed, live] = await Promise.all([computeFigures(db, scope, toKeep, now), computeFigures(db, scope, rest, now)])
  for (const [month, byCommunity] of computed) {
    for (const [communityId, figures] of byCommunity) if (!kept.get(month)!.has(communityId)) kept.get(month)!.set(communityId, figures)
  }
  await repo.keepPieces(db, versions.map((v) => {
    const { households, ...figures } = computed.get(v.day.slice(0, 7))!.get(v.communityId)!
    return { ...v, ...keyOf(toKeep.find((p) => firstDay(p.month) === v.day)!), figures, households }
  }))
  return new Map(pieces.map((p) => [p.month, new Map(scope.communityIds.map((id) => [id, joined(kept.get(p.month)?.get(id), live.get(p.month)?.get(id))]))]))
}
