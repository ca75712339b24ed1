import type { Db, Tx } from './client'

/**
 * The loop every batch sweep runs: one transaction per batch, until a batch comes back short. `batch` takes at
 * most `size` rows (locked FOR UPDATE SKIP LOCKED by the repository, so instances sweeping at once share the
 * work), handles them and returns how many it took; the sweep answers the total.
 */
export async function sweepInBatches(db: Db, size: number, batch: (tx: Tx, size: number) => Promise<number>): Promise<number> {
  let total = 0
  for (;;) {
    const taken = await db.transaction((tx) => batch(tx, size))
    total += taken
    if (taken < size) return total
  }
}
