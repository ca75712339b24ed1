import { randomInt } from 'node:crypto'
import { NOT_FOUND_MESSAGES } from '../../../../types/api/errors'
import type { Redemption, RedemptionLookup, ShopItem, ShopItemInput } from '../../../../types/api/points'
import { chinaTime, DAY_MS, toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Db, Tx } from '../../db/client'
import { AppError } from '../../http/app-error'
import { recordAudit } from '../audit/audit.service'
import type { Principal } from '../../http/principal'
import { maskName, nameForOthers } from '../org/org.domain'
import { addressesOf, personRefs } from '../people/people.api'
import { eventKeys, pickupCode } from './points.domain'
import * as points from './points.repository'
import { loadSettings, requireHousehold, staffCommunity } from './points.api'
import * as repo from './shop.repository'
import { remindRedemptionReady } from '../reminders/reminders.service'
import { pictureOf, shopItemPicture } from '../uploads/pictures'
import { checkUploads } from '../uploads/uploads.service'

const currentMonth = (now: Date) => chinaTime(now).format('YYYY-MM')

type ItemView = Awaited<ReturnType<typeof repo.listItems>>[number]
function toShopItem({ item, stationName, photoKey, redeemedThisMonth }: ItemView): ShopItem {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    kind: item.kind,
    price: item.price,
    stock: item.stock,
    monthlyLimit: item.monthlyLimit,
    redeemedThisMonth,
    stationId: item.stationId,
    stationName,
    ...pictureOf(item.photoId, photoKey, shopItemPicture(item.kind)),
    active: item.active,
  }
}

/** `viewerPersonId`: who is looking; a child's name is 王* to everyone else (and staff see 张** in any case). */
async function redemptionViews(ctx: AppContext, where: Parameters<typeof repo.listRedemptionViews>[1], viewer: 'household' | 'staff', viewerPersonId: number | null): Promise<Redemption[]> {
  const rows = await repo.listRedemptionViews(ctx.db, where)
  const [people, addresses] = await Promise.all([personRefs(ctx.db, rows.map((r) => r.redemption.personId)), addressesOf(ctx.db, rows.map((r) => r.redemption.householdId))])
  const now = ctx.now()
  const redeemerName = (r: (typeof rows)[number]) => {
    const person = people.find((p) => p.id === r.redemption.personId)!
    return r.redemption.personId === viewerPersonId ? person.name : nameForOthers(person, now)
  }
  return rows.map((r) => ({
    id: r.redemption.id,
    itemId: r.redemption.itemId,
    itemName: r.itemName,
    points: r.redemption.points,
    status: r.redemption.status,
    pickupCode: r.redemption.pickupCode,
    stationName: r.stationName,
    stationAddress: r.stationAddress,
    redeemerName: viewer === 'staff' ? maskName(redeemerName(r)) : redeemerName(r),
    householdAddress: addresses.get(r.redemption.householdId)!.text,
    expiresAt: toApiInstant(r.redemption.expiresAt),
    createdAt: toApiInstant(r.redemption.createdAt),
    pickedUpAt: r.redemption.pickedUpAt ? toApiInstant(r.redemption.pickedUpAt) : null,
  }))
}

async function oneRedemption(ctx: AppContext, id: number, viewer: 'household' | 'staff', viewerPersonId: number | null) {
  return (await redemptionViews(ctx, { ids: [id] }, viewer, viewerPersonId))[0]!
}

/* ----------------------------------------------------------------- resident */

export async function listShopItems(ctx: AppContext, principal: Principal, communityId?: number): Promise<ShopItem[]> {
  const community = communityId ?? principal.communityId
  if (!community) throw new AppError('COMMUNITY_REQUIRED')
  const rows = await repo.listItems(ctx.db, community, { activeOnly: true, householdId: principal.householdId, month: currentMonth(ctx.now()) })
  return rows.map(toShopItem)
}

/**
 * 兑换: in one transaction, with the household's balance row locked, check the monthly limit, take one from
 * stock (atomically, never below zero), record the redemption with its pickup code and deduct the points.
 * Any refusal rolls all of it back.
 */
export async function redeem(ctx: AppContext, principal: Principal, itemId: number): Promise<Redemption> {
  const { householdId, communityId } = requireHousehold(principal)
  const now = ctx.now()
  // Most of a rush on a scarce item is answered "sold out": that answer is read without a transaction, so the
  // losers do not queue one by one behind the item's row lock. Stock is taken atomically in the transaction.
  if (itemOnSale(await repo.findItem(ctx.db, itemId), communityId).stock < 1) throw new AppError('OUT_OF_STOCK')
  const id = await ctx.db.transaction(async (tx) => {
    const item = itemOnSale(await repo.findItem(tx, itemId), communityId)
    const balance = await points.lockHouseholdBalance(tx, householdId, communityId)
    if (balance.balance < item.price) throw new AppError('POINTS_INSUFFICIENT')
    const month = currentMonth(now)
    if (item.monthlyLimit !== null && (await repo.countHeld(tx, householdId, item.id, month)) >= item.monthlyLimit) {
      throw new AppError('REDEEM_LIMIT_REACHED', { message: `这件商品每户每月限兑${item.monthlyLimit}次，本月已达上限` })
    }
    if (!(await repo.takeOneFromStock(tx, item.id))) throw new AppError('OUT_OF_STOCK')
    const { pickupDays } = await loadSettings(tx, communityId)
    const redemption = await repo.insertRedemption(tx, {
      communityId,
      itemId: item.id,
      householdId,
      personId: principal.personId!,
      points: item.price,
      month,
      expiresAt: new Date(now.getTime() + pickupDays * DAY_MS),
      createdAt: now,
    }, () => pickupCode(randomInt))
    await points.postLedgerEntry(tx, {
      communityId,
      householdId,
      personId: principal.personId,
      amount: -item.price,
      reason: 'redemption',
      source: { type: 'redemption', id: redemption.id },
      eventKey: eventKeys.redemption(redemption.id),
      title: `兑换：${item.name}`,
      actorUserId: principal.userId,
      now,
    })
    await remindRedemptionReady(tx, redemption.id, now)
    return redemption.id
  })
  return oneRedemption(ctx, id, 'household', principal.personId)
}

function itemOnSale(item: repo.ItemRow | null, communityId: number): repo.ItemRow {
  if (!item || item.communityId !== communityId) throw new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.shopItem })
  if (!item.active) throw new AppError('ITEM_UNAVAILABLE')
  return item
}

export async function listMyRedemptions(ctx: AppContext, principal: Principal): Promise<Redemption[]> {
  return redemptionViews(ctx, { householdId: requireHousehold(principal).householdId }, 'household', principal.personId)
}

/** Gives a reserved redemption back: the stock returns and the points are refunded, once. */
async function release(tx: Tx, redemptionId: number, status: 'cancelled' | 'expired', now: Date, actorUserId: number | null) {
  const current = await repo.findRedemption(tx, redemptionId)
  if (!current) return null
  // Lock order everywhere: household balance, then the rows of the redemption and the item.
  await points.lockHouseholdBalance(tx, current.householdId, current.communityId)
  const closed = await repo.closeReserved(tx, redemptionId, { status, closedAt: now })
  if (!closed) return null
  await repo.returnOneToStock(tx, closed.itemId)
  const item = await repo.findItem(tx, closed.itemId)
  await points.postLedgerEntry(tx, {
    communityId: closed.communityId,
    householdId: closed.householdId,
    personId: closed.personId,
    amount: closed.points,
    reason: 'redemption_refund',
    source: { type: 'redemption', id: closed.id },
    eventKey: eventKeys.refund(closed.id),
    title: `${status === 'cancelled' ? '取消兑换' : '兑换过期'}退回：${item!.name}`,
    actorUserId,
    now,
  })
  return closed
}

export async function cancelRedemption(ctx: AppContext, principal: Principal, redemptionId: number): Promise<Redemption> {
  const { householdId } = requireHousehold(principal)
  const existing = await repo.findRedemption(ctx.db, redemptionId)
  if (!existing || existing.householdId !== householdId) throw new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.redemption })
  const closed = await ctx.db.transaction((tx) => release(tx, redemptionId, 'cancelled', ctx.now(), principal.userId))
  if (!closed) throw new AppError('REDEMPTION_NOT_CANCELLABLE')
  return oneRedemption(ctx, redemptionId, 'household', principal.personId)
}

/**
 * Unpicked redemptions past their deadline expire and refund. Idempotent and safe on several instances: the
 * state change is conditional and the refund's event key pays once.
 */
export async function expireOverdueRedemptions(db: Db, now: Date, batch = 200): Promise<number> {
  let expired = 0
  for (const { id } of await repo.listOverdueReservations(db, now, batch)) {
    if (await db.transaction((tx) => release(tx, id, 'expired', now, null))) expired++
  }
  return expired
}

/* -------------------------------------------------------------------- staff */

/**
 * 核销: the code is handed over once, only by staff of the community whose station gives it out, and never by a
 * member of the redeeming household. To staff of another community a code answers exactly as one that does not
 * exist: a code is a bearer token, and whether it exists elsewhere is not theirs to learn.
 */
async function staffRedemptionByCode(ctx: AppContext, principal: Principal, code: string) {
  const found = await repo.findRedemptionByCode(ctx.db, code)
  if (!found || !principal.isStaffOf(found.communityId)) throw new AppError('CODE_NOT_FOUND')
  principal.assertNotSelfDealing({ personId: found.personId, householdId: found.householdId })
  return found
}

function refusal(status: string, expiresAt: Date, now: Date) {
  if (status === 'picked_up') return new AppError('CODE_ALREADY_USED')
  if (status === 'cancelled') return new AppError('REDEMPTION_CANCELLED')
  if (status === 'expired' || expiresAt < now) return new AppError('REDEMPTION_EXPIRED')
  return null
}

/**
 * Looks a code up before 核销, with the same reach as the write (staff of the community, never their own
 * household) so a lookup tells nobody more than a 核销 would: who collects what, and whether it can be handed over.
 */
export async function lookUpPickup(ctx: AppContext, principal: Principal, code: string): Promise<RedemptionLookup> {
  const found = await staffRedemptionByCode(ctx, principal, code)
  const view = await oneRedemption(ctx, found.id, 'staff', principal.personId)
  const now = ctx.now()
  // Past its deadline a reservation can no longer be handed over, whether or not the sweep has closed it yet.
  const overdue = view.status === 'reserved' && found.expiresAt < now
  return { ...view, status: overdue ? 'expired' : view.status, actions: refusal(found.status, found.expiresAt, now) ? [] : ['verify'] }
}

export async function verifyPickup(ctx: AppContext, principal: Principal, code: string): Promise<Redemption> {
  const found = await staffRedemptionByCode(ctx, principal, code)
  const now = ctx.now()
  const refuse = (status: string, expiresAt: Date) => refusal(status, expiresAt, now)
  const early = refuse(found.status, found.expiresAt)
  if (early) throw early
  const closed = await ctx.db.transaction(async (tx) => {
    const row = await repo.closeReserved(tx, found.id, { status: 'picked_up', pickedUpAt: now, closedAt: now, verifiedByUserId: principal.userId })
    if (row) {
      const item = await repo.findItem(tx, row.itemId)
      await recordAudit(tx, { actorUserId: principal.userId, action: 'redemption.hand_out', communityId: row.communityId, subjectType: 'redemption', subjectId: row.id, detail: { item: item?.name ?? null, points: row.points, householdId: row.householdId }, at: now })
    }
    return row
  })
  if (!closed) {
    // Someone else closed it between our read and our write (a second scan, a cancel): say what happened.
    const latest = (await repo.findRedemption(ctx.db, found.id))!
    throw refuse(latest.status, latest.expiresAt) ?? new AppError('CODE_ALREADY_USED')
  }
  return oneRedemption(ctx, found.id, 'staff', principal.personId)
}

export async function listStaffItems(ctx: AppContext, principal: Principal, communityId?: number): Promise<ShopItem[]> {
  const community = staffCommunity(principal, communityId)
  return (await repo.listItems(ctx.db, community, { activeOnly: false, householdId: null, month: currentMonth(ctx.now()) })).map(toShopItem)
}

async function stationOfCommunity(ctx: AppContext, principal: Principal, stationId: number) {
  const station = await repo.findStation(ctx.db, stationId)
  if (!station) throw new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.station })
  principal.assertStaffOf(station.communityId)
  return station
}

export async function createItem(ctx: AppContext, principal: Principal, input: ShopItemInput): Promise<ShopItem> {
  const station = await stationOfCommunity(ctx, principal, input.stationId)
  if (input.photoId !== null) await checkUploads(ctx.db, [input.photoId], 'shop_photo', principal.userId)
  const item = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertItem(tx, { ...input, communityId: station.communityId })
    await recordAudit(tx, { actorUserId: principal.userId, action: 'shop.item_create', communityId: station.communityId, subjectType: 'shop_item', subjectId: row.id, detail: { name: input.name, price: input.price, stock: input.stock }, at: ctx.now() })
    return row
  })
  return toShopItem((await repo.listItems(ctx.db, station.communityId, { activeOnly: false, householdId: null, month: currentMonth(ctx.now()) })).find((r) => r.item.id === item.id)!)
}

export async function updateItem(ctx: AppContext, principal: Principal, itemId: number, patch: Partial<ShopItemInput>): Promise<ShopItem> {
  const item = await repo.findItem(ctx.db, itemId)
  if (!item) throw new AppError('NOT_FOUND', { message: NOT_FOUND_MESSAGES.shopItem })
  principal.assertStaffOf(item.communityId)
  if (patch.stationId !== undefined) {
    const station = await stationOfCommunity(ctx, principal, patch.stationId)
    if (station.communityId !== item.communityId) throw new AppError('OUT_OF_COMMUNITY')
  }
  // A new photo must be the caller's own upload (an id guessed from elsewhere attaches nothing); the one the
  // item has may stay whoever put it up.
  if (patch.photoId && patch.photoId !== item.photoId) await checkUploads(ctx.db, [patch.photoId], 'shop_photo', principal.userId)
  // Only the fields sent change; a PATCH that sends none changes nothing.
  const fields = Object.keys(patch)
  if (fields.length > 0) {
    await ctx.db.transaction(async (tx) => {
      await repo.updateItem(tx, itemId, patch)
      const stock = patch.stock !== undefined && patch.stock !== item.stock ? { stockFrom: item.stock, stockTo: patch.stock } : {}
      const action = fields.length === 1 && fields[0] === 'stock' ? 'shop.stock_change' : 'shop.item_update'
      await recordAudit(tx, { actorUserId: principal.userId, action, communityId: item.communityId, subjectType: 'shop_item', subjectId: itemId, detail: { name: patch.name ?? item.name, fields, ...stock }, at: ctx.now() })
    })
  }
  return toShopItem((await repo.listItems(ctx.db, item.communityId, { activeOnly: false, householdId: null, month: currentMonth(ctx.now()) })).find((r) => r.item.id === itemId)!)
}
