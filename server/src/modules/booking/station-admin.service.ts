import type { z } from 'zod'
import type { ZCreateClosureRequest, ZCreateRoomRequest, ZCreateStationRequest, ZRoomFields, ZRoomPatch, ZStationPatch } from '../../../../types/api/booking'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import { recordAudit } from '../audit/audit.service'
import type { Principal } from '../../http/principal'
import { communityExists } from '../people/people.api'
import { staffCommunity } from '../points/points.api'
import { remindBookingOutcome } from '../reminders/reminders.service'
import { checkUploads } from '../uploads/uploads.service'
import { checkInPayload } from './booking.domain'
import { toClosure } from './booking.mapper'
import * as repo from './booking.repository'
import { roomWithPhotos, stationDetail } from './stations.service'

/*
 * Staff keep their community's stations: stations, rooms and tools with their rules, the door's check-in code, closures.
 * Their pictures are any staff member's station_photo uploads (colleagues share them).
 */

export async function listStaffStations(ctx: AppContext, principal: Principal, communityId?: number) {
  const id = staffCommunity(principal, communityId)
  const now = ctx.now().getTime()
  const rows = await repo.listStations(ctx.db, id)
  return { items: await Promise.all(rows.map((r) => stationDetail(ctx.db, { station: r.station, communityName: r.communityName, photoKey: r.photoKey }, now, true))) }
}

async function staffStation(ctx: AppContext, principal: Principal, id: number) {
  const row = await repo.findStation(ctx.db, id)
  if (!row) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(row.station.communityId)
  return row
}

export async function createStation(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateStationRequest>) {
  principal.assertStaffOf(input.communityId)
  // Only an admin gets here for a community that does not exist (staff hold grants of real ones).
  if (!(await communityExists(ctx.db, input.communityId))) throw new AppError('COMMUNITY_NOT_FOUND')
  const photoIds = await checkUploads(ctx.db, input.photoIds, 'station_photo')
  const now = ctx.now()
  const station = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertStation(tx, { ...input, photoIds, createdAt: now })
    await recordAudit(tx, { actorUserId: principal.userId, action: 'station.create', communityId: input.communityId, subjectType: 'station', subjectId: row.id, detail: { name: input.name }, at: now })
    return row
  })
  return stationDetail(ctx.db, (await repo.findStation(ctx.db, station.id))!, ctx.now().getTime(), true)
}

/** Changes the fields sent (a PATCH); the others keep their value. */
export async function updateStation(ctx: AppContext, principal: Principal, id: number, patch: z.output<typeof ZStationPatch>) {
  const { station } = await staffStation(ctx, principal, id)
  const values = patch.photoIds === undefined ? patch : { ...patch, photoIds: await checkUploads(ctx.db, patch.photoIds, 'station_photo') }
  const fields = Object.keys(values)
  if (fields.length > 0) {
    await ctx.db.transaction(async (tx) => {
      await repo.updateStation(tx, id, values)
      // Which fields changed (opening hours among them), not their values: the station's own page shows those.
      await recordAudit(tx, { actorUserId: principal.userId, action: 'station.update', communityId: station.communityId, subjectType: 'station', subjectId: id, detail: { name: values.name ?? station.name, fields }, at: ctx.now() })
    })
  }
  return stationDetail(ctx.db, (await repo.findStation(ctx.db, id))!, ctx.now().getTime(), true)
}

function roomValues(input: z.output<typeof ZRoomFields>) {
  const { rules, ...fields } = input
  if (rules.minDurationMinutes > rules.maxDurationMinutes) throw AppError.field('body.rules.maxDurationMinutes', '最长时长不能短于最短时长')
  if (rules.minDurationMinutes % rules.slotMinutes || rules.maxDurationMinutes % rules.slotMinutes) throw AppError.field('body.rules.minDurationMinutes', '时长应为时段长度的整数倍')
  if ((input.kind === 'tool') !== (rules.slotMinutes === 1440)) throw AppError.field('body.rules.slotMinutes', '共享工具按天预约，场地按30或60分钟的时段预约')
  return { ...fields, ...rules }
}

export async function createRoom(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateRoomRequest>) {
  const { station } = await staffStation(ctx, principal, input.stationId)
  const { stationId, ...fields } = input
  const values = roomValues(fields)
  const photoIds = await checkUploads(ctx.db, values.photoIds, 'station_photo')
  const now = ctx.now()
  const room = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertRoom(tx, { ...values, photoIds, stationId, communityId: station.communityId, createdAt: now })
    await recordAudit(tx, { actorUserId: principal.userId, action: 'station.room_create', communityId: station.communityId, subjectType: 'room', subjectId: row.id, detail: { name: row.name, kind: row.kind, station: station.name }, at: now })
    return row
  })
  return roomWithPhotos(ctx.db, room)
}

/**
 * Changes the fields of a room sent (a PATCH; of its rules too, only those sent), checked together with the ones
 * kept. Rules apply to new bookings; existing ones keep the time they hold.
 */
export async function updateRoom(ctx: AppContext, principal: Principal, id: number, patch: z.output<typeof ZRoomPatch>) {
  const found = await repo.findRoomWithStation(ctx.db, id)
  if (!found) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(found.room.communityId)
  const r = found.room
  const { rules: rulesPatch, ...fieldsPatch } = patch
  const current: z.output<typeof ZRoomFields> = {
    kind: r.kind, name: r.name, category: r.category, capacity: r.capacity, facilities: r.facilities, description: r.description, photoIds: r.photoIds, active: r.active,
    rules: {
      slotMinutes: r.slotMinutes as 30 | 60 | 1440, minDurationMinutes: r.minDurationMinutes, maxDurationMinutes: r.maxDurationMinutes, advanceDays: r.advanceDays,
      minNoticeMinutes: r.minNoticeMinutes, requiresApproval: r.requiresApproval, bufferMinutes: r.bufferMinutes, maxActivePerPerson: r.maxActivePerPerson,
      cancelDeadlineMinutes: r.cancelDeadlineMinutes, noShowAfterMinutes: r.noShowAfterMinutes,
    },
  }
  const values = roomValues({ ...current, ...fieldsPatch, rules: { ...current.rules, ...rulesPatch } })
  const photoIds = patch.photoIds === undefined ? values.photoIds : await checkUploads(ctx.db, values.photoIds, 'station_photo')
  const room = await ctx.db.transaction(async (tx) => {
    await repo.lockRoom(tx, id)
    const updated = await repo.updateRoom(tx, id, { ...values, photoIds })
    const fields = [...Object.keys(fieldsPatch), ...Object.keys(rulesPatch ?? {}).map((rule) => `rules.${rule}`)]
    await recordAudit(tx, { actorUserId: principal.userId, action: 'station.room_update', communityId: r.communityId, subjectType: 'room', subjectId: id, detail: { name: values.name, kind: values.kind, fields }, at: ctx.now() })
    return updated
  })
  return roomWithPhotos(ctx.db, room!)
}

async function staffRoom(ctx: AppContext, principal: Principal, id: number) {
  const found = await repo.findRoomWithStation(ctx.db, id)
  if (!found) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(found.room.communityId)
  return found.room
}

export async function getCheckInCode(ctx: AppContext, principal: Principal, roomId: number) {
  const room = await staffRoom(ctx, principal, roomId)
  return { roomId: room.id, code: checkInPayload(room.id, room.checkInCode) }
}

export async function listClosures(ctx: AppContext, principal: Principal, roomId: number) {
  await staffRoom(ctx, principal, roomId)
  return { items: (await repo.listUpcomingClosures(ctx.db, roomId, ctx.now())).map(toClosure) }
}

/**
 * Closes a room for a while. Bookings inside the closure are cancelled in the same transaction (under the room
 * lock, so none can slip in between), with the closure's reason; the answer says how many.
 */
export async function createClosure(ctx: AppContext, principal: Principal, roomId: number, input: z.output<typeof ZCreateClosureRequest>) {
  const room = await staffRoom(ctx, principal, roomId)
  const from = new Date(input.startsAt)
  const to = new Date(input.endsAt)
  if (to <= from) throw AppError.field('endsAt', '结束时间应晚于开始时间')
  const now = ctx.now()
  return ctx.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId)
    const closure = await repo.insertClosure(tx, { communityId: room.communityId, roomId, startsAt: from, endsAt: to, reason: input.reason, createdByUserId: principal.userId, createdAt: now })
    const cancelled = await repo.cancelBookingsOverlapping(tx, roomId, from, to, `场地临时关闭：${input.reason}`, now)
    await remindBookingOutcome(tx, cancelled, 'cancelled', now)
    await recordAudit(tx, {
      actorUserId: principal.userId, action: 'station.closure_add', communityId: room.communityId, subjectType: 'room', subjectId: roomId,
      detail: { name: room.name, closureId: closure.id, startsAt: from.toISOString(), endsAt: to.toISOString(), reason: input.reason, cancelledBookings: cancelled.length }, at: now,
    })
    return { ...toClosure(closure), cancelledBookings: cancelled.length }
  })
}

export async function deleteClosure(ctx: AppContext, principal: Principal, id: number) {
  const closure = await repo.findClosure(ctx.db, id)
  if (!closure) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(closure.communityId)
  await ctx.db.transaction(async (tx) => {
    await repo.deleteClosure(tx, id)
    await recordAudit(tx, {
      actorUserId: principal.userId, action: 'station.closure_remove', communityId: closure.communityId, subjectType: 'room', subjectId: closure.roomId,
      detail: { closureId: id, startsAt: closure.startsAt.toISOString(), endsAt: closure.endsAt.toISOString(), reason: closure.reason }, at: ctx.now(),
    })
  })
}
