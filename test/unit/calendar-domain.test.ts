import { describe, expect, it } from 'vitest'
import { missingCalendarNotice, missingCalendarYear, officialDays } from '../../server/src/modules/org/calendar.domain'
import { isoWeekday } from '../../types/time'
import stateCouncil from '../fixtures/cn-holidays-2025-2026.json'

/*
 * The official calendar comes from the `chinese-days` package. The fixture is our own transcription of the State
 * Council's notices for 2025 (国办发明电〔2024〕12号) and 2026 (notice of 2025-11-04): the package must agree with
 * it day for day, so a faulty release of the package cannot slip in unnoticed.
 */

const days = officialDays()
const kindOf = (day: string) => days.find((d) => d.day === day)?.kind
const at = (local: string) => new Date(`${local}+08:00`)

describe('the official holiday calendar (chinese-days)', () => {
  it('agrees day for day with the State Council notices for 2025 and 2026, names included', () => {
    for (const [year, published] of Object.entries(stateCouncil.years)) {
      const expected = [
        ...published.holidays.flatMap((h) => h.days.map((day) => ({ day, kind: 'holiday', name: h.name }))),
        ...published.makeupWorkdays.map((day) => ({ day, kind: 'workday' })),
      ].sort((a, b) => a.day.localeCompare(b.day))
      const ours = days.filter((d) => d.day.startsWith(year))
      expect(ours.map((d) => [d.day, d.kind]), year).toEqual(expected.map((d) => [d.day, d.kind]))
      // 2025 named 10-01…10-08 国庆节、中秋节 (one break for both); the package names the days 国庆节 or 中秋节.
      for (const e of expected.filter((e) => 'name' in e)) expect(e.name, e.day).toContain(ours.find((d) => d.day === e.day)!.name)
    }
  })

  it('names the holidays in full, as the notices do, and a make-up day after its holiday', () => {
    const name = (day: string) => days.find((d) => d.day === day)?.name
    expect(name('2026-04-05')).toBe('清明节')
    expect(name('2026-06-19')).toBe('端午节')
    expect(name('2026-09-25')).toBe('中秋节')
    expect(name('2026-02-17')).toBe('春节')
    expect(name('2026-09-20')).toBe('国庆节') // the Sunday worked for 国庆节
    expect(kindOf('2026-09-20')).toBe('workday')
  })

  it('knows years before 2025 too, and ordinary days are not listed', () => {
    expect(kindOf('2024-10-01')).toBe('holiday')
    expect(kindOf('2024-09-29')).toBe('workday')
    expect(kindOf('2026-11-16')).toBeUndefined()
  })

  it('never lists a day twice, and puts make-up working days only on weekends', () => {
    expect(new Set(days.map((d) => d.day)).size).toBe(days.length)
    for (const d of days.filter((d) => d.kind === 'workday')) expect([6, 7], d.day).toContain(isoWeekday(d.day))
  })
})

describe('a missing year of the calendar', () => {
  const known = (...years: number[]) => new Set(years)

  it('this year missing is said on any day of it', () => {
    expect(missingCalendarYear(at('2027-01-01T00:00:00'), known(2026))).toBe(2027)
    expect(missingCalendarYear(at('2027-06-15T12:00:00'), known(2026))).toBe(2027)
  })

  it('next year missing is said from 1 December (China time), not before', () => {
    expect(missingCalendarYear(at('2026-11-30T23:59:59'), known(2026))).toBeNull()
    expect(missingCalendarYear(at('2026-12-01T00:00:00'), known(2026))).toBe(2027)
    // 30 November 16:00 UTC is already 1 December in China.
    expect(missingCalendarYear(new Date('2026-11-30T16:00:00Z'), known(2026))).toBe(2027)
    expect(missingCalendarYear(at('2026-12-31T23:00:00'), known(2026, 2027))).toBeNull()
  })

  it('the notice names the year and what happens to its holidays', () => {
    const notice = missingCalendarNotice(2027)
    expect(notice).toContain('2027年的法定节假日和调休安排')
    expect(notice).toContain('按星期几开放')
  })
})
