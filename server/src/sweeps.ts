import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config'
import type { Db } from './db/client'
import { purgeIdempotencyKeys } from './http/idempotency'
import { cancelUndecidedBookings, markNoShows } from './modules/booking/booking-sweeps.service'
import { expireYearlyPoints } from './modules/points/points-upkeep.service'
import { expireOverdueRedemptions } from './modules/points/shop.service'
import { deliverReminders, enqueueDueReminders } from './modules/reminders/reminders.service'
import { closeForgottenCheckOuts } from './modules/volunteer/attendance.service'
import { sweepOrphanUploads } from './modules/uploads/uploads.service'
import { lapseOverdueClaims } from './modules/wishes/wish-lifecycle.service'
import { LocalDiskStorage, type FileStorage } from './storage/file-storage'
import { WechatClient } from './modules/wechat/wechat.client'

/** What a sweep may use: the database, WeChat (the reminder sender), the stored files and the configuration. */
export type SweepDeps = { db: Db; wechat: WechatClient; storage: FileStorage; config: Config }

/**
 * Background work as idempotent sweeps: each may run on any number of instances at once and as often as
 * wanted — every change it makes is conditional on the state it changes (or keyed to pay once).
 */
export const SWEEPS: { name: string; everyMs: number; run: (deps: SweepDeps, now: Date) => Promise<number> }[] = [
  // Every minute: a claim past its deadline is refused at once and offers nothing; the wish opens again here.
  { name: 'lapse overdue wish claims', everyMs: 60_000, run: ({ db }, now) => lapseOverdueClaims(db, now) },
  { name: 'close forgotten volunteer check-outs', everyMs: 5 * 60_000, run: ({ db }, now) => closeForgottenCheckOuts(db, now) },
  { name: 'record booking no-shows', everyMs: 60_000, run: ({ db }, now) => markNoShows(db, now) },
  { name: 'cancel undecided bookings', everyMs: 5 * 60_000, run: ({ db }, now) => cancelUndecidedBookings(db, now) },
  { name: 'expire overdue redemptions', everyMs: 5 * 60_000, run: ({ db }, now) => expireOverdueRedemptions(db, now) },
  { name: 'yearly points expiry', everyMs: 6 * 3600_000, run: ({ db }, now) => expireYearlyPoints(db, now) },
  { name: 'purge idempotency keys', everyMs: 3600_000, run: ({ db }, now) => purgeIdempotencyKeys(db, now) },
  { name: 'enqueue reminders due tomorrow', everyMs: 5 * 60_000, run: ({ db }, now) => enqueueDueReminders(db, now) },
  { name: 'send reminders', everyMs: 15_000, run: (deps, now) => deliverReminders(deps, now) },
  // Pictures uploaded for a form never sent: a day later, nothing will use them.
  { name: 'delete orphan uploads', everyMs: 3600_000, run: (deps, now) => sweepOrphanUploads(deps, now) },
]

/** The dependencies of the sweeps from the configuration (a WeChat client of their own: stable_token shares the token). */
export function sweepDeps(db: Db, config: Config): SweepDeps {
  return { db, config, storage: new LocalDiskStorage(config.uploadDir), wechat: new WechatClient({ appId: config.wechat.appId, secret: config.wechat.secret, apiBase: config.wechat.apiBase }) }
}

/** Runs every sweep once now and then on its interval; returns a function that stops them. */
export function scheduleSweeps(deps: SweepDeps, log: FastifyBaseLogger): () => void {
  const timers = SWEEPS.map((sweep) => {
    const tick = () =>
      sweep
        .run(deps, new Date())
        .then((n) => n && log.info(`${sweep.name}: ${n}`))
        .catch((err) => log.warn({ err }, `${sweep.name} failed`))
    void tick()
    const timer = setInterval(tick, sweep.everyMs)
    timer.unref()
    return timer
  })
  return () => timers.forEach(clearInterval)
}
