import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../server/src/db/client'
import { preparedFor } from '../../server/src/db/prepared'
import { shopItems } from '../../server/src/db/schema'
import { onPostgres, openTestDatabase } from '../support/test-database'

/*
 * A prepared statement is built once per database and, inside a transaction, runs on the transaction's connection
 * (server/src/db/prepared.ts). Run on the wrong connection, a statement would miss the transaction's own writes
 * (and on PostgreSQL read outside its locks); built again per transaction, it would cost what preparing saves.
 */
describe('prepared statements in transactions', () => {
  let handle: DatabaseHandle
  let builds = 0
  const stockOf = preparedFor((db) => {
    builds++
    return db.select({ stock: shopItems.stock }).from(shopItems).where(eq(shopItems.id, sql.placeholder('id'))).prepare('test_stock_of_item')
  })
  const stock = async (db: Parameters<typeof stockOf>[0], id: number) => (await stockOf(db).execute({ id }))[0]!.stock
  let itemId: number
  let original: number

  beforeAll(async () => {
    handle = await openTestDatabase({ template: 'demo' })
    const [item] = await handle.db.select({ id: shopItems.id, stock: shopItems.stock }).from(shopItems).limit(1)
    itemId = item!.id
    original = item!.stock
  })
  afterAll(() => handle?.close())

  it("sees the transaction's own writes, which roll back with it", async () => {
    const rolledBack = new Error('roll back')
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.update(shopItems).set({ stock: original + 1000 }).where(eq(shopItems.id, itemId))
        expect(await stock(tx, itemId)).toBe(original + 1000)
        throw rolledBack
      }),
    ).rejects.toBe(rolledBack)
    expect(await stock(handle.db, itemId)).toBe(original)
  })

  it.runIf(onPostgres)('runs on the transaction’s connection while the pool’s see what is committed', async () => {
    await handle.db.transaction(async (tx) => {
      await tx.update(shopItems).set({ stock: original + 7 }).where(eq(shopItems.id, itemId))
      const [inside, outside] = await Promise.all([stock(tx, itemId), stock(handle.db, itemId)])
      expect({ inside, outside }).toEqual({ inside: original + 7, outside: original })
    })
    expect(await stock(handle.db, itemId)).toBe(original + 7)
  })

  it('is built once for the database and all its transactions', async () => {
    await stock(handle.db, itemId)
    for (let i = 0; i < 3; i++) await handle.db.transaction((tx) => stock(tx, itemId))
    expect(builds).toBe(1)
  })
})
