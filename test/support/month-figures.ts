import type { MonthFigures } from '../../server/src/modules/reports/dashboard.domain'

/**
 * The dashboard's figures by month and community in one comparable form, also as JSON: entries and their keys in
 * a fixed order and the households as a sorted set — a month counted in two parts (kept days and today) lists its
 * entries and households in another order than the same month counted at once, and jsonb reorders keys. The
 * seconds to fulfil are a sum of fractional seconds, which two parts added in JavaScript round differently in
 * the last bits than one sum in SQL (5152563.36 against 5152563.359999999): compared to the millisecond.
 */
export function canonicalFigures(byMonth: Map<string, Map<number, MonthFigures>>) {
  const households = (bytes: Uint8Array) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    return [...new Set(Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getInt32(i * 4)))].sort((a, b) => a - b)
  }
  const keysSorted = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))) as T
  const nonZero = <T extends object>(entries: T[]) => entries.filter((e) => Object.values(e).some((v) => typeof v === 'number' && v !== 0)).map(keysSorted)
  return [...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([month, byCommunity]) => [month, [...byCommunity].sort(([a], [b]) => a - b).map(([communityId, f]) => [communityId, keysSorted({
    ...f,
    activities: keysSorted(f.activities),
    wishes: nonZero(f.wishes.map((w) => ({ ...w, fulfilSeconds: Math.round(w.fulfilSeconds * 1000) / 1000 }))).sort((a, b) => a.category.localeCompare(b.category)),
    rooms: nonZero(f.rooms).sort((a, b) => a.roomId - b.roomId),
    points: nonZero(f.points).sort((a, b) => `${a.reason}|${a.rule}`.localeCompare(`${b.reason}|${b.rule}`)),
    households: households(f.households),
  })])])
}
