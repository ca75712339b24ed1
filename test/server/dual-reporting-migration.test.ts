import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS_FOLDER } from '../../server/src/db/client'
import { blankDatabase, migrationsUpTo, type BlankDatabase } from '../support/older-database'

/*
 * Migration 0010 gives 驻区单位 members. Before it a unit was one login account (users.unit_id); the units the
 * district had set up become approved, and each unit's account becomes its admin member, keeping its 'unit' role.
 */

describe('units written before migration 0010', () => {
  let blank: BlankDatabase
  let oldMigrations: string
  beforeAll(async () => {
    blank = await blankDatabase()
    oldMigrations = migrationsUpTo(9)
  })
  afterAll(async () => {
    await blank?.close()
    rmSync(oldMigrations, { recursive: true, force: true })
  })

  it('approves the units and makes each unit’s account its admin, named as the unit', async () => {
    await blank.migrate(oldMigrations)
    await blank.exec(`
      insert into subdistricts (id, district, name) values (1, '爱辉区', '花园街道');
      insert into communities (id, subdistrict_id, name, address) values (1, 1, '联通社区', '黑河市爱辉区联通路1号');
      insert into units (id, community_id, name) values (1, 1, '黑河市中医院'), (2, 1, '爱辉区税务局');
      insert into users (id, unit_id, display_name, created_at) values (1, 1, '黑河市中医院', '2026-03-01T08:00:00Z'), (2, null, '微信用户', '2026-03-02T08:00:00Z');
      insert into role_grants (user_id, role) values (1, 'unit');
    `)
    await blank.migrate(MIGRATIONS_FOLDER)
    expect(await blank.query(`select id, name, status from units order by id`)).toEqual([
      { id: 1, name: '黑河市中医院', status: 'approved' },
      { id: 2, name: '爱辉区税务局', status: 'approved' },
    ])
    const members = (await blank.query(`select unit_id, user_id, name, role, joined_at from unit_members`)) as { unit_id: number; user_id: number; name: string; role: string; joined_at: Date }[]
    expect(members.map((m) => ({ ...m, joined_at: new Date(m.joined_at).toISOString() }))).toEqual([{ unit_id: 1, user_id: 1, name: '黑河市中医院', role: 'admin', joined_at: '2026-03-01T08:00:00.000Z' }])
    expect(await blank.query(`select role from role_grants where user_id = 1`)).toEqual([{ role: 'unit' }])
  })
})
