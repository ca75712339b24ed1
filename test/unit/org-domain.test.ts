import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { effectiveWeekday, formatOpeningHours, isChild, maskName, maskPhone, nameForOthers, openingHoursOn } from '../../server/src/modules/org/org.domain'
import { isoWeekday } from '../../types/time'
import type { WeeklyHours } from '../../server/src/db/schema'

const WEEK: WeeklyHours = [
  { dayOfWeek: 1, opens: '13:30', closes: '20:00' },
  { dayOfWeek: 1, opens: '08:30', closes: '11:30' },
  { dayOfWeek: 6, opens: '09:00', closes: '17:00' },
]

describe('opening hours', () => {
  it('knows the ISO weekday of a calendar date', () => {
    expect(isoWeekday('2026-11-16')).toBe(1) // Monday
    expect(isoWeekday('2026-11-22')).toBe(7) // Sunday
    expect(isoWeekday('2024-02-29')).toBe(4) // leap day, Thursday
  })

  it('opens a public holiday on Saturday hours and a make-up working day on Monday hours', () => {
    expect(effectiveWeekday('2026-10-01', 'holiday')).toBe(6) // a Thursday, 国庆节
    expect(effectiveWeekday('2026-10-10', 'workday')).toBe(1) // a Saturday, 调休上班
    expect(effectiveWeekday('2026-10-13', null)).toBe(2)
  })

  it('returns the intervals of the day in order, or none when closed', () => {
    expect(openingHoursOn('2026-11-16', WEEK, null)).toEqual([
      { opens: '08:30', closes: '11:30' },
      { opens: '13:30', closes: '20:00' },
    ])
    expect(openingHoursOn('2026-11-17', WEEK, null)).toEqual([])
    expect(openingHoursOn('2026-10-01', WEEK, 'holiday')).toEqual([{ opens: '09:00', closes: '17:00' }])
  })

  it('formats the day for display', () => {
    expect(formatOpeningHours(openingHoursOn('2026-11-16', WEEK, null))).toBe('08:30–11:30、13:30–20:00')
    expect(formatOpeningHours([])).toBeNull()
  })
})

describe('masking personal data', () => {
  it('shows a mobile number as 138****5678', () => {
    expect(maskPhone('13845675678')).toBe('138****5678')
    expect(maskPhone('138-4567-5678')).toBe('138****5678')
    expect(maskPhone(null)).toBeNull()
  })

  it('never reveals more than the first three and last four digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        const masked = maskPhone(phone)!
        expect(masked).toHaveLength(11)
        expect(masked.slice(0, 3)).toBe(phone.slice(0, 3))
        expect(masked.slice(-4)).toBe(phone.slice(-4))
        expect(masked.slice(3, 7)).toBe('****')
      }),
    )
    expect(maskPhone('12345')).toBe('*****')
  })

  it('shows a name as its surname and stars', () => {
    expect(maskName('张秀兰')).toBe('张**')
    expect(maskName('李华')).toBe('李*')
    expect(maskName('欧阳')).toBe('欧*')
    expect(maskName('王')).toBe('王')
  })

  it('counts as a child whoever may still be under 14: the year they turn 14 included (no birthday on file)', () => {
    const now = new Date('2026-11-17T10:00:00+08:00')
    expect(isChild(2013, now)).toBe(true) // 13 this year
    expect(isChild(2020, now)).toBe(true)
    expect(isChild(2026, now)).toBe(true)
    expect(isChild(2012, now)).toBe(true) // turns 14 this year: maybe not yet
    expect(isChild(2011, now)).toBe(false) // 15 this year: 14 at least
    expect(isChild(1951, now)).toBe(false)
    expect(isChild(null, now)).toBe(false)
    // The year is China's: 16:30 UTC on 31 December is already the new year in Heihe.
    expect(isChild(2012, new Date('2026-12-31T15:59:59Z'))).toBe(true)
    expect(isChild(2012, new Date('2026-12-31T16:00:00Z'))).toBe(false)
  })

  it("reduces a child's name to its first character and one star, and leaves an adult's alone", () => {
    const now = new Date('2026-11-17T10:00:00+08:00')
    expect(nameForOthers({ name: '王小明', birthYear: 2016 }, now)).toBe('王*')
    expect(nameForOthers({ name: '欧阳子涵', birthYear: 2018 }, now)).toBe('欧*')
    expect(nameForOthers({ name: ' 李华 ', birthYear: 2015 }, now)).toBe('李*')
    expect(nameForOthers({ name: '张秀兰', birthYear: 1951 }, now)).toBe('张秀兰')
    expect(nameForOthers({ name: '张秀兰', birthYear: null }, now)).toBe('张秀兰')
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((n) => n.trim().length > 0), fc.integer({ min: 2013, max: 2026 }), (name, birthYear) => {
        const shown = nameForOthers({ name, birthYear }, now)
        expect([...shown]).toHaveLength(2)
        expect(shown.endsWith('*')).toBe(true)
      }),
    )
  })
})
