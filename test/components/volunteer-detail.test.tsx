import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current, getPageInstance } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import ActivityDetailPage from '../../src/packages/volunteer/detail/index'
import { apiError, json, renderPage, useFakeApi } from './support'
import { activity, detailSignup } from './volunteer-fixtures'

const PATH = '/packages/volunteer/detail/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  Current.router = { params: { id: '21' }, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
})

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

function scanReturns(result: string) {
  return vi.spyOn(Taro, 'scanCode').mockResolvedValue({ result, scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', errMsg: 'scanCode:ok' })
}

async function openActivity() {
  const page = renderPage(ActivityDetailPage, PATH)
  await screen.findByText('敬老院陪老人包饺子')
  return page
}

const facts = () => document.querySelector('.activity-main .volunteer-facts')!.textContent
const signupTag = () => document.querySelector('.activity-signup .signup-status')?.textContent
const toasts = () => (Taro.showToast as unknown as { mock: { calls: [{ title: string }][] } }).mock.calls.map((c) => c[0].title)
const actionError = () => document.querySelector('.activity-actions__error')?.textContent

describe('活动详情', () => {
  test('shows what, when, where, who organises, places, hours, points and the cancel deadline; 报名 because the server offers it', async () => {
    api.on('GET /api/activities/21', () => json(activity({ waitlisted: 0 })))
    await openActivity()

    const text = facts()
    expect(text).toContain('时间11月21日 周六 09:00–12:00')
    expect(text).toContain('组织单位联通社区')
    expect(text).toContain('服务队联通社区助老服务队')
    expect(text).toContain('服务项目银龄陪伴')
    expect(text).toContain('组织者刘书记 0456-8200777')
    expect(text).toContain('名额已报名7/10人，余3个名额')
    expect(text).not.toContain('候补')
    expect(text).toContain('服务时长3小时（全程参加，以组织者确认为准）')
    expect(text).toContain('积分奖励30积分')
    expect(text).toContain('取消期限11月20日 09:00前可自行取消')
    expect([...document.querySelectorAll('.activity-main .skill-tag')].map((el) => el.textContent)).toEqual(['助老服务', '综合服务'])
    expect(document.querySelector('.activity-main__description')?.textContent).toBe('陪老人包饺子、聊天，请穿方便活动的衣服。')
    expect(document.querySelector('.activity-place__name')?.textContent).toBe('爱辉区福寿敬老院 二楼活动室')
    // No spot on the map was set: nothing to open.
    expect(screen.queryByText('查看位置和路线')).toBeNull()
    expect(screen.getByText('我要报名')).toBeTruthy()
    for (const other of ['加入候补', '取消报名', '扫码签到', '扫码签退']) expect(screen.queryByText(other), other).toBeNull()
    expect(screen.queryByText(/管理活动/)).toBeNull()
    expect(document.querySelector('.activity-signup')).toBeNull()
  })

  test('the spot opens in the map app; the share card names the activity and opens this page', async () => {
    api.on('GET /api/activities/21', () => json(activity({ latitude: 50.25, longitude: 127.53, stationName: '福寿敬老院', geofenceMeters: 200 })))
    const open = vi.spyOn(Taro, 'openLocation').mockResolvedValue({ errMsg: 'openLocation:ok' })
    await openActivity()

    expect(screen.getByText('需在活动地点200米范围内扫码签到')).toBeTruthy()
    fireEvent.click(screen.getByText('查看位置和路线'))
    await waitFor(() => expect(open).toHaveBeenCalledTimes(1))
    expect(open.mock.calls[0]![0]).toMatchObject({ latitude: 50.25, longitude: 127.53, name: '爱辉区福寿敬老院 二楼活动室', address: '福寿敬老院' })

    const share = (getPageInstance('taro-app') as { onShareAppMessage?: Array<() => { title: string; path: string }> }).onShareAppMessage
    expect(share?.length).toBeGreaterThan(0)
    expect(share!.at(-1)!()).toEqual({ title: '志愿活动：敬老院陪老人包饺子', path: '/packages/volunteer/detail/index?id=21' })
  })

  test('我要报名 signs up once with an Idempotency-Key and shows 已报名 with 取消报名 and the check-in hint', async () => {
    api.on('GET /api/activities/21', () => json(activity()))
    api.on('POST /api/activities/21/signup', () => json(activity({ signedUp: 8, mySignup: detailSignup(), actions: ['cancel_signup'] })))
    await openActivity()

    fireEvent.click(screen.getByText('我要报名'))
    await waitFor(() => expect(signupTag()).toBe('已报名'))
    const [call] = api.calls('POST /api/activities/21/signup')
    expect(call!.body).toEqual({})
    expect(call!.headers['idempotency-key']).toBeTruthy()
    expect(facts()).toContain('已报名8/10人，余2个名额')
    expect(document.querySelector('.activity-signup__hint')?.textContent).toBe('到场后扫描组织者手机上的签到码签到，结束时再扫一次签退')
    expect(screen.queryByText('我要报名')).toBeNull()
    expect(screen.getByText('取消报名')).toBeTruthy()
    expect(toasts()).toContain('报名成功')
    expect(api.calls('POST /api/activities/21/signup')).toHaveLength(1)
  })

  test('a full activity offers 候补; joining shows my place in the queue', async () => {
    api.on('GET /api/activities/21', () => json(activity({ signedUp: 10, waitlisted: 2, actions: ['join_waitlist'] })))
    api.on('POST /api/activities/21/signup', () =>
      json(activity({ signedUp: 10, waitlisted: 3, mySignup: detailSignup({ status: 'waitlisted', waitlistPosition: 3 }), actions: ['cancel_signup'] })),
    )
    await openActivity()

    expect(facts()).toContain('名额已报名10/10人，已满·可候补')
    expect(facts()).toContain('候补2人候补中')
    expect(screen.queryByText('我要报名')).toBeNull()
    fireEvent.click(screen.getByText('加入候补'))

    await waitFor(() => expect(signupTag()).toBe('候补第3位'))
    expect(document.querySelector('.activity-signup__hint')?.textContent).toContain('您在候补第3位，有人取消时按顺序自动递补')
    expect(toasts()).toContain('已加入候补，排第3位')
    expect(screen.getByText('取消候补')).toBeTruthy()
  })

  test('报名 is offered to a resident who is not registered; pressing it is refused, and the way to register is offered instead', async () => {
    api.on('GET /api/activities/21', () => json(activity()))
    api.on('POST /api/activities/21/signup', () => apiError(403, 'VOLUNTEER_NOT_REGISTERED', '请先注册成为志愿者'))
    const modal = answerModal(false)
    await openActivity()

    // Nothing is asked of the profile: the page shows what the server offers.
    expect(screen.queryByText('注册志愿者后即可报名')).toBeNull()
    fireEvent.click(screen.getByText('我要报名'))
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    const options = modal.mock.calls[0]![0] as { title: string; confirmText: string; cancelText: string }
    expect(options).toMatchObject({ title: '请先注册志愿者', confirmText: '去注册', cancelText: '以后再说' })
    expect(options.confirmText.length).toBeLessThanOrEqual(4)
    expect(options.cancelText.length).toBeLessThanOrEqual(4)
    // 以后再说: the page still offers the way, in place of the refusal.
    expect(await screen.findByText('注册志愿者后即可报名')).toBeTruthy()
    expect(actionError()).toBeUndefined()
    expect(Taro.navigateTo).not.toHaveBeenCalled()
    fireEvent.click(screen.getByText('去注册'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/register/index' })
    expect(api.calls('GET /api/volunteer/profile')).toHaveLength(0)
    expect(screen.getByText('我要报名')).toBeTruthy()

    // Back on the page (registered meanwhile): the refusal is forgotten and 报名 works.
    act(() => {
      for (const shown of (getPageInstance('taro-app') as { componentDidShow?: Array<() => void> }).componentDidShow ?? []) shown()
    })
    await waitFor(() => expect(screen.queryByText('注册志愿者后即可报名')).toBeNull())
    api.on('POST /api/activities/21/signup', () => json(activity({ signedUp: 8, mySignup: detailSignup(), actions: ['cancel_signup'] })))
    fireEvent.click(screen.getByText('我要报名'))
    await waitFor(() => expect(signupTag()).toBe('已报名'))
  })

  test('去注册 in the dialog opens the registration', async () => {
    api.on('GET /api/activities/21', () => json(activity({ signedUp: 10, actions: ['join_waitlist'] })))
    api.on('POST /api/activities/21/signup', () => apiError(403, 'VOLUNTEER_NOT_REGISTERED', '请先注册成为志愿者'))
    answerModal(true)
    await openActivity()
    fireEvent.click(screen.getByText('加入候补'))
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/register/index' }))
  })

  test('an activity that has started offers no 报名 and no invitation, whoever looks, and says it is under way', async () => {
    api.on('GET /api/activities/21', () => json(activity({ phase: 'ongoing', actions: [] })))
    await openActivity()
    await new Promise((r) => setTimeout(r, 30))
    for (const text of ['我要报名', '加入候补', '注册志愿者后即可报名']) expect(screen.queryByText(text), text).toBeNull()
    expect(facts()).toContain('名额已报名7/10人，进行中')
    expect(api.calls('GET /api/volunteer/profile')).toHaveLength(0)
  })

  test('an activity that has ended says 已结束 where its places were', async () => {
    api.on('GET /api/activities/21', () => json(activity({ phase: 'ended', actions: [] })))
    await openActivity()
    await waitFor(() => expect(facts()).toContain('名额已报名7/10人，已结束'))
    for (const text of ['我要报名', '加入候补']) expect(screen.queryByText(text), text).toBeNull()
    // Its cancel deadline is no longer news.
    expect(facts()).not.toContain('取消期限')
  })

  test('a cancelled activity says so with the organiser\'s reason', async () => {
    api.on('GET /api/activities/21', () => json(activity({ cancelled: true, phase: 'cancelled', cancelReason: '暴雨预警，改期举行', signedUp: 0, actions: [] })))
    await openActivity()
    const notice = document.querySelector('.activity-main__cancelled')!
    expect(notice.querySelector('.activity-main__cancelled-title')?.textContent).toBe('活动已取消')
    expect(notice.querySelector('.activity-main__cancel-reason')?.textContent).toBe('取消原因：暴雨预警，改期举行')
    expect(facts()).toContain('名额已报名0/10人，活动已取消')
    expect(screen.queryByText('我要报名')).toBeNull()
  })

  test('取消报名 asks first and then cancels; 再想想 sends nothing; too late is said in the server\'s words', async () => {
    const signedUp = activity({ signedUp: 8, mySignup: detailSignup(), actions: ['cancel_signup'] })
    api.on('GET /api/activities/21', () => json(signedUp))
    api.once('POST /api/activities/21/cancel-signup', () => apiError(409, 'SIGNUP_CANCEL_TOO_LATE', '已过取消报名的期限，如不能参加请联系组织者'))
    api.on('POST /api/activities/21/cancel-signup', () => json(activity({ signedUp: 7, mySignup: detailSignup({ status: 'cancelled' }), actions: ['sign_up'] })))
    const modal = answerModal(false)
    await openActivity()

    fireEvent.click(screen.getByText('取消报名'))
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    await new Promise((r) => setTimeout(r, 30))
    expect(api.calls('POST /api/activities/21/cancel-signup')).toHaveLength(0)
    const options = modal.mock.calls[0]![0] as { title: string; confirmText: string; cancelText: string }
    expect(options).toMatchObject({ title: '取消报名', confirmText: '取消报名', cancelText: '再想想' })
    expect(options.confirmText.length).toBeLessThanOrEqual(4)

    modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    fireEvent.click(screen.getByText('取消报名'))
    await waitFor(() => expect(actionError()).toBe('已过取消报名的期限，如不能参加请联系组织者'))
    expect(toasts()).toContain('已过取消报名的期限，如不能参加请联系组织者')
    // A 409 fetches the activity again, to show it as it is now.
    await waitFor(() => expect(api.calls('GET /api/activities/21')).toHaveLength(2))

    fireEvent.click(screen.getByText('取消报名'))
    await waitFor(() => expect(signupTag()).toBe('已取消'))
    expect(api.calls('POST /api/activities/21/cancel-signup')[1]!.headers['idempotency-key']).toBeTruthy()
    expect(toasts()).toContain('已取消报名')
    expect(screen.getByText('我要报名')).toBeTruthy()
    expect(screen.queryByText('取消报名')).toBeNull()
  })

  test('扫码签到 opens the camera only, sends the scanned text, says 签到成功 and then offers 扫码签退', async () => {
    api.on('GET /api/activities/21', () => json(activity({ mySignup: detailSignup(), actions: ['scan'] })))
    api.on('POST /api/volunteer/scan', () =>
      json({ action: 'checked_in', activity: activity({ mySignup: detailSignup({ checkedInAt: '2026-11-21T08:52:00+08:00' }), actions: ['scan'] }) }),
    )
    const scan = scanReturns('doorstep:activity:21:1763686320:9f8e7d')
    const location = vi.spyOn(Taro, 'getLocation')
    await openActivity()

    fireEvent.click(screen.getByText('扫码签到'))
    await screen.findByText('扫码签退')
    expect(scan.mock.calls[0]![0]).toMatchObject({ onlyFromCamera: true })
    const [call] = api.calls('POST /api/volunteer/scan')
    expect(call!.body).toEqual({ code: 'doorstep:activity:21:1763686320:9f8e7d' })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    expect(document.querySelector('.activity-signup')!.textContent).toContain('签到时间11月21日 08:52')
    expect(toasts()).toContain('签到成功')
    expect(location).not.toHaveBeenCalled()
  })

  test('the code of another of my activities checks in there, and that activity is shown', async () => {
    api.on('GET /api/activities/21', () => json(activity({ mySignup: detailSignup(), actions: ['scan'] })))
    api.on('POST /api/volunteer/scan', () =>
      json({ action: 'checked_in', activity: activity({ id: 22, title: '义剪进社区', mySignup: detailSignup({ id: 302, checkedInAt: '2026-11-21T08:52:00+08:00' }), actions: ['scan'] }) }),
    )
    scanReturns('doorstep:activity:22:1763686320:9f8e7d')
    await openActivity()

    fireEvent.click(screen.getByText('扫码签到'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/volunteer/detail/index?id=22' }))
    expect(toasts()).toContain('签到成功')
  })

  test('when the activity checks the place (LOCATION_REQUIRED), the same code is sent again with where the phone is', async () => {
    const checkedIn = detailSignup({ checkedInAt: '2026-11-21T08:52:00+08:00' })
    api.on('GET /api/activities/21', () => json(activity({ latitude: 50.25, longitude: 127.53, geofenceMeters: 200, mySignup: checkedIn, actions: ['scan'] })))
    api.once('POST /api/volunteer/scan', () => apiError(400, 'LOCATION_REQUIRED', '这个活动需要在现场签到，请允许获取您的位置'))
    api.once('POST /api/volunteer/scan', () =>
      json({
        action: 'checked_out',
        activity: activity({ latitude: 50.25, longitude: 127.53, geofenceMeters: 200, mySignup: { ...checkedIn, checkedOutAt: '2026-11-21T12:01:00+08:00' }, actions: [] }),
      }),
    )
    scanReturns('doorstep:activity:21:1763697600:abc123')
    const location = vi.spyOn(Taro, 'getLocation').mockResolvedValue({ latitude: 50.2501, longitude: 127.5302, accuracy: 20, altitude: 0, horizontalAccuracy: 20, verticalAccuracy: 0, speed: 0, errMsg: 'getLocation:ok' })
    // First the app's own consent to use the position, explained (privacy-location tests cover 不同意).
    const consent = answerModal(true)
    await openActivity()

    fireEvent.click(screen.getByText('扫码签退'))
    await waitFor(() => expect(document.querySelector('.activity-signup')!.textContent).toContain('签退时间11月21日 12:01'))
    expect(consent).toHaveBeenCalledTimes(1)
    expect(consent.mock.calls[0]![0]).toMatchObject({ title: '现场签到需要位置', confirmText: '同意', cancelText: '不同意' })
    expect(consent.mock.invocationCallOrder[0]).toBeLessThan(location.mock.invocationCallOrder[0]!)
    expect(location.mock.calls[0]![0]).toMatchObject({ type: 'gcj02' })
    const calls = api.calls('POST /api/volunteer/scan')
    expect(calls.map((c) => c.body)).toEqual([
      { code: 'doorstep:activity:21:1763697600:abc123' },
      { code: 'doorstep:activity:21:1763697600:abc123', latitude: 50.2501, longitude: 127.5302 },
    ])
    // A different request, so a different key (the server would refuse a key reused for another body).
    expect(calls[1]!.headers['idempotency-key']).toBeTruthy()
    expect(calls[1]!.headers['idempotency-key']).not.toBe(calls[0]!.headers['idempotency-key'])
    expect(toasts()).toEqual(['签退成功'])
    expect(document.querySelector('.activity-signup')!.textContent).toContain('确认时长等待组织者确认')
    expect(screen.queryByText('扫码签退')).toBeNull()
  })

  test('a refused location is explained and nothing more is sent', async () => {
    api.on('GET /api/activities/21', () => json(activity({ mySignup: detailSignup(), actions: ['scan'] })))
    api.on('POST /api/volunteer/scan', () => apiError(400, 'LOCATION_REQUIRED', '这个活动需要在现场签到，请允许获取您的位置'))
    scanReturns('doorstep:activity:21:1763697600:abc123')
    // The app's consent was given earlier; WeChat's own permission is refused.
    Taro.setStorageSync('doorstep.location-consent', 'granted')
    vi.spyOn(Taro, 'getLocation').mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    await openActivity()

    fireEvent.click(screen.getByText('扫码签到'))
    await waitFor(() => expect(actionError()).toBe('这个活动需要在现场签到，请在设置中允许「家门口」获取您的位置后再扫码'))
    expect(api.calls('POST /api/volunteer/scan')).toHaveLength(1)
  })

  test('an expired code says so in the server\'s words, without asking where the phone is; closing the camera sends nothing', async () => {
    api.on('GET /api/activities/21', () => json(activity({ mySignup: detailSignup(), actions: ['scan'] })))
    api.on('POST /api/volunteer/scan', () => apiError(409, 'ACTIVITY_CODE_EXPIRED', '签到码已过期，请扫描组织者手机上刚刷新的签到码'))
    const scan = vi.spyOn(Taro, 'scanCode').mockRejectedValueOnce({ errMsg: 'scanCode:fail cancel' })
    const location = vi.spyOn(Taro, 'getLocation')
    await openActivity()

    fireEvent.click(screen.getByText('扫码签到'))
    await waitFor(() => expect(scan).toHaveBeenCalledTimes(1))
    await new Promise((r) => setTimeout(r, 30))
    expect(api.calls('POST /api/volunteer/scan')).toHaveLength(0)
    expect(toasts()).toEqual([])

    scan.mockResolvedValueOnce({ result: 'doorstep:activity:21:1763600000:old', scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', errMsg: 'scanCode:ok' })
    fireEvent.click(screen.getByText('扫码签到'))
    await waitFor(() => expect(actionError()).toBe('签到码已过期，请扫描组织者手机上刚刷新的签到码'))
    expect(toasts()).toContain('签到码已过期，请扫描组织者手机上刚刷新的签到码')
    expect(location).not.toHaveBeenCalled()
    expect(screen.getByText('扫码签到')).toBeTruthy()
  })

  test('an organiser gets 管理活动, which opens the roster; confirmed hours are shown', async () => {
    api.on('GET /api/activities/21', () =>
      json(activity({ mySignup: detailSignup({ checkedInAt: '2026-11-21T08:52:00+08:00', checkedOutAt: '2026-11-21T12:01:00+08:00', confirmedHours: 2.5 }), actions: ['manage'] })),
    )
    await openActivity()
    expect(document.querySelector('.activity-signup')!.textContent).toContain('确认时长2.5小时')
    fireEvent.click(screen.getByText(/管理活动/))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/staff/roster/index?id=21' })
  })

  test('a link without an id says so instead of asking the server', async () => {
    Current.router = { params: {}, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
    renderPage(ActivityDetailPage, PATH)
    expect(await screen.findByText('找不到这个活动')).toBeTruthy()
  })
})
