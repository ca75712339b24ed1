import { NOT_FOUND_MESSAGES } from '../../../../types/api/errors'
import type { WishStatus } from '../../../../types/api/labels'
import type { Wish, WishCategoryValue, WishPage, WishSummary, WishWall } from '../../../../types/api/wishes'
import { chinaTime, toApiInstant } from '../../../../types/time'
import type { AppContext, RequestContext } from '../../context'
import type { Queryable } from '../../db/client'
import { AppError } from '../../http/app-error'
import { idKey, keysetCursor, optionalDayKey, pageOf } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { maskName } from '../org/org.domain'
import { addressesOf } from '../people/people.api'
import { findUploads } from '../uploads/uploads.service'
import { staffCommunity } from '../points/points.api'
import { recordPersonalDataAccess } from '../privacy/access-log'
import { isVisibleTo, seesContact, seesPhone } from './wishes.domain'
import { toSummary, viewerOf, type WishView } from './wishes.mapper'
import * as repo from './wishes.repository'

type Page = { cursor?: string; limit: number }

/** Lists newest first page by the last wish's (or claim's) id, the needed-by list by its day and id. */
const NEWEST = keysetCursor(idKey)
const BY_NEEDED_BY = keysetCursor(optionalDayKey, idKey)

export const wishNotFound = () => new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.wish })

/* ----------------------------------------------------------------- views */

async function loadViews(db: Queryable, ids: number[]): Promise<WishView[]> {
  const rows = await repo.loadWishViews(db, ids)
  const [addresses, uploads] = await Promise.all([
    addressesOf(db, rows.flatMap((r) => (r.wisherHouseholdId === null ? [] : [r.wisherHouseholdId]))),
    findUploads(db, [...new Set(rows.flatMap((r) => r.wish.photoIds))]),
  ])
  const photos = new Map(uploads.map((u) => [u.id, u]))
  return rows.map((r) => ({
    ...r,
    photos: r.wish.photoIds.flatMap((id) => photos.get(id) ?? []),
    address: r.wisherHouseholdId === null ? null : (addresses.get(r.wisherHouseholdId) ?? null),
  }))
}

/** Logs the wishers whose phone numbers these views show to a staff member who is not the wisher (心愿联系方式). */
async function logWisherPhonesSeen(ctx: RequestContext, principal: Principal, views: WishView[]) {
  const subjectPersonIds = views
    .filter((v) => {
      const viewer = viewerOf(principal, v)
      return viewer.isStaff && !viewer.isWisher && seesPhone(viewer, v.wish.contactPreference) && v.wisherPhoneCipher !== null
    })
    .map((v) => v.wish.wisherPersonId)
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds, purpose: 'wish_contact', at: ctx.now(), route: ctx.route })
}

async function summaries(ctx: RequestContext, principal: Principal, ids: number[]): Promise<WishSummary[]> {
  const views = (await loadViews(ctx.db, ids)).filter((v) => isVisibleTo(v.wish.status, viewerOf(principal, v)))
  await logWisherPhonesSeen(ctx, principal, views)
  return views.map((v) => toSummary(ctx, principal, v))
}

/** One wish as the caller may see it; NOT_FOUND when it does not exist or is not theirs to see. */
export async function getWish(ctx: RequestContext, principal: Principal, id: number): Promise<Wish> {
  const [view] = await loadViews(ctx.db, [id])
  if (!view) throw wishNotFound()
  const viewer = viewerOf(principal, view)
  if (!isVisibleTo(view.wish.status, viewer)) throw wishNotFound()
  const events = await repo.listEvents(ctx.db, id)
  await logWisherPhonesSeen(ctx, principal, [view])
  return {
    ...toSummary(ctx, principal, view),
    // Reasons and notes are for the people involved; others see what happened, not why.
    timeline: events.map((e) => ({ kind: e.kind, at: toApiInstant(e.createdAt), note: seesContact(viewer) ? e.note : null })),
  }
}

/* ----------------------------------------------------------------- lists */

/** A community's wishes in one status, newest first or by needed-by day. */
async function communityPage(ctx: RequestContext, principal: Principal, filter: repo.WishFilter, sort: 'newest' | 'deadline', page: Page): Promise<WishPage> {
  if (sort === 'newest') {
    const after = NEWEST.decode(page.cursor)
    const { rows, nextCursor } = pageOf(await repo.listWishesNewest(ctx.db, filter, after?.[0] ?? null, page.limit + 1), page.limit, (r) => NEWEST.encode(r.id))
    return { items: await summaries(ctx, principal, rows.map((r) => r.id)), nextCursor }
  }
  const after = BY_NEEDED_BY.decode(page.cursor)
  const fetched = await repo.listWishesByNeededBy(ctx.db, filter, after && { neededBy: after[0], id: after[1] }, page.limit + 1)
  const { rows, nextCursor } = pageOf(fetched, page.limit, (r) => BY_NEEDED_BY.encode(r.neededBy, r.id))
  return { items: await summaries(ctx, principal, rows.map((r) => r.id)), nextCursor }
}

export async function listOpenWishes(ctx: RequestContext, principal: Principal, q: { communityId?: number; category?: WishCategoryValue; sort: 'newest' | 'deadline' } & Page): Promise<WishPage> {
  const communityId = q.communityId ?? principal.communityId
  if (!communityId) throw new AppError('COMMUNITY_REQUIRED')
  return communityPage(ctx, principal, { communityId, status: 'open', category: q.category }, q.sort, q)
}

export async function listMyWishes(ctx: RequestContext, principal: Principal, page: Page): Promise<WishPage> {
  const after = NEWEST.decode(page.cursor)
  if (!principal.personId) return { items: [], nextCursor: null }
  const { rows, nextCursor } = pageOf(await repo.listWisherWishIds(ctx.db, principal.personId, after?.[0] ?? null, page.limit + 1), page.limit, (r) => NEWEST.encode(r.id))
  return { items: await summaries(ctx, principal, rows.map((r) => r.id)), nextCursor }
}

export async function listMyClaims(ctx: RequestContext, principal: Principal, page: Page): Promise<WishPage> {
  const after = NEWEST.decode(page.cursor)
  const { rows, nextCursor } = pageOf(await repo.listClaimedWishIds(ctx.db, principal.userId, after?.[0] ?? null, page.limit + 1), page.limit, (r) => NEWEST.encode(r.claimId))
  return { items: await summaries(ctx, principal, rows.map((r) => r.wishId)), nextCursor }
}

export async function listForStaff(ctx: RequestContext, principal: Principal, q: { communityId?: number; status: WishStatus } & Page): Promise<WishPage> {
  const communityId = staffCommunity(principal, q.communityId)
  return communityPage(ctx, principal, { communityId, status: q.status }, 'newest', q)
}

export async function getWall(ctx: AppContext, principal: Principal | null, communityId?: number): Promise<WishWall> {
  const community = communityId ?? principal?.communityId
  if (!community) throw new AppError('COMMUNITY_REQUIRED')
  const now = chinaTime(ctx.now())
  const [totals, recent] = await Promise.all([
    repo.countFulfilled(ctx.db, community, now.startOf('month').toDate(), now.startOf('year').toDate()),
    repo.listRecentlyConfirmed(ctx.db, community, 20),
  ])
  return {
    totals,
    recent: recent.map((r) => ({
      id: r.id,
      category: r.category,
      title: r.title,
      wisherName: maskName(r.wisherName),
      claimerName: r.claimerUnitName ?? maskName(r.claimerPersonName ?? ''),
      thanks: r.thanks ?? '',
      rating: r.rating ?? 5,
      confirmedAt: toApiInstant(r.confirmedAt!),
    })),
  }
}

/** Wishes waiting for staff review in a community (the 工作台's count). */
export function countWishesToReview(db: Queryable, communityId: number): Promise<number> {
  return repo.countPendingWishes(db, communityId)
}
