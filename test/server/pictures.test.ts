import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import sharp from 'sharp'
import { uploads } from '../../server/src/db/schema'
import { SWEEPS, sweepDeps } from '../../server/src/sweeps'
import type { StationList } from '../../types/api/booking'
import type { EventList, HomeResponse } from '../../types/api/org'
import type { ShopItem } from '../../types/api/points'
import type { Activity, ActivityPage } from '../../types/api/volunteer'
import { type As, expectError, ok, type Res } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'
import { addDays, chinaDate, DAY_MS } from '../../types/time'
import { createTestApp, type TestApp } from '../support/test-app'
import { volunteerWorld } from './volunteer-fixtures'

/*
 * Pictures of shop items, activities and stations: staff upload them for their purpose (shop_photo,
 * activity_photo), attach them to records of their own community, and lists carry the thumbnail — or, without
 * a photo, the server's default picture of the record's kind.
 */

let t: TestApp
let w: ReturnType<typeof volunteerWorld>
let lianTong: number
let fuLong: number
let center: number
let staff: As
let staffFuLong: As
let resident: As
let photoBytes: Buffer

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = volunteerWorld(t)
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
  center = await w.stationId('联通社区党群服务中心')
  staff = await t.headersAs('staff')
  resident = await t.headersAs('resident')
  staffFuLong = await w.staffOf(fuLong)
  // A real photo's shape: wider than the thumbnail, so the thumbnail is really smaller.
  photoBytes = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a7bd5' } }).jpeg().toBuffer()
}, 60_000)
afterAll(() => t?.close())

const boundary = '----doorstep-pictures-test'
const upload = (as: As, purpose: string) =>
  w.send({
    method: 'POST',
    url: `/api/uploads?purpose=${purpose}`,
    headers: { ...as, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      photoBytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  })
const uploaded = async (as: As, purpose: string) => ok<{ id: number; url: string }>(await upload(as, purpose), 201)
const widthOf = async (res: Res) => (await sharp(res.rawPayload).metadata()).width

let itemSeq = 0
const itemBody = (over: Record<string, unknown> = {}) => ({ name: `测试商品${++itemSeq}`, kind: 'goods', price: 10, stock: 5, stationId: center, ...over })
const day = addDays(chinaDate(NOW.getTime()), 3)

describe('uploading a picture of the community', () => {
  it('lets staff upload shop and activity photos, and refuses residents', async () => {
    for (const purpose of ['shop_photo', 'activity_photo']) {
      await uploaded(staff, purpose)
      expectError(await upload(resident, purpose), 403, 'FORBIDDEN')
    }
    expectError(await upload(staff, 'item_photo'), 400, 'VALIDATION_FAILED')
  })
})

describe('shop items', () => {
  it('carry the photo staff attached: the full picture, and a 320 px thumbnail in the list', async () => {
    const photo = await uploaded(staff, 'shop_photo')
    const created = ok<ShopItem>(await w.post('/api/staff/shop/items', staff, itemBody({ photoId: photo.id })), 201)
    expect(created).toMatchObject({ photo: { id: photo.id, url: photo.url }, imageUrl: photo.url, thumbnailUrl: `${photo.url}?w=320` })
    const listed = ok<{ items: ShopItem[] }>(await w.get('/api/shop/items', resident)).items.find((i) => i.id === created.id)!
    expect(listed.thumbnailUrl).toBe(`${photo.url}?w=320`)
    const [full, thumb] = [await w.send({ method: 'GET', url: listed.imageUrl }), await w.send({ method: 'GET', url: listed.thumbnailUrl })]
    expect([full.statusCode, thumb.statusCode]).toEqual([200, 200])
    expect([await widthOf(full), await widthOf(thumb)]).toEqual([800, 320])
  })

  it('without a photo show the default picture of their kind, which the server serves', async () => {
    const goods = ok<ShopItem>(await w.post('/api/staff/shop/items', staff, itemBody()), 201)
    expect(goods).toMatchObject({ photo: null, imageUrl: '/api/pictures/shop-goods.png', thumbnailUrl: '/api/pictures/shop-goods.thumb.png' })
    const service = ok<ShopItem>(await w.post('/api/staff/shop/items', staff, itemBody({ kind: 'service' })), 201)
    expect(service.thumbnailUrl).toBe('/api/pictures/shop-service.thumb.png')
    const [full, thumb] = [await w.send({ method: 'GET', url: goods.imageUrl }), await w.send({ method: 'GET', url: goods.thumbnailUrl })]
    expect(full.headers['content-type']).toBe('image/png')
    expect([await widthOf(full), await widthOf(thumb)]).toEqual([640, 192])
    expectError(await w.send({ method: 'GET', url: '/api/pictures/..%2F..%2Fpackage.json' }), 400, 'VALIDATION_FAILED')
  })

  it('change, keep and drop their photo by PATCH', async () => {
    const item = ok<ShopItem>(await w.post('/api/staff/shop/items', staff, itemBody()), 201)
    const photo = await uploaded(staff, 'shop_photo')
    expect(ok<ShopItem>(await w.patch(`/api/staff/shop/items/${item.id}`, staff, { photoId: photo.id })).photo).toEqual({ id: photo.id, url: photo.url })
    // A colleague may save the item with the photo it has, though they did not upload it.
    const colleague = await w.staffOf(lianTong)
    expect(ok<ShopItem>(await w.patch(`/api/staff/shop/items/${item.id}`, colleague, { price: 12, photoId: photo.id })).photo?.id).toBe(photo.id)
    expect(ok<ShopItem>(await w.patch(`/api/staff/shop/items/${item.id}`, staff, { photoId: null })).thumbnailUrl).toBe('/api/pictures/shop-goods.thumb.png')
  })

  it('take only a shop photo the caller uploaded', async () => {
    const item = ok<ShopItem>(await w.post('/api/staff/shop/items', staff, itemBody()), 201)
    for (const purpose of ['station_photo', 'activity_photo', 'wish_photo']) {
      const other = await uploaded(purpose === 'wish_photo' ? resident : staff, purpose)
      expectError(await w.post('/api/staff/shop/items', staff, itemBody({ photoId: other.id })), 400, 'PHOTO_NOT_FOUND')
      expectError(await w.patch(`/api/staff/shop/items/${item.id}`, staff, { photoId: other.id }), 400, 'PHOTO_NOT_FOUND')
    }
    // Another community's staff member's upload: its id attaches nothing here.
    const theirs = await uploaded(staffFuLong, 'shop_photo')
    expectError(await w.patch(`/api/staff/shop/items/${item.id}`, staff, { photoId: theirs.id }), 400, 'PHOTO_NOT_FOUND')
    expectError(await w.patch(`/api/staff/shop/items/${item.id}`, staff, { photoId: 99_999_999 }), 400, 'PHOTO_NOT_FOUND')
  })

  it('are not for staff of another community, nor for residents, to picture', async () => {
    const item = ok<ShopItem>(await w.post('/api/staff/shop/items', staff, itemBody()), 201)
    const theirs = await uploaded(staffFuLong, 'shop_photo')
    expectError(await w.patch(`/api/staff/shop/items/${item.id}`, staffFuLong, { photoId: theirs.id }), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.post('/api/staff/shop/items', staffFuLong, itemBody({ photoId: theirs.id })), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.patch(`/api/staff/shop/items/${item.id}`, resident, { photoId: null }), 403, 'FORBIDDEN')
    expect(ok<{ items: ShopItem[] }>(await w.get('/api/staff/shop/items', staff)).items.find((i) => i.id === item.id)!.photo).toBeNull()
  })
})

describe('activities', () => {
  it('carry their photo in the list and on their page', async () => {
    const photo = await uploaded(staff, 'activity_photo')
    const created = await w.newActivity(staff, lianTong, day, '09:00', '11:00', { photoId: photo.id })
    expect(created).toMatchObject({ photo: { id: photo.id, url: photo.url }, imageUrl: photo.url })
    const page = ok<ActivityPage>(await w.get(`/api/activities?from=${day}&limit=50`, resident))
    expect(page.items.find((a) => a.id === created.id)!.thumbnailUrl).toBe(`${photo.url}?w=320`)
    expect(ok<Activity>(await w.get(`/api/activities/${created.id}`, resident)).imageUrl).toBe(photo.url)
  })

  it('without a photo look like their first skill, or 综合服务 without skills', async () => {
    const medical = await w.newActivity(staff, lianTong, day, '13:00', '14:00', { skills: ['medical', 'elderly_care'] })
    expect(medical).toMatchObject({ photo: null, imageUrl: '/api/pictures/activity-medical.png', thumbnailUrl: '/api/pictures/activity-medical.thumb.png' })
    const none = await w.newActivity(staff, lianTong, day, '15:00', '16:00', { skills: [] })
    expect(none.thumbnailUrl).toBe('/api/pictures/activity-general.thumb.png')
    expect((await w.send({ method: 'GET', url: none.thumbnailUrl })).statusCode).toBe(200)
  })

  it('take only an activity photo the caller uploaded, and only from staff of their community', async () => {
    const activity = await w.newActivity(staff, lianTong, day, '17:00', '18:00')
    const shopPhoto = await uploaded(staff, 'shop_photo')
    expectError(await w.post('/api/staff/activities', staff, w.activityBody(lianTong, day, '19:00', '20:00', { photoId: shopPhoto.id })), 400, 'PHOTO_NOT_FOUND')
    expectError(await w.patch(`/api/staff/activities/${activity.id}`, staff, { photoId: shopPhoto.id }), 400, 'PHOTO_NOT_FOUND')
    const theirs = await uploaded(staffFuLong, 'activity_photo')
    expectError(await w.patch(`/api/staff/activities/${activity.id}`, staff, { photoId: theirs.id }), 400, 'PHOTO_NOT_FOUND')
    expectError(await w.patch(`/api/staff/activities/${activity.id}`, staffFuLong, { photoId: theirs.id }), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.patch(`/api/staff/activities/${activity.id}`, resident, { photoId: null }), 403, 'FORBIDDEN')
    const mine = await uploaded(staff, 'activity_photo')
    expect(ok<Activity>(await w.patch(`/api/staff/activities/${activity.id}`, staff, { photoId: mine.id })).photo?.id).toBe(mine.id)
  })
})

describe('stations', () => {
  it('list with their first photo’s thumbnail, or the default picture of their kind', async () => {
    const before = ok<StationList>(await w.get(`/api/stations?communityId=${lianTong}`, resident)).items
    const centerItem = before.find((s) => s.id === center)!
    expect(centerItem).toMatchObject({ imageUrl: '/api/pictures/station-center.png', thumbnailUrl: '/api/pictures/station-center.thumb.png' })
    expect(before.find((s) => s.kind === 'grid_station')!.thumbnailUrl).toBe('/api/pictures/station-grid_station.thumb.png')
    const photo = await uploaded(staff, 'station_photo')
    ok(await w.patch(`/api/staff/stations/${center}`, staff, { photoIds: [photo.id] }))
    const after = ok<StationList>(await w.get(`/api/stations?communityId=${lianTong}`, resident)).items.find((s) => s.id === center)!
    expect(after).toMatchObject({ imageUrl: photo.url, thumbnailUrl: `${photo.url}?w=320` })
  })
})

describe('首页 and 活动预告', () => {
  it('give stations and events a thumbnail: an activity’s picture, a public booking’s station’s', async () => {
    const photo = await uploaded(staff, 'activity_photo')
    const pictured = await w.newActivity(staff, lianTong, day, '07:00', '08:00', { photoId: photo.id, title: '晨练太极' })
    const plain = await w.newActivity(staff, lianTong, day, '07:30', '08:30', { skills: ['tutoring'], title: '作业辅导' })
    const home = ok<HomeResponse>(await w.get(`/api/home?communityId=${lianTong}`, resident))
    expect(home.stations.find((s) => s.kind === 'grid_station')!.thumbnailUrl).toBe('/api/pictures/station-grid_station.thumb.png')
    const month = day.slice(0, 7)
    const events = ok<EventList>(await w.get(`/api/events?communityId=${lianTong}&month=${month}`, resident)).items
    expect(events.find((e) => e.kind === 'activity' && e.id === pictured.id)!.thumbnailUrl).toBe(`${photo.url}?w=320`)
    expect(events.find((e) => e.kind === 'activity' && e.id === plain.id)!.thumbnailUrl).toBe('/api/pictures/activity-tutoring.thumb.png')
    // The demo's public bookings (合唱团排练 …): each shows its station's picture, as the station list does.
    const bookings = events.filter((e) => e.kind === 'booking')
    expect(bookings.length).toBeGreaterThan(0)
    const stations = ok<StationList>(await w.get(`/api/stations?communityId=${lianTong}`, resident)).items
    for (const b of bookings) expect(b.thumbnailUrl).toBe(stations.find((s) => s.id === b.stationId)!.thumbnailUrl)
  })
})

describe('the orphan sweep', () => {
  it('keeps the photos of shop items and activities and takes unused ones', async () => {
    const onItem = await uploaded(staff, 'shop_photo')
    ok(await w.post('/api/staff/shop/items', staff, itemBody({ photoId: onItem.id })), 201)
    const onActivity = await uploaded(staff, 'activity_photo')
    await w.newActivity(staff, lianTong, day, '20:00', '21:00', { photoId: onActivity.id })
    const unused = await uploaded(staff, 'shop_photo')
    await SWEEPS.find((s) => s.name === 'delete orphan uploads')!.run(sweepDeps(t.handle.db, t.config), new Date(t.clock.now.getTime() + 2 * DAY_MS))
    const left = async (id: number) => (await t.handle.db.select({ id: uploads.id }).from(uploads).where(eq(uploads.id, id))).length
    expect([await left(onItem.id), await left(onActivity.id), await left(unused.id)]).toEqual([1, 1, 0])
  })
})
