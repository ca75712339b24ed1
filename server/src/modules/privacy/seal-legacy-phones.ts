import { asc, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { phonesToSeal } from '../../db/schema'
import { sweepInBatches } from '../../db/sweep-in-batches'
import { normalisePhone, type PersonalDataCipher } from './personal-data-cipher'

const BATCH = 500

/**
 * Seals the phone numbers migration 0006 moved out of `persons.phone` and `volunteer_profiles.phone` into
 * `phones_to_seal` (SQL cannot seal them: DATA_KEY is not in the database). Each batch, in one transaction, writes
 * the sealed numbers into their rows and deletes them from `phones_to_seal`; a row that meanwhile got a number of
 * its own keeps it. Idempotent and safe on several instances at once (rows are claimed `SKIP LOCKED`); on a
 * database created after 0006 the table is empty and this is one cheap query. Returns how many were sealed.
 */
export async function sealLegacyPhones(db: Db, cipher: PersonalDataCipher): Promise<number> {
  return sweepInBatches(db, BATCH, async (tx, size) => {
    const rows = await tx.select().from(phonesToSeal).orderBy(asc(phonesToSeal.source), asc(phonesToSeal.rowId)).limit(size).for('update', { skipLocked: true })
    if (!rows.length) return 0
    const persons = rows.filter((r) => r.source === 'persons').map((r) => ({ id: r.rowId, phone: normalisePhone(r.phone) })).filter((r) => r.phone)
    const volunteers = rows.filter((r) => r.source === 'volunteer_profiles').map((r) => ({ id: r.rowId, phone: normalisePhone(r.phone) })).filter((r) => r.phone)
    // Each batch travels as one JSON parameter (a VALUES list of thousands of parameters is too much for PGlite).
    if (persons.length) {
      const sealedRows = persons.map((p) => ({ id: p.id, ...cipher.sealPhone(p.phone) }))
      await tx.execute(sql`
        update persons set phone_cipher = v."phoneCipher", phone_hash = v."phoneHash", phone_tail = v."phoneTail"
        from jsonb_to_recordset(${JSON.stringify(sealedRows)}::jsonb) as v(id int, "phoneCipher" text, "phoneHash" text, "phoneTail" text)
        where persons.id = v.id and persons.phone_cipher is null`)
    }
    if (volunteers.length) {
      const sealedRows = volunteers.map((p) => ({ id: p.id, ...cipher.sealPhone(p.phone) }))
      await tx.execute(sql`
        update volunteer_profiles set phone_cipher = v."phoneCipher", phone_hash = v."phoneHash"
        from jsonb_to_recordset(${JSON.stringify(sealedRows)}::jsonb) as v(id int, "phoneCipher" text, "phoneHash" text)
        where volunteer_profiles.user_id = v.id and volunteer_profiles.phone_cipher is null`)
    }
    // Rows of an unknown source or without digits are dropped too: there is nothing to seal, and the clear
    // number must not stay behind.
    const claimed = rows.map((r) => ({ source: r.source, rowId: r.rowId }))
    await tx.execute(sql`
      delete from phones_to_seal using jsonb_to_recordset(${JSON.stringify(claimed)}::jsonb) as v(source text, "rowId" int)
      where phones_to_seal.source = v.source and phones_to_seal.row_id = v."rowId"`)
    return rows.length
  })
}
