import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS_FOLDER } from '../../server/src/db/client'
import { seedReferenceData } from '../../server/src/db/seed/reference'
import { officialDays } from '../../server/src/modules/org/calendar.domain'
import { blankDatabase, migrationsUpTo, type BlankDatabase } from '../support/older-database'

/*
 * Migration 0007 gives every calendar day its source. A database from before it holds the 2025–2026 arrangement
 * as the old seed wrote it and whatever the admin changed: a day still as the seed wrote it becomes official
 * (and is refreshed from chinese-days from then on); every other day stays the admin's, untouched by refreshes.
 */

describe('calendar days written before migration 0007', () => {
  let blank: BlankDatabase
  let oldMigrations: string
  beforeAll(async () => {
    blank = await blankDatabase()
    oldMigrations = migrationsUpTo(6)
  })
  afterAll(async () => {
    await blank?.close()
    rmSync(oldMigrations, { recursive: true, force: true })
  })

  it('keeps the admin’s changes as the admin’s and lets the official days follow the package', async () => {
    await blank.migrate(oldMigrations)
    await blank.exec(`
      insert into calendar_days (day, kind, name) values
        ('2026-10-01', 'holiday', '国庆节'),          -- as the seed wrote it
        ('2026-10-10', 'workday', '调休上班'),        -- as the seed wrote it
        ('2026-10-02', 'workday', '本区值班'),        -- an official holiday the admin made a working day
        ('2026-11-19', 'holiday', '本区活动日');      -- a day of the admin's own
    `)
    await blank.migrate(MIGRATIONS_FOLDER)
    expect(await blank.query(`select day::text, kind, name, source from calendar_days order by day`)).toEqual([
      { day: '2026-10-01', kind: 'holiday', name: '国庆节', source: 'official' },
      { day: '2026-10-02', kind: 'workday', name: '本区值班', source: 'admin' },
      { day: '2026-10-10', kind: 'workday', name: '调休上班', source: 'official' },
      { day: '2026-11-19', kind: 'holiday', name: '本区活动日', source: 'admin' },
    ])

    await seedReferenceData(blank.db)
    const rows = (await blank.query(`select day::text, kind, name, source from calendar_days order by day`)) as { day: string; kind: string; name: string; source: string }[]
    const on = (day: string) => rows.find((r) => r.day === day)
    expect(on('2026-10-10')).toEqual({ day: '2026-10-10', kind: 'workday', name: '国庆节', source: 'official' })
    expect(on('2026-10-02')).toEqual({ day: '2026-10-02', kind: 'workday', name: '本区值班', source: 'admin' })
    expect(on('2026-11-19')).toEqual({ day: '2026-11-19', kind: 'holiday', name: '本区活动日', source: 'admin' })
    // Everything else is the package's arrangement, day for day.
    const official = rows.filter((r) => r.source === 'official')
    expect(official.length).toBe(officialDays().length - 1)
    expect(new Set(official.map((r) => r.day))).toEqual(new Set(officialDays().map((d) => d.day).filter((d) => d !== '2026-10-02')))
  })
})
