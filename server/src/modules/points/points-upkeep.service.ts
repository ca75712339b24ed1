import { chinaDayStart, chinaTime } from '../../../../types/time'
import type { Db, Queryable } from '../../db/client'
import { eventKeys, expiringAmount } from './points.domain'
import * as repo from './points.repository'

/*
 * Keeping the ledger: the yearly expiry sweep and the reconciliation check (npm run points:check).
 */

/**
 * Yearly expiry, for communities that turned it on: in the new year, what is left of last year's points lapses,
 * one household-level row per household and year. Idempotent and safe on several instances (the event key
 * pays once, the balance row lock serialises).
 */
export async function expireYearlyPoints(db: Db, now: Date): Promise<number> {
  const year = Number(chinaTime(now).format('YYYY')) - 1
  const yearEnd = chinaDayStart(`${year + 1}-01`).toDate()
  let expired = 0
  for (const h of await repo.householdsForExpiry(db, yearEnd)) {
    const amount = expiringAmount(h.balanceAtYearEnd, h.spentSince, h.balance)
    if (amount <= 0) continue
    await db.transaction(async (tx) => {
      // The balance may have moved since it was read: lapse no more than is there now.
      const locked = await repo.lockHouseholdBalance(tx, h.householdId, h.communityId)
      const lapsing = Math.min(amount, locked.balance)
      if (lapsing <= 0) return
      const result = await repo.postLedgerEntry(tx, {
        communityId: h.communityId,
        householdId: h.householdId,
        personId: null,
        amount: -lapsing,
        reason: 'expiry',
        source: { type: 'yearly-expiry', id: year },
        eventKey: eventKeys.expiry(year, h.householdId),
        title: `${year}年积分到期`,
        now,
      })
      if (!result.duplicate) expired++
    })
  }
  return expired
}

/** The reconciliation check: every household balance equals the sum of its ledger rows. */
export async function checkBalances(db: Queryable) {
  const mismatches = await repo.findBalanceMismatches(db)
  const orphanLedgers = await repo.countLedgerHouseholdsWithoutBalance(db)
  return { ok: mismatches.length === 0 && orphanLedgers === 0, mismatches, orphanLedgers }
}
