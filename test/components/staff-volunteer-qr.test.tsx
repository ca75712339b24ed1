import { act, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import qrcode from 'qrcode-generator'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StaffActivityQrPage from '../../src/packages/staff/activity-qr/index'
import type { Roster } from '../../types/api/volunteer'
import { json, me, renderPage, useFakeApi } from './support'
import { entry, qr, roster, staffMember } from './staff-volunteer-fixtures'

const PATH = '/packages/staff/activity-qr/index'
const api = useFakeApi()

beforeEach(() => {
  Current.router = { params: { id: '41' }, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
})

/** The picture QrCode draws for this text. */
function qrPicture(text: string) {
  const expected = qrcode(0, 'M')
  expected.addData(text)
  expected.make()
  return expected.createDataURL(10, 4)
}

const shownPicture = () => document.querySelector('.activity-qr__code img')?.getAttribute('src')

/** Serves a new code on every call (code 1, 2, …) and the roster as `state.roster`. */
function serve(refreshAfterSeconds = 30) {
  const state = { codes: 0, roster: roster() as Roster }
  api.on('GET /api/me', () => json(staffMember))
  api.on('GET /api/staff/activities/41/qr', () => {
    state.codes++
    return json(qr({ code: `doorstep:vol:41:5900000${state.codes}:AbCdEfGhIjKlMnO${state.codes}`, refreshAfterSeconds }))
  })
  api.on('GET /api/staff/activities/41/roster', () => json(state.roster))
  return state
}

describe('活动签到码', () => {
  test("shows the server's code as a QR as large as the window allows, the title, arrivals, the countdown; keeps the screen on", async () => {
    serve()
    const keep = vi.spyOn(Taro, 'setKeepScreenOn').mockRejectedValue({ errMsg: 'setKeepScreenOn:fail 暂时不支持 API' })
    vi.spyOn(Taro, 'getWindowInfo').mockReturnValue({ windowWidth: 375, windowHeight: 700 } as never)
    const page = renderPage(StaffActivityQrPage, PATH)

    await waitFor(() => expect(shownPicture()).toBe(qrPicture('doorstep:vol:41:59000001:AbCdEfGhIjKlMnO1')))
    expect((document.querySelector('.activity-qr__box') as HTMLElement).style.width).toBe('343px')
    expect(await screen.findByText('重阳节敬老义剪')).toBeTruthy()
    // 3 of the 4 accepted have checked in, 2 of them out; the waitlist does not count.
    expect(document.querySelector('.activity-qr__count--in')?.textContent).toBe('已签到 3 / 4 人')
    expect(document.querySelector('.activity-qr__count--out')?.textContent).toBe('已签退 2 人')
    expect(screen.getByText('每30秒自动更换，截图无效')).toBeTruthy()
    expect(document.querySelector('.activity-qr__countdown')?.textContent).toMatch(/^(30|29)秒后更换$/)
    // The platform's refusal (H5) is no reason to fail.
    expect(keep).toHaveBeenCalledWith({ keepScreenOn: true })

    page.unmount()
    expect(keep).toHaveBeenLastCalledWith({ keepScreenOn: false })
  })

  test('asks for a new code after refreshAfterSeconds and shows it; counts arrivals again every 10 s', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const state = serve(30)
    renderPage(StaffActivityQrPage, PATH)
    await waitFor(() => expect(shownPicture()).toBe(qrPicture('doorstep:vol:41:59000001:AbCdEfGhIjKlMnO1')))
    expect(api.calls('GET /api/staff/activities/41/qr')).toHaveLength(1)

    // Someone arrives.
    state.roster = { ...state.roster, entries: state.roster.entries.map((e) => (e.signupId === 901 ? entry({ checkedInAt: '2026-11-21T09:10:00+08:00', actions: ['check_out'] }) : e)) }
    await act(() => vi.advanceTimersByTimeAsync(10_000))
    await waitFor(() => expect(document.querySelector('.activity-qr__count--in')?.textContent).toBe('已签到 4 / 4 人'))
    expect(api.calls('GET /api/staff/activities/41/qr')).toHaveLength(1)
    expect(document.querySelector('.activity-qr__countdown')?.textContent).toMatch(/^(20|19)秒后更换$/)

    await act(() => vi.advanceTimersByTimeAsync(20_000))
    await waitFor(() => expect(shownPicture()).toBe(qrPicture('doorstep:vol:41:59000002:AbCdEfGhIjKlMnO2')))
    expect(api.calls('GET /api/staff/activities/41/qr')).toHaveLength(2)
    expect(api.calls('GET /api/staff/activities/41/roster').length).toBeGreaterThanOrEqual(3)
  })

  test('follows the interval the server gives', async () => {
    serve(1)
    renderPage(StaffActivityQrPage, PATH)
    await waitFor(() => expect(shownPicture()).toBe(qrPicture('doorstep:vol:41:59000001:AbCdEfGhIjKlMnO1')))
    expect(screen.getByText('每1秒自动更换，截图无效')).toBeTruthy()
    await waitFor(() => expect(shownPicture()).toBe(qrPicture('doorstep:vol:41:59000002:AbCdEfGhIjKlMnO2')))
  })

  test('not for residents: no code is asked for', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(StaffActivityQrPage, PATH)
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(api.calls('GET /api/staff/activities/41/qr')).toHaveLength(0)
  })
})
