import { createHash } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { uploads, wechatPushNonces } from '../../server/src/db/schema'
import type { Wish, WishSummary } from '../../types/api/wishes'
import { createTestApp, type TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'

/*
 * The production content check — WeChat's msgSecCheck for text, mediaCheckAsync for pictures with the verdict
 * pushed back to /api/wechat/push — against the local fake WeChat. Its findings only mark a wish for the
 * reviewer: whatever WeChat says or fails to say, a wish waits as 待审核 until a person approves it.
 */

const PUSH_TOKEN = 'doorstep-push-token-for-tests'
const PUBLIC_BASE_URL = 'http://files.test'
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

type As = { authorization: string }
let t: TestApp
let look: ReturnType<typeof demoLookup>
let resident: As // 张秀兰, logged in through WeChat
let staff: As // 刘晓燕, demo login: no WeChat identity
let volunteer: As

beforeAll(async () => {
  t = await createTestApp({ env: { CONTENT_CHECK: 'wechat', PUBLIC_BASE_URL, WECHAT_PUSH_TOKEN: PUSH_TOKEN } })
  look = demoLookup(t.handle.db)
  // 张秀兰 has opened the mini-program: her account has an openid, and she logs in with a code from wx.login.
  await look.setOpenid((await look.userOfPersona('resident')).id, 'openid-zhang-xiulan')
  t.wechat.codes.set('code-zhang', 'openid-zhang-xiulan')
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-zhang' } })
  expect(login.statusCode).toBe(200)
  expect(login.json().me.name).toBe('张秀兰')
  resident = { authorization: `Bearer ${login.json().token}` }
  staff = await t.headersAs('staff')
  volunteer = await t.headersAs('volunteer')
}, 60_000)
afterAll(() => t?.close())
afterEach(() => {
  t.wechat.failures.clear()
  t.wechat.textVerdict = () => ({ suggest: 'pass', label: 100 })
})

const get = (url: string, as: As) => t.app.inject({ method: 'GET', url, headers: { authorization: as.authorization } })
const post = (url: string, as: As, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: { authorization: as.authorization }, payload })

let seq = 0
async function postWish(as: As = resident, over: Record<string, unknown> = {}): Promise<Wish> {
  const res = await post('/api/wishes', as, { category: 'daily_goods', title: `想要一床厚被子${++seq}`, description: '冬天太冷了，家里的被子太薄，想要一床厚实的棉被。', photoIds: [], valueYuan: 100, contactPreference: 'phone', ...over })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}
/** The wish as the reviewer sees it (with the check's findings). */
async function reviewed(id: number): Promise<Wish> {
  const res = await get(`/api/wishes/${id}`, staff)
  expect(res.statusCode).toBe(200)
  return res.json()
}
async function openList(): Promise<number[]> {
  return ((await get('/api/wishes?limit=50', volunteer)).json().items as WishSummary[]).map((w) => w.id)
}
async function uploadPicture(as: As = resident): Promise<{ id: number; url: string }> {
  const boundary = '----doorstep-wechat-test'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const res = await t.app.inject({ method: 'POST', url: '/api/uploads?purpose=wish_photo', headers: { authorization: as.authorization, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}
const uploadRow = async (id: number) => (await t.handle.db.select().from(uploads).where(eq(uploads.id, id)))[0]!
const tokenFetches = () => t.wechat.callsTo('/cgi-bin/stable_token').length
const textChecks = () => t.wechat.callsTo('/wxa/msg_sec_check')

/** The app clock's time as WeChat writes it: seconds since the epoch. */
const unixNow = (offsetSeconds = 0) => String(Math.floor(t.clock.now.getTime() / 1000) + offsetSeconds)
let nonces = 1288347300
/** WeChat's 消息推送 signature: sha1 of the sorted token, timestamp (default: now) and nonce (default: a new one). */
function signed(query: { timestamp?: string; nonce?: string; echostr?: string } = {}, token = PUSH_TOKEN) {
  const timestamp = query.timestamp ?? unixNow()
  const nonce = query.nonce ?? String(++nonces)
  const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')
  return new URLSearchParams({ signature, timestamp, nonce, ...(query.echostr ? { echostr: query.echostr } : {}) }).toString()
}
const mediaCheckPush = (traceId: string, suggest: string, label: string | number) => ({
  ToUserName: 'gh_38cd4e8e4b2e',
  FromUserName: 'oQ4Zf5Q1xyz',
  CreateTime: 1763344800,
  MsgType: 'event',
  Event: 'wxa_media_check',
  appid: 'wx0123456789abcdef',
  trace_id: traceId,
  version: 2,
  detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 }],
  errcode: 0,
  errmsg: 'ok',
  result: { suggest, label },
})
const push = (query: string, body: object) => t.app.inject({ method: 'POST', url: `/api/wechat/push?${query}`, payload: body })

describe('text: msgSecCheck', () => {
  it('fetches one access token for several posts at once, and checks each text under the poster’s openid', async () => {
    expect(tokenFetches()).toBe(0)
    const posted = await Promise.all([1, 2, 3, 4, 5].map(() => postWish()))
    expect(tokenFetches()).toBe(1)
    const [tokenCall] = t.wechat.callsTo('/cgi-bin/stable_token')
    expect(tokenCall).toMatchObject({ method: 'POST', body: { grant_type: 'client_credential', appid: 'wx0123456789abcdef', secret: 'test-secret' } })

    const checks = textChecks()
    expect(checks).toHaveLength(5)
    for (const wish of posted) {
      const call = checks.find((c) => c.body?.title === wish.title)!
      expect(call).toMatchObject({ method: 'POST', query: { access_token: t.wechat.accessToken }, body: { content: `${wish.title}\n${wish.description}`, version: 2, scene: 1, openid: 'openid-zhang-xiulan' } })
      expect((await reviewed(wish.id)).moderation).toEqual({ text: 'pass', photos: [], labels: [] })
      expect(wish.status).toBe('pending')
    }
  })

  it('reuses the token on later calls', async () => {
    const before = tokenFetches()
    await postWish()
    await postWish()
    expect(tokenFetches()).toBe(before)
    expect(textChecks().slice(-2).map((c) => c.query.access_token)).toEqual([t.wechat.accessToken, t.wechat.accessToken])
  })

  it('marks text WeChat finds risky (label 20003 → 辱骂) for the reviewer; it is never listed before approval', async () => {
    t.wechat.textVerdict = () => ({ suggest: 'risky', label: 20003 })
    const wish = await postWish(resident, { title: '想请人管管楼上邻居', description: '楼上邻居天天半夜吵闹，想请人帮忙去说一说。' })
    expect(wish).toMatchObject({ status: 'pending', moderation: null })
    expect((await reviewed(wish.id)).moderation).toEqual({ text: 'risky', photos: [], labels: ['辱骂'] })
    const queue = (await get('/api/staff/wishes', staff)).json().items as WishSummary[]
    expect(queue.find((w) => w.id === wish.id)?.moderation).toMatchObject({ text: 'risky', labels: ['辱骂'] })
    expect(await openList()).not.toContain(wish.id)
    expect((await get(`/api/wishes/${wish.id}`, volunteer)).statusCode).toBe(404)
  })

  it('passes on doubtful verdicts and unknown labels in words a reviewer reads', async () => {
    t.wechat.textVerdict = () => ({ suggest: 'review', label: 10001 })
    expect((await reviewed((await postWish()).id)).moderation).toMatchObject({ text: 'review', labels: ['广告'] })
    t.wechat.textVerdict = () => ({ suggest: 'risky', label: 29999 })
    expect((await reviewed((await postWish()).id)).moderation).toMatchObject({ text: 'risky', labels: ['其他（29999）'] })
  })

  it('fetches a new token after errcode 40001 and retries once with it', async () => {
    const before = tokenFetches()
    const stale = t.wechat.accessToken
    t.wechat.rotateToken() // another server forced a refresh: our cached token no longer works
    const fresh = t.wechat.accessToken
    const callsBefore = t.wechat.calls.length
    const wish = await postWish()
    const calls = t.wechat.calls.slice(callsBefore).map((c) => [c.path, c.query.access_token ?? null])
    expect(calls).toEqual([
      ['/wxa/msg_sec_check', stale],
      ['/cgi-bin/stable_token', null],
      ['/wxa/msg_sec_check', fresh],
    ])
    expect(tokenFetches()).toBe(before + 1)
    expect((await reviewed(wish.id)).moderation).toEqual({ text: 'pass', photos: [], labels: [] })
    // And the new token is kept.
    await postWish()
    expect(tokenFetches()).toBe(before + 1)
    expect(textChecks().at(-1)!.query.access_token).toBe(fresh)
  })

  it('does not loop when a fresh token is refused too: the wish goes to review unchecked', async () => {
    const before = tokenFetches()
    t.wechat.failures.set('/wxa/msg_sec_check', { status: 200, body: { errcode: 40001, errmsg: 'invalid credential' } })
    const wish = await postWish()
    expect(tokenFetches()).toBe(before + 1)
    expect(wish.status).toBe('pending')
    expect((await reviewed(wish.id)).moderation).toEqual({ text: 'unchecked', photos: [], labels: ['微信内容安全服务暂不可用，未经机审'] })
  })

  it('WeChat down (HTTP 500): the wish is still posted, as 待审核 and marked unchecked — never published unchecked', async () => {
    t.wechat.failures.set('/wxa/msg_sec_check', { status: 500, body: { errmsg: 'internal error' } })
    const wish = await postWish()
    expect(wish.status).toBe('pending')
    expect((await reviewed(wish.id)).moderation).toEqual({ text: 'unchecked', photos: [], labels: ['微信内容安全服务暂不可用，未经机审'] })
    expect(await openList()).not.toContain(wish.id)
    // A busy answer (errcode -1) is the same.
    t.wechat.failures.set('/wxa/msg_sec_check', { status: 200, body: { errcode: -1, errmsg: 'system error' } })
    expect((await reviewed((await postWish()).id)).moderation?.text).toBe('unchecked')
  })

  it('WeChat down while the token must be renewed: posted unchecked as well', async () => {
    t.wechat.rotateToken()
    t.wechat.failures.set('/cgi-bin/stable_token', { status: 500, body: {} })
    const wish = await postWish()
    expect(wish.status).toBe('pending')
    expect((await reviewed(wish.id)).moderation).toMatchObject({ text: 'unchecked', labels: ['微信内容安全服务暂不可用，未经机审'] })
    t.wechat.failures.clear()
    expect((await reviewed((await postWish()).id)).moderation?.text).toBe('pass')
  })

  it('a poster without a WeChat identity (staff posting for a resident) is marked unchecked, without calling WeChat', async () => {
    const person = await look.person('王德明')
    const checks = textChecks().length
    const res = await post('/api/staff/wishes', staff, { category: 'elderly_care', title: '想请人帮忙买菜', description: '腿脚不便，想请志愿者每周帮忙买一次菜。', photoIds: [], valueYuan: 50, contactPreference: 'via_staff', personId: person.id, consent: true })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().moderation).toEqual({ text: 'unchecked', photos: [], labels: ['发布人没有微信身份，未经机审'] })
    expect(textChecks()).toHaveLength(checks)
  })
})

describe('pictures: mediaCheckAsync and the pushed verdict', () => {
  it('sends an uploaded picture’s public URL to media_check_async; it waits as pending', async () => {
    const picture = await uploadPicture()
    const call = t.wechat.callsTo('/wxa/media_check_async').at(-1)!
    expect(call).toMatchObject({ query: { access_token: t.wechat.accessToken }, body: { media_url: `${PUBLIC_BASE_URL}${picture.url}`, media_type: 2, version: 2, scene: 1, openid: 'openid-zhang-xiulan' } })
    const row = await uploadRow(picture.id)
    expect(row).toMatchObject({ moderation: 'pending', moderationLabel: null })
    expect(row.moderationTraceId).toMatch(/^fake-trace-\d+$/)
    const wish = await postWish(resident, { photoIds: [picture.id] })
    expect((await reviewed(wish.id)).moderation).toEqual({ text: 'pass', photos: ['pending'], labels: [] })
  })

  it('a signed push marks the picture risky (20002 → 色情); staff see it in photos and labels', async () => {
    const picture = await uploadPicture()
    const wish = await postWish(resident, { photoIds: [picture.id] })
    const traceId = (await uploadRow(picture.id)).moderationTraceId!
    const res = await push(signed(), mediaCheckPush(traceId, 'risky', '20002'))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toBe('success')
    expect((await reviewed(wish.id)).moderation).toEqual({ text: 'pass', photos: ['risky'], labels: ['照片1：微信判定：色情'] })
    expect((await get(`/api/wishes/${wish.id}`, resident)).json().moderation).toBeNull()
    expect(await openList()).not.toContain(wish.id)
  })

  it('takes the label as WeChat sends it (a number) and a pass verdict clears the picture', async () => {
    const [a, b] = [await uploadPicture(), await uploadPicture()]
    const wish = await postWish(resident, { photoIds: [a.id, b.id] })
    expect((await push(signed({ nonce: '42' }), mediaCheckPush((await uploadRow(a.id)).moderationTraceId!, 'pass', 100))).statusCode).toBe(200)
    expect((await push(signed({ nonce: '43' }), mediaCheckPush((await uploadRow(b.id)).moderationTraceId!, 'review', 10001))).statusCode).toBe(200)
    expect((await reviewed(wish.id)).moderation).toEqual({ text: 'pass', photos: ['pass', 'review'], labels: ['照片2：微信判定：广告'] })
  })

  it('a push saying WeChat could not check the picture marks it unchecked for the reviewer, not pending for ever', async () => {
    const picture = await uploadPicture()
    const wish = await postWish(resident, { photoIds: [picture.id] })
    const traceId = (await uploadRow(picture.id)).moderationTraceId!
    const { result: _result, detail: _detail, ...failed } = mediaCheckPush(traceId, 'pass', 100)
    const res = await push(signed({ nonce: '44' }), { ...failed, errcode: 87014, errmsg: 'media download failed' })
    expect(res.statusCode, res.body).toBe(200)
    expect((await reviewed(wish.id)).moderation).toEqual({ text: 'pass', photos: ['unchecked'], labels: ['照片1：微信未能检测此图片（87014）'] })
  })

  it('a bad signature is 403 WECHAT_SIGNATURE_INVALID and changes nothing', async () => {
    const picture = await uploadPicture()
    const traceId = (await uploadRow(picture.id)).moderationTraceId!
    const body = mediaCheckPush(traceId, 'risky', '20002')
    const forged = signed({}, 'not-our-token')
    const tampered = signed().replace(/timestamp=(\d+)/, (_, ts: string) => `timestamp=${Number(ts) + 1}`)
    for (const query of [forged, tampered, 'timestamp=1763344800&nonce=1', '']) {
      const res = await push(query, body)
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual({ code: 'WECHAT_SIGNATURE_INVALID', message: '消息签名不正确' })
    }
    expect(await uploadRow(picture.id)).toMatchObject({ moderation: 'pending', moderationLabel: null })
  })

  it('a push signed more than five minutes from our clock, either way, is 403 WECHAT_PUSH_STALE and changes nothing', async () => {
    const picture = await uploadPicture()
    const body = mediaCheckPush((await uploadRow(picture.id)).moderationTraceId!, 'risky', '20002')
    // A year-old signed URL, one just over five minutes old, one from five minutes ahead.
    for (const offset of [-365 * 24 * 3600, -301, 301]) {
      const res = await push(signed({ timestamp: unixNow(offset) }), body)
      expect(res.statusCode, `offset ${offset}`).toBe(403)
      expect(res.json()).toEqual({ code: 'WECHAT_PUSH_STALE', message: '消息时间戳已过期' })
    }
    expect(await uploadRow(picture.id)).toMatchObject({ moderation: 'pending', moderationLabel: null })
    // Within the window, late or early, it is taken.
    expect((await push(signed({ timestamp: unixNow(-299) }), body)).statusCode).toBe(200)
    expect((await uploadRow(picture.id)).moderation).toBe('risky')
  })

  it('a push in 安全模式 (only an encrypted event) is 400 WECHAT_PUSH_ENCRYPTED, not acknowledged unread', async () => {
    const res = await push(signed(), { ToUserName: 'gh_0123456789ab', Encrypt: 'bm90IHJlYWxseSBlbmNyeXB0ZWQ=' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'WECHAT_PUSH_ENCRYPTED', message: '消息推送须设为明文模式或兼容模式' })
  })

  it('the same signed request presented again is 403 WECHAT_PUSH_REPLAYED, even with another body', async () => {
    const [a, b] = [await uploadPicture(), await uploadPicture()]
    const query = signed()
    expect((await push(query, mediaCheckPush((await uploadRow(a.id)).moderationTraceId!, 'pass', 100))).statusCode).toBe(200)
    const replay = await push(query, mediaCheckPush((await uploadRow(b.id)).moderationTraceId!, 'pass', 100))
    expect(replay.statusCode).toBe(403)
    expect(replay.json()).toEqual({ code: 'WECHAT_PUSH_REPLAYED', message: '消息已处理过' })
    expect((await uploadRow(a.id)).moderation).toBe('pass')
    expect((await uploadRow(b.id)).moderation).toBe('pending')
  })

  it('the same signed push arriving at several instances at once is taken once (on PostgreSQL: truly concurrent)', async () => {
    const picture = await uploadPicture()
    const query = signed()
    const body = mediaCheckPush((await uploadRow(picture.id)).moderationTraceId!, 'review', 10001)
    const answers = await Promise.all(Array.from({ length: 10 }, () => push(query, body)))
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, ...Array(9).fill(403)])
    expect((await uploadRow(picture.id)).moderation).toBe('review')
  })

  it('a verdict once pushed stays: a later pass does not overturn risky', async () => {
    const picture = await uploadPicture()
    const wish = await postWish(resident, { photoIds: [picture.id] })
    const traceId = (await uploadRow(picture.id)).moderationTraceId!
    expect((await push(signed(), mediaCheckPush(traceId, 'risky', '20002'))).statusCode).toBe(200)
    // Freshly signed and acknowledged (WeChat must not retry it), but the picture stays risky.
    const late = await push(signed(), mediaCheckPush(traceId, 'pass', 100))
    expect(late.statusCode).toBe(200)
    const unchecked = mediaCheckPush(traceId, 'pass', 100)
    expect((await push(signed(), { ...unchecked, result: undefined, errcode: 87014 })).statusCode).toBe(200)
    expect(await uploadRow(picture.id)).toMatchObject({ moderation: 'risky', moderationLabel: '微信判定：色情' })
    expect((await reviewed(wish.id)).moderation).toEqual({ text: 'pass', photos: ['risky'], labels: ['照片1：微信判定：色情'] })
  })

  it('forgets the nonces of pushes older than the window as new ones arrive', async () => {
    const start = t.clock.now
    try {
      await push(signed(), { Event: 'subscribe_msg_popup_event' })
      expect((await t.handle.db.select().from(wechatPushNonces)).length).toBeGreaterThan(0)
      t.clock.now = new Date(start.getTime() + 6 * 60_000)
      const fresh = signed()
      await push(fresh, { Event: 'subscribe_msg_popup_event' })
      const rows = await t.handle.db.select().from(wechatPushNonces)
      expect(rows.map((r) => `${r.timestamp}:${r.nonce}`)).toEqual([`${unixNow()}:${new URLSearchParams(fresh).get('nonce')}`])
    } finally {
      t.clock.now = start
    }
  })

  it('acknowledges pushes it has nothing to do with', async () => {
    const picture = await uploadPicture()
    for (const body of [mediaCheckPush('no-such-trace', 'risky', '20002'), { ...mediaCheckPush((await uploadRow(picture.id)).moderationTraceId!, 'risky', '20002'), Event: 'subscribe_msg_popup_event' }]) {
      const res = await push(signed(), body)
      expect(res.statusCode).toBe(200)
      expect(res.body).toBe('success')
    }
    expect((await uploadRow(picture.id)).moderation).toBe('pending')
  })

  it('GET with a good signature echoes echostr (the console’s URL check); a bad one is 403', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/wechat/push?${signed({ echostr: '7129853127458214921' })}` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    expect(res.body).toBe('7129853127458214921')
    const bad = await t.app.inject({ method: 'GET', url: `/api/wechat/push?${signed({ echostr: '7129853127458214921' }, 'wrong')}` })
    expect(bad.statusCode).toBe(403)
    expect(bad.json().code).toBe('WECHAT_SIGNATURE_INVALID')
  })

  it('WeChat down for pictures: the upload still works, marked unchecked for the reviewer', async () => {
    t.wechat.failures.set('/wxa/media_check_async', { status: 500, body: {} })
    const picture = await uploadPicture()
    expect(await uploadRow(picture.id)).toMatchObject({ moderation: 'unchecked', moderationLabel: '微信内容安全服务暂不可用，未经机审', moderationTraceId: null })
    const wish = await postWish(resident, { photoIds: [picture.id] })
    expect((await reviewed(wish.id)).moderation).toEqual({ text: 'pass', photos: ['unchecked'], labels: ['照片1：微信内容安全服务暂不可用，未经机审'] })
  })

  it('an uploader without a WeChat identity: unchecked, WeChat not called', async () => {
    const calls = t.wechat.callsTo('/wxa/media_check_async').length
    const boundary = '----doorstep-wechat-test'
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)])
    const res = await t.app.inject({ method: 'POST', url: '/api/uploads?purpose=proof_photo', headers: { authorization: volunteer.authorization, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
    expect(res.statusCode).toBe(201)
    expect(await uploadRow(res.json().id)).toMatchObject({ moderation: 'unchecked', moderationLabel: '发布人没有微信身份，未经机审' })
    expect(t.wechat.callsTo('/wxa/media_check_async')).toHaveLength(calls)
  })
})
