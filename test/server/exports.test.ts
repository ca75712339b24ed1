import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import ExcelJS from 'exceljs'
import { and, asc, desc, eq, gte, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm'
import {
  activities,
  activitySignups,
  auditLog,
  bookings,
  buildings,
  households,
  personalDataAccess,
  persons,
  pointsLedger,
  users,
  volunteerProfiles,
  wishes,
} from '../../server/src/db/schema'
import { EXPORT_ROW_CAP } from '../../types/api/reports'
import { chinaDayStartMs } from '../../types/time'
import { createTestApp, type TestApp } from '../support/test-app'
import { bookingWorld } from './booking-fixtures'
import { type As, type Res, expectError } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 台账 exports: staff download an .xlsx of their community's wishes, bookings, activity rosters, volunteer service
 * records or points ledger for a range of China days. The file is opened here as Excel would open it: the title
 * and header rows, one row per record counted straight from the tables, the values of a known record, and the
 * masking — names, phones and flats masked unless the full export is asked for with a reason, which the audit
 * trail and the personal-data access log keep.
 */

let t: TestApp
let w: ReturnType<typeof bookingWorld>
let staff: As
let staffUserId: number
let lianTong: number
let fuLong: number

/* The demo district is seeded around NOW (this month, the last and the next): this year holds all of it. */
const FROM = '2026-01-01'
const TO = '2026-12-31'
const RANGE = { from: new Date(chinaDayStartMs(FROM)), until: new Date(chinaDayStartMs('2027-01-01')) }

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = bookingWorld(t)
  staff = await t.headersAs('staff')
  staffUserId = (await w.look.userOfPersona('staff')).id
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

function exportOf(as: As, kind: string, query: Record<string, string> = {}) {
  const qs = new URLSearchParams({ from: FROM, to: TO, ...query })
  return w.send({ method: 'GET', url: `/api/staff/exports/${kind}?${qs}`, headers: { authorization: as.authorization } })
}

type Sheet = { worksheet: ExcelJS.Worksheet; title: string; header: string[]; rows: string[][] }

/** The .xlsx answered, opened with exceljs: the title row, the header row and every row after as text. */
async function opened(res: Res): Promise<Sheet> {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer)
  expect(workbook.worksheets).toHaveLength(1)
  const worksheet = workbook.worksheets[0]!
  const width = worksheet.getRow(2).cellCount
  const text = (n: number) => Array.from({ length: width }, (_, i) => worksheet.getRow(n).getCell(i + 1).text)
  const rows: string[][] = []
  for (let n = 3; n <= worksheet.rowCount; n++) rows.push(text(n))
  return { worksheet, title: worksheet.getRow(1).getCell(1).text, header: text(2), rows }
}

const column = (sheet: Sheet, header: string) => {
  const i = sheet.header.indexOf(header)
  expect(i, `column ${header} in ${sheet.header.join(',')}`).toBeGreaterThanOrEqual(0)
  return (row: string[]) => row[i]!
}

/** The person's household as the masked file names it (小区 and 楼栋) and as the full one does (with the flat). */
async function addressOf(householdId: number) {
  const [h] = await t.handle.db
    .select({ estate: buildings.estate, building: buildings.name, unitNo: households.unitNo, roomNo: households.roomNo })
    .from(households)
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .where(eq(households.id, householdId))
  return { building: `${h!.estate} ${h!.building}`, flat: `${h!.estate} ${h!.building} ${h!.unitNo} ${h!.roomNo}` }
}

async function auditRows(action: string) {
  return t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.actorUserId, staffUserId))).orderBy(desc(auditLog.id))
}

const ELEVEN_DIGITS = /(?<!\d)1\d{10}(?!\d)/

describe('微心愿台账', () => {
  const HEADER = ['编号', '标题', '类别', '价值（元）', '状态', '心愿人', '联系电话', '楼栋', '联系方式', '代为发布', '发布时间', '审核人', '审核通过时间', '未通过原因', '认领人', '认领时间', '完成时间', '确认时间']

  async function zhangsWish() {
    const zhang = await w.look.person('张秀兰')
    const [wish] = await t.handle.db.select().from(wishes).where(eq(wishes.wisherPersonId, zhang.id)).orderBy(asc(wishes.id)).limit(1)
    return { zhang, wish: wish! }
  }

  it('is a sheet of every wish posted in the community in the range, with Chinese headers and the names and phones masked', async () => {
    const res = await exportOf(staff, 'wishes')
    const sheet = await opened(res)
    expect(sheet.title).toBe(`联通社区微心愿台账（${FROM}至${TO}，个人信息已脱敏）`)
    expect(sheet.header).toEqual(HEADER)
    const [{ n }] = (await t.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(wishes)
      .where(and(eq(wishes.communityId, lianTong), gte(wishes.createdAt, RANGE.from), lt(wishes.createdAt, RANGE.until)))) as [{ n: number }]
    expect(n).toBeGreaterThan(3)
    expect(sheet.rows).toHaveLength(n)
    // The 台账 reads oldest first.
    const posted = sheet.rows.map(column(sheet, '发布时间'))
    expect([...posted].sort()).toEqual(posted)

    const { zhang, wish } = await zhangsWish()
    const row = sheet.rows.find((r) => r[0] === String(wish.id))!
    expect(row).toBeDefined()
    const address = await addressOf(zhang.householdId!)
    expect(column(sheet, '标题')(row)).toBe(wish.title)
    expect(column(sheet, '心愿人')(row)).toBe('张**')
    expect(zhang.phone).toBe('13845675678')
    expect(column(sheet, '联系电话')(row)).toBe('138****5678')
    expect(column(sheet, '楼栋')(row)).toBe(address.building)
    expect(column(sheet, '发布时间')(row)).toMatch(/^2026-\d\d-\d\d \d\d:\d\d$/)
    // Nothing in the masked file is a phone number in clear, and no flat is named.
    for (const r of sheet.rows) {
      expect(r.join('|')).not.toMatch(ELEVEN_DIGITS)
      expect(column(sheet, '楼栋')(r)).not.toMatch(/单元/)
    }
  })

  it('shows the names, phones and flats in clear with full=1 and a reason, and logs it', async () => {
    const before = await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(personalDataAccess).where(eq(personalDataAccess.purpose, 'export'))
    const sheet = await opened(await exportOf(staff, 'wishes', { full: '1', reason: '年底台账归档' }))
    expect(sheet.title).toContain('含完整个人信息')
    expect(sheet.header).toEqual(HEADER.map((h) => (h === '楼栋' ? '住址' : h)))
    const { zhang, wish } = await zhangsWish()
    const row = sheet.rows.find((r) => r[0] === String(wish.id))!
    expect(column(sheet, '心愿人')(row)).toBe('张秀兰')
    expect(column(sheet, '联系电话')(row)).toBe('13845675678')
    expect(column(sheet, '住址')(row)).toBe((await addressOf(zhang.householdId!)).flat)

    const [audit] = await auditRows('export.full')
    expect(audit).toMatchObject({ communityId: lianTong, subjectType: 'export', subjectId: String(lianTong) })
    expect(audit!.detail).toEqual({ kind: 'wishes', from: FROM, to: TO, rows: sheet.rows.length, reason: '年底台账归档' })
    // One access row per person shown (the wishers and the claimers), once each, for the route of the export.
    const logged = await t.handle.db.select().from(personalDataAccess).where(and(eq(personalDataAccess.purpose, 'export'), eq(personalDataAccess.actorUserId, staffUserId)))
    expect(logged.length - before[0]!.n).toBeGreaterThan(0)
    const subjects = logged.map((l) => l.subjectPersonId)
    expect(new Set(subjects).size).toBe(subjects.length)
    expect(subjects).toContain(zhang.id)
    expect(logged[0]!.route).toBe('GET /api/staff/exports/:kind')
  })

  it('records a masked export in the audit trail without a reason, before the file', async () => {
    const res = await exportOf(staff, 'wishes', { from: '2026-11-01', to: '2026-11-30' })
    const sheet = await opened(res)
    const [audit] = await auditRows('export.masked')
    expect(audit!.detail).toEqual({ kind: 'wishes', from: '2026-11-01', to: '2026-11-30', rows: sheet.rows.length })
    expect(audit!.createdAt.getTime()).toBe(NOW.getTime())
  })

  it('is named after the community, the 台账 and the days, in UTF-8 and in ASCII', async () => {
    const res = await exportOf(staff, 'wishes', { from: '2026-11-01', to: '2026-11-30' })
    expect(res.statusCode).toBe(200)
    const name = '联通社区-微心愿台账-2026-11-01至2026-11-30.xlsx'
    expect(res.headers['content-disposition']).toBe(`attachment; filename="wishes-2026-11-01-2026-11-30.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
    const encoded = /filename\*=UTF-8''(.+)$/.exec(String(res.headers['content-disposition']))![1]!
    expect(decodeURIComponent(encoded)).toBe(name)
  })

  it('freezes the title and header rows and gives the columns widths', async () => {
    const { worksheet } = await opened(await exportOf(staff, 'wishes'))
    expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
    expect(worksheet.getColumn(2).width).toBeGreaterThan(worksheet.getColumn(1).width!)
    expect(worksheet.getRow(2).font?.bold).toBe(true)
  })
})

describe('the other 台账', () => {
  it('bookings: every booking starting in the range, with the booker masked', async () => {
    const sheet = await opened(await exportOf(staff, 'bookings'))
    expect(sheet.title).toBe(`联通社区场地预约台账（${FROM}至${TO}，个人信息已脱敏）`)
    expect(sheet.header).toEqual(['编号', '阵地', '场地/工具', '日期', '开始', '结束', '时长（小时）', '用途', '人数', '预约人', '联系电话', '状态', '审核人', '签到时间', '拒绝/取消原因', '提交时间'])
    const rows = await t.handle.db
      .select({ b: bookings, name: persons.name, phoneCipher: persons.phoneCipher })
      .from(bookings)
      .innerJoin(users, eq(users.id, bookings.bookerUserId))
      .innerJoin(persons, eq(persons.id, users.personId))
      .where(and(eq(bookings.communityId, lianTong), gte(bookings.startsAt, RANGE.from), lt(bookings.startsAt, RANGE.until)))
      .orderBy(asc(bookings.id))
    expect(rows.length).toBeGreaterThan(0)
    expect(sheet.rows).toHaveLength(rows.length)
    const known = rows.find((r) => r.b.endsAt.getTime() - r.b.startsAt.getTime() === 2 * 3_600_000) ?? rows[0]!
    const row = sheet.rows.find((r) => r[0] === String(known.b.id))!
    expect(column(sheet, '用途')(row)).toBe(known.b.purpose)
    expect(column(sheet, '时长（小时）')(row)).toBe(String((known.b.endsAt.getTime() - known.b.startsAt.getTime()) / 3_600_000))
    expect(column(sheet, '预约人')(row)).toBe(`${[...known.name][0]}${'*'.repeat([...known.name].length - 1)}`)
    const phone = t.personalData.openPhone(known.phoneCipher)!
    expect(column(sheet, '联系电话')(row)).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`)
  })

  it('rosters: every sign-up (cancelled ones left out) of the activities starting in the range, with confirmed hours', async () => {
    const sheet = await opened(await exportOf(staff, 'rosters'))
    expect(sheet.header).toEqual(['活动', '服务项目', '活动日期', '时间', '地点', '志愿者', '联系电话', '报名状态', '签到', '签退', '确认时长（小时）', '确认人', '获得积分'])
    const signups = await t.handle.db
      .select({ s: activitySignups, a: activities })
      .from(activitySignups)
      .innerJoin(activities, eq(activities.id, activitySignups.activityId))
      .where(and(eq(activitySignups.communityId, lianTong), gte(activities.startsAt, RANGE.from), lt(activities.startsAt, RANGE.until), ne(activitySignups.status, 'cancelled'), isNull(activities.cancelledAt)))
    expect(signups.length).toBeGreaterThan(0)
    expect(sheet.rows).toHaveLength(signups.length)
    const confirmed = signups.filter((s) => s.s.confirmedMinutes !== null)
    expect(confirmed.length).toBeGreaterThan(0)
    const hours = sheet.rows.map(column(sheet, '确认时长（小时）')).filter(Boolean).map(Number)
    expect(hours.reduce((a, b) => a + b, 0)).toBeCloseTo(confirmed.reduce((a, s) => a + Math.round((s.s.confirmedMinutes! / 60) * 10) / 10, 0), 5)
    for (const r of sheet.rows) expect(column(sheet, '志愿者')(r)).toMatch(/^\S\*+$/)
  })

  it('service records: one row per confirmed record, with the fields of 《志愿服务记录与证明出具办法》', async () => {
    const sheet = await opened(await exportOf(staff, 'service-records', { full: '1', reason: '开具证明核对' }))
    expect(sheet.title).toBe(`联通社区志愿服务记录（${FROM}至${TO}，含完整个人信息）`)
    expect(sheet.header).toEqual(['志愿者姓名', '联系电话', '服务项目', '服务内容', '服务地点', '服务日期', '服务时间', '服务时长（小时）', '记录组织', '确认人', '确认时间'])
    const records = await t.handle.db
      .select({ s: activitySignups, a: activities, realName: volunteerProfiles.realName, phoneCipher: volunteerProfiles.phoneCipher })
      .from(activitySignups)
      .innerJoin(activities, eq(activities.id, activitySignups.activityId))
      .innerJoin(volunteerProfiles, eq(volunteerProfiles.userId, activitySignups.userId))
      .where(and(eq(activitySignups.communityId, lianTong), gte(activities.startsAt, RANGE.from), lt(activities.startsAt, RANGE.until), isNotNull(activitySignups.confirmedMinutes)))
      .orderBy(asc(activities.startsAt), asc(activities.id), asc(activitySignups.id))
    expect(records.length).toBeGreaterThan(0)
    expect(sheet.rows).toHaveLength(records.length)
    const first = records[0]!
    const row = sheet.rows[0]!
    expect(column(sheet, '志愿者姓名')(row)).toBe(first.realName)
    expect(column(sheet, '联系电话')(row)).toBe(t.personalData.openPhone(first.phoneCipher))
    expect(column(sheet, '服务内容')(row)).toBe(first.a.title)
    expect(column(sheet, '服务地点')(row)).toBe(first.a.place)
    expect(column(sheet, '服务时长（小时）')(row)).toBe(String(Math.round((first.s.confirmedMinutes! / 60) * 10) / 10))
    expect(column(sheet, '记录组织')(row)).toMatch(/^联通社区/)
    expect(column(sheet, '确认人')(row)).not.toBe('')
    expect(column(sheet, '确认时间')(row)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/)
  })

  it('points ledger: every movement in the range, the household at building level and the member masked', async () => {
    const sheet = await opened(await exportOf(staff, 'points-ledger'))
    expect(sheet.header).toEqual(['时间', '家庭（楼栋）', '成员', '变动', '类型', '规则', '说明', '经办人', '余额'])
    const [{ n }] = (await t.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(pointsLedger)
      .where(and(eq(pointsLedger.communityId, lianTong), gte(pointsLedger.createdAt, RANGE.from), lt(pointsLedger.createdAt, RANGE.until)))) as [{ n: number }]
    expect(sheet.rows).toHaveLength(n)
    // The seed thanked 张秀兰 with 120 points for the 清雪 drive, a staff award.
    const zhang = await w.look.person('张秀兰')
    const row = sheet.rows.find((r) => column(sheet, '说明')(r) === '社区奖励：冬季清雪志愿服务')!
    expect(row).toBeDefined()
    expect(column(sheet, '变动')(row)).toBe('120')
    expect(column(sheet, '类型')(row)).toBe('社区奖励')
    expect(column(sheet, '成员')(row)).toBe('张**')
    expect(column(sheet, '家庭（楼栋）')(row)).toBe((await addressOf(zhang.householdId!)).building)
    expect(Number(column(sheet, '余额')(row))).toBeGreaterThanOrEqual(120)
  })
})

describe('who may export, and what is refused', () => {
  it('refuses a resident (403) and staff of another community (403); an admin exports any community', async () => {
    expectError(await exportOf(await t.headersAs('resident'), 'wishes'), 403, 'FORBIDDEN')
    const fuLongStaff = await w.staffOf(fuLong)
    expectError(await exportOf(fuLongStaff, 'wishes', { communityId: String(lianTong) }), 403, 'OUT_OF_COMMUNITY')
    // Their own community they export.
    const own = await opened(await exportOf(fuLongStaff, 'wishes'))
    expect(own.title).toMatch(/^福龙社区/)
    const admin = await opened(await exportOf(await t.headersAs('admin'), 'bookings', { communityId: String(lianTong) }))
    expect(admin.title).toMatch(/^联通社区/)
  })

  it('refuses a full export without a reason, a range that ends before it starts, and an unknown kind (400)', async () => {
    expectError(await exportOf(staff, 'wishes', { full: '1' }), 400, 'VALIDATION_FAILED', /原因/)
    expectError(await exportOf(staff, 'wishes', { full: '1', reason: '看看' }), 400, 'VALIDATION_FAILED', /原因/)
    expectError(await exportOf(staff, 'wishes', { from: '2026-11-30', to: '2026-11-01' }), 400, 'VALIDATION_FAILED', /开始日期/)
    expectError(await exportOf(staff, 'households'), 400, 'VALIDATION_FAILED')
    expectError(await exportOf(staff, 'wishes', { communityId: '99999' }), 403, 'OUT_OF_COMMUNITY')
  })

  it('refuses a nonexistent community to an admin (404)', async () => {
    expectError(await exportOf(await t.headersAs('admin'), 'wishes', { communityId: '99999' }), 404, 'COMMUNITY_NOT_FOUND')
  })
})

describe('large ledgers', () => {
  /** n ledger rows of one 联通社区 household in one statement, `perDay` a day from `day` 09:00, many sharing an instant to the microsecond. */
  async function bulkLedger(n: number, day: string, tag: string, perDay = 1000) {
    const { householdId } = (await w.look.householdsOf(lianTong))[0]!
    await t.handle.db.execute(sql`
      insert into points_ledger (community_id, household_id, amount, reason, source_type, source_id, event_key, title, household_balance_after, created_at)
      select ${lianTong}, ${householdId}, 1, 'staff_award', 'bench', ${tag}, ${tag} || ':' || i, '批量' || i, i,
             (${day} || ' 09:00:00+08')::timestamptz + (i / ${perDay}::int) * interval '1 day' + (i % 3) * interval '1 microsecond'
      from generate_series(1, ${n}) as i`)
  }

  it('reads in batches without losing or repeating a row, rows sharing an instant included', async () => {
    await bulkLedger(4_321, '2025-03-01', 'batches', 3_000)
    const sheet = await opened(await exportOf(staff, 'points-ledger', { from: '2025-03-01', to: '2025-03-31' }))
    expect(sheet.rows).toHaveLength(4_321)
    const balances = sheet.rows.map(column(sheet, '余额')).map(Number)
    expect(new Set(balances).size).toBe(4_321)
    expect(Math.min(...balances)).toBe(1)
    expect(Math.max(...balances)).toBe(4_321)
    const [{ n }] = (await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(pointsLedger).where(eq(pointsLedger.sourceId, 'batches'))) as [{ n: number }]
    expect(n).toBe(4_321)
  }, 60_000)

  it('stops an export whose download is abandoned part-way, and goes on serving', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = t.app.server.address() as AddressInfo
    const received = await new Promise<number>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${port}/api/staff/exports/points-ledger?from=2025-03-01&to=2025-03-31`, { headers: staff }, (res) => {
          expect(res.statusCode).toBe(200)
          res.once('data', (chunk: Buffer) => {
            res.destroy()
            resolve(chunk.length)
          })
        })
        .on('error', reject)
    })
    expect(received).toBeGreaterThan(0)
    const sheet = await opened(await exportOf(staff, 'points-ledger', { from: '2025-03-01', to: '2025-03-31' }))
    expect(sheet.rows).toHaveLength(4_321)
  }, 60_000)

  it(`answers 422 EXPORT_TOO_LARGE above ${EXPORT_ROW_CAP} rows, saying how many and the cap`, async () => {
    await bulkLedger(EXPORT_ROW_CAP + 1, '2024-01-01', 'cap', 400)
    const before = await auditRows('export.masked')
    const res = await exportOf(staff, 'points-ledger', { from: '2024-01-01', to: '2024-12-31' })
    expectError(res, 422, 'EXPORT_TOO_LARGE', `共 ${EXPORT_ROW_CAP + 1} 行，超过单次导出上限 ${EXPORT_ROW_CAP} 行，请缩短日期范围后再导出`)
    // Nothing was exported, so nothing is recorded.
    expect(await auditRows('export.masked')).toHaveLength(before.length)
    // A range under the cap streams.
    const sheet = await opened(await exportOf(staff, 'points-ledger', { from: '2024-01-01', to: '2024-01-10' }))
    expect(sheet.rows).toHaveLength(3_999)
  }, 120_000)
})
