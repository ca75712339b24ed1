import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from 'vitest'
import LoginPage from '../../src/packages/account/login/index'
import { apiError, json, personas, renderPage, session, useFakeApi } from './support'

const PATH = '/packages/account/login/index'
const api = useFakeApi()

describe('登录 (H5 demo personas)', () => {
  test('lists the demo personas the server offers', async () => {
    api.on('GET /api/auth/demo-personas', () => json({ items: personas }))
    renderPage(LoginPage, PATH)

    expect(await screen.findByText('王秀兰')).toBeTruthy()
    expect(screen.getByText('志愿者：认领心愿、报名活动、累计服务时长')).toBeTruthy()
    expect(document.querySelectorAll('.persona')).toHaveLength(2)
  })

  test('tapping a persona logs in as it, keeps the token and persona, and enters 我的', async () => {
    // A token of an earlier identity must not ride along on the login call.
    Taro.setStorageSync('doorstep.session-token', 'old-identity')
    api.on('GET /api/auth/demo-personas', () => json({ items: personas }))
    api.on('POST /api/auth/demo', () => json(session('volunteer-token')))
    const page = renderPage(LoginPage, PATH)
    // Something cached for the previous identity, which must not survive the switch.
    page.client.setQueryData(['me'], { name: '上一个身份' })

    fireEvent.click(await screen.findByText('李志强'))

    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/me/index' }))
    const [login] = api.calls('POST /api/auth/demo')
    expect(login!.body).toEqual({ persona: 'volunteer' })
    expect(login!.headers.authorization).toBeUndefined()
    expect(api.calls('POST /api/auth/demo')).toHaveLength(1)
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('volunteer-token')
    expect(Taro.getStorageSync('doorstep.demo-persona')).toBe('volunteer')
    expect(page.client.getQueryData(['me'])).toBeUndefined()
  })

  test("a failed login says why in a toast and stays on the page", async () => {
    api.on('GET /api/auth/demo-personas', () => json({ items: personas }))
    api.on('POST /api/auth/demo', () => apiError(404, 'PERSONA_NOT_FOUND', '没有这个演示身份'))
    renderPage(LoginPage, PATH)

    fireEvent.click(await screen.findByText('王秀兰'))

    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有这个演示身份' })))
    expect(Taro.switchTab).not.toHaveBeenCalled()
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('')
  })

  test('a 404 for the persona list means demo login is off', async () => {
    api.on('GET /api/auth/demo-personas', () => apiError(404, 'ROUTE_NOT_FOUND', '接口不存在'))
    renderPage(LoginPage, PATH)

    expect(await screen.findByText('演示登录未开启')).toBeTruthy()
    expect(screen.getByText('请在微信中打开家门口小程序')).toBeTruthy()
    expect(screen.queryByText('加载失败')).toBeNull()
  })

  test('an empty persona list points at the demo data', async () => {
    api.on('GET /api/auth/demo-personas', () => json({ items: [] }))
    renderPage(LoginPage, PATH)

    expect(await screen.findByText('暂无演示身份')).toBeTruthy()
  })
})
