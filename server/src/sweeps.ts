import type { FastifyBaseLogger } from 'fastify'
import type { Db } from './db/client'
import { purgeIdempotencyKeys } from './http/idempotency'
import { cancelUndecidedBookings, markNoShows } from './modules/booking/booking.service'
import { expireYearlyPoints } from './modules/points/points.service'
import { expireOverdueRedemptions } from './modules/points/shop.service'
import { closeForgottenCheckOuts } from './modules/volunteer/volunteer.service'
import { lapseOverdueClaims } from './modules/wishes/wishes.service'

/**
 * Background work as idempotent sweeps: each may run on any number of instances at once and as often as
 * wanted — every change it makes is conditional on the state it changes (or keyed to pay once).
 */
export const SWEEPS: { name: string; everyMs: number; run: (db: Db, now: Date) => Promise<number> }[] = [
  { name: 'lapse overdue wish claims', everyMs: 5 * 60_000, run: lapseOverdueClaims },
  { name: 'close forgotten volunteer check-outs', everyMs: 5 * 60_000, run: closeForgottenCheckOuts },
  { name: 'record booking no-shows', everyMs: 60_000, run: markNoShows },
  { name: 'cancel undecided bookings', everyMs: 5 * 60_000, run: cancelUndecidedBookings },
  { name: 'expire overdue redemptions', everyMs: 5 * 60_000, run: (db, now) => expireOverdueRedemptions(db, now) },
  { name: 'yearly points expiry', everyMs: 6 * 3600_000, run: expireYearlyPoints },
  { name: 'purge idempotency keys', everyMs: 3600_000, run: purgeIdempotencyKeys },
]

/** Runs every sweep once now and then on its interval; returns a function that stops them. */
export function scheduleSweeps(db: Db, log: FastifyBaseLogger): () => void {
  const timers = SWEEPS.map((sweep) => {
    const tick = () =>
      sweep
        .run(db, new Date())
        .then((n) => n && log.info(`${sweep.name}: ${n}`))
        .catch((err) => log.warn({ err }, `${sweep.name} failed`))
    void tick()
    const timer = setInterval(tick, sweep.everyMs)
    timer.unref()
    return timer
  })
  return () => timers.forEach(clearInterval)
}
