/**
 * 台账导入 of a community of ROWS flats (one resident each) through the real route, on PGlite and, with DATABASE_URL,
 * on PostgreSQL: reading the .xlsx and checking every row (the dry run), then importing it in one transaction,
 * then importing the same file again (nothing to change). Each figure is the median of ROUNDS rounds, each on a
 * fresh database with the demo district.
 *   npx tsx bench/ledger.ts                      # PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/ledger.ts
 */
import ExcelJS from 'exceljs'
import type { LedgerImportReport } from '../types/api/people'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const ROWS = Number(process.env.ROWS ?? 10_000)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('台账')
  ws.addRow(['网格', '小区', '楼栋', '单元', '门牌', '姓名', '手机号', '与户主关系', '出生年份'])
  for (let i = 0; i < ROWS; i++) {
    ws.addRow(['第二十网格', '万户小区', `${Math.floor(i / 100) + 1}号楼`, `${Math.floor((i % 100) / 25) + 1}单元`, `${(i % 25) + 101}`, `居民${i}`, `1390${String(i).padStart(7, '0')}`, '户主', 1960 + (i % 40)])
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function multipart(bytes: Buffer) {
  const boundary = '----bench'
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="l.xlsx"\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  }
}

async function main() {
  // The test app opens its database on TEST_POSTGRES_URL (read when the module loads): PostgreSQL when given.
  process.env.TEST_POSTGRES_URL = process.env.DATABASE_URL ?? ''
  const { createTestApp } = await import('../test/support/test-app')
  const bytes = await workbook()
  console.log(`台账 of ${ROWS} rows: ${(bytes.length / 1024).toFixed(0)} KB; ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; median of ${ROUNDS} rounds`)
  const times = { dry: [] as number[], imported: [] as number[], again: [] as number[] }
  for (let r = 0; r < ROUNDS; r++) {
    const t = await createTestApp({ now: new Date('2026-11-17T10:00:00+08:00') })
    try {
      const { authorization } = await t.loginAs('staff')
      const body = multipart(bytes)
      const send = async (dryRun: boolean) => {
        const t0 = performance.now()
        const res = await t.app.inject({ method: 'POST', url: `/api/staff/ledger/import?dryRun=${dryRun}`, headers: { authorization, ...body.headers }, payload: body.payload })
        const ms = performance.now() - t0
        const report = res.json() as LedgerImportReport
        if (res.statusCode !== 200 || report.problemCount) throw new Error(res.body.slice(0, 300))
        return { ms, report }
      }
      times.dry.push((await send(true)).ms)
      const first = await send(false)
      if (first.report.persons.created !== ROWS) throw new Error(`created ${first.report.persons.created} of ${ROWS}`)
      times.imported.push(first.ms)
      const second = await send(false)
      if (second.report.persons.unchanged !== ROWS) throw new Error(`unchanged ${second.report.persons.unchanged} of ${ROWS}`)
      times.again.push(second.ms)
    } finally {
      await t.close()
    }
  }
  console.log(`  check (dry run):        ${median(times.dry).toFixed(0)} ms`)
  console.log(`  import:                 ${median(times.imported).toFixed(0)} ms`)
  console.log(`  import again (no-op):   ${median(times.again).toFixed(0)} ms`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
