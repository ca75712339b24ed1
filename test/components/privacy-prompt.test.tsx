import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { PageShell } from '../../src/components/page-shell'
import PrivacyPolicyPage from '../../src/packages/account/privacy-policy/index'
import { elderMode } from '../../src/stores/preferences'
import { privacyAgreement } from '../../src/stores/privacy'
import { PRIVACY_POLICY_DATE, PRIVACY_POLICY_VERSION } from '../../src/utils/privacy-policy'
import { json, renderPage, useFakeApi } from './support'

/*
 * The privacy agreement on first use (PrivacyPrompt, mounted by PageShell on every page): in WeChat it answers
 * onNeedPrivacyAuthorization; on H5 it is asked once and remembered by the policy's edition.
 */

const api = useFakeApi()

type Resolve = (option: { event: string; buttonId?: string }) => void
type Listener = (resolve: Resolve, eventInfo: { referrer: string }) => void

function SomePage({ text = '页面内容' }: { text?: string }) {
  return (
    <PageShell>
      <View>{text}</View>
    </PageShell>
  )
}

const sheet = () => document.querySelector<HTMLElement>('.privacy-prompt')
const sheets = () => [...document.querySelectorAll<HTMLElement>('.privacy-prompt')]
const agreeButton = () => document.getElementById('privacy-agree') as HTMLElement

/**
 * WeChat delivers `bindagreeprivacyauthorization` to the button (open-type="agreePrivacyAuthorization") after the
 * user's tap; the H5 button has no such event, so the test hands it over as WeChat's runtime would.
 */
function wechatAgreeTap(button: HTMLElement) {
  const propsKey = Object.keys(button).find((k) => k.startsWith('__reactProps'))!
  const props = (button as unknown as Record<string, { onAgreePrivacyAuthorization?: (e: unknown) => void; openType?: string }>)[propsKey]!
  expect(props.openType).toBe('agreePrivacyAuthorization')
  act(() => props.onAgreePrivacyAuthorization!({ type: 'agreeprivacyauthorization', detail: {} }))
}

beforeEach(() => {
  sessionStorage.clear()
})

describe('in WeChat (onNeedPrivacyAuthorization)', () => {
  let listener: Listener | null

  beforeEach(() => {
    vi.stubEnv('TARO_ENV', 'weapp')
    // PageShell loads the 订阅消息 templates in the mini-program.
    api.on('GET /api/reminders/templates', () => json({ templates: {} }))
    listener = null
    vi.spyOn(Taro, 'onNeedPrivacyAuthorization').mockImplementation(((l: Listener) => {
      listener = l
    }) as never)
    // The H5 agreement plays no part in WeChat: even without it nothing shows until WeChat asks.
    privacyAgreement.set(null)
  })

  test('nothing shows until WeChat asks; then the sheet explains, links the policy, and 同意 lets the waiting call go on', async () => {
    renderPage(() => <SomePage />, '/pages/index/index')
    await screen.findByText('页面内容')
    expect(Taro.onNeedPrivacyAuthorization).toHaveBeenCalled()
    expect(sheet()).toBeNull()

    const resolve = vi.fn<Resolve>()
    act(() => listener!(resolve, { referrer: 'getLocation' }))
    expect(sheet()).not.toBeNull()
    expect(sheet()!.textContent).toContain('用户隐私保护提示')
    expect(sheet()!.textContent).toContain('当前操作需要：获取您的位置')
    expect(sheet()!.textContent).toContain(`阅读完整的《家门口隐私政策》（${PRIVACY_POLICY_DATE}版）`)
    // WeChat is told the custom sheet was shown, once.
    await waitFor(() => expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' }))

    fireEvent.click(screen.getByText(/阅读完整的《家门口隐私政策》/))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/privacy-policy/index' })

    wechatAgreeTap(agreeButton())
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: 'privacy-agree' })
    expect(resolve.mock.calls.filter(([o]) => o.event === 'exposureAuthorization')).toHaveLength(1)
    expect(sheet()).toBeNull()
    // Nothing remembered by the app: WeChat keeps the agreement.
    expect(privacyAgreement.get()).toBeNull()
  })

  test('拒绝 makes the waiting call fail (disagree), says what that means, and closes the sheet', async () => {
    renderPage(() => <SomePage />, '/pages/index/index')
    await screen.findByText('页面内容')
    const first = vi.fn<Resolve>()
    const second = vi.fn<Resolve>()
    // Two privacy calls waiting at once: one answer settles both.
    act(() => listener!(first, { referrer: 'chooseMedia' }))
    act(() => listener!(second, { referrer: 'chooseMedia' }))
    expect(sheets()).toHaveLength(1)

    fireEvent.click(screen.getByText('拒绝'))
    expect(first).toHaveBeenLastCalledWith({ event: 'disagree' })
    expect(second).toHaveBeenLastCalledWith({ event: 'disagree' })
    expect(sheet()).toBeNull()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '您未同意隐私政策，这项功能暂时无法使用' }))
  })

  test('one listener for the app: the sheet shows on the page on top only, and on the page below once that one closes', async () => {
    const below = renderPage(() => <SomePage text='下面的页面' />, '/pages/me/index')
    const top = renderPage(() => <SomePage text='上面的页面' />, '/packages/account/privacy/index')
    await screen.findByText('上面的页面')
    const resolve = vi.fn<Resolve>()
    act(() => listener!(resolve, { referrer: 'getLocation' }))

    expect(sheets()).toHaveLength(1)
    expect(top.pageRoot().querySelector('.privacy-prompt')).not.toBeNull()
    expect(below.pageRoot().querySelector('.privacy-prompt')).toBeNull()

    // navigateBack: the top page goes away, the request is still waiting.
    top.unmount()
    await waitFor(() => expect(below.pageRoot().querySelector('.privacy-prompt')).not.toBeNull())
    wechatAgreeTap(agreeButton())
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: 'privacy-agree' })
  })

  test('in 长辈模式 the sheet sits inside the enlarged page', async () => {
    elderMode.set('on')
    const page = renderPage(() => <SomePage />, '/pages/index/index')
    await screen.findByText('页面内容')
    act(() => listener!(vi.fn<Resolve>(), { referrer: 'getLocation' }))
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
    expect(page.pageRoot().contains(sheet())).toBe(true)
    // Answered, so that no request outlives the test (the state is the app's, module-wide).
    fireEvent.click(screen.getByText('拒绝'))
    expect(sheet()).toBeNull()
  })
})

describe('on H5 (no WeChat privacy API)', () => {
  beforeEach(() => {
    privacyAgreement.set(null)
  })

  test('asked on first use; 同意 is remembered with the policy edition, and the next visit is not asked', async () => {
    const onNeed = vi.spyOn(Taro, 'onNeedPrivacyAuthorization')
    const first = renderPage(() => <SomePage />, '/pages/index/index')
    await screen.findByText('页面内容')
    expect(sheet()).not.toBeNull()
    expect(onNeed).not.toHaveBeenCalled()

    fireEvent.click(agreeButton())
    expect(sheet()).toBeNull()
    expect(Taro.getStorageSync('doorstep.privacy-agreed')).toBe(PRIVACY_POLICY_VERSION)

    // The mini-program opened again: read from storage, nothing asked.
    first.unmount()
    privacyAgreement.reset()
    renderPage(() => <SomePage />, '/pages/index/index')
    await screen.findByText('页面内容')
    expect(sheet()).toBeNull()
  })

  test('an agreement to an older edition asks again', async () => {
    Taro.setStorageSync('doorstep.privacy-agreed', '2025-01-01')
    privacyAgreement.reset()
    renderPage(() => <SomePage />, '/pages/index/index')
    await screen.findByText('页面内容')
    expect(sheet()).not.toBeNull()
  })

  test('拒绝 closes it for this visit only, and nothing is remembered', async () => {
    const first = renderPage(() => <SomePage />, '/pages/index/index')
    await screen.findByText('页面内容')
    fireEvent.click(screen.getByText('拒绝'))
    expect(sheet()).toBeNull()
    expect(Taro.getStorageSync('doorstep.privacy-agreed')).not.toBe(PRIVACY_POLICY_VERSION)

    // Another page in the same visit: not asked again.
    first.unmount()
    const second = renderPage(() => <SomePage text='另一个页面' />, '/pages/me/index')
    await screen.findByText('另一个页面')
    expect(sheet()).toBeNull()

    // A new visit (the browser's session ended): asked again.
    second.unmount()
    sessionStorage.clear()
    renderPage(() => <SomePage text='下次打开' />, '/pages/index/index')
    await screen.findByText('下次打开')
    expect(sheet()).not.toBeNull()
  })
})

describe('隐私政策', () => {
  test('the policy in plain words with its edition; the page itself never carries the prompt', async () => {
    privacyAgreement.set(null)
    renderPage(PrivacyPolicyPage, '/packages/account/privacy-policy/index')
    await screen.findByText('《家门口隐私政策》')
    expect(screen.getByText(`更新日期：${PRIVACY_POLICY_DATE}（版本 ${PRIVACY_POLICY_VERSION}）`)).toBeTruthy()
    const headings = [...document.querySelectorAll('.policy__heading')].map((h) => h.textContent)
    expect(headings).toEqual(['一、我们是谁', '二、我们收集哪些信息，为什么要用', '三、我们怎样保护您的信息', '四、保存多久', '五、我们不出售、不共享', '六、儿童的信息', '七、您的权利', '八、联系我们'])
    const text = document.querySelector('.policy')!.textContent!
    for (const phrase of ['手机号加密保存', '只显示姓名的第一个字', '只有在您同意之后', '导出一份完整的文件', '注销账号', '微信（腾讯公司）']) expect(text).toContain(phrase)
    // Read first, agree after: no sheet over the policy, even before agreeing.
    expect(sheet()).toBeNull()

    fireEvent.click(screen.getByText('查看我的个人信息'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/privacy/index' })
    // WeChat's own guide exists only in the mini-program.
    expect(screen.queryByText('查看微信小程序隐私保护指引')).toBeNull()
  })

  test('in WeChat it also opens WeChat\'s 小程序隐私保护指引', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    api.on('GET /api/reminders/templates', () => json({ templates: {} }))
    vi.spyOn(Taro, 'onNeedPrivacyAuthorization').mockImplementation(() => undefined)
    const open = vi.spyOn(Taro, 'openPrivacyContract').mockImplementation(() => undefined)
    renderPage(PrivacyPolicyPage, '/packages/account/privacy-policy/index')
    fireEvent.click(await screen.findByText('查看微信小程序隐私保护指引'))
    expect(open).toHaveBeenCalledTimes(1)
  })

  test('长辈模式 renders the policy on the enlarged page', async () => {
    elderMode.set('on')
    const page = renderPage(PrivacyPolicyPage, '/packages/account/privacy-policy/index')
    await screen.findByText('《家门口隐私政策》')
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
  })
})
