import { existsSync } from 'node:fs'
import path from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import sharp from 'sharp'
import { uploads } from '../../server/src/db/schema'
import { SWEEPS, sweepDeps } from '../../server/src/sweeps'
import type { Upload, Wish } from '../../types/api/wishes'
import { createTestApp, type TestApp } from '../support/test-app'
import { bookingWorld } from './booking-fixtures'
import { type As, expectError, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * Pictures: decoded for real and re-encoded (a polyglot with HTML or <script> behind image magic is refused,
 * EXIF with the phone's GPS position is gone, the picture is turned upright), served so no browser runs or
 * sniffs it, with a list thumbnail; a daily quota per account; the sweep of uploads nothing uses. Test images
 * are made with sharp here: no binary fixtures.
 */

let t: TestApp
let w: ReturnType<typeof bookingWorld>
let lianTong: number
const HOUR = 3600_000

beforeAll(async () => {
  t = await createTestApp({ now: NOW, env: { UPLOAD_DAILY_COUNT: '5', UPLOAD_DAILY_MB: '20' } })
  w = bookingWorld(t)
  lianTong = await w.look.communityId('联通社区')
}, 60_000)
afterAll(() => t?.close())

function multipart(bytes: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') {
  const boundary = '----doorstep-uploads-test'
  return {
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

function upload(as: As, bytes: Buffer, purpose = 'wish_photo', headers: Record<string, string> = {}) {
  const { payload, contentType } = multipart(bytes)
  return t.app.inject({ method: 'POST', url: `/api/uploads?purpose=${purpose}`, headers: { ...as, ...headers, 'content-type': contentType }, payload })
}

const photo = (width: number, height: number, background = '#3366cc') => sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer()
const file = (url: string) => t.app.inject({ method: 'GET', url })
const onDisk = (storageKey: string) => existsSync(path.join(t.config.uploadDir, storageKey))
const keyOf = (url: string) => url.split('/').pop()!

function pngChunk(type: string, data: Buffer) {
  const body = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  return Buffer.concat([length, body, crc])
}

/** A PNG of 69 bytes claiming `width`×`height` pixels: a decompression bomb's header, with hardly any data. */
function pngClaiming(width: number, height: number) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.alloc(100))), pngChunk('IEND', Buffer.alloc(0))])
}

describe('POST /api/uploads decodes and re-encodes', () => {
  it('refuses polyglots: image magic followed by HTML or an SVG with a script, and SVG or GIF themselves', async () => {
    const me = await w.fresh(lianTong)
    const html = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>')
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>')
    const refused = [
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), html]),
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), svg]),
      Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), html]),
      svg,
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer(),
      // A real JPEG cut in half: the header decodes, the picture does not.
      (await photo(400, 300)).subarray(0, 300),
    ]
    for (const bytes of refused) expectError(await upload(me, bytes), 400, 'UPLOAD_INVALID', '只能上传 JPG、PNG 或 WebP 格式的图片')
    expect(await t.handle.db.select().from(uploads).where(eq(uploads.ownerUserId, me.userId))).toEqual([])
  })

  it('stores a real picture with HTML appended as a clean re-encoded JPEG, served as one with headers that run nothing', async () => {
    const me = await w.fresh(lianTong)
    const polyglot = Buffer.concat([await photo(64, 48), Buffer.from('<html><script>alert(1)</script></html>')])
    const { url } = ok<Upload>(await upload(me, polyglot), 201)
    expect(url).toMatch(/^\/api\/files\/[0-9a-f]{32}\.jpg$/)
    const res = await file(url!)
    expect(res.statusCode).toBe(200)
    expect(res.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-disposition': `inline; filename="${keyOf(url!)}"`,
      'content-length': String(res.rawPayload.length),
    })
    expect(res.rawPayload.includes(Buffer.from('<script'))).toBe(false)
    expect(await sharp(res.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 64, height: 48 })
  })

  it('takes away EXIF (the GPS position) and turns the picture upright', async () => {
    const me = await w.fresh(lianTong)
    // 60×40 pixels, EXIF orientation 6 (the phone held upright), with a GPS position.
    const taken = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#cc3333' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD0: { Make: 'DoorstepPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 14/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '127/1 31/1 0/1' } })
      .toBuffer()
    const sent = await sharp(taken).metadata()
    expect(sent.orientation).toBe(6)
    expect(sent.exif!.includes(Buffer.from([0x25, 0x88]))).toBe(true) // the GPS IFD pointer, tag 0x8825
    const { url } = ok<Upload>(await upload(me, taken), 201)
    const stored = (await file(url!)).rawPayload
    const meta = await sharp(stored).metadata()
    expect(meta.exif).toBeUndefined()
    expect(meta.orientation).toBeUndefined()
    expect([meta.width, meta.height]).toEqual([40, 60])
    expect(stored.includes(Buffer.from('DoorstepPhone'))).toBe(false)
  })

  it('keeps PNG transparency, shrinks large pictures to 2048 px and serves a 320 px thumbnail at ?w=320', async () => {
    const me = await w.fresh(lianTong)
    const logo = await sharp({ create: { width: 100, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer()
    const transparent = ok<Upload>(await upload(me, logo), 201)
    expect(transparent.url).toMatch(/\.png$/)
    const png = await file(transparent.url!)
    expect(png.headers['content-type']).toBe('image/png')
    expect(await sharp(png.rawPayload).metadata()).toMatchObject({ format: 'png', hasAlpha: true })

    const big = ok<Upload>(await upload(me, await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#88aa44' } }).webp().toBuffer()), 201)
    expect(big.url).toMatch(/\.jpg$/)
    expect(await sharp((await file(big.url!)).rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 2048, height: 1365 })
    const thumb = await file(`${big.url}?w=320`)
    expect(thumb.statusCode).toBe(200)
    expect(thumb.headers).toMatchObject({ 'content-type': 'image/jpeg', 'x-content-type-options': 'nosniff' })
    expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 213 })
    expectError(await file(`${big.url}?w=640`), 400, 'VALIDATION_FAILED')
  })

  it('refuses a picture past 50 million pixels from its header, before decoding it', async () => {
    const me = await w.fresh(lianTong)
    expectError(await upload(me, pngClaiming(10_000, 10_000)), 400, 'UPLOAD_IMAGE_TOO_LARGE', '图片尺寸太大，请缩小后再上传')
    expectError(await upload(me, pngClaiming(20_000, 10)), 400, 'UPLOAD_IMAGE_TOO_LARGE')
  })
})

describe('the daily upload quota', () => {
  it('allows UPLOAD_DAILY_COUNT pictures in 24 hours, then 429 UPLOAD_QUOTA_EXCEEDED until the oldest is a day old', async () => {
    const me = await w.fresh(lianTong)
    const small = await photo(8, 8)
    for (let i = 0; i < 5; i++) ok(await upload(me, small), 201)
    expectError(await upload(me, small), 429, 'UPLOAD_QUOTA_EXCEEDED', '今天上传的图片太多了，请明天再试')
    // Somebody else is not held back.
    ok(await upload(await w.fresh(lianTong), small), 201)
    try {
      t.clock.now = new Date(NOW.getTime() + 24 * HOUR + 1000)
      ok(await upload({ authorization: (await t.actAsPerson(me.personId)).authorization }, small), 201)
    } finally {
      t.clock.now = NOW
    }
  })

  it('holds under parallel uploads: 8 at once with 5 left give exactly 5 pictures', async () => {
    const me = await w.fresh(lianTong)
    const small = await photo(8, 8)
    const answers = await Promise.all(Array.from({ length: 8 }, () => upload(me, small)))
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 201, 201, 429, 429, 429])
    expect(await t.handle.db.select().from(uploads).where(eq(uploads.ownerUserId, me.userId))).toHaveLength(5)
  })

  it('counts bytes too (UPLOAD_DAILY_MB)', async () => {
    const me = await w.fresh(lianTong)
    await t.handle.db.insert(uploads).values({ ownerUserId: me.userId, purpose: 'wish_photo', storageKey: `${'ab'.repeat(16)}.jpg`, mimeType: 'image/jpeg', byteSize: 20 * 1024 * 1024 - 100, moderation: 'unchecked', createdAt: NOW })
    expectError(await upload(me, await photo(64, 64)), 429, 'UPLOAD_QUOTA_EXCEEDED')
  })
})

describe('the sweep of orphan uploads', () => {
  const sweep = (now: Date) => SWEEPS.find((s) => s.name === 'delete orphan uploads')!.run(sweepDeps(t.handle.db, t.config), now)

  it('deletes uploads nothing uses once a day old, rows and files; keeps attached and recent ones', async () => {
    const account = await w.fresh(lianTong)
    // A month on: every upload of the other tests is past its day and swept first, so the counts below are this test's.
    const start = new Date(NOW.getTime() + 30 * 24 * HOUR)
    const at = (hours: number) => new Date(start.getTime() + hours * HOUR)
    await sweep(at(0))
    let attached: Upload, orphan: Upload, recent: Upload
    try {
      t.clock.now = at(0)
      // A session of the moved clock's time.
      const me = { authorization: (await t.actAsPerson(account.personId)).authorization }
      attached = ok<Upload>(await upload(me, await photo(30, 20)), 201)
      orphan = ok<Upload>(await upload(me, await photo(30, 20, '#aa0000')), 201)
      const body = { category: 'elderly_care', title: '想请人帮忙换灯泡', description: '卫生间的灯泡坏了，自己够不着。', photoIds: [attached.id], valueYuan: 20, contactPreference: 'phone', neededBy: null }
      expect(ok<Wish>(await w.post('/api/wishes', me, body), 201).photos.map((p) => p.id)).toEqual([attached.id])
      t.clock.now = at(20)
      recent = ok<Upload>(await upload({ authorization: (await t.actAsPerson(account.personId)).authorization }, await photo(30, 20, '#00aa00')), 201)
    } finally {
      t.clock.now = NOW
    }
    for (const u of [attached, orphan, recent]) expect(onDisk(keyOf(u.url!))).toBe(true)

    expect(await sweep(at(23))).toBe(0)
    expect(await sweep(at(25))).toBe(1)
    expect((await file(orphan.url!)).statusCode).toBe(404)
    expect((await file(`${orphan.url}?w=320`)).statusCode).toBe(404)
    expect(onDisk(keyOf(orphan.url!))).toBe(false)
    expect(onDisk(keyOf(orphan.url!).replace('.jpg', '.w320.jpg'))).toBe(false)
    expect(await t.handle.db.select().from(uploads).where(eq(uploads.id, orphan.id))).toEqual([])
    for (const u of [attached, recent]) expect((await file(u.url!)).statusCode).toBe(200)
    // Run again, or on two instances at once: nothing more to do, and nothing fails.
    expect(await Promise.all([sweep(at(25)), sweep(at(25))])).toEqual([0, 0])
    // The recent one's day passes too, swept by whichever of two instances takes it; the wish's photo stays.
    expect((await Promise.all([sweep(at(45)), sweep(at(45))])).reduce((a, b) => a + b)).toBe(1)
    expect((await file(recent.url!)).statusCode).toBe(404)
    expect((await file(attached.url!)).statusCode).toBe(200)
    expect(onDisk(keyOf(attached.url!))).toBe(true)
  })
})
