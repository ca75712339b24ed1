import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { and, eq } from 'drizzle-orm'
import { auditLog, buildings, grids, households, persons } from '../../server/src/db/schema'
import type { AddressBook, LedgerImportReport } from '../../types/api/people'
import { createTestApp, type TestApp } from '../support/test-app'
import { bookingWorld } from './booking-fixtures'
import { type As, expectError, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 台账导入: staff upload an .xlsx of the community's buildings, flats and residents. A dry run reports, row by row
 * and column by column, what is wrong and what would be created; nothing is written until a file without problems
 * is imported, in one transaction; importing the same sheet again changes nothing; and the residents imported are
 * who 住户认证 then finds at their address.
 */

let t: TestApp
let w: ReturnType<typeof bookingWorld>
let staff: As
let lianTong: number
let fuLong: number

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = bookingWorld(t)
  staff = await t.headersAs('staff')
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

const HEADER = ['网格', '小区', '楼栋', '单元', '门牌', '姓名', '手机号', '与户主关系', '出生年份']

/** A real .xlsx file of these rows under the header. */
async function sheet(rows: (string | number)[][], header: string[] = HEADER): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const ws = workbook.addWorksheet('台账')
  ws.addRow(header)
  for (const row of rows) ws.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** POST /api/staff/ledger/import as wx.uploadFile sends it: multipart/form-data with the file in `file`. */
function upload(as: As, bytes: Buffer, query: string) {
  const boundary = '----ledger' + Math.random().toString(16).slice(2)
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="台账.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return t.app.inject({ method: 'POST', url: `/api/staff/ledger/import?${query}`, headers: { ...as, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body })
}

const GOOD: (string | number)[][] = [
  ['第十三网格', '新苑小区', '1号楼', '1单元', '101', '郑淑华', '13800001111', '户主', 1949],
  ['第十三网格', '新苑小区', '1号楼', '1单元', '101', '郑建', '13800002222', '子女', 1975],
  ['第十三网格', '新苑小区', '1号楼', '1单元', '102', '', '', '', ''],
  ['第十三网格', '新苑小区', '2号楼', '1单元', '201', '吕桂兰', '', '户主', ''],
]

describe('台账导入', () => {
  it('the template has the columns, an example and what each column takes', async () => {
    const res = await w.get('/api/staff/ledger/template', staff)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers['content-disposition']).toContain('filename*=UTF-8')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    expect((workbook.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual(HEADER)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['台账', '填写说明'])
  })

  it('a dry run says what would be created and writes nothing; the import writes it all; again, nothing changes', async () => {
    const bytes = await sheet(GOOD)
    const before = await t.handle.db.select().from(households).where(eq(households.communityId, lianTong))
    const dry = ok<LedgerImportReport>(await upload(staff, bytes, `communityId=${lianTong}&dryRun=true`))
    expect(dry).toEqual({
      communityId: lianTong,
      dryRun: true,
      imported: false,
      rows: 4,
      grids: { created: 1, existing: 0 },
      buildings: { created: 2, existing: 0 },
      households: { created: 3, existing: 0 },
      persons: { created: 3, updated: 0, unchanged: 0 },
      problems: [],
      problemCount: 0,
    })
    expect(await t.handle.db.select().from(households).where(eq(households.communityId, lianTong))).toHaveLength(before.length)

    const done = ok<LedgerImportReport>(await upload(staff, bytes, `communityId=${lianTong}&dryRun=false`))
    expect(done).toMatchObject({ dryRun: false, imported: true, households: { created: 3 }, persons: { created: 3 } })
    const [grid] = await t.handle.db.select().from(grids).where(and(eq(grids.communityId, lianTong), eq(grids.name, '第十三网格')))
    const newBuildings = await t.handle.db.select().from(buildings).where(eq(buildings.gridId, grid!.id))
    expect(newBuildings.map((b) => `${b.estate}${b.name}`).sort()).toEqual(['新苑小区1号楼', '新苑小区2号楼'])
    const [zheng] = await t.handle.db.select().from(persons).where(eq(persons.name, '郑淑华'))
    expect(zheng).toMatchObject({ communityId: lianTong, relationship: 'head', birthYear: 1949, phoneTail: '1111' })
    expect(t.personalData.openPhone(zheng!.phoneCipher)).toBe('13800001111')
    expect(await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'ledger.import'), eq(auditLog.communityId, lianTong)))).toHaveLength(1)

    // The flats are in the address book 住户认证 offers.
    const book = ok<AddressBook>(await w.get(`/api/communities/${lianTong}/address-book`, staff))
    expect(book.buildings.find((b) => b.estate === '新苑小区' && b.name === '1号楼')!.units).toEqual([{ unitNo: '1单元', roomNos: ['101', '102'] }])

    const again = ok<LedgerImportReport>(await upload(staff, bytes, `communityId=${lianTong}&dryRun=false`))
    expect(again).toMatchObject({ imported: true, grids: { created: 0, existing: 1 }, buildings: { created: 0, existing: 2 }, households: { created: 0, existing: 3 }, persons: { created: 0, updated: 0, unchanged: 3 } })
    expect(await t.handle.db.select().from(persons).where(eq(persons.name, '郑淑华'))).toHaveLength(1)

    // A later sheet updates what it says of a known person (a new number), leaving the rest.
    const updated = ok<LedgerImportReport>(await upload(staff, await sheet([['第十三网格', '新苑小区', '1号楼', '1单元', '101', '郑淑华', '13800009999', '', '']]), `communityId=${lianTong}&dryRun=false`))
    expect(updated.persons).toEqual({ created: 0, updated: 1, unchanged: 0 })
    const [after] = await t.handle.db.select().from(persons).where(eq(persons.name, '郑淑华'))
    expect(t.personalData.openPhone(after!.phoneCipher)).toBe('13800009999')
    expect(after).toMatchObject({ relationship: 'head', birthYear: 1949 })
  })

  it('a file with bad rows: every problem by row and column, and nothing written, not even the good rows', async () => {
    const bytes = await sheet([
      ['第十四网格', '临江小区', '1号楼', '1单元', '101', '王淑珍', '13800003333', '户主', 1950],
      ['第十四网格', '临江小区', '', '1单元', '102', '李强', '', '', ''],
      ['第十四网格', '临江小区', '1号楼', '1单元', '103', '赵', '12345', '表哥', 1850],
      ['第十五网格', '临江小区', '1号楼', '2单元', '201', '孙丽', '', '', ''],
      ['第十四网格', '临江小区', '1号楼', '1单元', '101', '王淑珍', '', '', ''],
      ['第十四网格', '临江小区', '1号楼', '1单元', '104', '', '13800004444', '', ''],
      // A building the 台账 has in another grid.
      ['第十四网格', '联通小区', '1号楼', '1单元', '101', '钱多', '', '', ''],
    ])
    const report = ok<LedgerImportReport>(await upload(staff, bytes, `communityId=${lianTong}&dryRun=false`))
    expect(report.imported).toBe(false)
    expect(report.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [3, '楼栋', '楼栋不能为空'],
      [4, '姓名', '姓名应为2到20个字'],
      [4, '手机号', '手机号应为11位数字'],
      [4, '与户主关系', '与户主关系应为：户主、配偶、子女、父母、祖父母、孙子女、兄弟姐妹、其他'],
      [4, '出生年份', '出生年份应为4位年份，如1958'],
      [5, '网格', '同一楼栋在第2行属于第十四网格，这里是第十五网格'],
      [6, '姓名', '同一户中姓名重复'],
      [7, '姓名', '填写了手机号、关系或出生年份，但没有姓名'],
      [8, '网格', '台账中联通小区1号楼属于另一个网格，不是第十四网格'],
    ])
    expect(report.problemCount).toBe(9)
    expect(await t.handle.db.select().from(grids).where(eq(grids.name, '第十四网格'))).toHaveLength(0)
    expect(await t.handle.db.select().from(persons).where(eq(persons.name, '王淑珍'))).toHaveLength(0)
  })

  it('refuses what is not an .xlsx, a sheet without the columns, and a file with nothing', async () => {
    expectError(await upload(staff, Buffer.from('姓名,手机号\n张三,13800000000\n'), `communityId=${lianTong}`), 400, 'LEDGER_FILE_INVALID')
    const noColumns = ok<LedgerImportReport>(await upload(staff, await sheet([['张三']], ['名字']), `communityId=${lianTong}`))
    expect(noColumns.problems).toEqual([{ row: 1, column: null, message: '表头缺少：网格、小区、楼栋、单元、门牌（请使用下载的模板）' }])
    const empty = await t.app.inject({ method: 'POST', url: `/api/staff/ledger/import?communityId=${lianTong}`, headers: { ...staff, 'content-type': 'application/json' }, payload: {} })
    expectError(empty, 400, 'LEDGER_FILE_INVALID')
  })

  it('staff import into their own community only; residents not at all', async () => {
    const bytes = await sheet(GOOD)
    expectError(await upload(staff, bytes, `communityId=${fuLong}&dryRun=true`), 403, 'OUT_OF_COMMUNITY')
    expectError(await upload(await w.fresh(lianTong), bytes, `communityId=${lianTong}&dryRun=true`), 403, 'FORBIDDEN')
    expectError(await w.get('/api/staff/ledger/template', await w.fresh(lianTong)), 403, 'FORBIDDEN')
    expectError(await upload({ authorization: '' }, bytes, 'dryRun=true'), 401, 'UNAUTHENTICATED')
  })

  it('ten thousand rows are checked and imported (figures: npm run bench:ledger)', async () => {
    const rows: (string | number)[][] = []
    for (let i = 0; i < 10_000; i++) {
      const building = Math.floor(i / 100)
      rows.push(['第二十网格', '万户小区', `${building + 1}号楼`, `${Math.floor((i % 100) / 25) + 1}单元`, `${(i % 25) + 101}`, `居民${i}`, `1390${String(i).padStart(7, '0')}`, '户主', 1960 + (i % 40)])
    }
    const report = ok<LedgerImportReport>(await upload(staff, await sheet(rows), `communityId=${lianTong}&dryRun=false`))
    expect(report).toMatchObject({ imported: true, rows: 10_000, buildings: { created: 100 }, households: { created: 10_000 }, persons: { created: 10_000 }, problemCount: 0 })
    const [grid] = await t.handle.db.select().from(grids).where(eq(grids.name, '第二十网格'))
    const made = await t.handle.db.select({ id: households.id }).from(households).innerJoin(buildings, eq(buildings.id, households.buildingId)).where(eq(buildings.gridId, grid!.id))
    expect(made).toHaveLength(10_000)
  }, 120_000)
})
