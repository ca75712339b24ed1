import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Certificate, CertificateVerification, ServiceRecord, VolunteerSummary } from '../../types/api/volunteer'
import { createTestApp, type TestApp } from '../support/test-app'
import type { Account } from './booking-fixtures'
import { volunteerWorld } from './volunteer-fixtures'
import { type As, expectError, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 志愿服务记录 and 证明, through the API: a volunteer's confirmed records and total, the 星级 by hours (the demo's
 * 李建国 has a year of weekly visits: 104 h, one star), issuing a certificate (a snapshot with a number and a
 * verification code), who may see it, its PDF (and a clear 503 when the CJK font is missing), and the public
 * verification by code with the name half masked.
 */

let t: TestApp
let w: ReturnType<typeof volunteerWorld>
let lianTong: number
let fuLong: number
let staff: As
let admin: As
let li: As
let resident: As

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = volunteerWorld(t)
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
  staff = await t.headersAs('staff')
  admin = await t.headersAs('admin')
  li = await t.headersAs('volunteer')
  resident = await t.headersAs('resident')
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

let day = 0
/** A one-hour activity on a day of its own that the volunteer attended; the organiser confirms `hours`. */
async function serve(as: Account, hours: number) {
  t.clock.now = NOW
  const d = `2026-12-${String(++day).padStart(2, '0')}`
  const a = await w.newActivity(staff, lianTong, d, '09:00', '10:00')
  ok(await w.signUp(as, a.id))
  const signupId = (await w.signupRow(a.id, as.userId)).id
  w.setClock(d, '09:00')
  ok(await w.post(`/api/staff/signups/${signupId}/check-in`, staff))
  w.setClock(d, '10:00')
  ok(await w.post(`/api/staff/signups/${signupId}/check-out`, staff))
  ok(await w.post(`/api/staff/signups/${signupId}/confirm`, staff, hours === 1 ? {} : { hours, reason: '按实际服务时长' }))
  t.clock.now = NOW
  return { activity: a, signupId }
}

const summaryOf = async (as: As) => ok<VolunteerSummary>(await w.get('/api/volunteer/summary', as))
const issue = (as: As) => w.post('/api/volunteer/certificates', as)

/* ================================================================= records and stars */

describe('records and the star level', () => {
  it('shows 李建国’s year of confirmed visits: 104 hours, one star, the next at 300', async () => {
    const records = ok<{ items: ServiceRecord[]; totalHours: number }>(await w.get('/api/volunteer/records', li))
    expect(records.totalHours).toBe(104)
    expect(records.items).toHaveLength(52)
    expect(records.items[0]).toMatchObject({ activityTitle: '银发助老·周六探访', organiser: '银发助老服务队', date: '2026-11-14', hours: 2, confirmedBy: '刘晓燕', points: 10, checkedInAt: '2026-11-14T08:50:00+08:00', checkedOutAt: '2026-11-14T11:05:00+08:00' })
    const dates = records.items.map((r) => r.date)
    expect(dates).toEqual([...dates].sort().reverse())
    expect(records.items.at(-1)!.date).toBe('2025-11-22')

    const summary = await summaryOf(li)
    expect(summary).toMatchObject({ totalHours: 104, stars: 1, nextStarHours: 300, activityCount: 52, profile: { registered: true, realName: '李建国' } })
    expect(summary.upcoming).toEqual([])
  })

  it('is empty for someone not registered', async () => {
    expect(await summaryOf(resident)).toMatchObject({ totalHours: 0, stars: 0, nextStarHours: 100, activityCount: 0, upcoming: [], profile: { registered: false } })
    expect(ok<{ items: ServiceRecord[]; totalHours: number }>(await w.get('/api/volunteer/records', resident))).toEqual({ items: [], totalHours: 0 })
  })

  it('gains the first star at exactly 100 confirmed hours', async () => {
    const me = await w.volunteer(lianTong)
    for (const h of [24, 24, 24, 24, 3.5]) await serve(me, h)
    expect(await summaryOf(me)).toMatchObject({ totalHours: 99.5, stars: 0, nextStarHours: 100, activityCount: 5 })
    await serve(me, 0.5)
    expect(await summaryOf(me)).toMatchObject({ totalHours: 100, stars: 1, nextStarHours: 300, activityCount: 6 })
  })

  it('counts only confirmed hours, and lists what is coming up', async () => {
    const me = await w.volunteer(lianTong)
    await serve(me, 1)
    const next = await w.newActivity(staff, lianTong, '2026-12-30', '09:00', '11:00')
    ok(await w.signUp(me, next.id))
    const summary = await summaryOf(me)
    expect(summary).toMatchObject({ totalHours: 1, activityCount: 1 })
    expect(summary.upcoming.map((s) => s.activity.id)).toEqual([next.id])
  })
})

/* ================================================================= certificates */

describe('certificates', () => {
  let certificate: Certificate
  beforeAll(async () => {
    certificate = ok<Certificate>(await issue(li), 201)
  })

  it('are issued over every confirmed record, with a number and a verification code', () => {
    expect(certificate).toMatchObject({
      number: `爱辉志证〔2026〕第${String(certificate.id).padStart(6, '0')}号`,
      holderName: '李建国',
      issuedAt: '2026-11-17T10:00:00+08:00',
      totalHours: 104,
      pdfUrl: `/api/volunteer/certificates/${certificate.id}/pdf`,
    })
    expect(certificate.issuer).toMatch(/^爱辉区.*联通社区$/)
    expect(certificate.verificationCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
    expect(certificate.records).toHaveLength(52)
    expect(certificate.records[0]).toMatchObject({ activityTitle: '银发助老·周六探访', hours: 2, confirmedBy: '刘晓燕' })
  })

  it('need confirmed hours (NO_CONFIRMED_HOURS) and a registered volunteer (VOLUNTEER_NOT_REGISTERED)', async () => {
    const fresh = await w.volunteer(lianTong)
    expectError(await issue(fresh), 409, 'NO_CONFIRMED_HOURS')
    expectError(await issue(resident), 403, 'VOLUNTEER_NOT_REGISTERED')
    // Signed up, even checked in, is not confirmed.
    const a = await w.newActivity(staff, lianTong, '2026-11-19', '09:00', '10:00')
    ok(await w.signUp(fresh, a.id))
    expectError(await issue(fresh), 409, 'NO_CONFIRMED_HOURS')
    expect(ok<{ items: Certificate[] }>(await w.get('/api/volunteer/certificates', fresh)).items).toEqual([])
  })

  it('are a snapshot: later hours go on the next certificate, the earlier one stays as issued', async () => {
    const me = await w.volunteer(lianTong)
    const first = await serve(me, 1)
    const one = ok<Certificate>(await issue(me), 201)
    expect(one).toMatchObject({ totalHours: 1, records: [{ signupId: first.signupId }] })
    const second = await serve(me, 2)
    const two = ok<Certificate>(await issue(me), 201)
    expect(two.totalHours).toBe(3)
    expect(two.records.map((r) => r.signupId)).toEqual([second.signupId, first.signupId])
    expect(two.number).not.toBe(one.number)
    expect(two.verificationCode).not.toBe(one.verificationCode)
    expect(ok<Certificate>(await w.get(`/api/volunteer/certificates/${one.id}`, me))).toMatchObject({ totalHours: 1, records: [{ signupId: first.signupId }] })
    const list = ok<{ items: Omit<Certificate, 'records'>[] }>(await w.get('/api/volunteer/certificates', me)).items
    expect(list.map((c) => [c.id, c.totalHours])).toEqual([[two.id, 3], [one.id, 1]])
    expect(list[0]).not.toHaveProperty('records')
  })

  it('are shown to the holder and the community’s staff only', async () => {
    const url = `/api/volunteer/certificates/${certificate.id}`
    expect(ok<Certificate>(await w.get(url, li))).toEqual(certificate)
    expect(ok<Certificate>(await w.get(url, staff)).number).toBe(certificate.number)
    expect(ok<Certificate>(await w.get(url, admin)).number).toBe(certificate.number)
    for (const as of [resident, await w.volunteer(lianTong), await w.staffOf(fuLong), await t.headersAs('party_member')]) expectError(await w.get(url, as), 404, 'NOT_FOUND')
    expectError(await w.get('/api/volunteer/certificates/99999999', li), 404, 'NOT_FOUND')
    expectError(await w.get('/api/volunteer/certificates/abc', li), 400, 'VALIDATION_FAILED')
  })

  it('print as a PDF set in the CJK font', async () => {
    const res = await w.get(`/api/volunteer/certificates/${certificate.id}/pdf`, li)
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toBe(`inline; filename="certificate-${certificate.id}.pdf"`)
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(res.rawPayload.length).toBeGreaterThan(10_000) // the embedded font subset and 52 rows
    expect(res.rawPayload.toString('latin1')).toMatch(/WenQuanYi/)
    expect((await w.get(`/api/volunteer/certificates/${certificate.id}/pdf`, staff)).statusCode).toBe(200)
    expectError(await w.get(`/api/volunteer/certificates/${certificate.id}/pdf`, resident), 404, 'NOT_FOUND')
  })

  it('answer 503 with a clear message when the font is missing, not a 500', async () => {
    const config = t.config as { certificateFontPath: string }
    const font = config.certificateFontPath
    config.certificateFontPath = '/nonexistent/fonts/wqy-microhei.ttc'
    try {
      const res = await w.get(`/api/volunteer/certificates/${certificate.id}/pdf`, li)
      expectError(res, 503, 'SERVICE_UNAVAILABLE', '证明 PDF 暂时无法生成，请先使用证明页面打印')
      expect(res.body).not.toContain('nonexistent')
    } finally {
      config.certificateFontPath = font
    }
    expect((await w.get(`/api/volunteer/certificates/${certificate.id}/pdf`, li)).statusCode).toBe(200)
  })
})

/* ================================================================= public verification */

describe('verifying a certificate by its code', () => {
  let certificate: Certificate
  beforeAll(async () => {
    certificate = ok<Certificate>(await issue(li), 201)
  })
  const verify = (code: string, headers: Record<string, string> = {}) => w.send({ method: 'GET', url: `/api/certificates/${encodeURIComponent(code)}`, headers })

  it('is open to anyone and shows what the paper says, the name half masked', async () => {
    const res = await verify(certificate.verificationCode)
    const seen = ok<CertificateVerification>(res)
    expect(seen).toEqual({ valid: true, number: certificate.number, holderName: '李*国', issuer: certificate.issuer, issuedAt: certificate.issuedAt, totalHours: 104, recordCount: 52 })
    expect(res.body).not.toContain('李建国')
    expect(res.body).not.toContain('13604567788')
    expect(ok<CertificateVerification>(await verify(certificate.verificationCode, await t.headersAs('unit'))).number).toBe(certificate.number)
  })

  it('ignores case and surrounding spaces', async () => {
    expect(ok<CertificateVerification>(await verify(certificate.verificationCode.toLowerCase())).number).toBe(certificate.number)
    expect(ok<CertificateVerification>(await verify(` ${certificate.verificationCode} `)).number).toBe(certificate.number)
  })

  it('answers CERTIFICATE_NOT_FOUND for an unknown code, and 400 for something that is no code', async () => {
    const other = certificate.verificationCode.replace(/^./, (c) => (c === '2' ? '3' : '2'))
    expectError(await verify(other), 404, 'CERTIFICATE_NOT_FOUND')
    expectError(await verify(certificate.number), 404, 'CERTIFICATE_NOT_FOUND')
    expectError(await verify('abc'), 400, 'VALIDATION_FAILED')
    expectError(await verify('A'.repeat(41)), 400, 'VALIDATION_FAILED')
  })
})
