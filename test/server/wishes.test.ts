import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { and, eq, sql } from 'drizzle-orm'
import sharp from 'sharp'
import { persons, wishes } from '../../server/src/db/schema'
import { lapseOverdueClaims } from '../../server/src/modules/wishes/wish-lifecycle.service'
import type { Role } from '../../types/api/common'
import type { WishAction, WishCategory, WishStatus } from '../../types/api/labels'
import type { Wish, WishSummary } from '../../types/api/wishes'
import { chinaTime } from '../../types/time'
import { createTestApp, type TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'

/*
 * 微心愿 through the API: every move, every refusal with its code and status, who may do what (a table), what
 * each viewer sees, the wall, the claim-lapse sweep, points on confirmation, idempotent posting, the content
 * check and the lists. One app and one demo district for the file; the tests make their own wishes and people.
 */

type As = { authorization: string }
type Account = As & { userId: number; personId: number; name: string; phone: string | null; householdId: number }
type Res = LightMyRequestResponse

let t: TestApp
let look: ReturnType<typeof demoLookup>
let lianTong: number
let fuLong: number
let haiLan: number
let resident: As // 张秀兰, 13845675678
let staff: As // 刘晓燕, staff of 联通社区
let volunteer: As // 李建国, holds one claim from the seed
let partyMember: As // 王红梅, a volunteer and party member
let unit: As // 黑河市中医院
let admin: As // 赵磊, district admin
let staffFuLong: As
const pools = new Map<number, { id: number; name: string; phone: string | null; householdId: number | null }[]>()

const NOW = new Date('2026-11-17T10:00:00+08:00')
const ZHANG_PHONE = '13845675678'

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  look = demoLookup(t.handle.db)
  ;[lianTong, fuLong, haiLan] = await Promise.all([look.communityId('联通社区'), look.communityId('福龙社区'), look.communityId('海兰社区')])
  resident = await t.headersAs('resident')
  staff = await t.headersAs('staff')
  volunteer = await t.headersAs('volunteer')
  partyMember = await t.headersAs('party_member')
  unit = await t.headersAs('unit')
  admin = await t.headersAs('admin')
  for (const c of [lianTong, fuLong, haiLan]) pools.set(c, await look.peopleWithoutAccount(c))
  staffFuLong = await staffOf(fuLong)
}, 60_000)
afterAll(() => t?.close())

const usedHouseholds = new Set<number>()

/** A new account for a resident of the community who had none (and of a household not used yet), with extra roles. */
async function fresh(roles: Role[] = [], communityId = lianTong): Promise<Account> {
  // One account per household: a family member may not claim a wish of their own household.
  const pool = pools.get(communityId)!
  const index = pool.findIndex((p) => !usedHouseholds.has(p.householdId!))
  const person = index >= 0 ? pool.splice(index, 1)[0]! : await look.newResident(communityId, usedHouseholds.size)
  usedHouseholds.add(person.householdId!)
  const account = await t.actAsPerson(person.id)
  for (const role of roles) await look.grant(account.userId, role)
  return { ...account, personId: person.id, name: person.name, phone: person.phone, householdId: person.householdId! }
}
async function staffOf(communityId: number): Promise<As> {
  const person = pools.get(communityId)!.shift()!
  const { authorization } = await t.actAsPerson(person.id, [{ role: 'staff', communityId }])
  return { authorization }
}

/* ----------------------------------------------------------------- requests */

const send = (opts: InjectOptions) => t.app.inject(opts)
const get = (url: string, as: As) => send({ method: 'GET', url, headers: { authorization: as.authorization } })
const post = (url: string, as: As, payload: object = {}, headers: Record<string, string> = {}) => send({ method: 'POST', url, headers: { authorization: as.authorization, ...headers }, payload })
const put = (url: string, as: As, payload: object) => send({ method: 'PUT', url, headers: { authorization: as.authorization }, payload })

function expectError(res: Res, status: number, code: string, message?: string | RegExp) {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.json().code).toBe(code)
  if (typeof message === 'string') expect(res.json().message).toBe(message)
  else if (message) expect(res.json().message).toMatch(message)
}
function ok<T = Wish>(res: Res, status = 200): T {
  expect(res.statusCode, res.body).toBe(status)
  return res.json() as T
}

// A 1×1 PNG (a transparent pixel), and a small JPEG and WebP made with sharp: uploads are decoded for real.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const JPEG = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#c03030' } }).jpeg().toBuffer()
const WEBP = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#3030c0' } }).webp().toBuffer()

function multipart(parts: { name: string; filename?: string; contentType?: string; bytes: Buffer }[]) {
  const boundary = '----doorstep-wishes-test'
  const chunks = parts.flatMap((p) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`),
    p.bytes,
    Buffer.from('\r\n'),
  ])
  return { payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` }
}
function uploadRaw(as: As, purpose: string, bytes: Buffer, filename = 'photo.png', contentType = 'image/png') {
  const { payload, contentType: type } = multipart([{ name: 'file', filename, contentType, bytes }])
  return send({ method: 'POST', url: `/api/uploads?purpose=${purpose}`, headers: { authorization: as.authorization, 'content-type': type }, payload })
}
async function upload(as: As, purpose: 'wish_photo' | 'proof_photo', bytes = PNG): Promise<number> {
  return ok<{ id: number }>(await uploadRaw(as, purpose, bytes), 201).id
}

/* ----------------------------------------------------------------- wishes in each state */

let seq = 0
const fields = (over: Record<string, unknown> = {}) => ({
  category: 'elderly_care',
  title: `想请人帮忙换灯泡${++seq}`,
  description: '卫生间的灯泡坏了，自己够不着，想请志愿者帮忙换一个。',
  photoIds: [],
  valueYuan: 20,
  contactPreference: 'phone',
  neededBy: null,
  ...over,
})
async function posted(wisher: As = resident, over: Record<string, unknown> = {}): Promise<Wish> {
  return ok(await post('/api/wishes', wisher, fields(over)), 201)
}
async function opened(wisher: As = resident, over: Record<string, unknown> = {}, reviewer: As = staff): Promise<Wish> {
  const wish = await posted(wisher, over)
  return ok(await post(`/api/staff/wishes/${wish.id}/approve`, reviewer, {}))
}
async function claimed(claimer: As, wisher: As = resident, reviewer: As = staff): Promise<Wish> {
  const wish = await opened(wisher, {}, reviewer)
  return ok(await post(`/api/wishes/${wish.id}/claim`, claimer))
}
async function fulfil(id: number, claimer: As) {
  return post(`/api/wishes/${id}/fulfil`, claimer, { proofPhotoId: await upload(claimer, 'proof_photo'), note: '已经上门换好了' })
}
async function fulfilled(claimer: As, wisher: As = resident, reviewer: As = staff): Promise<Wish> {
  const wish = await claimed(claimer, wisher, reviewer)
  return ok(await fulfil(wish.id, claimer))
}
const THANKS = { thanks: '谢谢志愿者，灯又亮了！', rating: 5 }
const statusOf = async (id: number) => (await look.wish(id)).status
const kinds = (w: Wish) => w.timeline.map((e) => e.kind)
async function openIds(communityId = lianTong) {
  const rows = await t.handle.db.select({ id: wishes.id }).from(wishes).where(and(eq(wishes.communityId, communityId), eq(wishes.status, 'open')))
  return rows.map((r) => r.id)
}

/* ================================================================= posting */

describe('posting a wish', () => {
  it('posts as 待审核, shown to the wisher with her full name, no contact block of her own and the withdraw button', async () => {
    const wish = await posted(resident, { neededBy: '2026-12-20', valueYuan: 300 })
    expect(wish).toMatchObject({
      status: 'pending',
      mine: true,
      wisherName: '张秀兰',
      // How to reach her is for those who must; she is not shown her own number.
      contact: null,
      claimBlock: null,
      valueYuan: 300,
      neededBy: '2026-12-20',
      postedOnBehalf: false,
      claim: null,
      confirmation: null,
      moderation: null,
      actions: ['withdraw'],
      communityId: lianTong,
      createdAt: '2026-11-17T10:00:00+08:00',
    })
    expect(kinds(wish)).toEqual(['posted'])
    expect((await get('/api/wishes/mine', resident)).json().items[0].id).toBe(wish.id)
  })

  it('refuses what breaks the form’s limits with 400 VALIDATION_FAILED and the field’s Chinese message', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: '字'.repeat(31) }, 'body.title', '标题最多30个字'],
      [{ title: '字' }, 'body.title', '标题至少2个字'],
      [{ description: '字'.repeat(501) }, 'body.description', '描述最多500个字'],
      [{ photoIds: [1, 2, 3, 4] }, 'body.photoIds', '最多3张照片'],
      [{ valueYuan: -1 }, 'body.valueYuan', '金额不能为负'],
      [{ valueYuan: 10.5 }, 'body.valueYuan', '请填写整数金额'],
      [{ neededBy: '2026/12/01' }, 'body.neededBy', '日期格式应为 YYYY-MM-DD'],
    ]
    for (const [over, path, message] of cases) {
      const res = await post('/api/wishes', resident, fields(over))
      expectError(res, 400, 'VALIDATION_FAILED', `提交的内容有误，请检查后再试：${message}`)
      expect(res.json().details).toEqual([{ path, message }])
    }
    // The edges themselves are accepted.
    expect((await post('/api/wishes', resident, fields({ title: '字'.repeat(30), description: '字'.repeat(500) }))).statusCode).toBe(201)
    const unknownCategory = await post('/api/wishes', resident, fields({ category: 'lottery' }))
    expectError(unknownCategory, 400, 'VALIDATION_FAILED')
    expect(unknownCategory.json().details[0].path).toBe('body.category')
  })

  it('caps the value at ¥300 by default and at whatever staff set for their community', async () => {
    expectError(await post('/api/wishes', resident, fields({ valueYuan: 301 })), 400, 'WISH_VALUE_TOO_HIGH', '心愿价值不能超过300元')
    expect(ok(await get('/api/staff/wishes/settings', staff))).toEqual({ communityId: lianTong, maxValueYuan: 300, claimLimit: 3, claimDays: 7 })
    try {
      expect(ok(await put('/api/staff/wishes/settings', staff, { communityId: lianTong, maxValueYuan: 500 }))).toEqual({ communityId: lianTong, maxValueYuan: 500, claimLimit: 3, claimDays: 7 })
      expect((await post('/api/wishes', resident, fields({ valueYuan: 301 }))).statusCode).toBe(201)
      expect((await post('/api/wishes', resident, fields({ valueYuan: 500 }))).statusCode).toBe(201)
      expectError(await post('/api/wishes', resident, fields({ valueYuan: 501 })), 400, 'WISH_VALUE_TOO_HIGH', '心愿价值不能超过500元')
      // Another community keeps its own cap.
      const fuLongResident = await fresh([], fuLong)
      expectError(await post('/api/wishes', fuLongResident, fields({ valueYuan: 301 })), 400, 'WISH_VALUE_TOO_HIGH', '心愿价值不能超过300元')
    } finally {
      await put('/api/staff/wishes/settings', staff, { communityId: lianTong, maxValueYuan: 300 })
    }
  })

  it('takes only the poster’s own wish photos: others’ uploads and proof photos are PHOTO_NOT_FOUND', async () => {
    const mine = await upload(resident, 'wish_photo')
    const someoneElses = await upload(volunteer, 'wish_photo')
    const proof = await upload(resident, 'proof_photo')
    for (const photoIds of [[someoneElses], [proof], [mine, someoneElses], [99_999_999]]) {
      expectError(await post('/api/wishes', resident, fields({ photoIds })), 400, 'PHOTO_NOT_FOUND', '照片不存在或已失效，请重新上传')
    }
    const wish = await posted(resident, { photoIds: [mine, mine] })
    expect(wish.photos).toEqual([{ id: mine, url: expect.stringMatching(/^\/api\/files\/[0-9a-f]{32}\.png$/) }])
  })

  it('needs a registered household: a 驻区单位 account or a fresh WeChat account cannot post', async () => {
    expectError(await post('/api/wishes', unit, fields()), 409, 'HOUSEHOLD_REQUIRED', '发布心愿需要先完成住户认证')
    t.wechat.codes.set('wishes-newcomer', 'openid-wishes-newcomer')
    const login = await send({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'wishes-newcomer' } })
    const newcomer = { authorization: `Bearer ${login.json().token}` }
    expectError(await post('/api/wishes', newcomer, fields()), 409, 'HOUSEHOLD_REQUIRED')
    expectError(await get('/api/wishes', newcomer), 400, 'COMMUNITY_REQUIRED')
    expectError(await get('/api/wishes/wall', newcomer), 400, 'COMMUNITY_REQUIRED')
    expect(ok(await get('/api/wishes/mine', newcomer))).toEqual({ items: [], nextCursor: null })
    expectError(await send({ method: 'POST', url: '/api/wishes', payload: fields() }), 401, 'UNAUTHENTICATED')
    expectError(await send({ method: 'GET', url: '/api/wishes/1' }), 401, 'UNAUTHENTICATED')
  })

  it('replays a retried post (same Idempotency-Key): one wish, the same body', async () => {
    const body = fields({ title: '想要一副老花镜（重试）' })
    const headers = { 'idempotency-key': 'wish-post-retry-0001' }
    const first = await post('/api/wishes', resident, body, headers)
    const retry = await post('/api/wishes', resident, body, headers)
    expect(first.statusCode).toBe(201)
    expect(retry.statusCode).toBe(201)
    expect(retry.json()).toEqual(first.json())
    expect(retry.headers['idempotent-replayed']).toBe('true')
    const [{ n }] = (await t.handle.db.select({ n: sql<number>`count(*)::int` }).from(wishes).where(eq(wishes.title, '想要一副老花镜（重试）'))) as [{ n: number }]
    expect(n).toBe(1)
    // The same key on a different wish is refused rather than replayed.
    expectError(await post('/api/wishes', resident, { ...body, title: '想要一副别的眼镜' }, headers), 422, 'IDEMPOTENCY_KEY_REUSED')
  })
})

describe('posting for a resident without a smartphone', () => {
  it('staff post with the resident’s consent: 待审核, marked as posted on their behalf', async () => {
    const person = pools.get(lianTong)!.shift()!
    const res = await post('/api/staff/wishes', staff, { ...fields(), personId: person.id, consent: true })
    const wish = ok(res, 201)
    expect(wish).toMatchObject({ status: 'pending', postedOnBehalf: true, wisherName: person.name, mine: false, actions: ['review'] })
    expect(wish.timeline).toEqual([{ kind: 'posted', at: '2026-11-17T10:00:00+08:00', note: '社区工作人员代为发布（已征得居民本人同意）' }])
    const row = await look.wish(wish.id)
    expect(row).toMatchObject({ wisherPersonId: person.id, postedOnBehalf: true, consentRecorded: true })
    // The resident, once they have an account, finds it among their wishes.
    const theirs = await t.actAsPerson(person.id)
    expect(ok<{ items: WishSummary[] }>(await get('/api/wishes/mine', theirs)).items.map((w) => w.id)).toContain(wish.id)
  })

  it('without consent: 400 with the consent message; other communities and non-staff are refused', async () => {
    const person = pools.get(lianTong)![0]!
    for (const consent of [undefined, false]) {
      const res = await post('/api/staff/wishes', staff, { ...fields(), personId: person.id, ...(consent === undefined ? {} : { consent }) })
      expectError(res, 400, 'VALIDATION_FAILED', '提交的内容有误，请检查后再试：代居民发布心愿，须先取得居民本人同意')
      expect(res.json().details).toEqual([{ path: 'body.consent', message: '代居民发布心愿，须先取得居民本人同意' }])
    }
    expectError(await post('/api/staff/wishes', staffFuLong, { ...fields(), personId: person.id, consent: true }), 403, 'OUT_OF_COMMUNITY', '只能处理本社区的事务')
    expectError(await post('/api/staff/wishes', resident, { ...fields(), personId: person.id, consent: true }), 403, 'FORBIDDEN')
    expectError(await post('/api/staff/wishes', staff, { ...fields(), personId: 99_999_999, consent: true }), 404, 'NOT_FOUND', '没有找到这位居民')
  })
})

/* ================================================================= uploads */

describe('uploads', () => {
  it('knows a picture by decoding it, whatever its name: PNG, JPEG and WebP are stored re-encoded (test/server/uploads.test.ts)', async () => {
    // A picture with transparency stays PNG; the others become JPEG.
    for (const [bytes, ext, mime] of [[PNG, 'png', 'image/png'], [JPEG, 'jpg', 'image/jpeg'], [WEBP, 'jpg', 'image/jpeg']] as const) {
      const res = await uploadRaw(resident, 'wish_photo', bytes, 'whatever.bin', 'application/octet-stream')
      const { url } = ok<{ id: number; url: string }>(res, 201)
      expect(url).toMatch(new RegExp(`^/api/files/[0-9a-f]{32}\\.${ext}$`))
      const file = await send({ method: 'GET', url })
      expect(file.statusCode).toBe(200)
      expect(file.headers['content-type']).toBe(mime)
    }
  })

  it('refuses a text file named .png, a request without a file, and a bad purpose', async () => {
    const text = await uploadRaw(resident, 'wish_photo', Buffer.from('这不是图片，只是一段文字。'), 'photo.png', 'image/png')
    expectError(text, 400, 'UPLOAD_INVALID', '只能上传 JPG、PNG 或 WebP 格式的图片')
    const onlyField = multipart([{ name: 'note', bytes: Buffer.from('hello') }])
    expectError(await send({ method: 'POST', url: '/api/uploads?purpose=wish_photo', headers: { ...resident, 'content-type': onlyField.contentType }, payload: onlyField.payload }), 400, 'UPLOAD_INVALID', '请选择一张图片上传')
    expectError(await post('/api/uploads?purpose=wish_photo', resident, { file: 'x' }), 400, 'UPLOAD_INVALID', '请选择一张图片上传')
    expectError(await uploadRaw(resident, 'avatar', PNG), 400, 'VALIDATION_FAILED')
    expectError(await uploadRaw({ authorization: '' }, 'wish_photo', PNG), 401, 'UNAUTHENTICATED')
    expectError(await send({ method: 'GET', url: '/api/files/0123456789abcdef0123456789abcdef.png' }), 404, 'NOT_FOUND')
  })

  it('takes pictures up to 5 MB and answers 413 PAYLOAD_TOO_LARGE beyond', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)])
    expect((await uploadRaw(resident, 'wish_photo', big)).statusCode).toBe(201)
    const tooBig = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)])
    expectError(await uploadRaw(resident, 'wish_photo', tooBig), 413, 'PAYLOAD_TOO_LARGE', '提交的内容太大')
  })
})

/* ================================================================= review */

describe('review', () => {
  it('approves into the open list, recording a changed category', async () => {
    const wish = await posted(resident, { category: 'other' })
    expect((await get('/api/wishes', volunteer)).json().items.some((w: WishSummary) => w.id === wish.id)).toBe(false)
    const approved = ok(await post(`/api/staff/wishes/${wish.id}/approve`, staff, { category: 'appliance_repair' }))
    expect(approved).toMatchObject({ status: 'open', category: 'appliance_repair' })
    expect(approved.timeline.map((e) => [e.kind, e.note])).toEqual([['posted', null], ['category_changed', '其他 → 家电维修'], ['approved', null]])
    expect(ok<{ items: WishSummary[] }>(await get('/api/wishes', volunteer)).items[0]!.id).toBe(wish.id)
  })

  it('rejects with a reason the wisher sees; the wish never reaches the open list', async () => {
    const wish = await posted(resident)
    expectError(await post(`/api/staff/wishes/${wish.id}/reject`, staff, { reason: '' }), 400, 'VALIDATION_FAILED', /请写明未通过的原因/)
    const rejected = ok(await post(`/api/staff/wishes/${wish.id}/reject`, staff, { reason: '属于物业维修范围，请联系物业' }))
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '属于物业维修范围，请联系物业' })
    expect(ok(await get(`/api/wishes/${wish.id}`, resident))).toMatchObject({ status: 'rejected', rejectReason: '属于物业维修范围，请联系物业', actions: [] })
    expect(await openIds()).not.toContain(wish.id)
    expectError(await get(`/api/wishes/${wish.id}`, volunteer), 404, 'NOT_FOUND')
    expect(ok<{ items: WishSummary[] }>(await get('/api/staff/wishes?status=rejected', staff)).items.map((w) => w.id)).toContain(wish.id)
  })

  it('refuses to review anything but a 待审核 wish: WISH_STATE_CONFLICT', async () => {
    const open = await opened()
    expectError(await post(`/api/staff/wishes/${open.id}/approve`, staff, {}), 409, 'WISH_STATE_CONFLICT', '心愿当前的状态不能进行这个操作，请刷新后再看')
    expectError(await post(`/api/staff/wishes/${open.id}/reject`, staff, { reason: '重复发布' }), 409, 'WISH_STATE_CONFLICT')
    expect(kinds(ok(await get(`/api/wishes/${open.id}`, staff)))).toEqual(['posted', 'approved'])
  })

  it('the staff queue is the community’s 待审核 wishes, for its own staff only', async () => {
    const wish = await posted(resident)
    const queue = ok<{ items: WishSummary[] }>(await get('/api/staff/wishes', staff)).items
    expect(queue.every((w) => w.status === 'pending' && w.communityId === lianTong)).toBe(true)
    expect(queue[0]).toMatchObject({ id: wish.id, moderation: { text: 'pass', photos: [], labels: [] }, actions: ['review'] })
    expectError(await get(`/api/staff/wishes?communityId=${lianTong}`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await get('/api/staff/wishes', resident), 403, 'FORBIDDEN')
    expectError(await get('/api/staff/wishes', volunteer), 403, 'FORBIDDEN')
    expect(ok<{ items: WishSummary[] }>(await get(`/api/staff/wishes?communityId=${lianTong}`, admin)).items[0]!.id).toBe(wish.id)
  })
})

describe('the content check (development keyword list)', () => {
  it('marks a wish that mentions 刷单 as risky for the reviewer; nobody else sees it until it is approved', async () => {
    const photo = await upload(resident, 'wish_photo')
    const wish = await posted(resident, { title: '想请人帮忙看看手机', description: '有人在微信上找我刷单，说能赚钱，想请懂行的人帮我看看是不是骗子。', photoIds: [photo] })
    expect(wish).toMatchObject({ status: 'pending', moderation: null })
    const queued = ok<{ items: WishSummary[] }>(await get('/api/staff/wishes', staff)).items.find((w) => w.id === wish.id)!
    expect(queued.moderation).toEqual({ text: 'risky', photos: ['unchecked'], labels: ['含敏感词“刷单”', '照片1：开发环境不做图片机审'] })
    expect(ok(await get(`/api/wishes/${wish.id}`, staff)).moderation?.text).toBe('risky')
    expect(await openIds()).not.toContain(wish.id)
    expectError(await get(`/api/wishes/${wish.id}`, volunteer), 404, 'NOT_FOUND')
    expect(ok<{ items: WishSummary[] }>(await get('/api/wishes?limit=50', volunteer)).items.map((w) => w.id)).not.toContain(wish.id)
    // A person decides: once approved it is listed, and only staff ever see the findings.
    ok(await post(`/api/staff/wishes/${wish.id}/approve`, staff, {}))
    const listed = ok<{ items: WishSummary[] }>(await get('/api/wishes', volunteer)).items.find((w) => w.id === wish.id)!
    expect(listed.moderation).toBeNull()
  })

  it('passes an ordinary wish', async () => {
    const wish = await posted(resident)
    expect(ok<{ items: WishSummary[] }>(await get('/api/staff/wishes', staff)).items.find((w) => w.id === wish.id)!.moderation).toEqual({ text: 'pass', photos: [], labels: [] })
  })
})

/* ================================================================= the moves */

describe('withdrawing', () => {
  it('withdraws a 待审核 or 待认领 wish; a claimed one is WISH_STATE_CONFLICT; twice is a conflict too', async () => {
    const pending = await posted()
    expect(ok(await post(`/api/wishes/${pending.id}/withdraw`, resident))).toMatchObject({ status: 'withdrawn', actions: [] })
    expectError(await post(`/api/wishes/${pending.id}/withdraw`, resident), 409, 'WISH_STATE_CONFLICT')
    const open = await opened()
    const withdrawn = ok(await post(`/api/wishes/${open.id}/withdraw`, resident))
    expect(kinds(withdrawn)).toEqual(['posted', 'approved', 'withdrawn'])
    expect(await openIds()).not.toContain(open.id)
    expectError(await get(`/api/wishes/${open.id}`, volunteer), 404, 'NOT_FOUND')

    const taken = await claimed(await fresh(['volunteer']))
    expectError(await post(`/api/wishes/${taken.id}/withdraw`, resident), 409, 'WISH_STATE_CONFLICT', '心愿当前的状态不能进行这个操作，请刷新后再看')
    expect(await statusOf(taken.id)).toBe('claimed')
  })
})

describe('claiming', () => {
  it('claims an open wish: 已认领 with a 7-day deadline, the claimer’s buttons and the contact details', async () => {
    const claimer = await fresh(['volunteer'])
    const wish = await opened()
    const res = ok(await post(`/api/wishes/${wish.id}/claim`, claimer))
    expect(res).toMatchObject({
      status: 'claimed',
      actions: ['give_up', 'fulfil'],
      contact: { name: '张秀兰', phone: ZHANG_PHONE },
      claim: { claimerName: claimer.name, mine: true, claimedAt: '2026-11-17T10:00:00+08:00', deadline: '2026-11-24T10:00:00+08:00', fulfilledAt: null, proofPhotoUrl: null },
    })
    expect(kinds(res)).toEqual(['posted', 'approved', 'claimed'])
    expect(ok<{ items: WishSummary[] }>(await get('/api/wishes/claimed', claimer)).items.map((w) => w.id)).toEqual([wish.id])
    expect(ok(await get(`/api/wishes/${wish.id}`, resident)).actions).toEqual([])
  })

  it('says why one may not claim an open wish: become a volunteer, or it is another community’s; nothing once it is claimed', async () => {
    const stranger = await fresh()
    const elsewhere = await fresh(['volunteer'], fuLong)
    const volunteer = await fresh(['volunteer'])
    const wish = await opened()
    const seen = async (as: As) => ok(await get(`/api/wishes/${wish.id}`, as))
    expect(await seen(stranger)).toMatchObject({ actions: [], claimBlock: 'become_volunteer' })
    expect(await seen(elsewhere)).toMatchObject({ actions: [], claimBlock: 'other_community' })
    expect(await seen(volunteer)).toMatchObject({ actions: ['claim'], claimBlock: null })
    // The wisher and staff have other parts to play.
    expect(await seen(resident)).toMatchObject({ actions: ['withdraw'], claimBlock: null })
    expect((await seen(staff)).claimBlock).toBeNull()
    // The list says it too, row by row.
    const row = (ok<{ items: WishSummary[] }>(await get(`/api/wishes?communityId=${lianTong}&limit=50`, stranger))).items.find((w) => w.id === wish.id)!
    expect(row.claimBlock).toBe('become_volunteer')
    ok(await post(`/api/wishes/${wish.id}/claim`, volunteer))
    expect((await seen(stranger)).claimBlock).toBeNull()
  })

  it('one claimer only: a second volunteer gets WISH_ALREADY_CLAIMED, also once it is fulfilled or confirmed', async () => {
    const first = await fresh(['volunteer'])
    const second = await fresh(['volunteer'])
    const wish = await claimed(first)
    expectError(await post(`/api/wishes/${wish.id}/claim`, second), 409, 'WISH_ALREADY_CLAIMED', '这个心愿刚被别人认领了')
    expectError(await post(`/api/wishes/${wish.id}/claim`, first), 409, 'WISH_ALREADY_CLAIMED')
    ok(await fulfil(wish.id, first))
    expectError(await post(`/api/wishes/${wish.id}/claim`, second), 409, 'WISH_ALREADY_CLAIMED')
    ok(await post(`/api/wishes/${wish.id}/confirm`, resident, THANKS))
    expectError(await post(`/api/wishes/${wish.id}/claim`, second), 409, 'WISH_ALREADY_CLAIMED')
    expect((await look.claimsOf(wish.id)).map((c) => c.claimerUserId)).toEqual([first.userId])
  })

  it('is for volunteers, party members and 驻区单位: a plain resident gets 403 VOLUNTEER_REQUIRED', async () => {
    const wish = await opened()
    const plain = await fresh()
    expectError(await post(`/api/wishes/${wish.id}/claim`, plain), 403, 'VOLUNTEER_REQUIRED', '注册成为志愿者、党员或驻区单位后才能认领心愿')
    expectError(await post(`/api/wishes/${wish.id}/claim`, staff), 403, 'VOLUNTEER_REQUIRED')
    expect(await statusOf(wish.id)).toBe('open')
  })

  it('never one’s own wish: WISH_OWN_CLAIM, and no claim button for it', async () => {
    const wish = await opened(partyMember)
    expect(ok(await get(`/api/wishes/${wish.id}`, partyMember)).actions).toEqual(['withdraw'])
    expectError(await post(`/api/wishes/${wish.id}/claim`, partyMember), 409, 'WISH_OWN_CLAIM', '不能认领自己发布的心愿')
    expect(await statusOf(wish.id)).toBe('open')
  })

  it('a pending, withdrawn or missing wish cannot be claimed: NOT_FOUND', async () => {
    const claimer = await fresh(['volunteer'])
    const pending = await posted()
    expectError(await post(`/api/wishes/${pending.id}/claim`, claimer), 404, 'NOT_FOUND', '没有找到这个心愿')
    const open = await opened()
    ok(await post(`/api/wishes/${open.id}/withdraw`, resident))
    expectError(await post(`/api/wishes/${open.id}/claim`, claimer), 404, 'NOT_FOUND')
    expectError(await post('/api/wishes/99999999/claim', claimer), 404, 'NOT_FOUND')
    expectError(await post('/api/wishes/abc/claim', claimer), 400, 'VALIDATION_FAILED')
  })

  it('holds a claimer to 3 live claims by default, and to the limit staff set', async () => {
    // 李建国 holds one claim from the demo seed.
    const settings = ok(await get('/api/staff/wishes/settings', staff))
    expect(settings).toMatchObject({ claimLimit: 3 })
    const mineBefore = ok<{ items: WishSummary[] }>(await get('/api/wishes/claimed', volunteer)).items.filter((w) => w.status === 'claimed')
    expect(mineBefore).toHaveLength(1)
    const ws = [await opened(), await opened(), await opened(), await opened()]
    ok(await post(`/api/wishes/${ws[0]!.id}/claim`, volunteer))
    ok(await post(`/api/wishes/${ws[1]!.id}/claim`, volunteer))
    expectError(await post(`/api/wishes/${ws[2]!.id}/claim`, volunteer), 409, 'WISH_CLAIM_LIMIT_REACHED', '同时认领中的心愿最多3个，请先完成已认领的心愿')
    expect(await statusOf(ws[2]!.id)).toBe('open')
    try {
      ok(await put('/api/staff/wishes/settings', staff, { communityId: lianTong, claimLimit: 4 }))
      ok(await post(`/api/wishes/${ws[2]!.id}/claim`, volunteer))
      expectError(await post(`/api/wishes/${ws[3]!.id}/claim`, volunteer), 409, 'WISH_CLAIM_LIMIT_REACHED', '同时认领中的心愿最多4个，请先完成已认领的心愿')
      // A fulfilled claim no longer counts.
      ok(await fulfil(ws[0]!.id, volunteer))
      ok(await post(`/api/wishes/${ws[3]!.id}/claim`, volunteer))
    } finally {
      await put('/api/staff/wishes/settings', staff, { communityId: lianTong, claimLimit: 3 })
    }
    // Back at 3 with 4 live claims: nothing more until some are done.
    const next = await opened()
    expectError(await post(`/api/wishes/${next.id}/claim`, volunteer), 409, 'WISH_CLAIM_LIMIT_REACHED')
    for (const w of ws.slice(1)) ok(await post(`/api/wishes/${w.id}/give-up`, volunteer, { reason: '测试结束，释放名额' }))
  })

  it('gives the claimer the community’s claim period', async () => {
    try {
      ok(await put('/api/staff/wishes/settings', staff, { communityId: lianTong, claimDays: 3 }))
      const wish = await claimed(await fresh(['volunteer']))
      expect(wish.claim?.deadline).toBe('2026-11-20T10:00:00+08:00')
    } finally {
      await put('/api/staff/wishes/settings', staff, { communityId: lianTong, claimDays: 7 })
    }
  })
})

describe('giving up', () => {
  it('re-opens the wish with the reason in its timeline (for the people involved only)', async () => {
    const claimer = await fresh(['volunteer'])
    const wish = await claimed(claimer)
    expectError(await post(`/api/wishes/${wish.id}/give-up`, claimer, {}), 400, 'VALIDATION_FAILED')
    expectError(await post(`/api/wishes/${wish.id}/give-up`, claimer, { reason: '忙' }), 400, 'VALIDATION_FAILED', '提交的内容有误，请检查后再试：请写明放弃的原因（至少2个字）')
    const reopened = ok(await post(`/api/wishes/${wish.id}/give-up`, claimer, { reason: '临时出差，无法上门' }))
    expect(reopened).toMatchObject({ status: 'open', claim: null, contact: null, actions: ['claim'] })
    expect(await openIds()).toContain(wish.id)
    const forWisher = ok(await get(`/api/wishes/${wish.id}`, resident))
    expect(forWisher.timeline.at(-1)).toMatchObject({ kind: 'claim_given_up', note: '临时出差，无法上门' })
    const forOthers = ok(await get(`/api/wishes/${wish.id}`, await fresh()))
    expect(forOthers.timeline.at(-1)).toMatchObject({ kind: 'claim_given_up', note: null })
    expect((await look.claimsOf(wish.id)).map((c) => [c.status, c.giveUpReason])).toEqual([['given_up', '临时出差，无法上门']])
    // The former claimer has no hold on it: no fulfilling, no second give-up; anyone may claim it again.
    expectError(await fulfil(wish.id, claimer), 403, 'FORBIDDEN')
    expectError(await post(`/api/wishes/${wish.id}/give-up`, claimer, { reason: '再放弃一次' }), 403, 'FORBIDDEN')
    ok(await post(`/api/wishes/${wish.id}/claim`, await fresh(['volunteer'])))
    expect(ok<{ items: WishSummary[] }>(await get('/api/wishes/claimed', claimer)).items).toEqual([])
  })
})

describe('fulfilling', () => {
  it('needs the claimer’s own proof photo; marks 已完成 once', async () => {
    const claimer = await fresh(['volunteer'])
    const wish = await claimed(claimer)
    expectError(await post(`/api/wishes/${wish.id}/fulfil`, claimer, { note: '已完成' }), 400, 'VALIDATION_FAILED')
    const wishPhoto = await upload(claimer, 'wish_photo')
    const othersProof = await upload(volunteer, 'proof_photo')
    for (const proofPhotoId of [wishPhoto, othersProof, 99_999_999]) {
      expectError(await post(`/api/wishes/${wish.id}/fulfil`, claimer, { proofPhotoId, note: '已经上门换好了' }), 400, 'PHOTO_NOT_FOUND')
    }
    expect(await statusOf(wish.id)).toBe('claimed')
    const proof = await upload(claimer, 'proof_photo', JPEG)
    const done = ok(await post(`/api/wishes/${wish.id}/fulfil`, claimer, { proofPhotoId: proof, note: '已经上门换好了' }))
    expect(done).toMatchObject({ status: 'fulfilled', actions: [], claim: { fulfilledAt: '2026-11-17T10:00:00+08:00', fulfilNote: '已经上门换好了', proofPhotoUrl: expect.stringMatching(/\.jpg$/) } })
    expect(ok(await get(`/api/wishes/${wish.id}`, resident)).actions).toEqual(['confirm'])
    expect(ok(await get(`/api/wishes/${wish.id}`, staff)).actions).toEqual(['confirm_for_wisher'])
    expectError(await post(`/api/wishes/${wish.id}/fulfil`, claimer, { proofPhotoId: proof, note: '再交一次' }), 409, 'WISH_STATE_CONFLICT')
    expectError(await post(`/api/wishes/${wish.id}/give-up`, claimer, { reason: '不想做了' }), 409, 'WISH_STATE_CONFLICT')
  })
})

describe('the rules found by testing', () => {
  it('a claim past its deadline cannot be fulfilled, nor does it count against the limit, before the sweep runs', async () => {
    const claimer = await fresh(['volunteer'])
    const wish = await claimed(claimer)
    const original = t.clock.now
    try {
      t.clock.now = new Date(new Date(wish.claim!.deadline).getTime() + 60_000)
      // The claimer is offered neither 完成 nor 放弃 any more; both are refused.
      expect(ok(await get(`/api/wishes/${wish.id}`, claimer)).actions).toEqual([])
      expectError(await fulfil(wish.id, claimer), 409, 'WISH_STATE_CONFLICT', '认领已超过期限，心愿已重新开放认领')
      expectError(await post(`/api/wishes/${wish.id}/give-up`, claimer, { reason: '临时有事去不了了' }), 409, 'WISH_STATE_CONFLICT', '认领已超过期限，心愿已重新开放认领')
      expect(await statusOf(wish.id)).toBe('claimed')
      // Three more claims: the overdue one no longer counts against the limit of 3.
      for (let i = 0; i < 3; i++) ok(await post(`/api/wishes/${(await opened()).id}/claim`, claimer))
    } finally {
      t.clock.now = original
    }
  })

  it('staff who hold the claim cannot confirm it for the wisher (it would pay themselves)', async () => {
    const staffVolunteer = await fresh(['volunteer'])
    await look.grant(staffVolunteer.userId, 'staff', lianTong)
    const wish = await fulfilled(staffVolunteer)
    expect(ok(await get(`/api/wishes/${wish.id}`, staffVolunteer)).actions).toEqual([])
    expectError(await post(`/api/staff/wishes/${wish.id}/confirm`, staffVolunteer, THANKS), 403, 'SELF_DEALING_FORBIDDEN')
    expect(await statusOf(wish.id)).toBe('fulfilled')
    ok(await post(`/api/staff/wishes/${wish.id}/confirm`, staff, THANKS))
  })

  it('a family member cannot claim a wish of their own household', async () => {
    const wisher = await fresh()
    const [relative] = await t.handle.db.insert(persons).values({ communityId: lianTong, householdId: wisher.householdId, name: '张家亲属', birthYear: 1988 }).returning()
    const account = await t.actAsPerson(relative!.id)
    await look.grant(account.userId, 'volunteer')
    const wish = await opened(wisher)
    expectError(await post(`/api/wishes/${wish.id}/claim`, account), 409, 'WISH_OWN_CLAIM', '不能认领自己家人发布的心愿')
  })

  it('a wisher who chose 由社区工作人员转达 keeps the phone number from the claimer', async () => {
    const wisher = await fresh()
    const claimer = await fresh(['volunteer'])
    const wish = await opened(wisher, { contactPreference: 'via_staff' })
    const seen = ok(await post(`/api/wishes/${wish.id}/claim`, claimer))
    expect(seen.contact).toMatchObject({ name: wisher.name, phone: null })
    expect(ok(await get(`/api/wishes/${wish.id}`, staff)).contact!.phone).toBe(wisher.phone)
  })

  it('refuses a needed-by day in the past', async () => {
    const res = await post('/api/wishes', resident, fields({ neededBy: '2026-11-16' }))
    expectError(res, 400, 'VALIDATION_FAILED')
    expect(res.json().details).toEqual([{ path: 'body.neededBy', message: '希望完成日期不能早于今天' }])
    ok(await post('/api/wishes', resident, fields({ neededBy: '2026-11-17' })), 201)
  })
})

describe('confirming', () => {
  it('validates the rating and thanks (1–5 stars) with Chinese messages', async () => {
    const wish = await fulfilled(await fresh(['volunteer']))
    for (const rating of [0, 6]) {
      const res = await post(`/api/wishes/${wish.id}/confirm`, resident, { thanks: '谢谢！！', rating })
      expectError(res, 400, 'VALIDATION_FAILED', '提交的内容有误，请检查后再试：请打分（1–5星）')
      expect(res.json().details).toEqual([{ path: 'body.rating', message: '请打分（1–5星）' }])
    }
    expectError(await post(`/api/wishes/${wish.id}/confirm`, resident, { thanks: '谢', rating: 5 }), 400, 'VALIDATION_FAILED', /请写一句感谢的话/)
    expectError(await post(`/api/staff/wishes/${wish.id}/confirm`, staff, { thanks: '谢谢', rating: 0 }), 400, 'VALIDATION_FAILED', /请打分/)
    expect(await statusOf(wish.id)).toBe('fulfilled')
  })

  it('only a fulfilled wish: confirming a claimed one, or confirming twice, is WISH_STATE_CONFLICT', async () => {
    const claimer = await fresh(['volunteer'])
    const wish = await claimed(claimer)
    expectError(await post(`/api/wishes/${wish.id}/confirm`, resident, THANKS), 409, 'WISH_STATE_CONFLICT')
    expectError(await post(`/api/staff/wishes/${wish.id}/confirm`, staff, THANKS), 409, 'WISH_STATE_CONFLICT')
    ok(await fulfil(wish.id, claimer))
    const confirmed = ok(await post(`/api/wishes/${wish.id}/confirm`, resident, THANKS))
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmation: { confirmedAt: '2026-11-17T10:00:00+08:00', thanks: THANKS.thanks, rating: 5, byStaff: false }, actions: [] })
    expect(kinds(confirmed)).toEqual(['posted', 'approved', 'claimed', 'fulfilled', 'confirmed'])
    expectError(await post(`/api/wishes/${wish.id}/confirm`, resident, THANKS), 409, 'WISH_STATE_CONFLICT')
    expectError(await post(`/api/staff/wishes/${wish.id}/confirm`, staff, THANKS), 409, 'WISH_STATE_CONFLICT')
    expectError(await post(`/api/wishes/${wish.id}/withdraw`, resident), 409, 'WISH_STATE_CONFLICT')
  })
})

/* ================================================================= who may do what */

type Actor = 'wisher' | 'other resident' | 'claimer' | 'other volunteer' | 'staff here' | 'staff elsewhere' | 'admin'
const ACTORS: Actor[] = ['wisher', 'other resident', 'claimer', 'other volunteer', 'staff here', 'staff elsewhere', 'admin']
type Outcome = 200 | [403 | 404, string]
const F: Outcome = [403, 'FORBIDDEN']
const N: Outcome = [404, 'NOT_FOUND']
const V: Outcome = [403, 'VOLUNTEER_REQUIRED']
const O: Outcome = [403, 'OUT_OF_COMMUNITY']

type Row = {
  action: string
  /** The state the wish is brought to first: the one the action starts from. */
  state: 'pending' | 'open' | 'claimed' | 'fulfilled'
  /** The button that stands for the action in `actions`; null for reading. */
  button: WishAction | null
  run: (id: number, as: As) => Promise<Res>
  outcomes: Record<Actor, Outcome>
}

/**
 * The authorisation matrix. "claimer" is the volunteer holding the wish's claim; on a 待认领 wish, the one who
 * held it and gave it up; on a 待审核 wish, a volunteer who has nothing to do with it yet.
 */
const MATRIX: Row[] = [
  { action: 'withdraw', state: 'open', button: 'withdraw', run: (id, as) => post(`/api/wishes/${id}/withdraw`, as),
    outcomes: { wisher: 200, 'other resident': F, claimer: F, 'other volunteer': F, 'staff here': F, 'staff elsewhere': F, admin: F } },
  { action: 'withdraw', state: 'pending', button: 'withdraw', run: (id, as) => post(`/api/wishes/${id}/withdraw`, as),
    outcomes: { wisher: 200, 'other resident': N, claimer: N, 'other volunteer': N, 'staff here': F, 'staff elsewhere': N, admin: F } },
  { action: 'claim', state: 'open', button: 'claim', run: (id, as) => post(`/api/wishes/${id}/claim`, as),
    outcomes: { wisher: V, 'other resident': V, claimer: 200, 'other volunteer': 200, 'staff here': V, 'staff elsewhere': V, admin: V } },
  { action: 'give-up', state: 'claimed', button: 'give_up', run: (id, as) => post(`/api/wishes/${id}/give-up`, as, { reason: '临时有事去不了' }),
    outcomes: { wisher: F, 'other resident': F, claimer: 200, 'other volunteer': F, 'staff here': F, 'staff elsewhere': F, admin: F } },
  { action: 'fulfil', state: 'claimed', button: 'fulfil', run: async (id, as) => post(`/api/wishes/${id}/fulfil`, as, { proofPhotoId: await upload(as, 'proof_photo'), note: '已经完成了' }),
    outcomes: { wisher: F, 'other resident': F, claimer: 200, 'other volunteer': F, 'staff here': F, 'staff elsewhere': F, admin: F } },
  { action: 'confirm', state: 'fulfilled', button: 'confirm', run: (id, as) => post(`/api/wishes/${id}/confirm`, as, THANKS),
    outcomes: { wisher: 200, 'other resident': F, claimer: F, 'other volunteer': F, 'staff here': F, 'staff elsewhere': F, admin: F } },
  { action: 'approve', state: 'pending', button: 'review', run: (id, as) => post(`/api/staff/wishes/${id}/approve`, as, {}),
    outcomes: { wisher: F, 'other resident': F, claimer: F, 'other volunteer': F, 'staff here': 200, 'staff elsewhere': O, admin: 200 } },
  { action: 'reject', state: 'pending', button: 'review', run: (id, as) => post(`/api/staff/wishes/${id}/reject`, as, { reason: '不属于微心愿范围' }),
    outcomes: { wisher: F, 'other resident': F, claimer: F, 'other volunteer': F, 'staff here': 200, 'staff elsewhere': O, admin: 200 } },
  { action: 'staff confirm', state: 'fulfilled', button: 'confirm_for_wisher', run: (id, as) => post(`/api/staff/wishes/${id}/confirm`, as, THANKS),
    outcomes: { wisher: F, 'other resident': F, claimer: F, 'other volunteer': F, 'staff here': 200, 'staff elsewhere': O, admin: 200 } },
  { action: 'view detail', state: 'pending', button: null, run: (id, as) => get(`/api/wishes/${id}`, as),
    outcomes: { wisher: 200, 'other resident': N, claimer: N, 'other volunteer': N, 'staff here': 200, 'staff elsewhere': N, admin: 200 } },
  { action: 'view detail', state: 'claimed', button: null, run: (id, as) => get(`/api/wishes/${id}`, as),
    outcomes: { wisher: 200, 'other resident': 200, claimer: 200, 'other volunteer': 200, 'staff here': 200, 'staff elsewhere': 200, admin: 200 } },
]

describe('the authorisation matrix', () => {
  let wisher: Account
  let otherResident: Account
  let otherVolunteer: Account
  beforeAll(async () => {
    wisher = await fresh()
    otherResident = await fresh()
    otherVolunteer = await fresh(['volunteer'])
  })

  /** A wish of `wisher` in the row's state, and the claimer of the row's story. */
  async function setUp(state: Row['state']) {
    const claimer = await fresh(['volunteer'])
    if (state === 'pending') return { wish: await posted(wisher), claimer }
    const wish = await opened(wisher)
    if (state === 'open') {
      ok(await post(`/api/wishes/${wish.id}/claim`, claimer))
      ok(await post(`/api/wishes/${wish.id}/give-up`, claimer, { reason: '临时有事去不了' }))
      return { wish, claimer }
    }
    ok(await post(`/api/wishes/${wish.id}/claim`, claimer))
    if (state === 'fulfilled') ok(await fulfil(wish.id, claimer))
    return { wish, claimer }
  }

  const cells = MATRIX.flatMap((row) => ACTORS.map((actor) => [row.action, row.state, actor, row.outcomes[actor], row] as const))
  it.each(cells)('%s (%s) by %s → %j', async (_action, state, actor, outcome, row) => {
    const { wish, claimer } = await setUp(state)
    const as: As = { wisher, 'other resident': otherResident, claimer, 'other volunteer': otherVolunteer, 'staff here': staff, 'staff elsewhere': staffFuLong, admin }[actor]
    // What the detail offers this actor must agree with what the server then does.
    const detail = await get(`/api/wishes/${wish.id}`, as)
    const res = await row.run(wish.id, as)
    if (outcome === 200) {
      expect(res.statusCode, res.body).toBe(200)
      if (row.button) expect(detail.json().actions).toContain(row.button)
    } else {
      expectError(res, outcome[0], outcome[1])
      expect(await statusOf(wish.id)).toBe(state)
      if (row.button && detail.statusCode === 200) expect(detail.json().actions).not.toContain(row.button)
      if (outcome[0] === 404) expect(detail.statusCode).toBe(404)
    }
  })
})

/* ================================================================= privacy */

describe('privacy', () => {
  const noZhang = (res: Res) => {
    expect(res.body).not.toContain(ZHANG_PHONE)
    expect(res.body).not.toContain('张秀兰')
    expect(res.body).not.toContain('2单元 301')
  }

  it('others see 张** at building level, no contact and no phone anywhere; the claimer, staff and wisher see everything', async () => {
    const claimer = await fresh(['volunteer'])
    const stranger = await fresh()
    const bystander = await fresh(['volunteer'])
    const wish = await opened(resident)

    for (const as of [stranger, bystander, unit, staffFuLong]) {
      const list = await get(`/api/wishes?communityId=${lianTong}&limit=50`, as)
      noZhang(list)
      const item = (list.json().items as WishSummary[]).find((w) => w.id === wish.id)!
      expect(item).toMatchObject({ wisherName: '张**', contact: null, moderation: null, mine: false })
      expect(item.location).toMatch(/^\S+ 3号楼$/)
      noZhang(await get(`/api/wishes/${wish.id}`, as))
    }

    ok(await post(`/api/wishes/${wish.id}/claim`, claimer))
    const full = { name: '张秀兰', phone: ZHANG_PHONE, address: expect.stringMatching(/^联通社区 第三网格 \S+ 3号楼 2单元 301$/) }
    for (const as of [claimer, staff, resident, admin]) {
      const seen = ok(await get(`/api/wishes/${wish.id}`, as))
      // The contact block is how to reach the wisher: for the claimer and staff, not for the wisher herself.
      expect(seen.contact).toEqual(as === resident ? null : full)
      expect(seen.wisherName).toBe('张秀兰')
      expect(seen.claim?.claimerName).toBe(claimer.name)
    }
    expect(ok<{ items: WishSummary[] }>(await get('/api/wishes/claimed', claimer)).items[0]).toMatchObject({ id: wish.id, contact: full })
    for (const as of [stranger, bystander, unit, staffFuLong]) {
      const res = await get(`/api/wishes/${wish.id}`, as)
      noZhang(res)
      expect(res.json()).toMatchObject({ contact: null, wisherName: '张**', claim: { claimerName: `${claimer.name[0]}${'*'.repeat(claimer.name.length - 1)}`, mine: false } })
      expect(res.body).not.toContain(claimer.name)
    }
    // Only staff see the content check's findings.
    expect(ok(await get(`/api/wishes/${wish.id}`, staff)).moderation).toEqual({ text: 'pass', photos: [], labels: [] })
    expect(ok(await get(`/api/wishes/${wish.id}`, claimer)).moderation).toBeNull()

    // Giving the claim up ends the claimer's view of the contact details.
    ok(await post(`/api/wishes/${wish.id}/give-up`, claimer, { reason: '家里有事' }))
    const after = await get(`/api/wishes/${wish.id}`, claimer)
    noZhang(after)
    expect(after.json().contact).toBeNull()
  })

  it('the wall shows names masked', async () => {
    const claimer = await fresh(['volunteer'])
    const wish = await fulfilled(claimer)
    ok(await post(`/api/wishes/${wish.id}/confirm`, resident, { thanks: '谢谢你帮我换了灯泡', rating: 4 }))
    const wall = await get('/api/wishes/wall', await fresh())
    expect(wall.body).not.toContain(ZHANG_PHONE)
    const entry = (wall.json().recent as { id: number }[]).find((r) => r.id === wish.id)
    expect(entry).toMatchObject({ wisherName: '张**', claimerName: `${claimer.name[0]}${'*'.repeat(claimer.name.length - 1)}`, rating: 4 })
  })
})

/* ================================================================= the wall */

describe('心愿墙', () => {
  it('counts the seed’s fulfilled wishes by China day, this month / this year / all time, as the clock moves', async () => {
    const staffHaiLan = await staffOf(haiLan)
    const wisher = await fresh([], haiLan)
    const claimer = await fresh(['volunteer'], haiLan)
    const reader = await fresh([], haiLan)
    const wall = async () => ok<{ totals: { thisMonth: number; thisYear: number; allTime: number }; recent: { id: number }[] }>(await get(`/api/wishes/wall?communityId=${haiLan}`, reader))

    // The seed's wishes, counted from the database by the day they were fulfilled in China.
    const seeded = await t.handle.db.select({ fulfilledAt: wishes.fulfilledAt }).from(wishes).where(and(eq(wishes.communityId, haiLan), eq(wishes.status, 'confirmed')))
    expect(seeded.length).toBeGreaterThanOrEqual(20)
    const count = (from: string) => seeded.filter((w) => !chinaTime(w.fulfilledAt!).isBefore(chinaTime(from))).length
    const before = await wall()
    expect(before.totals).toEqual({ thisMonth: count('2026-11-01T00:00:00+08:00'), thisYear: count('2026-01-01T00:00:00+08:00'), allTime: seeded.length })
    expect(before.totals.thisMonth).toBeGreaterThan(0)
    expect(before.recent).toHaveLength(Math.min(20, seeded.length))

    const original = t.clock.now
    try {
      // Fulfilled now (17 November): counted at once, before any confirmation.
      await fulfilled(claimer, wisher, staffHaiLan)
      expect((await wall()).totals).toEqual({ thisMonth: before.totals.thisMonth + 1, thisYear: before.totals.thisYear + 1, allTime: before.totals.allTime + 1 })

      // Ten past midnight on 1 December in China (16:10 UTC on 30 November) is December.
      t.clock.now = new Date('2026-12-01T00:10:00+08:00')
      await fulfilled(claimer, wisher, staffHaiLan)
      t.clock.now = new Date('2026-12-15T12:00:00+08:00')
      expect((await wall()).totals).toEqual({ thisMonth: 1, thisYear: before.totals.thisYear + 2, allTime: before.totals.allTime + 2 })

      t.clock.now = new Date('2027-01-05T09:00:00+08:00')
      expect((await wall()).totals).toEqual({ thisMonth: 0, thisYear: 0, allTime: before.totals.allTime + 2 })
    } finally {
      t.clock.now = original
    }
  })

  it('lists the latest confirmed wishes with their thanks', async () => {
    const claimer = await fresh(['volunteer'])
    const wish = await fulfilled(claimer)
    ok(await post(`/api/staff/wishes/${wish.id}/confirm`, staff, { thanks: '老人托我们转达感谢', rating: 5 }))
    const recent = ok<{ recent: { id: number; thanks: string; title: string; confirmedAt: string }[] }>(await get('/api/wishes/wall', volunteer)).recent
    expect(recent[0]).toMatchObject({ id: wish.id, title: wish.title, thanks: '老人托我们转达感谢', confirmedAt: '2026-11-17T10:00:00+08:00' })
    expect(recent.map((r) => r.confirmedAt)).toEqual([...recent.map((r) => r.confirmedAt)].sort().reverse())
  })
})

/* ================================================================= points */

describe('points for the claimer', () => {
  async function rulePoints() {
    const settings = ok<{ rules: { rule: string; points: number }[] }>(await get('/api/staff/points/settings', staff))
    return settings.rules.find((r) => r.rule === 'wish_fulfilled')!.points
  }

  it('the wisher’s confirmation pays the claimer’s household the rule’s points, exactly once', async () => {
    const points = await rulePoints()
    expect(points).toBeGreaterThan(0)
    const claimer = await fresh(['volunteer'])
    const wish = await fulfilled(claimer)
    const before = await look.balance(claimer.householdId)
    ok(await post(`/api/wishes/${wish.id}/confirm`, resident, THANKS))
    expect(await look.balance(claimer.householdId)).toBe(before + points)
    expectError(await post(`/api/wishes/${wish.id}/confirm`, resident, THANKS), 409, 'WISH_STATE_CONFLICT')
    expectError(await post(`/api/staff/wishes/${wish.id}/confirm`, staff, THANKS), 409, 'WISH_STATE_CONFLICT')
    expect(await look.balance(claimer.householdId)).toBe(before + points)
    expect(await look.ledgerFor('wish', wish.id)).toEqual([
      expect.objectContaining({ householdId: claimer.householdId, personId: claimer.personId, amount: points, reason: 'rule_award', rule: 'wish_fulfilled', eventKey: `rule:wish_fulfilled:wish:${wish.id}:person:${claimer.personId}`, title: `帮助兑现微心愿：${wish.title}` }),
    ])
  })

  it('staff confirming for the wisher pays too, and at the rule’s current value', async () => {
    const original = await rulePoints()
    try {
      ok(await put('/api/staff/points/settings', staff, { communityId: lianTong, rules: [{ rule: 'wish_fulfilled', points: 25 }] }))
      expect(await rulePoints()).toBe(25)
      const claimer = await fresh(['volunteer'])
      const wish = await fulfilled(claimer)
      const before = await look.balance(claimer.householdId)
      const confirmed = ok(await post(`/api/staff/wishes/${wish.id}/confirm`, staff, { thanks: '老人不会用手机，托我们转达感谢', rating: 5 }))
      expect(confirmed).toMatchObject({ status: 'confirmed', confirmation: { byStaff: true, rating: 5 } })
      expect(await look.balance(claimer.householdId)).toBe(before + 25)
      expect(await look.ledgerFor('wish', wish.id)).toHaveLength(1)
    } finally {
      await put('/api/staff/points/settings', staff, { communityId: lianTong, rules: [{ rule: 'wish_fulfilled', points: original }] })
    }
  })

  it('a 驻区单位 claims and fulfils under its own name; the confirmation stands without an award', async () => {
    const wish = await opened()
    // The hospital's own account has no person to claim for: only as the unit.
    expectError(await post(`/api/wishes/${wish.id}/claim`, unit), 403, 'VOLUNTEER_REQUIRED')
    expectError(await post(`/api/wishes/${wish.id}/claim`, volunteer, { asUnit: true }), 403, 'UNIT_REQUIRED')
    const taken = ok(await post(`/api/wishes/${wish.id}/claim`, unit, { asUnit: true }))
    expect(taken.claim).toMatchObject({ claimerName: '黑河市中医院', mine: true })
    expect(ok(await get(`/api/wishes/${wish.id}`, await fresh())).claim?.claimerName).toBe('黑河市中医院')
    ok(await fulfil(wish.id, unit))
    const confirmed = ok(await post(`/api/wishes/${wish.id}/confirm`, resident, THANKS))
    expect(confirmed.status).toBe('confirmed')
    expect(await look.ledgerFor('wish', wish.id)).toEqual([])
    expect((await look.claimsOf(wish.id))[0]).toMatchObject({ claimerPersonId: null, status: 'confirmed' })
    expect(ok<{ items: WishSummary[] }>(await get('/api/wishes/claimed', unit)).items.map((w) => w.id)).toContain(wish.id)
  })
})

/* ================================================================= lists */

describe('the open list', () => {
  const DAYS = ['2026-12-05', '2026-11-25', '2026-12-05', null, '2026-11-20', null, '2026-12-31']
  beforeAll(async () => {
    for (const [i, neededBy] of DAYS.entries()) await opened(resident, { neededBy, category: i % 2 ? 'daily_goods' : 'health' })
  })

  async function walk(query: string, as: As = volunteer) {
    const pages: WishSummary[][] = []
    let cursor: string | null = null
    do {
      const page: { items: WishSummary[]; nextCursor: string | null } = ok(await get(`/api/wishes?limit=3&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, as))
      expect(page.items.length).toBeLessThanOrEqual(3)
      if (page.nextCursor) expect(page.items).toHaveLength(3)
      pages.push(page.items)
      cursor = page.nextCursor
    } while (cursor && pages.length < 100)
    return pages.flat()
  }
  async function openRows(category?: WishCategory) {
    const rows = await t.handle.db.select({ id: wishes.id, neededBy: wishes.neededBy, category: wishes.category }).from(wishes).where(and(eq(wishes.communityId, lianTong), eq(wishes.status, 'open')))
    return rows.filter((r) => !category || r.category === category)
  }

  it('pages newest first with a cursor, every open wish once', async () => {
    const items = await walk('sort=newest')
    const expected = (await openRows()).map((r) => r.id).sort((a, b) => b - a)
    expect(items.map((w) => w.id)).toEqual(expected)
    expect(items.every((w) => w.status === 'open' && w.communityId === lianTong)).toBe(true)
    expect(ok<{ items: WishSummary[] }>(await get('/api/wishes', volunteer)).items.map((w) => w.id)).toEqual(expected.slice(0, 20))
  })

  it('refuses a tampered cursor with 400 rather than starting again at page 1', async () => {
    const first = ok<{ nextCursor: string }>(await get('/api/wishes?limit=2&sort=deadline', volunteer))
    const [day, id] = first.nextCursor.split(':')
    // Another sort's cursor, a day that does not exist, a bare id, junk: none is a cursor this list wrote.
    for (const cursor of [`${day}:${id}:1`, `2026-02-30:${id}`, `${id}`, `${day}:x`, 'x'.repeat(201)]) {
      const res = await get(`/api/wishes?limit=2&sort=deadline&cursor=${encodeURIComponent(cursor)}`, volunteer)
      expect(res.statusCode, cursor).toBe(400)
      expect(res.json().code).toBe('VALIDATION_FAILED')
    }
    const res = await get(`/api/wishes?limit=2&sort=newest&cursor=${encodeURIComponent(first.nextCursor)}`, volunteer)
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([{ path: 'querystring.cursor', message: '分页标记不正确' }])
  })

  it('pages by needed-by day, soonest first and undated last', async () => {
    const items = await walk('sort=deadline')
    const rows = await openRows()
    const expected = [...rows].sort((a, b) => (a.neededBy === b.neededBy ? b.id - a.id : a.neededBy === null ? 1 : b.neededBy === null ? -1 : a.neededBy < b.neededBy ? -1 : 1))
    expect(items.map((w) => w.id)).toEqual(expected.map((r) => r.id))
    const days = items.map((w) => w.neededBy)
    const firstUndated = days.indexOf(null)
    expect(firstUndated).toBeGreaterThan(0)
    expect(days.slice(firstUndated).every((d) => d === null)).toBe(true)
    expect(days.slice(0, firstUndated)).toEqual([...days.slice(0, firstUndated)].sort())
  })

  it('filters by category, in both sorts', async () => {
    for (const category of ['daily_goods', 'health'] as const) {
      const expected = (await openRows(category)).map((r) => r.id)
      expect(expected.length).toBeGreaterThan(3)
      for (const sort of ['newest', 'deadline']) {
        const items = await walk(`sort=${sort}&category=${category}`)
        expect(items.every((w) => w.category === category)).toBe(true)
        expect(items.map((w) => w.id).sort()).toEqual([...expected].sort())
      }
    }
    expectError(await get('/api/wishes?category=lottery', volunteer), 400, 'VALIDATION_FAILED')
    expectError(await get('/api/wishes?limit=51', volunteer), 400, 'VALIDATION_FAILED')
  })

  it('lists another community’s open wishes when asked', async () => {
    const items = await walk(`communityId=${fuLong}`)
    expect(items.map((w) => w.id).sort()).toEqual((await openIds(fuLong)).sort())
  })
})

/* ================================================================= settings */

describe('wish settings', () => {
  it('are for the community’s own staff, within bounds', async () => {
    expectError(await put('/api/staff/wishes/settings', staffFuLong, { communityId: lianTong, claimLimit: 10 }), 403, 'OUT_OF_COMMUNITY')
    expectError(await put('/api/staff/wishes/settings', resident, { communityId: lianTong, claimLimit: 10 }), 403, 'FORBIDDEN')
    expectError(await get(`/api/staff/wishes/settings?communityId=${lianTong}`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await put('/api/staff/wishes/settings', staff, { communityId: lianTong, claimLimit: 0 }), 400, 'VALIDATION_FAILED')
    expectError(await put('/api/staff/wishes/settings', staff, { communityId: lianTong, maxValueYuan: 10001 }), 400, 'VALIDATION_FAILED')
    expect(ok(await get(`/api/staff/wishes/settings?communityId=${fuLong}`, staffFuLong))).toEqual({ communityId: fuLong, maxValueYuan: 300, claimLimit: 3, claimDays: 7 })
  })
})

describe('WeChat push without a configured token', () => {
  it('accepts nothing', async () => {
    const res = await send({ method: 'POST', url: '/api/wechat/push?signature=x&timestamp=1&nonce=2', payload: { Event: 'wxa_media_check', trace_id: 't', result: { suggest: 'pass', label: '100' } } })
    expectError(res, 403, 'WECHAT_SIGNATURE_INVALID', '消息签名不正确')
  })
})

/* ================================================================= the claim-lapse sweep (last: it lapses every claim in the file) */

describe('claim lapse', () => {
  it('returns an overdue claim’s wish to 待认领 with a claim_lapsed entry, once', async () => {
    const claimer = await fresh(['volunteer'])
    const wish = await claimed(claimer)
    const deadline = new Date(wish.claim!.deadline)
    expect(deadline.toISOString()).toBe(new Date('2026-11-24T10:00:00+08:00').toISOString())

    await lapseOverdueClaims(t.handle.db, new Date(deadline.getTime() - 1))
    expect(await statusOf(wish.id)).toBe('claimed')

    // At the deadline itself, as fulfilling is refused from then on.
    expect(await lapseOverdueClaims(t.handle.db, deadline)).toBeGreaterThanOrEqual(1)
    const events = await look.wishEvents(wish.id)
    expect(events.map((e) => e.kind)).toEqual(['posted', 'approved', 'claimed', 'claim_lapsed'])
    expect(events.at(-1)).toMatchObject({ actorUserId: null, createdAt: deadline })
    expect((await look.claimsOf(wish.id)).map((c) => [c.status, c.endedAt?.toISOString()])).toEqual([['lapsed', deadline.toISOString()]])
    const later = new Date(deadline.getTime() + 60_000)
    const reopened = ok(await get(`/api/wishes/${wish.id}`, claimer))
    expect(reopened).toMatchObject({ status: 'open', claim: null, contact: null, actions: ['claim'] })
    expect(await openIds()).toContain(wish.id)

    // A second run (or a second instance) finds nothing more to do.
    expect(await lapseOverdueClaims(t.handle.db, later)).toBe(0)
    expect(await lapseOverdueClaims(t.handle.db, new Date(later.getTime() + 86_400_000))).toBe(0)
    expect((await look.wishEvents(wish.id)).map((e) => e.kind)).toEqual(['posted', 'approved', 'claimed', 'claim_lapsed'])

    // The lapsed claim no longer counts against the claimer, who may claim again.
    expect(ok<{ items: WishSummary[] }>(await get('/api/wishes/claimed', claimer)).items).toEqual([])
    const again = ok(await post(`/api/wishes/${wish.id}/claim`, claimer))
    expect(again.status).toBe('claimed')
    expect((await look.claimsOf(wish.id)).map((c) => c.status)).toEqual(['lapsed', 'active'])
  })

  it('leaves fulfilled wishes alone however late it runs', async () => {
    const claimer = await fresh(['volunteer'])
    const wish = await fulfilled(claimer)
    await lapseOverdueClaims(t.handle.db, new Date('2027-06-01T00:00:00+08:00'))
    expect(await statusOf(wish.id)).toBe('fulfilled' satisfies WishStatus)
  })
})
