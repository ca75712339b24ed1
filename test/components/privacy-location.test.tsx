import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StationsPage from '../../src/packages/booking/stations/index'
import ActivityDetailPage from '../../src/packages/volunteer/detail/index'
import { apiError, json, me, renderPage, useFakeApi } from './support'
import { stationItem } from './booking-fixtures'
import { activity, detailSignup } from './volunteer-fixtures'

/*
 * The separate consent to use the position: asked by the app, with the reason, before WeChat's location
 * permission is ever requested; remembered; the pages work without it.
 */

const STATIONS = '/packages/booking/stations/index'
const api = useFakeApi()

const HERE = { latitude: 50.241, longitude: 127.501, accuracy: 20, altitude: 0, horizontalAccuracy: 20, verticalAccuracy: 0, speed: 0, errMsg: 'getLocation:ok' }

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

function serveStations() {
  api.on('GET /api/me', () => json(me()))
  api.on('GET /api/stations', (call) =>
    json({
      items: call.query.has('latitude')
        ? [stationItem({ id: 3, name: '第三网格驿站', distanceMeters: 350 }), stationItem({ distanceMeters: 1240 })]
        : [stationItem(), stationItem({ id: 3, name: '第三网格驿站' })],
    }),
  )
}

const distances = () => [...document.querySelectorAll('.station-card__distance')].map((el) => el.textContent)

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

describe('服务阵地 and the position', () => {
  test('without consent the list has no distances and WeChat is not asked; 开启位置 explains why, and 同意 brings the distances', async () => {
    serveStations()
    const location = vi.spyOn(Taro, 'getLocation').mockResolvedValue(HERE)
    renderPage(StationsPage, STATIONS)
    await screen.findByText('第三网格驿站')
    expect(document.querySelector('.station-location__text')?.textContent).toBe('开启位置后，可以看到每个阵地离您多远，最近的排在前面。')
    expect(distances()).toEqual([])
    expect(location).not.toHaveBeenCalled()

    const modal = answerModal(true)
    fireEvent.click(screen.getByText('开启位置'))
    await waitFor(() => expect(distances()).toEqual(['距您350米', '距您1.2公里']))
    expect(modal).toHaveBeenCalledTimes(1)
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '使用您的位置', confirmText: '同意', cancelText: '不同意' })
    expect(modal.mock.calls[0]![0]!.content).toContain('只用来计算附近服务阵地离您有多远')
    // The app's consent first, WeChat's permission after.
    expect(modal.mock.invocationCallOrder[0]).toBeLessThan(location.mock.invocationCallOrder[0]!)
    expect(location).toHaveBeenCalledWith({ type: 'gcj02' })
    expect(Taro.getStorageSync('doorstep.location-consent')).toBe('granted')
    expect(document.querySelector('.station-location')).toBeNull()
  })

  test('不同意: remembered, WeChat never asked, the list works without distances', async () => {
    serveStations()
    const location = vi.spyOn(Taro, 'getLocation').mockResolvedValue(HERE)
    const page = renderPage(StationsPage, STATIONS)
    await screen.findByText('第三网格驿站')
    answerModal(false)
    fireEvent.click(screen.getByText('开启位置'))
    await waitFor(() => expect(Taro.getStorageSync('doorstep.location-consent')).toBe('denied'))
    await new Promise((r) => setTimeout(r, 30))
    expect(location).not.toHaveBeenCalled()
    expect(distances()).toEqual([])
    expect(api.calls('GET /api/stations').every((c) => !c.query.has('latitude'))).toBe(true)

    // The next visit does not ask on its own either.
    page.unmount()
    const modal = answerModal(true)
    modal.mockClear()
    renderPage(StationsPage, STATIONS)
    await screen.findByText('开启位置')
    await new Promise((r) => setTimeout(r, 30))
    expect(modal).not.toHaveBeenCalled()
    expect(location).not.toHaveBeenCalled()
  })

  test('consent given earlier: the position is asked on the visit; when WeChat refuses it, the page says so and can try again', async () => {
    serveStations()
    Taro.setStorageSync('doorstep.location-consent', 'granted')
    const location = vi.spyOn(Taro, 'getLocation').mockRejectedValueOnce({ errMsg: 'getLocation:fail auth deny' }).mockResolvedValue(HERE)
    const modal = answerModal(true)
    renderPage(StationsPage, STATIONS)
    expect(await screen.findByText('没有获取到您的位置。请允许微信使用位置信息后再试。')).toBeTruthy()
    expect(location).toHaveBeenCalledTimes(1)

    fireEvent.click(screen.getByText('重新获取位置'))
    await waitFor(() => expect(distances()).toEqual(['距您350米', '距您1.2公里']))
    expect(location).toHaveBeenCalledTimes(2)
    // Consent was already given: not asked again.
    expect(modal).not.toHaveBeenCalled()
  })
})

describe('志愿活动现场签到 and the position', () => {
  const PATH = '/packages/volunteer/detail/index'

  test('不同意 explains that this check-in cannot go on without the position; WeChat is not asked and nothing more is sent', async () => {
    Current.router = { params: { id: '21' }, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
    api.on('GET /api/activities/21', () => json(activity({ geofenceMeters: 200, mySignup: detailSignup(), actions: ['scan'] })))
    api.on('POST /api/volunteer/scan', () => apiError(400, 'LOCATION_REQUIRED', '这个活动需要在现场签到，请允许获取您的位置'))
    vi.spyOn(Taro, 'scanCode').mockResolvedValue({ result: 'doorstep:vol:21:1:abc', scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', errMsg: 'scanCode:ok' })
    const location = vi.spyOn(Taro, 'getLocation').mockResolvedValue(HERE)
    const modal = answerModal(false)
    renderPage(ActivityDetailPage, PATH)
    fireEvent.click(await screen.findByText('扫码签到'))

    await waitFor(() => expect(document.querySelector('.activity-actions__error')?.textContent).toContain('需要用您的位置确认您在活动地点附近。您没有同意使用位置，所以暂时不能签到'))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '现场签到需要位置', confirmText: '同意', cancelText: '不同意' })
    expect(modal.mock.calls[0]![0]!.content).toContain('只用来确认您在活动地点附近')
    expect(location).not.toHaveBeenCalled()
    expect(api.calls('POST /api/volunteer/scan')).toHaveLength(1)
    expect(Taro.getStorageSync('doorstep.location-consent')).toBe('denied')
  })
})
