import type { Slot } from '../../../types/api/booking'
import { clockOf, shortDate, dateOf } from './format'

/*
 * Picking a range on the week grid. The cells and their states are the server's; this only keeps track of the
 * finger: the first free cell tapped is the start, a later free cell the end, and every cell between them must
 * be free too. The server still judges the request (durations, notice, conflicts) when it is sent.
 */

/** Start and end cells by their start instant; `end` null while only the start is picked. */
export type Selection = { start: string; end: string | null }

/** Where a tap leaves the selection, and why it was refused, if it was. */
type TapResult = { selection: Selection | null; refusal: string | null }

/**
 * A tap on `tapped`, one of `cells` (in time order: one day's slots for a room, the week's days for a tool).
 * `contiguous`: whether the cells between start and end must follow each other without a gap (a room cannot be
 * booked across the lunch closure; a tool may be kept over a day the station is shut). `refusalOf` says why a cell
 * that is not free cannot be picked.
 */
export function tapCell(selection: Selection | null, cells: Slot[], tapped: Slot, contiguous: boolean, refusalOf: (cell: Slot) => string): TapResult {
  if (tapped.state !== 'free') return { selection, refusal: refusalOf(tapped) }
  const fresh = { selection: { start: tapped.startsAt, end: null }, refusal: null }
  // Nothing picked yet, or a whole range picked: this tap starts again.
  if (!selection || selection.end !== null) return fresh
  if (selection.start === tapped.startsAt) return { selection: null, refusal: null }
  const from = cells.findIndex((c) => c.startsAt === selection.start)
  const to = cells.findIndex((c) => c.startsAt === tapped.startsAt)
  if (from === -1 || to < from) return fresh
  const between = cells.slice(from, to + 1)
  const blocked = between.find((c) => c.state !== 'free')
  if (blocked) {
    const where = contiguous ? clockOf(blocked.startsAt) : shortDate(dateOf(blocked.startsAt))
    return { selection, refusal: `${where}不能预约，所选时间要连续可约，请重新选择结束时间` }
  }
  if (contiguous && between.some((c, i) => i > 0 && Date.parse(c.startsAt) !== Date.parse(between[i - 1]!.endsAt))) {
    return { selection, refusal: '中间有闭馆时间，不能连着预约，请分开预约' }
  }
  return { selection: { start: selection.start, end: tapped.startsAt }, refusal: null }
}

/** The cells a selection covers (start to end, inclusive). */
export function selectedCells(selection: Selection | null, cells: Slot[]): Slot[] {
  if (!selection) return []
  const from = cells.findIndex((c) => c.startsAt === selection.start)
  const to = selection.end === null ? from : cells.findIndex((c) => c.startsAt === selection.end)
  if (from === -1 || to === -1) return []
  return cells.slice(from, to + 1)
}

/** The period to book: from the first cell's start to the last cell's end, as the API wrote them. */
export function selectedPeriod(selection: Selection | null, cells: Slot[]): { startsAt: string; endsAt: string } | null {
  const picked = selectedCells(selection, cells)
  if (picked.length === 0) return null
  return { startsAt: picked[0]!.startsAt, endsAt: picked[picked.length - 1]!.endsAt }
}
