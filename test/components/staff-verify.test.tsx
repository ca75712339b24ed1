import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import type { RedemptionLookup } from '../../types/api/points'
import VerifyPage from '../../src/packages/staff/verify/index'
import { apiError, json, me, renderPage, useFakeApi } from './support'
import { redemption } from './points-fixtures'

const PATH = '/packages/staff/verify/index'
const LOOKUP = 'GET /api/staff/redemptions/lookup'
const VERIFY = 'POST /api/staff/redemptions/verify'
const api = useFakeApi()
const staff = me({ name: '赵敏', roles: ['staff'], staffCommunityIds: [7] })

function lookup(overrides: Partial<RedemptionLookup> = {}): RedemptionLookup {
  return { ...redemption({ redeemerName: '王**' }), actions: ['verify'], ...overrides }
}

function codeInput() {
  return screen.getByPlaceholderText('8位字母或数字') as HTMLInputElement
}

function type(input: HTMLInputElement, value: string) {
  fireEvent.input(input, { target: { value } })
}

async function shown(selector: string) {
  return waitFor(() => {
    const el = document.querySelector(selector)
    expect(el).not.toBeNull()
    return el!
  })
}

describe('核销取货', () => {
  test('a typed code (any case) is looked up first: who collects what is shown, nothing is handed over until 确认核销', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on(LOOKUP, () => json(lookup()))
    api.on(VERIFY, () => json(redemption({ status: 'picked_up', redeemerName: '王**', pickedUpAt: '2026-05-18T10:00:00+08:00' })))
    renderPage(VerifyPage, PATH)

    await screen.findByText('扫码核销')
    type(codeInput(), 'k7p2m9qx')
    await waitFor(() => expect(codeInput().value).toBe('K7P2M9QX'))
    fireEvent.click(screen.getByText('查询'))

    const preview = await shown('.verify-preview')
    expect(api.calls(LOOKUP).map((c) => c.query.get('code'))).toEqual(['K7P2M9QX'])
    expect(preview.querySelector('.verify-state')?.textContent).toBe('待领取')
    expect(preview.querySelector('.verify-preview__item')?.textContent).toBe('义剪一次× 1')
    const facts = [...preview.querySelectorAll('.verify-facts__row')].map((r) => r.textContent)
    expect(facts).toEqual(['兑换人王**', '住户联通社区 第三网格 联通小区 3号楼 2单元 301', '积分50', '兑换时间5月16日 09:30', '领取地点联通社区党群服务中心', '取货码K7P2M9QX'])
    expect(api.calls(VERIFY)).toHaveLength(0)

    fireEvent.click(screen.getByText('确认核销'))
    const result = await shown('.verify-result--ok')
    expect(result.textContent).toContain('核销成功')
    expect(result.textContent).toContain('核销时间：5月18日 10:00')
    const calls = api.calls(VERIFY)
    expect(calls.map((c) => c.body)).toEqual([{ code: 'K7P2M9QX' }])
    expect(calls[0]!.headers['idempotency-key']).toBeTruthy()
    expect(document.querySelector('.verify-preview')).toBeNull()
    // Ready for the next resident.
    expect(codeInput().value).toBe('')
  })

  test.each([
    ['picked_up', { status: 'picked_up', pickedUpAt: '2026-05-17T15:20:00+08:00' }, '已领取', '已于5月17日 15:20领取，不能重复领取'],
    ['cancelled', { status: 'cancelled' }, '已取消', '居民已取消这次兑换，积分已退回'],
    ['expired', { status: 'expired' }, '已过期', '已过领取期限（5月23日 18:00），积分已退回'],
  ] as const)('a %s code says so and offers no 确认核销', async (_state, over, tag, says) => {
    api.on('GET /api/me', () => json(staff))
    api.on(LOOKUP, () => json(lookup({ ...over, actions: [] })))
    renderPage(VerifyPage, PATH)

    await screen.findByText('扫码核销')
    type(codeInput(), 'K7P2M9QX')
    fireEvent.click(screen.getByText('查询'))

    const preview = await shown('.verify-preview')
    expect(preview.querySelector('.verify-preview__title')?.textContent).toBe('不能核销')
    expect(preview.querySelector('.verify-state')?.textContent).toBe(tag)
    expect(preview.querySelector('.verify-preview__refusal')?.textContent).toBe(says)
    expect(screen.queryByText('确认核销')).toBeNull()
    fireEvent.click(screen.getByText('关闭'))
    await waitFor(() => expect(document.querySelector('.verify-preview')).toBeNull())
  })

  test('a wrong code is said to be unknown, plainly, and nothing else happens', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on(LOOKUP, () => apiError(404, 'CODE_NOT_FOUND', '取货码不存在，请核对'))
    renderPage(VerifyPage, PATH)

    await screen.findByText('扫码核销')
    type(codeInput(), 'ZZZZ2222')
    fireEvent.click(screen.getByText('查询'))

    const failure = await shown('.verify-result--fail')
    expect(failure.querySelector('.verify-result__title')?.textContent).toBe('查不到这个取货码')
    expect(failure.querySelector('.verify-result__message')?.textContent).toBe('取货码不存在，请核对')
    expect(failure.textContent).toContain('取货码：ZZZZ2222')
    expect(api.calls(VERIFY)).toHaveLength(0)
  })

  test('handed over by someone else meanwhile: the write says so and the preview shows what is true now', async () => {
    api.on('GET /api/me', () => json(staff))
    api.once(LOOKUP, () => json(lookup()))
    api.once(LOOKUP, () => json(lookup({ status: 'picked_up', pickedUpAt: '2026-05-18T09:59:00+08:00', actions: [] })))
    api.on(VERIFY, () => apiError(409, 'CODE_ALREADY_USED', '该取货码已核销，不能重复领取'))
    renderPage(VerifyPage, PATH)

    await screen.findByText('扫码核销')
    type(codeInput(), 'K7P2M9QX')
    fireEvent.click(screen.getByText('查询'))
    fireEvent.click(await screen.findByText('确认核销'))

    await waitFor(() => expect(document.querySelector('.verify-state')?.textContent).toBe('已领取'))
    expect(screen.queryByText('确认核销')).toBeNull()
    expect(document.querySelector('.verify-result--ok')).toBeNull()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该取货码已核销，不能重复领取' }))
  })

  test('a code that is not 8 letters or digits is refused on the spot, without asking the server', async () => {
    api.on('GET /api/me', () => json(staff))
    renderPage(VerifyPage, PATH)

    await screen.findByText('扫码核销')
    fireEvent.click(screen.getByText('查询'))
    expect(await screen.findByText('请输入取货码')).toBeTruthy()
    type(codeInput(), 'K7P2-9Q')
    fireEvent.click(screen.getByText('查询'))
    expect(await screen.findByText('取货码为8位字母或数字')).toBeTruthy()
    expect(api.calls(LOOKUP)).toHaveLength(0)
  })

  test('扫码核销 looks up the code the camera read (WeChat), then waits for 确认核销', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on(LOOKUP, () => json(lookup()))
    const scan = vi.spyOn(Taro, 'scanCode').mockResolvedValue({ result: 'k7p2m9qx\n', scanType: 'QR_CODE', charSet: 'utf8', path: '', rawData: '', errMsg: 'scanCode:ok' } as never)
    renderPage(VerifyPage, PATH)

    fireEvent.click(await screen.findByText('扫码核销'))

    await shown('.verify-preview')
    expect(scan).toHaveBeenCalledTimes(1)
    expect(api.calls(LOOKUP).map((c) => c.query.get('code'))).toEqual(['K7P2M9QX'])
    expect(codeInput().value).toBe('K7P2M9QX')
    expect(api.calls(VERIFY)).toHaveLength(0)
  })

  test('in a plain browser scanning is not available: the page says where to scan, and the cursor goes to the code box', async () => {
    api.on('GET /api/me', () => json(staff))
    // Taro's H5 scanCode without WeChat's JS-SDK: a failure (development) or a "success" without a result (production).
    const scan = vi
      .spyOn(Taro, 'scanCode')
      .mockRejectedValueOnce({ errMsg: 'h5 端当前仅在微信公众号 JS-SDK 环境下支持此 API' })
      .mockResolvedValueOnce({ errMsg: 'h5 端当前仅在微信公众号 JS-SDK 环境下支持此 API' } as never)
    renderPage(VerifyPage, PATH)

    fireEvent.click(await screen.findByText('扫码核销'))
    expect((await shown('.verify-scan-note')).textContent).toBe('请在微信中扫码，或输入取货码')
    await waitFor(() => expect(document.activeElement).toBe(codeInput()))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请在微信中扫码，或输入取货码' }))

    codeInput().blur()
    vi.mocked(Taro.showToast).mockClear()
    fireEvent.click(screen.getByText('扫码核销'))
    await waitFor(() => expect(scan).toHaveBeenCalledTimes(2))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请在微信中扫码，或输入取货码' })))
    await waitFor(() => expect(document.activeElement).toBe(codeInput()))
    expect(api.calls(LOOKUP)).toHaveLength(0)
  })

  test('a cancelled scan does nothing', async () => {
    api.on('GET /api/me', () => json(staff))
    const scan = vi.spyOn(Taro, 'scanCode').mockRejectedValueOnce({ errMsg: 'scanCode:fail cancel' })
    renderPage(VerifyPage, PATH)

    fireEvent.click(await screen.findByText('扫码核销'))
    await waitFor(() => expect(scan).toHaveBeenCalledTimes(1))
    await new Promise((r) => setTimeout(r, 20))
    expect(Taro.showToast).not.toHaveBeenCalled()
    expect(document.querySelector('.verify-scan-note')).toBeNull()
  })

  test('someone who is not staff is told the page is not for them', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(VerifyPage, PATH)

    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(screen.queryByText('扫码核销')).toBeNull()
  })
})
