import type { z } from 'zod'
import type { Activity, ActivityPage, ZActivityListQuery } from '../../../../types/api/volunteer'
import { chinaDayStart, startOfChinaDay } from '../../../../types/time'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import { idKey, instantKey, keysetCursor, pageOf } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { toActivity, toSummary } from './volunteer.mapper'
import * as repo from './volunteer.repository'

/* Activities as volunteers find them: the 活动 tab's list and an activity's page. */

/**
 * An activity's page as the caller sees it — the answer of every move on an activity. An unpublished one exists
 * only for its community's staff. A move that has just written the caller's sign-up passes it (`known`), saving
 * the read.
 */
export async function activityDetail(ctx: AppContext, principal: Principal, id: number, now: Date, known?: repo.SignupRow): Promise<Activity> {
  const db = ctx.db
  const view = await repo.findActivityView(db, id)
  if (!view || (!view.activity.published && !principal.isStaffOf(view.activity.communityId))) throw new AppError('NOT_FOUND')
  const a = view.activity
  const mine = known ?? (await repo.findMySignup(db, id, principal.userId))
  const positions = await repo.waitlistPositionsOf(db, mine ? [mine] : [])
  const isOrganiser = principal.isStaffOf(a.communityId)
  // The organiser's phone is for those who are coming, and for staff.
  const organiserPhone = mine?.status === 'accepted' || isOrganiser ? ctx.personalData.openPhone(view.organiserPhoneCipher) : null
  return toActivity(view, mine, positions, { isOrganiser, organiserPhone }, now)
}

export async function getActivity(ctx: AppContext, principal: Principal, id: number): Promise<Activity> {
  return activityDetail(ctx, principal, id, ctx.now())
}

/** The list pages by (start, id); instants of years 0001–9999 (what an ISO string and PostgreSQL both write): a cursor outside is tampered with. */
const ACTIVITY_CURSOR = keysetCursor(instantKey({ earliest: Date.parse('0001-01-01T00:00:00Z'), latest: Date.parse('9999-12-31T23:59:59.999Z') }), idKey)

/** 活动 tab: published activities of my community (or the district) from a day on, with filters. */
export async function listActivities(ctx: AppContext, principal: Principal | null, q: z.output<typeof ZActivityListQuery>): Promise<ActivityPage> {
  // An account not yet placed in a community (or a visitor) sees the district's activities, as it sees its stations.
  const communityId = q.scope === 'district' ? null : (q.communityId ?? principal?.communityId ?? null)
  const now = ctx.now()
  const from = q.from ? chinaDayStart(q.from).toDate() : startOfChinaDay(now)
  const after = ACTIVITY_CURSOR.decode(q.cursor)
  const fetched = await repo.listActivities(ctx.db, { communityId, from, now, skill: q.skill, teamId: q.teamId, hasPlaces: q.hasPlaces, after: after && { startsAt: after[0], id: after[1] }, limit: q.limit })
  const { rows: page, nextCursor } = pageOf(fetched, q.limit, (r) => ACTIVITY_CURSOR.encode(r.activity.startsAt, r.activity.id))
  const ids = page.map((r) => r.activity.id)
  const mine = principal ? await repo.mySignupsFor(ctx.db, ids, principal.userId) : []
  const positions = await repo.waitlistPositionsOf(ctx.db, mine)
  return {
    items: page.map((r) => toSummary(r, mine.find((s) => s.activityId === r.activity.id) ?? null, positions, now)),
    nextCursor,
  }
}
