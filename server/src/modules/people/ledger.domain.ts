import { HOUSEHOLD_RELATIONSHIP_LABELS, HOUSEHOLD_RELATIONSHIPS, type HouseholdRelationship } from '../../../../types/api/labels'

/*
 * 台账导入, the pure part: the columns of the template, and a sheet's rows read into flats and people with every
 * problem named by row and column, before anything is written.
 */

/** The template's columns, in order; a sheet may order them differently (the header row says which is which). */
export const LEDGER_COLUMNS = ['网格', '小区', '楼栋', '单元', '门牌', '姓名', '手机号', '与户主关系', '出生年份'] as const
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]
const REQUIRED: readonly LedgerColumn[] = ['网格', '小区', '楼栋', '单元', '门牌']

/** More rows than this are refused whole: a community's 台账 is a few thousand households, not a district's. */
export const LEDGER_MAX_ROWS = 20_000

export type LedgerFlat = { grid: string; estate: string; building: string; unitNo: string; roomNo: string }
export type LedgerPerson = { name: string; phone: string | null; relationship: HouseholdRelationship | null; birthYear: number | null }
/** One row: a flat, and the person living there (none: the flat alone). */
export type LedgerRecord = { row: number; flat: LedgerFlat; person: LedgerPerson | null }
export type LedgerProblem = { row: number; column: LedgerColumn | null; message: string }

const RELATIONSHIP_BY_LABEL = new Map<string, HouseholdRelationship>(HOUSEHOLD_RELATIONSHIPS.map((r) => [HOUSEHOLD_RELATIONSHIP_LABELS[r], r]))

/** The building a flat is in, as one key: 联通小区/3号楼. */
export const buildingKey = (f: Pick<LedgerFlat, 'estate' | 'building'>) => `${f.estate}/${f.building}`
export const flatKey = (f: LedgerFlat) => `${buildingKey(f)}/${f.unitNo}/${f.roomNo}`

/**
 * Reads a sheet: `header` is its first row, `rows` the others (each cell as text, row numbers as the sheet shows
 * them from 2). Every problem is reported, not only the first; rows with problems are left out of `records`.
 */
export function readLedger(header: string[], rows: { row: number; cells: string[] }[], thisYear: number): { records: LedgerRecord[]; problems: LedgerProblem[] } {
  const problems: LedgerProblem[] = []
  const at = new Map<LedgerColumn, number>()
  header.forEach((name, i) => {
    const column = LEDGER_COLUMNS.find((c) => c === name.trim())
    if (column && !at.has(column)) at.set(column, i)
  })
  const missing = REQUIRED.filter((c) => !at.has(c))
  if (missing.length) return { records: [], problems: [{ row: 1, column: null, message: `表头缺少：${missing.join('、')}（请使用下载的模板）` }] }
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim()))
  if (nonEmpty.length > LEDGER_MAX_ROWS) return { records: [], problems: [{ row: 1, column: null, message: `一次最多导入${LEDGER_MAX_ROWS}行，请分批导入` }] }

  const records: LedgerRecord[] = []
  const gridOfBuilding = new Map<string, { grid: string; row: number }>()
  const people = new Set<string>()
  for (const { row, cells } of nonEmpty) {
    const cell = (c: LedgerColumn) => (at.has(c) ? (cells[at.get(c)!] ?? '').trim() : '')
    const before = problems.length
    const problem = (column: LedgerColumn | null, message: string) => problems.push({ row, column, message })
    const flat: LedgerFlat = { grid: cell('网格'), estate: cell('小区'), building: cell('楼栋'), unitNo: cell('单元'), roomNo: cell('门牌') }
    for (const [column, value] of [['网格', flat.grid], ['小区', flat.estate], ['楼栋', flat.building], ['单元', flat.unitNo], ['门牌', flat.roomNo]] as const) {
      if (!value) problem(column, `${column}不能为空`)
      else if ([...value].length > 20) problem(column, `${column}最多20个字`)
    }
    const seen = gridOfBuilding.get(buildingKey(flat))
    if (flat.grid && seen && seen.grid !== flat.grid) problem('网格', `同一楼栋在第${seen.row}行属于${seen.grid}，这里是${flat.grid}`)

    const name = cell('姓名')
    let person: LedgerPerson | null = null
    if (name) {
      if ([...name].length < 2 || [...name].length > 20) problem('姓名', '姓名应为2到20个字')
      const rawPhone = cell('手机号').replace(/[\s-]/g, '').replace(/^\+?86/, '')
      if (rawPhone && !/^1[3-9]\d{9}$/.test(rawPhone)) problem('手机号', '手机号应为11位数字')
      const rawRelationship = cell('与户主关系')
      const relationship = rawRelationship ? (RELATIONSHIP_BY_LABEL.get(rawRelationship) ?? null) : null
      if (rawRelationship && !relationship) problem('与户主关系', `与户主关系应为：${[...RELATIONSHIP_BY_LABEL.keys()].join('、')}`)
      const rawYear = cell('出生年份')
      const birthYear = rawYear ? Number(rawYear) : null
      if (rawYear && !(Number.isInteger(birthYear) && birthYear! >= 1900 && birthYear! <= thisYear)) problem('出生年份', '出生年份应为4位年份，如1958')
      const personKey = `${flatKey(flat)}/${name}`
      if (people.has(personKey)) problem('姓名', '同一户中姓名重复')
      people.add(personKey)
      person = { name, phone: rawPhone || null, relationship, birthYear }
    } else if (cell('手机号') || cell('与户主关系') || cell('出生年份')) {
      problem('姓名', '填写了手机号、关系或出生年份，但没有姓名')
    }
    if (problems.length > before) continue
    if (!seen) gridOfBuilding.set(buildingKey(flat), { grid: flat.grid, row })
    records.push({ row, flat, person })
  }
  return { records, problems }
}

/* ----------------------------------------------------------------- what an import would do */

/** What the community's 台账 already has, by the keys of a sheet. */
export type LedgerSnapshot = {
  grids: Map<string, number>
  buildings: Map<string, { id: number; gridId: number }>
  households: Map<string, number>
  /** `${flatKey}/${name}` → the person. */
  persons: Map<string, { id: number; phoneHash: string | null; relationship: HouseholdRelationship | null; birthYear: number | null }>
}

export type LedgerCounts = {
  grids: { created: number; existing: number }
  buildings: { created: number; existing: number }
  households: { created: number; existing: number }
  persons: { created: number; updated: number; unchanged: number }
}

/**
 * Counts what importing `records` into the 台账 `now` holds would create, update or leave, and the rows that
 * contradict it (a building the 台账 has in another grid). `phoneHash` is the HMAC the app keeps of a number.
 */
export function planLedger(records: LedgerRecord[], now: LedgerSnapshot, phoneHash: (phone: string) => string): { counts: LedgerCounts; problems: LedgerProblem[] } {
  const problems: LedgerProblem[] = []
  const grids = new Set<string>()
  const buildings = new Set<string>()
  const households = new Set<string>()
  const counts: LedgerCounts = {
    grids: { created: 0, existing: 0 },
    buildings: { created: 0, existing: 0 },
    households: { created: 0, existing: 0 },
    persons: { created: 0, updated: 0, unchanged: 0 },
  }
  for (const { row, flat, person } of records) {
    const building = now.buildings.get(buildingKey(flat))
    const gridId = now.grids.get(flat.grid)
    if (building && building.gridId !== gridId) {
      problems.push({ row, column: '网格', message: `台账中${flat.estate}${flat.building}属于另一个网格，不是${flat.grid}` })
      continue
    }
    if (!grids.has(flat.grid)) {
      grids.add(flat.grid)
      counts.grids[gridId === undefined ? 'created' : 'existing']++
    }
    if (!buildings.has(buildingKey(flat))) {
      buildings.add(buildingKey(flat))
      counts.buildings[building ? 'existing' : 'created']++
    }
    if (!households.has(flatKey(flat))) {
      households.add(flatKey(flat))
      counts.households[now.households.has(flatKey(flat)) ? 'existing' : 'created']++
    }
    if (!person) continue
    const known = now.persons.get(`${flatKey(flat)}/${person.name}`)
    if (!known) counts.persons.created++
    else if (personChanges(known, person, phoneHash)) counts.persons.updated++
    else counts.persons.unchanged++
  }
  return { counts, problems }
}

/** What a row changes of a known person: only what it says (an empty cell keeps what the 台账 has). */
export function personChanges(
  known: { phoneHash: string | null; relationship: HouseholdRelationship | null; birthYear: number | null },
  row: LedgerPerson,
  phoneHash: (phone: string) => string,
): { phone?: string; relationship?: HouseholdRelationship; birthYear?: number } | null {
  const changes: { phone?: string; relationship?: HouseholdRelationship; birthYear?: number } = {}
  if (row.phone && phoneHash(row.phone) !== known.phoneHash) changes.phone = row.phone
  if (row.relationship && row.relationship !== known.relationship) changes.relationship = row.relationship
  if (row.birthYear && row.birthYear !== known.birthYear) changes.birthYear = row.birthYear
  return Object.keys(changes).length ? changes : null
}
