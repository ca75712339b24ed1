import { describe, expect, it } from 'vitest'
import { emptyMonthFigures, householdCounts, joinIds, monthPieces, sumMonthFigures, trendMonths, type MonthFigures } from '../../server/src/modules/reports/dashboard.domain'

/* The dashboard's arithmetic of months without I/O: which pieces a request needs, and how months add up. */

const day = (d: string) => new Date(`${d}T00:00:00+08:00`)
const figures = (over: Partial<MonthFigures>): MonthFigures => ({ ...emptyMonthFigures(), ...over })
/** Household ids as the database sends them: 4-byte big-endian integers end to end. */
const ids = (...list: number[]) => {
  const bytes = new Uint8Array(list.length * 4)
  list.forEach((id, i) => new DataView(bytes.buffer).setInt32(i * 4, id))
  return bytes
}

describe('the pieces of months a request needs', () => {
  it('serves a calendar month and its trend from whole months only', () => {
    const p = monthPieces({ start: day('2026-11-01'), end: day('2026-12-01') }, trendMonths('2026-11-30'))
    expect(p.whole.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'])
    expect(p.whole.at(-1)).toEqual({ month: '2026-11', start: day('2026-11-01'), end: day('2026-12-01') })
    expect(p.rangeMonths).toEqual(['2026-11'])
    expect(p.partial).toEqual([])
  })

  it('cuts a chosen range at China month boundaries: the edges are parts, the months between are whole', () => {
    const p = monthPieces({ start: day('2025-11-18'), end: day('2026-01-11') }, trendMonths('2026-01-10'))
    expect(p.partial).toEqual([
      { month: '2025-11', start: day('2025-11-18'), end: day('2025-12-01') },
      { month: '2026-01', start: day('2026-01-01'), end: day('2026-01-11') },
    ])
    expect(p.rangeMonths).toEqual(['2025-12'])
    // The trend's January is whole, beside the range's part of it.
    expect(p.whole.find((m) => m.month === '2026-01')).toEqual({ month: '2026-01', start: day('2026-01-01'), end: day('2026-02-01') })
  })
})

describe('months adding up', () => {
  it('adds entries by their key and the counts as numbers', () => {
    const total = sumMonthFigures([
      figures({ rooms: [{ roomId: 1, bookings: 2, minutes: 120, noShows: 0 }], newVolunteers: 1, stars: [1, 0, 0, 0, 0], points: [{ reason: 'rule_award', rule: 'volunteer_hour', points: 5 }] }),
      figures({ rooms: [{ roomId: 1, bookings: 1, minutes: 30, noShows: 1 }, { roomId: 2, bookings: 1, minutes: 60, noShows: 0 }], newVolunteers: 2, stars: [0, 1, 0, 0, 0], points: [{ reason: 'rule_award', rule: 'volunteer_hour', points: 3 }, { reason: 'expiry', rule: null, points: 7 }] }),
    ])
    expect(total.rooms).toEqual([{ roomId: 1, bookings: 3, minutes: 150, noShows: 1 }, { roomId: 2, bookings: 1, minutes: 60, noShows: 0 }])
    expect(total.points).toEqual([{ reason: 'rule_award', rule: 'volunteer_hour', points: 8 }, { reason: 'expiry', rule: null, points: 7 }])
    expect([total.newVolunteers, total.stars]).toEqual([3, [1, 1, 0, 0, 0]])
  })

  it('counts a household active in several months once, per community and over all of them', () => {
    const counts = householdCounts([
      [figures({ households: ids(3, 5, 8) }), figures({ households: ids(5, 13) })],
      [figures({ households: ids() }), figures({ households: joinIds(ids(21), ids(8)) })],
      [],
    ])
    // 8 moved between the two communities: counted in each, once in all.
    expect(counts).toEqual({ each: [4, 2, 0], all: 5 })
  })
})
