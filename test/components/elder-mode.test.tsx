import { fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { afterEach, describe, expect, test, vi } from 'vitest'
import MePage from '../../src/pages/me/index'
import { decodeElderMode, elderMode, LARGE_WECHAT_FONT_PX, resolveElderMode, wechatFont } from '../../src/stores/preferences'
import { json, me, renderPage, useFakeApi } from './support'

const PATH = '/pages/me/index'
const api = useFakeApi()
const KEY = 'doorstep.elder-mode'

/** The phone's WeChat font size, as getAppBaseInfo (base library ≥ 2.23.4) or only getSystemInfoSync reports it. */
function wechatFontIs(px: number, via: 'getAppBaseInfo' | 'getSystemInfoSync' = 'getAppBaseInfo') {
  vi.spyOn(Taro, 'getAppBaseInfo').mockReturnValue((via === 'getAppBaseInfo' ? { fontSizeSetting: px } : { SDKVersion: '2.20.1' }) as never)
  vi.spyOn(Taro, 'getSystemInfoSync').mockReturnValue({ fontSizeSetting: px } as never)
  wechatFont.reset()
}

afterEach(() => wechatFont.reset())

/** NutUI's Switch (labelled 长辈模式) draws its off state with nut-switch-close. */
const switchIsOn = () => !screen.getByLabelText('长辈模式').classList.contains('nut-switch-close')

describe('the 长辈模式 rule', () => {
  test("'on' and 'off' are the user's choice whatever WeChat's font; 'auto' turns on from 20 px", () => {
    for (const px of [null, 14, 17, 20, 28]) {
      expect(resolveElderMode('on', px)).toBe(true)
      expect(resolveElderMode('off', px)).toBe(false)
    }
    expect(LARGE_WECHAT_FONT_PX).toBe(20)
    // Standard sizes (about 16 on Android, 17 on iOS) and one step up stay normal.
    expect([null, 14, 16, 17, 18, 19].map((px) => resolveElderMode('auto', px))).toEqual([false, false, false, false, false, false])
    expect([20, 22, 26, 30].map((px) => resolveElderMode('auto', px))).toEqual([true, true, true, true])
  })

  test('the stored boolean of earlier versions is read as the explicit choice it was; nothing stored follows WeChat', () => {
    expect(decodeElderMode(true)).toBe('on')
    expect(decodeElderMode(false)).toBe('off')
    expect(decodeElderMode(undefined)).toBe('auto')
    expect(decodeElderMode('on')).toBe('on')
    expect(decodeElderMode('off')).toBe('off')
    expect(decodeElderMode('auto')).toBe('auto')
    expect(decodeElderMode('nonsense')).toBe('auto')
  })

  test('an old boolean in storage is migrated on first read and written back in the new shape', () => {
    Taro.setStorageSync(KEY, true)
    elderMode.reset()
    expect(elderMode.get()).toBe('on')
    expect(Taro.getStorageSync(KEY)).toBe('on')

    Taro.setStorageSync(KEY, false)
    elderMode.reset()
    expect(elderMode.get()).toBe('off')
    expect(Taro.getStorageSync(KEY)).toBe('off')

    Taro.removeStorageSync(KEY)
    elderMode.reset()
    expect(elderMode.get()).toBe('auto')
    // Nothing was stored, and reading writes nothing.
    expect(Taro.getStorageSync(KEY)).toBe('')
  })

  test("WeChat's font size is read from getAppBaseInfo, or from getSystemInfoSync on an older base library; H5 has none", () => {
    wechatFontIs(24)
    expect(wechatFont.px()).toBe(24)
    expect(Taro.getSystemInfoSync).not.toHaveBeenCalled()

    vi.restoreAllMocks()
    wechatFontIs(22, 'getSystemInfoSync')
    expect(wechatFont.px()).toBe(22)

    // Taro H5 answers NaN: no setting, so 'auto' stays off.
    vi.restoreAllMocks()
    wechatFont.reset()
    expect(Taro.getSystemInfoSync().fontSizeSetting).toBeNaN()
    expect(wechatFont.px()).toBeNull()
  })

  test('the font size is read once, not on every render', () => {
    wechatFontIs(24)
    wechatFont.px()
    wechatFont.px()
    expect(Taro.getAppBaseInfo).toHaveBeenCalledTimes(1)
  })
})

describe('长辈模式 in 我的', () => {
  test("with nothing stored and WeChat's large font, pages start in 长辈模式 and 我的 says it follows WeChat", async () => {
    wechatFontIs(24)
    api.on('GET /api/me', () => json(me()))
    const page = renderPage(MePage, PATH)
    await screen.findByText('王秀兰')

    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
    expect(screen.getByText('跟随微信字体：微信字体较大，已开启')).toBeTruthy()
    expect(switchIsOn()).toBe(true)
    // Already following WeChat: nothing to return to.
    expect(screen.queryByText('跟随微信字体')).toBeNull()
  })

  test("with WeChat's standard font, 'auto' is off", async () => {
    wechatFontIs(17)
    api.on('GET /api/me', () => json(me()))
    const page = renderPage(MePage, PATH)
    await screen.findByText('王秀兰')

    expect(page.pageRoot().classList.contains('page--elder')).toBe(false)
    expect(screen.getByText('跟随微信字体：微信字体标准，未开启')).toBeTruthy()
  })

  test('tapping the row switches it off explicitly over a large WeChat font; 跟随微信字体 returns to auto', async () => {
    wechatFontIs(26)
    api.on('GET /api/me', () => json(me()))
    const page = renderPage(MePage, PATH)
    await screen.findByText('王秀兰')
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)

    // The whole row is the target, not only the small switch drawn in it.
    fireEvent.click(screen.getByText('长辈模式'))
    expect(page.pageRoot().classList.contains('page--elder')).toBe(false)
    expect(Taro.getStorageSync(KEY)).toBe('off')
    expect(Taro.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '已关闭长辈模式' }))
    expect(screen.getByText('字体更大，按钮更好点')).toBeTruthy()

    fireEvent.click(screen.getByText('跟随微信字体'))
    expect(Taro.getStorageSync(KEY)).toBe('auto')
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
    expect(Taro.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '已改为跟随微信字体' }))
    expect(screen.queryByText('跟随微信字体')).toBeNull()
  })

  test('tapping the switch itself toggles once (its tap reaches the row, which does the switching)', async () => {
    wechatFontIs(17)
    api.on('GET /api/me', () => json(me()))
    const page = renderPage(MePage, PATH)
    await screen.findByText('王秀兰')

    expect(switchIsOn()).toBe(false)
    fireEvent.click(screen.getByLabelText('长辈模式'))
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
    expect(Taro.getStorageSync(KEY)).toBe('on')
    expect(switchIsOn()).toBe(true)
    expect(Taro.showToast).toHaveBeenCalledTimes(1)

    // A restart (the store reads storage afresh) keeps it.
    page.unmount()
    elderMode.reset()
    const again = renderPage(MePage, PATH)
    expect(again.pageRoot().classList.contains('page--elder')).toBe(true)
  })
})
