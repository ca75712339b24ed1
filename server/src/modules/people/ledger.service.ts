import ExcelJS from 'exceljs'
import type { LedgerImportReport } from '../../../../types/api/people'
import { chinaTime } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Queryable, Tx } from '../../db/client'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { recordAudit } from '../audit/audit.service'
import { buildingKey, flatKey, LEDGER_COLUMNS, personChanges, planLedger, readLedger, type LedgerRecord, type LedgerSnapshot } from './ledger.domain'
import * as repo from './people.repository'

/*
 * 台账导入: staff upload the community's buildings, flats and residents as an .xlsx (the template's columns). The
 * file is checked row by row and the report says what it would create and what is wrong, before anything is
 * written; importing writes all of it in one transaction, or nothing. Re-importing the same sheet changes nothing.
 */

/** The text of a cell as the sheet shows it (numbers, rich text and formula results included). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue)
    if ('text' in value) return String(value.text)
    if (value instanceof Date) return value.toISOString().slice(0, 10)
    return ''
  }
  return String(value)
}

/** The first sheet's header and rows; a file that is not an .xlsx is refused. */
async function readSheet(bytes: Buffer): Promise<{ header: string[]; rows: { row: number; cells: string[] }[] }> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch (err) {
    throw new AppError('LEDGER_FILE_INVALID', { cause: err })
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw new AppError('LEDGER_FILE_INVALID')
  const all: { row: number; cells: string[] }[] = []
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as ExcelJS.CellValue[]
    // exceljs numbers columns from 1: values[0] is always empty.
    all.push({ row: number, cells: values.slice(1).map(cellText) })
  })
  const [first, ...rest] = all
  if (!first || first.row !== 1) return { header: [], rows: [] }
  return { header: first.cells, rows: rest }
}

async function snapshot(db: Queryable, communityId: number): Promise<LedgerSnapshot> {
  const { gridRows, buildingRows, flatRows, personRows } = await repo.ledgerRows(db, communityId)
  const flatByHousehold = new Map(flatRows.map((f) => [f.id, flatKey({ grid: '', estate: f.estate, building: f.building, unitNo: f.unitNo, roomNo: f.roomNo })]))
  return {
    grids: new Map(gridRows.map((g) => [g.name, g.id])),
    buildings: new Map(buildingRows.map((b) => [buildingKey({ estate: b.estate, building: b.name }), { id: b.id, gridId: b.gridId }])),
    households: new Map([...flatByHousehold].map(([id, key]) => [key, id])),
    persons: new Map(personRows.map((p) => [`${flatByHousehold.get(p.householdId!)}/${p.name}`, p])),
  }
}

export async function importLedger(ctx: AppContext, principal: Principal, communityId: number, bytes: Buffer, dryRun: boolean): Promise<LedgerImportReport> {
  principal.assertStaffOf(communityId)
  const { header, rows } = await readSheet(bytes)
  const read = readLedger(header, rows, chinaTime(ctx.now()).year())
  const phoneHash = (phone: string) => ctx.personalData.phoneHash(phone)
  const plan = planLedger(read.records, await snapshot(ctx.db, communityId), phoneHash)
  const problems = [...read.problems, ...plan.problems].sort((a, b) => a.row - b.row)
  const report = (imported: boolean): LedgerImportReport => ({
    communityId,
    dryRun,
    imported,
    rows: rows.filter((r) => r.cells.some((c) => c.trim())).length,
    ...plan.counts,
    problems: problems.slice(0, 200),
    problemCount: problems.length,
  })
  if (dryRun || problems.length) return report(false)

  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    await repo.lockCommunity(tx, communityId)
    // Written from what the 台账 holds now (another import may have finished meanwhile): the same keys again.
    await write(ctx, tx, communityId, read.records)
    await recordAudit(tx, { actorUserId: principal.userId, action: 'ledger.import', communityId, subjectType: 'community', subjectId: communityId, detail: { rows: read.records.length, ...plan.counts }, at: now })
  })
  return report(true)
}

async function write(ctx: AppContext, tx: Tx, communityId: number, records: LedgerRecord[]) {
  let now = await snapshot(tx, communityId)
  await repo.insertGrids(tx, communityId, [...new Set(records.map((r) => r.flat.grid))].filter((g) => !now.grids.has(g)))
  now = await snapshot(tx, communityId)
  const newBuildings = new Map<string, { communityId: number; gridId: number; estate: string; name: string }>()
  for (const { flat } of records) {
    if (!now.buildings.has(buildingKey(flat))) newBuildings.set(buildingKey(flat), { communityId, gridId: now.grids.get(flat.grid)!, estate: flat.estate, name: flat.building })
  }
  await repo.insertBuildings(tx, [...newBuildings.values()])
  now = await snapshot(tx, communityId)
  const newFlats = new Map<string, { communityId: number; buildingId: number; unitNo: string; roomNo: string }>()
  for (const { flat } of records) {
    if (!now.households.has(flatKey(flat))) newFlats.set(flatKey(flat), { communityId, buildingId: now.buildings.get(buildingKey(flat))!.id, unitNo: flat.unitNo, roomNo: flat.roomNo })
  }
  await repo.insertHouseholds(tx, [...newFlats.values()])
  now = await snapshot(tx, communityId)
  const phoneHash = (phone: string) => ctx.personalData.phoneHash(phone)
  const newPersons: Parameters<typeof repo.insertPersons>[1] = []
  for (const { flat, person } of records) {
    if (!person) continue
    const householdId = now.households.get(flatKey(flat))!
    const known = now.persons.get(`${flatKey(flat)}/${person.name}`)
    const sealed = (phone: string | null | undefined) => (phone ? ctx.personalData.sealPhone(phone) : {})
    if (!known) {
      newPersons.push({ communityId, householdId, name: person.name, relationship: person.relationship, birthYear: person.birthYear, ...sealed(person.phone) })
      continue
    }
    const changes = personChanges(known, person, phoneHash)
    if (changes) await repo.updatePerson(tx, known.id, { relationship: changes.relationship, birthYear: changes.birthYear, ...sealed(changes.phone) })
  }
  await repo.insertPersons(tx, newPersons)
}

/** The template staff fill in: the columns, two example rows, and what each column takes. */
export async function ledgerTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('台账')
  sheet.columns = LEDGER_COLUMNS.map((header) => ({ header, key: header, width: header === '手机号' ? 16 : 12 }))
  sheet.getRow(1).font = { bold: true }
  sheet.addRow(['第三网格', '联通小区', '3号楼', '2单元', '301', '张秀兰', '13845675678', '户主', 1951])
  sheet.addRow(['第三网格', '联通小区', '3号楼', '2单元', '302', '', '', '', ''])
  const help = workbook.addWorksheet('填写说明')
  help.columns = [{ header: '列', key: 'c', width: 12 }, { header: '说明', key: 'd', width: 70 }]
  for (const [c, d] of [
    ['网格', '必填，如“第三网格”；没有的网格会新建'],
    ['小区 / 楼栋', '必填，如“联通小区”“3号楼”；同一楼栋只能属于一个网格'],
    ['单元 / 门牌', '必填，如“2单元”“301”；一行一户，只填住址不填姓名表示空户'],
    ['姓名', '住户的姓名；同一户每人一行'],
    ['手机号', '可不填；11位手机号，导入后加密保存'],
    ['与户主关系', '可不填；户主、配偶、子女、父母、祖父母、孙子女、兄弟姐妹、其他'],
    ['出生年份', '可不填；4位年份，如1958（用于识别未成年人）'],
  ]) help.addRow([c, d])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
