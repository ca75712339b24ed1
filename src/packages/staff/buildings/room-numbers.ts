/*
 * Room numbers as staff enter them for one unit: generated from floors × flats per floor (101, 102, 201, 202 …), or
 * typed as a list ("101 102，103、201-204"). Only what the server accepts is let through (≤ 200 per unit, each
 * ≤ 20 characters); the server still checks everything.
 */

export const ROOMS_PER_UNIT_MAX = 200
export const ROOM_NO_MAX = 20
export const UNITS_MAX = 50
const FLOOR_MAX = 99
const PER_FLOOR_MAX = 99

export type RoomsMode = 'floors' | 'list'
/** One unit as the form holds it: the text of each box, read by `roomsOf`. */
export type UnitDraft = { unitNo: string; mode: RoomsMode; fromFloor: string; toFloor: string; perFloor: string; list: string }

export const emptyUnit = (unitNo = ''): UnitDraft => ({ unitNo, mode: 'floors', fromFloor: '1', toFloor: '', perFloor: '', list: '' })

/** The room numbers of a unit, or what is wrong with the boxes (nothing typed yet is a problem too). */
export type Rooms = { rooms: string[]; problem: string | null }

const wholeNumber = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN)

/** Floor × flat: floor 6, flat 2 → 602; floor 12, flat 3 → 1203. */
export function floorRooms(fromFloor: number, toFloor: number, perFloor: number): string[] {
  const rooms: string[] = []
  for (let floor = fromFloor; floor <= toFloor; floor++) {
    for (let flat = 1; flat <= perFloor; flat++) rooms.push(`${floor}${String(flat).padStart(2, '0')}`)
  }
  return rooms
}

function generated(u: UnitDraft): Rooms {
  const from = wholeNumber(u.fromFloor)
  const to = wholeNumber(u.toFloor)
  const per = wholeNumber(u.perFloor)
  if (!u.toFloor.trim() || !u.perFloor.trim()) return { rooms: [], problem: '请填写楼层和每层户数' }
  if (!(from >= 1 && from <= FLOOR_MAX) || !(to >= 1 && to <= FLOOR_MAX)) return { rooms: [], problem: `楼层应为1到${FLOOR_MAX}之间的整数` }
  if (from > to) return { rooms: [], problem: '起始楼层不能高于最高楼层' }
  if (!(per >= 1 && per <= PER_FLOOR_MAX)) return { rooms: [], problem: `每层户数应为1到${PER_FLOOR_MAX}之间的整数` }
  return { rooms: floorRooms(from, to, per), problem: null }
}

/** "101 102，103、201-204": separated by spaces, commas, 顿号 or new lines; a range of numbers is spelled out. */
function listed(text: string): Rooms {
  const rooms: string[] = []
  for (const token of text.split(/[\s,，、;；]+/).filter(Boolean)) {
    const range = /^(\d+)[-~～—－](\d+)$/.exec(token)
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])]
      if (from > to) return { rooms: [], problem: `「${token}」的起止号码反了` }
      if (to - from >= ROOMS_PER_UNIT_MAX) return { rooms: [], problem: `「${token}」超过${ROOMS_PER_UNIT_MAX}户` }
      // 0101-0104 keeps its width: 0101, 0102 …
      for (let n = from; n <= to; n++) rooms.push(String(n).padStart(range[1]!.length, '0'))
    } else if (token.length > ROOM_NO_MAX) {
      return { rooms: [], problem: `门牌号最多${ROOM_NO_MAX}个字：「${token}」` }
    } else {
      rooms.push(token)
    }
  }
  if (rooms.length === 0) return { rooms: [], problem: '请填写门牌号' }
  return { rooms, problem: null }
}

/** The unit's room numbers, each once, in the order entered. */
export function roomsOf(u: UnitDraft): Rooms {
  const found = u.mode === 'floors' ? generated(u) : listed(u.list)
  if (found.problem) return found
  const rooms = [...new Set(found.rooms)]
  if (rooms.length > ROOMS_PER_UNIT_MAX) return { rooms, problem: `一个单元最多${ROOMS_PER_UNIT_MAX}户，现在是${rooms.length}户` }
  return { rooms, problem: null }
}

/** 101、102、201 … 602: the first few and the last, enough to see the pattern is right. */
export function roomsPreview(rooms: readonly string[], head = 8): string {
  if (rooms.length <= head + 1) return rooms.join('、')
  return `${rooms.slice(0, head).join('、')} … ${rooms.at(-1)}`
}
