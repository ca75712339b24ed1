import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { calendarDays } from '../../server/src/db/schema'
import { seedReferenceData } from '../../server/src/db/seed/reference'
import { officialDays } from '../../server/src/modules/org/calendar.domain'
import { warnOfMissingCalendarYear } from '../../server/src/modules/org/calendar.service'
import type { Room, RoomWeek, StationList } from '../../types/api/booking'
import type { CalendarDay, CalendarStatus, DeleteCalendarDayResponse } from '../../types/api/org'
import type { AuditPage } from '../../types/api/reports'
import { createTestApp, type TestApp } from '../support/test-app'
import { bookingWorld } from './booking-fixtures'
import { type As, expectError, iso, itAnswersEachCaller, type MatrixRow, ok, type Outcome } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * The official holiday calendar, kept from the `chinese-days` package and by the admin: the official rows match
 * the package day for day; the admin adds days of their own and overrides official ones, and removing an
 * override brings the official arrangement back; a refresh from the package never undoes the admin; what the
 * calendar says changes the week grid, booking and today's hours; staff and admins are told when a year is
 * missing; and who may call what.
 */

let t: TestApp
let w: ReturnType<typeof bookingWorld>
let lianTong: number
let fuLong: number
let center: number
let staff: As
let admin: As
let staffFuLong: As

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = bookingWorld(t)
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
  center = await w.stationId('联通社区党群服务中心')
  staff = await t.headersAs('staff')
  admin = await t.headersAs('admin')
  staffFuLong = await w.staffOf(fuLong)
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

const calendarOf = async (year: number) => ok<{ items: CalendarDay[] }>(await w.get(`/api/admin/calendar?year=${year}`, admin)).items
const official = (day: string, kind: 'holiday' | 'workday', name: string): CalendarDay => ({ day, kind, name, source: 'official', overrides: null })
const status = async (as: As = staff) => ok<CalendarStatus>(await w.get('/api/calendar/status', as))

describe('the official calendar', () => {
  it('holds every day chinese-days knows, for every year it knows, and nothing else', async () => {
    const rows = await t.handle.db.select().from(calendarDays)
    const expected = officialDays()
    expect(rows.length).toBe(expected.length)
    const byDay = new Map(rows.map((r) => [r.day, r]))
    for (const d of expected) expect(byDay.get(d.day), d.day).toEqual({ ...d, source: 'official' })
    // From 2004 (the package's first year) to 2026 at least.
    const years = new Set(expected.map((d) => Number(d.day.slice(0, 4))))
    for (let y = 2004; y <= 2026; y++) expect(years.has(y), String(y)).toBe(true)
  })

  it('lists a year of holidays and make-up working days, in order', async () => {
    const items = await calendarOf(2026)
    expect(items.filter((d) => d.kind === 'holiday')).toHaveLength(33)
    expect(items.filter((d) => d.kind === 'workday').map((d) => d.day)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])
    expect(items).toContainEqual(official('2026-10-01', 'holiday', '国庆节'))
    expect(items).toContainEqual(official('2026-10-10', 'workday', '国庆节'))
    expect(items.map((d) => d.day)).toEqual([...items.map((d) => d.day)].sort())
    expect(await calendarOf(2025)).toContainEqual(official('2025-01-28', 'holiday', '春节'))
    expect(await calendarOf(2030)).toEqual([])
    expectError(await w.get('/api/admin/calendar?year=1999', admin), 400, 'VALIDATION_FAILED')
    expectError(await w.get('/api/admin/calendar', admin), 400, 'VALIDATION_FAILED')
  })
})

describe('the admin’s days and overrides', () => {
  let room: Room
  beforeAll(async () => {
    room = await w.newRoom(staff, center, { rules: { maxActivePerPerson: 10 } })
  })
  const grid = async (as: As, date = '2026-11-19') => ok<RoomWeek>(await w.get(`/api/rooms/${room.id}/week?date=${date}`, as))

  it('a weekday made a holiday opens on weekend hours, in the grid and for booking; removed, it is a working day again', async () => {
    const a = await w.fresh(lianTong)
    expect(ok<CalendarDay>(await w.put('/api/admin/calendar/2026-11-19', admin, { kind: 'holiday', name: '测试节' }))).toEqual({
      day: '2026-11-19',
      kind: 'holiday',
      name: '测试节',
      source: 'admin',
      overrides: null,
    })
    const thursday = (await grid(a)).days[3]!
    expect(thursday).toMatchObject({ date: '2026-11-19', dayKind: 'holiday', holidayName: '测试节', hours: '09:00–17:00' })
    expect(thursday.slots).toHaveLength(16)
    ok(await w.book(a, room.id, '2026-11-19', '12:00', '13:00'), 201) // the lunch closure of a working day
    expectError(await w.book(a, room.id, '2026-11-19', '18:00', '19:00'), 400, 'BOOKING_OUTSIDE_HOURS')

    expect(ok<DeleteCalendarDayResponse>(await w.del('/api/admin/calendar/2026-11-19', admin))).toEqual({ restored: null })
    expect((await grid(a)).days[3]).toMatchObject({ dayKind: 'workday', holidayName: null, hours: '08:30–11:30、13:30–20:00' })
    ok(await w.book(a, room.id, '2026-11-19', '18:00', '19:00'), 201)
    expectError(await w.del('/api/admin/calendar/2026-11-19', admin), 404, 'NOT_FOUND')
  })

  it('a 调休 Saturday opens on weekday hours; putting a day again replaces it', async () => {
    const a = await w.fresh(lianTong)
    ok(await w.put('/api/admin/calendar/2026-11-21', admin, { kind: 'workday', name: '调休上班' }))
    const saturday = (await grid(a)).days[5]!
    expect(saturday).toMatchObject({ date: '2026-11-21', dayKind: 'makeup_workday', holidayName: '调休上班', hours: '08:30–11:30、13:30–20:00' })
    expect(saturday.slots).toHaveLength(19)
    ok(await w.book(a, room.id, '2026-11-21', '18:00', '19:00'), 201)
    expectError(await w.book(a, room.id, '2026-11-21', '12:00', '13:00'), 400, 'BOOKING_OUTSIDE_HOURS')
    expect(ok<CalendarDay>(await w.put('/api/admin/calendar/2026-11-21', admin, { kind: 'holiday' }))).toMatchObject({ day: '2026-11-21', kind: 'holiday', name: '', source: 'admin' })
    expect((await grid(a)).days[5]).toMatchObject({ dayKind: 'holiday', holidayName: null, hours: '09:00–17:00' })
    ok(await w.del('/api/admin/calendar/2026-11-21', admin))
    expect((await grid(a)).days[5]).toMatchObject({ dayKind: 'weekend' })
  })

  it('overrides an official day; removing the override brings the official arrangement back, which itself cannot be removed', async () => {
    const a = await w.fresh(lianTong)
    const holidayGrid = () => grid(a, '2026-10-01')
    expect((await holidayGrid()).days.find((d) => d.date === '2026-10-01')).toMatchObject({ dayKind: 'holiday', holidayName: '国庆节', hours: '09:00–17:00' })

    expectError(await w.del('/api/admin/calendar/2026-10-01', admin), 409, 'CALENDAR_DAY_OFFICIAL')
    const overridden = ok<CalendarDay>(await w.put('/api/admin/calendar/2026-10-01', admin, { kind: 'workday', name: '值班开放' }))
    expect(overridden).toEqual({ day: '2026-10-01', kind: 'workday', name: '值班开放', source: 'admin', overrides: { kind: 'holiday', name: '国庆节' } })
    expect((await calendarOf(2026)).find((d) => d.day === '2026-10-01')).toEqual(overridden)
    expect((await holidayGrid()).days.find((d) => d.date === '2026-10-01')).toMatchObject({ dayKind: 'makeup_workday', holidayName: '值班开放', hours: '08:30–11:30、13:30–20:00' })

    expect(ok<DeleteCalendarDayResponse>(await w.del('/api/admin/calendar/2026-10-01', admin))).toEqual({ restored: official('2026-10-01', 'holiday', '国庆节') })
    expect((await calendarOf(2026)).find((d) => d.day === '2026-10-01')).toEqual(official('2026-10-01', 'holiday', '国庆节'))
    expect((await holidayGrid()).days.find((d) => d.date === '2026-10-01')).toMatchObject({ dayKind: 'holiday', holidayName: '国庆节' })
    expectError(await w.del('/api/admin/calendar/2026-10-01', admin), 409, 'CALENDAR_DAY_OFFICIAL')
  })

  it('records each change in the audit trail, filed under 阵地管理, in the change’s transaction', async () => {
    ok(await w.put('/api/admin/calendar/2026-10-07', admin, { kind: 'workday', name: '值班开放' }))
    ok(await w.del('/api/admin/calendar/2026-10-07', admin))
    expectError(await w.del('/api/admin/calendar/2026-10-07', admin), 409, 'CALENDAR_DAY_OFFICIAL') // refused, so not recorded
    ok(await w.put('/api/admin/calendar/2026-11-24', admin, { kind: 'holiday', name: '本区活动日' }))
    ok(await w.del('/api/admin/calendar/2026-11-24', admin))

    const adminUserId = (await w.look.userOfPersona('admin')).id
    const page = ok<AuditPage>(await w.get('/api/staff/audit?kind=station&limit=50', admin))
    const calendarEntries = page.items.filter((e) => e.subjectType === 'calendar_day' && ['2026-10-07', '2026-11-24'].includes(e.subjectId))
    const common = { kind: 'station', actor: expect.objectContaining({ userId: adminUserId }), communityId: null, subjectType: 'calendar_day' }
    expect(calendarEntries).toEqual([
      expect.objectContaining({ ...common, action: 'calendar.remove_day', actionLabel: '删除节假日设置', subjectId: '2026-11-24', summary: '2026年11月24日，节假日，「本区活动日」' }),
      expect.objectContaining({ ...common, action: 'calendar.set_day', actionLabel: '设置节假日或调休', subjectId: '2026-11-24', summary: '2026年11月24日，节假日，「本区活动日」' }),
      expect.objectContaining({ ...common, action: 'calendar.remove_day', subjectId: '2026-10-07', summary: '2026年10月7日，调休上班，「值班开放」，恢复国务院安排：国庆节' }),
      expect.objectContaining({ ...common, action: 'calendar.set_day', subjectId: '2026-10-07', summary: '2026年10月7日，调休上班，「值班开放」' }),
    ])
    // Staff do not keep the calendar, so their trail has none of it.
    const staffPage = ok<AuditPage>(await w.get(`/api/staff/audit?kind=station&communityId=${lianTong}&limit=50`, staff))
    expect(staffPage.items.filter((e) => e.subjectType === 'calendar_day')).toEqual([])
  })

  it('a refresh from the package puts back official days and never touches the admin’s', async () => {
    ok(await w.put('/api/admin/calendar/2026-10-02', admin, { kind: 'workday', name: '本区值班' }))
    ok(await w.put('/api/admin/calendar/2026-12-24', admin, { kind: 'holiday', name: '本区活动日' }))
    // An official day lost or altered (by hand in the database), and one the arrangement no longer lists.
    await t.handle.db.delete(calendarDays).where(eq(calendarDays.day, '2026-10-03'))
    await t.handle.db.update(calendarDays).set({ name: '改过' }).where(eq(calendarDays.day, '2026-10-04'))
    await t.handle.db.insert(calendarDays).values({ day: '2026-11-30', kind: 'holiday', name: '撤销的假日', source: 'official' })

    await seedReferenceData(t.handle.db)
    await seedReferenceData(t.handle.db) // twice: nothing changes the second time

    const items = await calendarOf(2026)
    const on = (day: string) => items.find((d) => d.day === day)
    expect(on('2026-10-03')).toEqual(official('2026-10-03', 'holiday', '国庆节'))
    expect(on('2026-10-04')).toEqual(official('2026-10-04', 'holiday', '国庆节'))
    expect(on('2026-11-30')).toBeUndefined()
    expect(on('2026-10-02')).toMatchObject({ kind: 'workday', name: '本区值班', source: 'admin', overrides: { kind: 'holiday', name: '国庆节' } })
    expect(on('2026-12-24')).toMatchObject({ kind: 'holiday', name: '本区活动日', source: 'admin', overrides: null })
    ok(await w.del('/api/admin/calendar/2026-10-02', admin))
    ok(await w.del('/api/admin/calendar/2026-12-24', admin))
  })

  it('changes today’s hours in the station list and on 首页', async () => {
    const hoursToday = async () => ok<StationList>(await w.get('/api/stations', staff)).items.find((s) => s.id === center)!.hoursToday
    ok(await w.put('/api/admin/calendar/2026-11-17', admin, { kind: 'holiday', name: '测试' }))
    expect(await hoursToday()).toBe('09:00–17:00')
    expect((ok<{ stations: { id: number; hoursToday: string | null }[] }>(await w.get('/api/home', staff))).stations.find((s) => s.id === center)!.hoursToday).toBe('09:00–17:00')
    ok(await w.del('/api/admin/calendar/2026-11-17', admin))
    expect(await hoursToday()).toBe('08:30–11:30、13:30–20:00')
  })

  it('refuses days that do not exist and kinds it does not know', async () => {
    for (const day of ['2026-02-30', '2026-13-01', 'tomorrow', '1999-12-31', '2100-01-01']) {
      expectError(await w.put(`/api/admin/calendar/${day}`, admin, { kind: 'holiday', name: '' }), 400, 'VALIDATION_FAILED')
      expectError(await w.del(`/api/admin/calendar/${day}`, admin), 400, 'VALIDATION_FAILED')
    }
    expectError(await w.put('/api/admin/calendar/2026-11-20', admin, { kind: 'vacation', name: '' }), 400, 'VALIDATION_FAILED')
    expectError(await w.put('/api/admin/calendar/2026-11-20', admin, { kind: 'holiday', name: '很长'.repeat(11) }), 400, 'VALIDATION_FAILED')
  })
})

describe('a missing year', () => {
  it('says nothing while this year’s and (in December) next year’s holidays are in the calendar', async () => {
    expect(await status()).toEqual({ missingYear: null, notice: null })
    t.clock.now = new Date(iso('2026-11-30', '23:59'))
    expect(await status(admin)).toEqual({ missingYear: null, notice: null })
  })

  it('from 1 December tells staff and admins that next year is missing, until a holiday of that year is entered', async () => {
    // Years no release of chinese-days can know yet: 2030 made known by the admin, 2031 not.
    ok(await w.put('/api/admin/calendar/2030-05-01', admin, { kind: 'holiday', name: '劳动节' }))
    t.clock.now = new Date(iso('2030-11-30', '23:59'))
    expect(await status()).toEqual({ missingYear: null, notice: null })
    t.clock.now = new Date(iso('2030-12-01', '00:00'))
    const told = await status()
    expect(told.missingYear).toBe(2031)
    expect(told.notice).toContain('2031年的法定节假日和调休安排')
    expect(await status(staffFuLong)).toEqual(told)
    expect(await status(admin)).toEqual(told)
    // A make-up working day alone does not make a year known; a holiday does.
    ok(await w.put('/api/admin/calendar/2031-01-05', admin, { kind: 'workday', name: '元旦' }))
    expect((await status()).missingYear).toBe(2031)
    ok(await w.put('/api/admin/calendar/2031-01-01', admin, { kind: 'holiday', name: '元旦' }))
    expect(await status()).toEqual({ missingYear: null, notice: null })
    for (const day of ['2031-01-01', '2031-01-05', '2030-05-01']) ok(await w.del(`/api/admin/calendar/${day}`, admin))
    expect((await status()).missingYear).toBe(2030)
  })

  it('a year with no holidays at all is missing on every day of it', async () => {
    t.clock.now = new Date(iso('2031-06-15', '10:00'))
    expect(await status()).toMatchObject({ missingYear: 2031 })
  })

  it('the server warns at start, naming the year and what to do; a complete calendar gets no warning', async () => {
    const warnings: string[] = []
    await warnOfMissingCalendarYear(t.handle.db, new Date(iso('2031-01-02', '09:00')), (m) => warnings.push(m))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('no holidays for 2031')
    expect(warnings[0]).toContain('npm update chinese-days')
    await warnOfMissingCalendarYear(t.handle.db, NOW, (m) => warnings.push(m))
    expect(warnings).toHaveLength(1)
  })
})

const F: Outcome = [403, 'FORBIDDEN']

describe('who may call what', () => {
  let calendarDay = 0
  const nextDay = () => `2028-03-${String(++calendarDay).padStart(2, '0')}`
  const rows: MatrixRow[] = [
    { route: 'GET /api/calendar/status', run: (as) => w.get('/api/calendar/status', as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': 200, staff: 200, admin: 200 } },
    { route: 'GET /api/admin/calendar', run: (as) => w.get('/api/admin/calendar?year=2026', as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': F, staff: F, admin: 200 } },
    { route: 'PUT /api/admin/calendar/:day', run: (as) => w.put(`/api/admin/calendar/${nextDay()}`, as, { kind: 'holiday', name: '测试' }), outcomes: { resident: F, volunteer: F, 'staff elsewhere': F, staff: F, admin: 200 } },
    {
      route: 'DELETE /api/admin/calendar/:day',
      run: async (as) => {
        const day = nextDay()
        ok(await w.put(`/api/admin/calendar/${day}`, admin, { kind: 'holiday', name: '测试' }))
        return w.del(`/api/admin/calendar/${day}`, as)
      },
      outcomes: { resident: F, volunteer: F, 'staff elsewhere': F, staff: F, admin: 200 },
    },
  ]
  const as: Partial<Record<'resident' | 'volunteer' | 'staff elsewhere' | 'staff' | 'admin', As>> = {}
  beforeAll(async () => {
    as.resident = await w.fresh(lianTong)
    as.volunteer = await t.headersAs('volunteer')
    as['staff elsewhere'] = staffFuLong
    as.staff = staff
    as.admin = admin
  })
  itAnswersEachCaller(rows, as)

  it('asks everyone to log in', async () => {
    for (const [method, url] of [['GET', '/api/calendar/status'], ['GET', '/api/admin/calendar?year=2026'], ['PUT', '/api/admin/calendar/2026-11-20'], ['DELETE', '/api/admin/calendar/2026-11-20']] as const) {
      expectError(await w.send({ method, url, payload: method === 'PUT' ? { kind: 'holiday' } : undefined }), 401, 'UNAUTHENTICATED')
    }
  })
})
