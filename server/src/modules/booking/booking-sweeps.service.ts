import { DAY_MS } from '../../../../types/time'
import type { Db } from '../../db/client'
import { sweepInBatches } from '../../db/sweep-in-batches'
import { lockAccounts } from '../people/people.api'
import { remindBookingOutcome } from '../reminders/reminders.service'
import { NO_SHOW_WINDOW_DAYS, suspensionFor } from './booking.domain'
import * as repo from './booking.repository'

/* The booking module's sweeps (server/src/sweeps.ts runs them): no-shows and their suspensions, undecided bookings. */

/**
 * Records 爽约 for confirmed bookings whose check-in window has closed and, when a person reaches the limit
 * within the window, suspends their booking rights. Safe on any number of instances: rows are claimed with
 * SKIP LOCKED, the bookers' rows are locked (in id order) while their no-shows are counted, the status move is
 * conditional, and a suspension is keyed to the booking that triggered it.
 */
export async function markNoShows(db: Db, now: Date): Promise<number> {
  return sweepInBatches(db, 50, async (tx, size) => {
    const rows = await repo.lockMissedCheckIns(tx, now, size)
    await lockAccounts(tx, [...new Set(rows.map((r) => r.bookerUserId))])
    for (const r of rows) {
      const moved = await repo.moveBooking(tx, r.id, ['confirmed'], { status: 'no_show', noShowAt: now })
      if (!moved) continue
      if (await repo.activeSuspension(tx, r.bookerUserId, now)) continue
      const windowStart = new Date(now.getTime() - NO_SHOW_WINDOW_DAYS * DAY_MS)
      const lastSuspension = await repo.latestSuspensionStart(tx, r.bookerUserId)
      const since = lastSuspension && lastSuspension > windowStart ? lastSuspension : new Date(windowStart.getTime() - 1)
      const suspension = suspensionFor(await repo.countNoShowsSince(tx, r.bookerUserId, since), now.getTime())
      if (suspension) {
        await repo.insertSuspension(tx, { communityId: r.communityId, userId: r.bookerUserId, startsAt: new Date(suspension.start), endsAt: new Date(suspension.end), triggerBookingId: r.id, createdAt: now })
      }
    }
    return rows.length
  })
}

/** Pending bookings still undecided when they begin are cancelled: the time is not kept for nobody. */
export async function cancelUndecidedBookings(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await repo.lockUndecidedBookings(tx, now, 500)
    for (const r of rows) await repo.moveBooking(tx, r.id, ['pending'], { status: 'cancelled', cancelReason: '开始前未获审核，已自动取消', cancelledAt: now })
    await remindBookingOutcome(tx, rows.map((r) => r.id), 'cancelled', now)
    return rows.length
  })
}
