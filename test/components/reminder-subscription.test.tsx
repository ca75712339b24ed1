import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import type { ReminderTemplates } from '../../types/api/privacy'
import RoomPage from '../../src/packages/booking/room/index'
import ShopPage from '../../src/packages/points/shop/index'
import ActivityDetailPage from '../../src/packages/volunteer/detail/index'
import PostWishPage from '../../src/packages/wish/post/index'
import { templateIdsFor } from '../../src/hooks/use-reminder-subscription'
import { json, me, renderPage, useFakeApi, type FakeApi } from './support'
import { booking, roomWeek } from './booking-fixtures'
import { redemption, shopItem, summary } from './points-fixtures'
import { activity, detailSignup } from './volunteer-fixtures'
import { wish } from './wish-fixtures'

/*
 * 订阅消息: the tap that posts a wish, books, signs up or redeems first asks WeChat for the moment's configured
 * reminders (SUBSCRIBE_MOMENTS), then sends the action — whatever the user answers.
 */

const api = useFakeApi()

/** The server's configuration: some reminders have a template, booking_reminder and redemption_expiring not. */
const TEMPLATES: ReminderTemplates['templates'] = {
  wish_claimed: 'TPL-wish-claimed',
  booking_result: 'TPL-booking-result',
  activity_reminder: 'TPL-activity-tomorrow',
  waitlist_promoted: 'TPL-waitlist',
  activity_cancelled: 'TPL-activity-cancelled',
  redemption_ready: 'TPL-redemption-ready',
}

type Ask = { tmplIds: string[]; postsSentBefore: number }

/**
 * WeChat's requestSubscribeMessage, answering as `answer` does; records the ids asked for and how many of the
 * action's POSTs had gone out at that moment.
 */
function fakeWechatSubscribe(route: string, answer: (tmplIds: string[]) => Promise<unknown>) {
  const asks: Ask[] = []
  const spy = vi.spyOn(Taro, 'requestSubscribeMessage').mockImplementation(((option: { tmplIds: string[] }) => {
    asks.push({ tmplIds: option.tmplIds, postsSentBefore: api.calls(route).length })
    return answer(option.tmplIds)
  }) as never)
  return { asks, spy }
}

const accepts = (tmplIds: string[]) => Promise.resolve(Object.fromEntries([...tmplIds.map((id) => [id, 'accept']), ['errMsg', 'requestSubscribeMessage:ok']]))
const refuses = () => Promise.reject({ errMsg: 'requestSubscribeMessage:fail cancel', errCode: 20004 })

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  // The mini-program's code paths (setup.ts switches back after each test), with WeChat's privacy listener
  // (registered by PrivacyPrompt on every page) as the mini-program has it.
  vi.stubEnv('TARO_ENV', 'weapp')
  vi.spyOn(Taro, 'onNeedPrivacyAuthorization').mockImplementation(() => undefined)
})

function serveTemplates(templates: ReminderTemplates['templates'] = TEMPLATES) {
  api.on('GET /api/reminders/templates', () => json({ templates }))
}

/** The template ids are in the cache before the first tap (PageShell loads them on every page). */
async function templatesLoaded(fake: FakeApi) {
  await waitFor(() => expect(fake.calls('GET /api/reminders/templates').length).toBeGreaterThan(0))
  await act(() => new Promise((r) => setTimeout(r, 0)))
}

/* ---------------------------------------------------------------- the four moments */

// Each fills in what the action needs and answers the button whose tap does it.

async function postWish() {
  api.on('GET /api/me', () => json(me()))
  renderPage(PostWishPage, '/packages/wish/post/index')
  await screen.findByText('提交心愿')
  await waitFor(() => expect(document.querySelector('taro-textarea-core textarea')).not.toBeNull())
  fireEvent.click(screen.getByText('助老'))
  fireEvent.input(document.querySelector('input[placeholder="一句话说清想要什么，如：想要一台收音机"]')!, { target: { value: '想要一台收音机' } })
  const area = document.querySelector('taro-textarea-core')!
  act(() => void area.dispatchEvent(new CustomEvent('input', { detail: { value: '家里老人想听广播，收音机坏了。' }, bubbles: true })))
  fireEvent.input(document.querySelector('input[placeholder="例如：80"]')!, { target: { value: '60' } })
  fireEvent.click(screen.getByText('电话联系'))
  await templatesLoaded(api)
  return screen.getByText('提交心愿')
}

async function bookRoom() {
  const path = '/packages/booking/room/index'
  Current.router = { params: { id: '5' }, path, $taroPath: path, onReady: '', onHide: '', onShow: '' }
  api.on('GET /api/rooms/5/week', () => json(roomWeek()))
  renderPage(RoomPage, path)
  await screen.findByText('文体活动室')
  const tab = [...document.querySelectorAll<HTMLElement>('.day-tab')].find((el) => el.querySelector('.day-tab__date')?.textContent === '11/19')!
  fireEvent.click(tab)
  const cell = (clock: string) => [...document.querySelectorAll<HTMLElement>('.day-panel .slot')].find((el) => el.querySelector('.slot__time')?.textContent?.startsWith(clock))!
  fireEvent.click(cell('09:00'))
  fireEvent.click(cell('10:00'))
  await waitFor(() => expect(document.querySelector('taro-textarea-core textarea')).not.toBeNull())
  act(() => void document.querySelector('taro-textarea-core')!.dispatchEvent(new CustomEvent('input', { detail: { value: '老年书法小组练字' }, bubbles: true })))
  fireEvent.input(screen.getByPlaceholderText('最多40人'), { target: { value: '8' } })
  await templatesLoaded(api)
  return screen.getByText('确认预约')
}

async function signUp() {
  const path = '/packages/volunteer/detail/index'
  Current.router = { params: { id: '21' }, path, $taroPath: path, onReady: '', onHide: '', onShow: '' }
  api.on('GET /api/activities/21', () => json(activity()))
  renderPage(ActivityDetailPage, path)
  await screen.findByText('我要报名')
  await templatesLoaded(api)
  return screen.getByText('我要报名')
}

async function redeem() {
  vi.spyOn(Taro, 'pageScrollTo').mockResolvedValue({ errMsg: 'pageScrollTo:ok' })
  api.on('GET /api/shop/items', () => json({ items: [shopItem()] }))
  api.on('GET /api/points/me', () => json(summary()))
  renderPage(ShopPage, '/packages/points/shop/index')
  fireEvent.click(await screen.findByText('兑换'))
  await templatesLoaded(api)
  return screen.getByText('确认兑换')
}

const MOMENTS = [
  {
    name: '发布心愿 (wish_posted)',
    route: 'POST /api/wishes',
    reply: () => json(wish({ id: 77, status: 'pending', actions: ['withdraw'], mine: true }), 201),
    act: postWish,
    asked: ['TPL-wish-claimed'],
    otherMomentsOnly: { redemption_ready: 'TPL-redemption-ready' },
    done: () => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/wish/detail/index?id=77' }),
  },
  {
    name: '预约场地 (booking_made)',
    route: 'POST /api/bookings',
    reply: () => json(booking({ id: 88, status: 'confirmed' }), 201),
    act: bookRoom,
    // booking_reminder has no template configured: only booking_result is asked for.
    asked: ['TPL-booking-result'],
    otherMomentsOnly: { wish_claimed: 'TPL-wish-claimed', activity_reminder: 'TPL-activity-tomorrow' },
    done: () => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/booking/detail/index?id=88' }),
  },
  {
    name: '报名活动 (signed_up)',
    route: 'POST /api/activities/21/signup',
    reply: () => json(activity({ mySignup: detailSignup(), actions: ['cancel_signup'] })),
    act: signUp,
    asked: ['TPL-activity-tomorrow', 'TPL-waitlist', 'TPL-activity-cancelled'],
    otherMomentsOnly: { booking_result: 'TPL-booking-result' },
    done: () => expect(screen.getByText('取消报名')).toBeTruthy(),
  },
  {
    name: '积分兑换 (redeemed)',
    route: 'POST /api/shop/items/3/redeem',
    reply: () => json(redemption({ pickupCode: 'K7P2M9QX' }), 201),
    act: redeem,
    asked: ['TPL-redemption-ready'],
    otherMomentsOnly: { wish_claimed: 'TPL-wish-claimed', booking_reminder: 'TPL-booking-reminder' },
    done: () => expect(screen.getByText('K7P2M9QX')).toBeTruthy(),
  },
]

describe.each(MOMENTS)('订阅消息 at $name', ({ route, reply, act: prepare, asked, otherMomentsOnly, done }) => {
  test('the tap itself asks for exactly the configured templates of the moment, before the action is sent', async () => {
    serveTemplates()
    api.on(route, reply)
    const wechat = fakeWechatSubscribe(route, accepts)
    const button = await prepare()

    fireEvent.click(button)
    // Synchronously, inside the tap: WeChat shows its dialog only then.
    expect(wechat.asks).toEqual([{ tmplIds: asked, postsSentBefore: 0 }])
    await waitFor(() => expect(api.calls(route)).toHaveLength(1))
    expect(wechat.spy).toHaveBeenCalledTimes(1)
    await waitFor(done)
  })

  test('the action goes ahead when the user refuses the reminders', async () => {
    serveTemplates()
    api.on(route, reply)
    const wechat = fakeWechatSubscribe(route, refuses)
    fireEvent.click(await prepare())

    await waitFor(() => expect(api.calls(route)).toHaveLength(1))
    expect(wechat.spy).toHaveBeenCalledTimes(1)
    await waitFor(done)
  })

  test('nothing is asked when no template is configured for the moment, and the action goes ahead', async () => {
    // Templates exist, but only for the other moments' reminders.
    serveTemplates(otherMomentsOnly)
    api.on(route, reply)
    const wechat = fakeWechatSubscribe(route, accepts)
    fireEvent.click(await prepare())

    await waitFor(() => expect(api.calls(route)).toHaveLength(1))
    expect(wechat.spy).not.toHaveBeenCalled()
    await waitFor(done)
  })
})

describe('订阅消息 beyond the moments', () => {
  test('a WeChat that throws (old base library) does not stop the booking', async () => {
    serveTemplates()
    api.on('POST /api/bookings', () => json(booking({ id: 88, status: 'confirmed' }), 201))
    vi.spyOn(Taro, 'requestSubscribeMessage').mockImplementation(() => {
      throw new TypeError('requestSubscribeMessage is not a function')
    })
    fireEvent.click(await bookRoom())
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/booking/detail/index?id=88' }))
    expect(api.calls('POST /api/bookings')).toHaveLength(1)
  })

  test('on H5 there are no subscription messages: the ids are not even loaded, and WeChat is not asked', async () => {
    vi.unstubAllEnvs()
    expect(process.env.TARO_ENV).toBe('h5')
    api.on('GET /api/activities/21', () => json(activity()))
    api.on('POST /api/activities/21/signup', () => json(activity({ mySignup: detailSignup(), actions: ['cancel_signup'] })))
    const spy = vi.spyOn(Taro, 'requestSubscribeMessage')
    const path = '/packages/volunteer/detail/index'
    Current.router = { params: { id: '21' }, path, $taroPath: path, onReady: '', onHide: '', onShow: '' }
    renderPage(ActivityDetailPage, path)
    fireEvent.click(await screen.findByText('我要报名'))

    await screen.findByText('取消报名')
    expect(spy).not.toHaveBeenCalled()
    // No handler for GET /api/reminders/templates: asking for it would fail the test (support.tsx).
    expect(api.calls('GET /api/reminders/templates')).toHaveLength(0)
  })

  test('templateIdsFor: the configured ids of the moment in order, without repeats, at most three', () => {
    expect(templateIdsFor('signed_up', TEMPLATES)).toEqual(['TPL-activity-tomorrow', 'TPL-waitlist', 'TPL-activity-cancelled'])
    expect(templateIdsFor('booking_made', { booking_result: 'A', booking_reminder: 'A' })).toEqual(['A'])
    expect(templateIdsFor('redeemed', {})).toEqual([])
    expect(templateIdsFor('wish_posted', undefined)).toEqual([])
  })
})
