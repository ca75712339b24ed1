import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, chinaDate, chinaDayStartMs, chinaTime, isoWeekday, toApiInstant } from '../../types/time'

describe('toApiInstant', () => {
  it('writes an instant given as milliseconds or a Date exactly as dayjs formats it in China time', () => {
    const min = Date.UTC(1900, 0, 1)
    const max = Date.UTC(2200, 0, 1)
    fc.assert(
      fc.property(fc.integer({ min, max }), (ms) => {
        const expected = chinaTime(ms).format('YYYY-MM-DDTHH:mm:ssZ')
        expect(toApiInstant(ms)).toBe(expected)
        expect(toApiInstant(new Date(ms))).toBe(expected)
      }),
      { numRuns: 20_000 },
    )
  })

  it('gets the edges of days, months, leap days and years right', () => {
    for (const iso of ['2026-12-31T23:59:59+08:00', '2027-01-01T00:00:00+08:00', '2028-02-29T12:00:00+08:00', '2100-03-01T00:00:00+08:00', '2000-02-29T16:00:00Z', '2026-11-17T10:00:00.999+08:00']) {
      expect(toApiInstant(Date.parse(iso))).toBe(chinaTime(iso).format('YYYY-MM-DDTHH:mm:ssZ'))
    }
    expect(toApiInstant(Date.parse('2026-06-30T16:00:00Z'))).toBe('2026-07-01T00:00:00+08:00')
  })

  it('writes runs of instants on one day as a week grid does, and the next day after them, then back again', () => {
    // The date's text is kept from one call to the next while the day stays the same.
    const start = Date.parse('2026-12-31T20:00:00+08:00')
    const run = Array.from({ length: 24 }, (_, i) => start + i * 17 * 60_000 + (i % 3) * 1000)
    for (const ms of [...run, start - 86_400_000, ...run.reverse()]) expect(toApiInstant(ms)).toBe(chinaTime(ms).format('YYYY-MM-DDTHH:mm:ssZ'))
  })
})

describe('the day arithmetic (chinaDate, chinaDayStartMs, addDays, isoWeekday)', () => {
  const min = Date.UTC(1900, 0, 1)
  const max = Date.UTC(2200, 0, 1)

  it('agrees with dayjs in China time on every instant and day', () => {
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.integer({ min: -800, max: 800 }), (ms, n) => {
        const day = chinaTime(ms).format('YYYY-MM-DD')
        expect(chinaDate(ms)).toBe(day)
        expect(chinaDate(new Date(ms))).toBe(day)
        expect(chinaDayStartMs(day)).toBe(chinaTime(`${day}T00:00:00+08:00`).valueOf())
        expect(addDays(day, n)).toBe(chinaTime(`${day}T12:00:00+08:00`).add(n, 'day').format('YYYY-MM-DD'))
        expect(isoWeekday(day)).toBe(((chinaTime(`${day}T12:00:00+08:00`).day() + 6) % 7) + 1)
      }),
      { numRuns: 20_000 },
    )
  })

  it('gets the edges right: midnight China time, month ends, leap days, year ends', () => {
    expect(chinaDate(Date.parse('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31')
    expect(chinaDate(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    expect(chinaDayStartMs('2028-02-29')).toBe(Date.parse('2028-02-29T00:00:00+08:00'))
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01')
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31')
  })

  it('refuses what is not a YYYY-MM-DD day instead of answering a wrong one', () => {
    for (const text of ['2026-1-05', '2026/01/05', '20260105', '', '2026-01-05T00:00']) {
      expect(() => chinaDayStartMs(text), text).toThrow(RangeError)
      expect(() => addDays(text, 1), text).toThrow(RangeError)
      expect(() => isoWeekday(text), text).toThrow(RangeError)
    }
    expect(() => chinaDate(Number.NaN)).toThrow(RangeError)
  })
})
