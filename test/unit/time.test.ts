import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chinaTime, toApiInstant } from '../../types/time'

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
