import { rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { MIGRATIONS_FOLDER } from '../../server/src/db/client'
import { PersonalDataCipher } from '../../server/src/modules/privacy/personal-data-cipher'
import { sealLegacyPhones } from '../../server/src/modules/privacy/seal-legacy-phones'
import { createTestApp, type TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'
import { blankDatabase, migrationsUpTo, type BlankDatabase } from '../support/older-database'

/*
 * Phone numbers at rest (PIPL): after the demo seed and a volunteer registration no column of persons or
 * volunteer_profiles holds a number in clear; and a database written before migration 0006 has its clear numbers
 * sealed by sealLegacyPhones after migrating, each opening back to the number it was.
 */

const ELEVEN_DIGITS = /\d{11}/

/** The rows of a raw query (PGlite and node-postgres both answer with `rows`). */
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows

describe('phone numbers in the database', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t?.close())

  it('are sealed everywhere after the demo seed and a registration: no 11-digit number in any column', async () => {
    const look = demoLookup(t.handle.db, t.personalData)
    const me = (await look.peopleWithoutAccount(await look.communityId('联通社区')))[0]!
    const account = await t.actAsPerson(me.id)
    const typed = '13987654321'
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/volunteer/profile',
      headers: account,
      payload: { realName: me.name, phone: typed, skills: ['general'], availability: ['weekend'], consent: true },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().phone).toBe(typed)

    const opened = new Set<string>()
    let rows = 0
    for (const table of ['persons', 'volunteer_profiles'] as const) {
      const result = await t.handle.db.execute(sql.raw(`select to_jsonb(t) as row from ${table} t`))
      for (const { row } of rowsOf<{ row: Record<string, unknown> }>(result)) {
        rows++
        for (const [column, value] of Object.entries(row)) {
          if (value === null) continue
          const text = typeof value === 'string' ? value : JSON.stringify(value)
          if (column === 'phone_cipher') {
            // The sealed form, which opens to a mobile number (and does not contain it).
            expect(text.startsWith('v1.'), `${table}.${column}`).toBe(true)
            const phone = t.personalData.openPhone(text)
            expect(phone).toMatch(/^1\d{10}$/)
            expect(text).not.toContain(phone)
            opened.add(phone)
          } else if (column === 'phone_hash') {
            expect(text, `${table}.${column}`).toMatch(/^[A-Za-z0-9_-]{43}$/)
          } else {
            expect(text, `${table}.${column} = ${text}`).not.toMatch(ELEVEN_DIGITS)
          }
        }
      }
    }
    expect(rows).toBeGreaterThan(500)
    // Every number the app knows is in there, sealed: the personas', the typed one, the seed's random ones.
    for (const known of ['13845675678', '13904561234', '13604567788', typed]) expect(opened.has(known)).toBe(true)
    expect(opened.size).toBeGreaterThan(300)
    // Nor does any hash or cipher spell out one of them.
    const raw = JSON.stringify(rowsOf(await t.handle.db.execute(sql`select phone_cipher, phone_hash from persons union all select phone_cipher, phone_hash from volunteer_profiles`)))
    for (const phone of opened) expect(raw).not.toContain(phone)
    expect(rowsOf(await t.handle.db.execute(sql`select count(*)::int as n from phones_to_seal`))).toEqual([{ n: 0 }])
  })

  it('keeps the volunteer’s registered number and the person’s on file apart, both sealed', async () => {
    const look = demoLookup(t.handle.db, t.personalData)
    const li = await look.person('李建国')
    expect(li.phone).toBe('13604567788')
    const profile = await t.app.inject({ method: 'GET', url: '/api/volunteer/profile', headers: await t.headersAs('volunteer') })
    expect(profile.json().phone).toBe('13604567788')
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: await t.headersAs('resident') })).json().phoneMasked).toBe('138****5678')
  })
})

/* ----------------------------------------------------------------- numbers written before 0006 */

describe('sealLegacyPhones after migration 0006', () => {
  const cipher = new PersonalDataCipher(randomBytes(32))
  let blank: BlankDatabase
  let oldMigrations: string
  beforeAll(async () => {
    blank = await blankDatabase()
    oldMigrations = migrationsUpTo(5)
  })
  afterAll(async () => {
    await blank?.close()
    rmSync(oldMigrations, { recursive: true, force: true })
  })

  it('seals the numbers written in clear before 0006 into their rows, in batches, and forgets the clear copies', async () => {
    await blank.migrate(oldMigrations)
    // The schema as 0005 left it: persons.phone and volunteer_profiles.phone in clear.
    await blank.exec(`
      insert into subdistricts (id, district, name) values (1, '爱辉区', '花园街道');
      insert into communities (id, subdistrict_id, name, address) values (1, 1, '联通社区', '联通街18号');
      insert into persons (id, community_id, name, phone, birth_year) values
        (1, 1, '张秀兰', '13845675678', 1951),
        (2, 1, '李建国', '136-0456-7788', 1978),
        (3, 1, '王小明', null, 2016);
      -- More than one batch of 500, so the loop is exercised.
      insert into persons (id, community_id, name, phone) select 100 + g, 1, '居民' || g, '1390000' || lpad(g::text, 4, '0') from generate_series(1, 1100) g;
      insert into users (id, person_id, display_name) values (1, 2, '李建国');
      insert into volunteer_profiles (user_id, person_id, community_id, real_name, phone, consent_version, consented_at)
        values (1, 2, 1, '李建国', '+86 136 0456 9999', '2025-01', now());
    `)

    await blank.migrate(MIGRATIONS_FOLDER)
    // 0006 moved the clear numbers aside and dropped the columns.
    expect(await blank.query(`select count(*)::int as n from phones_to_seal`)).toEqual([{ n: 1103 }])
    expect(await blank.query(`select count(*)::int as n from information_schema.columns where table_name in ('persons', 'volunteer_profiles') and column_name = 'phone'`)).toEqual([{ n: 0 }])

    expect(await sealLegacyPhones(blank.db, cipher)).toBe(1103)

    const people = (await blank.query(`select id, phone_cipher, phone_hash, phone_tail from persons order by id`)) as { id: number; phone_cipher: string | null; phone_hash: string | null; phone_tail: string | null }[]
    const byId = new Map(people.map((p) => [p.id, p]))
    expect(cipher.openPhone(byId.get(1)!.phone_cipher)).toBe('13845675678')
    expect(byId.get(1)).toMatchObject({ phone_hash: cipher.phoneHash('13845675678'), phone_tail: '5678' })
    expect(cipher.openPhone(byId.get(2)!.phone_cipher)).toBe('13604567788')
    expect(byId.get(3)).toMatchObject({ phone_cipher: null, phone_hash: null, phone_tail: null })
    for (let g = 1; g <= 1100; g++) expect(cipher.openPhone(byId.get(100 + g)!.phone_cipher)).toBe(`1390000${String(g).padStart(4, '0')}`)
    const [profile] = (await blank.query(`select phone_cipher, phone_hash from volunteer_profiles where user_id = 1`)) as { phone_cipher: string; phone_hash: string }[]
    expect(cipher.openPhone(profile!.phone_cipher)).toBe('13604569999')
    expect(profile!.phone_hash).toBe(cipher.phoneHash('13604569999'))
    expect(await blank.query(`select count(*)::int as n from phones_to_seal`)).toEqual([{ n: 0 }])

    // Idempotent: nothing left, nothing done, nothing changed.
    expect(await sealLegacyPhones(blank.db, cipher)).toBe(0)
    expect(await blank.query(`select phone_cipher from persons where id = 1`)).toEqual([{ phone_cipher: byId.get(1)!.phone_cipher }])
  })

  it('seals each number once when several instances start at once (rows claimed SKIP LOCKED)', async () => {
    await blank.exec(`
      update persons set phone_cipher = null, phone_hash = null, phone_tail = null where id > 100;
      insert into phones_to_seal (source, row_id, phone) select 'persons', 100 + g, '1370000' || lpad(g::text, 4, '0') from generate_series(1, 1100) g;
    `)
    const counts = await Promise.all([sealLegacyPhones(blank.db, cipher), sealLegacyPhones(blank.db, cipher), sealLegacyPhones(blank.db, cipher)])
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1100)
    const people = (await blank.query(`select id, phone_cipher from persons where id > 100 order by id`)) as { id: number; phone_cipher: string }[]
    expect(people.map((p) => cipher.openPhone(p.phone_cipher))).toEqual(Array.from({ length: 1100 }, (_, i) => `1370000${String(i + 1).padStart(4, '0')}`))
    expect(await blank.query(`select count(*)::int as n from phones_to_seal`)).toEqual([{ n: 0 }])
  })

  it('leaves a number written since (sealed by the new code) as it is, and still drops the stale clear copy', async () => {
    const current = cipher.sealPhone('13800000001')
    await blank.query(`update persons set phone_cipher = '${current.phoneCipher}', phone_hash = '${current.phoneHash}', phone_tail = '${current.phoneTail}' where id = 1`)
    await blank.query(`insert into phones_to_seal (source, row_id, phone) values ('persons', 1, '13845675678')`)
    expect(await sealLegacyPhones(blank.db, cipher)).toBe(1)
    const [row] = (await blank.query(`select phone_cipher from persons where id = 1`)) as { phone_cipher: string }[]
    expect(cipher.openPhone(row!.phone_cipher)).toBe('13800000001')
    expect(await blank.query(`select count(*)::int as n from phones_to_seal`)).toEqual([{ n: 0 }])
  })
})
