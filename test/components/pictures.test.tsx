import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import ActivitiesPage from '../../src/pages/activities/index'
import EventCalendarPage from '../../src/packages/booking/calendar/index'
import StationsPage from '../../src/packages/booking/stations/index'
import ShopPage from '../../src/packages/points/shop/index'
import StaffActivitiesPage from '../../src/packages/staff/activities/index'
import StaffShopPage from '../../src/packages/staff/shop/index'
import ActivityDetailPage from '../../src/packages/volunteer/detail/index'
import { elderMode } from '../../src/stores/preferences'
import type { ShopItem } from '../../types/api/points'
import { stationItem } from './booking-fixtures'
import { shopItem, summary } from './points-fixtures'
import { activitySummary as staffActivitySummary, staffStation } from './staff-volunteer-fixtures'
import { event, home, json, me, renderPage, station, useFakeApi } from './support'
import { activity, activityPage, activitySummary } from './volunteer-fixtures'
import { pickFromAlbum } from './wish-fixtures'

/*
 * Pictures in lists and forms: each card shows the server's thumbnail (the photo's, or the default picture of its
 * kind) as decoration at its left; staff put a photo on a shop item or an activity with the photo picker.
 */

const api = useFakeApi()
const DETAIL = '/packages/volunteer/detail/index'
const CALENDAR = '/packages/booking/calendar/index'

/** The thumbnails of the list cards, in order: their src and whether they are hidden from screen readers (decoration). */
const thumbnails = () =>
  [...document.querySelectorAll('.thumbnail')].map((el) => ({ src: el.querySelector('img')!.getAttribute('src'), hidden: el.getAttribute('aria-hidden') }))

/** The next uploads answer with ids from 601 and the purpose's kind of URL. */
function uploadsAnswer() {
  let next = 601
  return vi.spyOn(Taro, 'uploadFile').mockImplementation(() => {
    const id = next++
    const answer = Promise.resolve({ statusCode: 201, data: JSON.stringify({ id, url: `/api/files/photo-${id}.jpg` }), errMsg: 'uploadFile:ok' })
    return Object.assign(answer, { progress: () => undefined }) as never
  })
}

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

describe('thumbnails in lists', () => {
  test('积分超市: each item shows its photo’s thumbnail, or its kind’s default picture, as decoration', async () => {
    api.on('GET /api/shop/items', () =>
      json({
        items: [
          shopItem(),
          shopItem({ id: 4, name: '环保袋', kind: 'goods', photo: { id: 9, url: '/api/files/bag.jpg' }, imageUrl: '/api/files/bag.jpg', thumbnailUrl: '/api/files/bag.jpg?w=320' }),
        ],
      }),
    )
    api.on('GET /api/points/me', () => json(summary()))
    renderPage(ShopPage, '/packages/points/shop/index')
    await screen.findByText('环保袋')
    expect(thumbnails()).toEqual([
      { src: '/api/pictures/shop-service.thumb.png', hidden: 'true' },
      { src: '/api/files/bag.jpg?w=320', hidden: 'true' },
    ])
    // Beside the name, inside the card.
    expect(screen.getByText('环保袋').closest('.shop-item')!.querySelector('.shop-item__main > .thumbnail')).toBeTruthy()
  })

  test('服务阵地: each station shows its thumbnail', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/stations', () => json({ items: [stationItem(), stationItem({ id: 3, name: '第三网格驿站', kind: 'grid_station', thumbnailUrl: '/api/pictures/station-grid_station.thumb.png' })] }))
    renderPage(StationsPage, '/packages/booking/stations/index')
    await screen.findByText('第三网格驿站')
    expect(thumbnails().map((t) => t.src)).toEqual(['/api/pictures/station-center.thumb.png', '/api/pictures/station-grid_station.thumb.png'])
  })

  test('活动 tab: each card shows its thumbnail, larger in 长辈模式', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-19T10:00:00+08:00') })
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/activities', () => json(activityPage([activitySummary(), activitySummary({ id: 22, title: '义剪进社区', thumbnailUrl: '/api/files/cut.jpg?w=320' })])))
    const page = renderPage(ActivitiesPage, '/pages/activities/index')
    await screen.findByText('义剪进社区')
    expect(thumbnails().map((t) => t.src)).toEqual(['/api/pictures/activity-elderly_care.thumb.png', '/api/files/cut.jpg?w=320'])
    expect(document.querySelectorAll('.thumbnail--large')).toHaveLength(0)

    page.unmount()
    elderMode.set('on')
    renderPage(ActivitiesPage, '/pages/activities/index')
    await screen.findByText('义剪进社区')
    expect(document.querySelectorAll('.activity-card .thumbnail--large')).toHaveLength(2)
  })

  test('活动预告: each event of the day shows its thumbnail', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-18T10:00:00+08:00') })
    Current.router = { params: {}, path: CALENDAR, $taroPath: CALENDAR, onReady: '', onHide: '', onShow: '' }
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/stations', () => json({ items: [stationItem()] }))
    api.on('GET /api/events', () =>
      json({
        month: '2026-11',
        items: [
          event({ title: '长者智能手机课堂', startsAt: '2026-11-18T09:30:00+08:00', endsAt: '2026-11-18T11:30:00+08:00', thumbnailUrl: '/api/pictures/activity-digital.thumb.png' }),
          event({ id: 7, kind: 'booking', title: '社区合唱团排练', startsAt: '2026-11-18T14:00:00+08:00', endsAt: '2026-11-18T16:00:00+08:00', capacity: null, signedUp: null, thumbnailUrl: '/api/pictures/station-center.thumb.png' }),
        ],
      }),
    )
    renderPage(EventCalendarPage, CALENDAR)
    await screen.findByText('社区合唱团排练')
    expect(thumbnails()).toEqual([
      { src: '/api/pictures/activity-digital.thumb.png', hidden: 'true' },
      { src: '/api/pictures/station-center.thumb.png', hidden: 'true' },
    ])
  })

  test('an activity’s page shows its full picture; a photo opens large, a default picture is decoration', async () => {
    const preview = vi.spyOn(Taro, 'previewImage').mockResolvedValue({ errMsg: 'previewImage:ok' })
    api.on('GET /api/me', () => json(me()))
    Current.router = { params: { id: '21' }, path: DETAIL, $taroPath: DETAIL, onReady: '', onHide: '', onShow: '' }
    api.on('GET /api/activities/21', () => json(activity()))
    const page = renderPage(ActivityDetailPage, DETAIL)
    await screen.findByText('敬老院陪老人包饺子')
    const banner = () => document.querySelector('.picture-banner') as HTMLElement
    expect(banner().querySelector('img')!.getAttribute('src')).toBe('/api/pictures/activity-elderly_care.png')
    expect(banner().getAttribute('aria-hidden')).toBe('true')

    page.unmount()
    api.on('GET /api/activities/21', () => json(activity({ photo: { id: 5, url: '/api/files/dumplings.jpg' }, imageUrl: '/api/files/dumplings.jpg', thumbnailUrl: '/api/files/dumplings.jpg?w=320' })))
    renderPage(ActivityDetailPage, DETAIL)
    await waitFor(() => expect(banner()?.querySelector('img')?.getAttribute('src')).toBe('/api/files/dumplings.jpg'))
    expect(banner().getAttribute('aria-hidden')).toBeNull()
    fireEvent.click(banner())
    expect(preview).toHaveBeenCalledWith({ urls: ['/api/files/dumplings.jpg'], current: '/api/files/dumplings.jpg' })
  })
})

describe('staff put up photos', () => {
  const staff = me({ name: '赵敏', roles: ['staff'], staffCommunityIds: [7] })
  const type = (placeholder: string, value: string) => fireEvent.input(document.querySelector(`input[placeholder="${placeholder}"]`)!, { target: { value } })

  test('新增商品 with a photo uploads it as a shop photo and sends its id', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/shop/items', () => json({ items: [shopItem()] }))
    api.on('GET /api/home', () => json(home({ stations: [station({ id: 2, name: '第三网格驿站' })] })))
    api.on('POST /api/staff/shop/items', (call) => json(shopItem(call.body as Partial<ShopItem>), 201))
    renderPage(StaffShopPage, '/packages/staff/shop/index')
    await screen.findByText('义剪一次')
    expect(thumbnails().map((t) => t.src)).toEqual(['/api/pictures/shop-service.thumb.png'])

    fireEvent.click(screen.getByText('新增商品'))
    type('例如：义剪一次', '毛巾两条')
    type('例如：50', '15')
    type('例如：20', '80')
    fireEvent.click(await screen.findByText('第三网格驿站'))
    expect(screen.getByText('不传时显示物品的默认图片')).toBeTruthy()
    fireEvent.click(screen.getByText('服务'))
    expect(screen.getByText('不传时显示服务的默认图片')).toBeTruthy()
    pickFromAlbum('blob:towel')
    const uploads = uploadsAnswer()
    fireEvent.click(screen.getByText('添加照片（还可添加1张）'))
    await waitFor(() => expect(document.querySelectorAll('.photo-picker__remove')).toHaveLength(1))
    expect(uploads.mock.calls[0]![0]).toMatchObject({ url: '/api/uploads?purpose=shop_photo', filePath: 'blob:towel' })
    // One photo: no room for another.
    expect(screen.queryByText(/添加照片/)).toBeNull()
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(api.calls('POST /api/staff/shop/items')).toHaveLength(1))
    expect(api.calls('POST /api/staff/shop/items')[0]!.body).toMatchObject({ name: '毛巾两条', kind: 'service', photoId: 601 })
  })

  test('编辑 starts from the item’s photo; 删除 sends none', async () => {
    const pictured = shopItem({ photo: { id: 55, url: '/api/files/cut.jpg' }, imageUrl: '/api/files/cut.jpg', thumbnailUrl: '/api/files/cut.jpg?w=320' })
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/shop/items', () => json({ items: [pictured] }))
    api.on('GET /api/home', () => json(home({ stations: [station({ id: 1 })] })))
    api.on('PATCH /api/staff/shop/items/3', (call) => json(shopItem(call.body as Partial<ShopItem>)))
    renderPage(StaffShopPage, '/packages/staff/shop/index')
    fireEvent.click(await screen.findByText('编辑'))
    expect(document.querySelector('.photo-picker__image img')!.getAttribute('src')).toBe('/api/files/cut.jpg?w=320')
    fireEvent.click(screen.getByText('删除'))
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(api.calls('PATCH /api/staff/shop/items/3')).toHaveLength(1))
    expect(api.calls('PATCH /api/staff/shop/items/3')[0]!.body).toMatchObject({ photoId: null })
  })

  test('发布活动 with a photo uploads it as an activity photo and sends its id', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-18T10:00:00+08:00') })
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/activities', () => json({ items: [staffActivitySummary()] }))
    api.on('GET /api/volunteer/teams', () => json({ items: [] }))
    api.on('GET /api/staff/projects', () => json({ items: [] }))
    api.on('GET /api/staff/stations', () => json({ items: [staffStation()] }))
    api.on('POST /api/staff/activities', () => json({ items: [] }, 201))
    renderPage(StaffActivitiesPage, '/packages/staff/activities/index')
    await screen.findByText('重阳节敬老义剪')
    fireEvent.click(screen.getByText('发布活动'))
    await screen.findByText('活动照片（可不传）')
    expect(screen.getByText('不传时按第一项技能显示默认图片')).toBeTruthy()
    type('例如：重阳节敬老义剪', '周末义剪')
    type('例如：党群服务中心二楼活动室', '党群服务中心一楼大厅')
    type('例如：10', '6')
    pickFromAlbum('blob:haircut')
    const uploads = uploadsAnswer()
    fireEvent.click(screen.getByText('添加照片（还可添加1张）'))
    await waitFor(() => expect(document.querySelectorAll('.photo-picker__remove')).toHaveLength(1))
    expect(uploads.mock.calls[0]![0]).toMatchObject({ url: '/api/uploads?purpose=activity_photo' })
    fireEvent.click(screen.getByText('发布', { selector: '.activity-form__submit, .activity-form__submit *' }))
    await waitFor(() => expect(api.calls('POST /api/staff/activities')).toHaveLength(1))
    expect(api.calls('POST /api/staff/activities')[0]!.body).toMatchObject({ title: '周末义剪', photoId: 601 })
  })
})
