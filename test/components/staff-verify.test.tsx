import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import VerifyPage from '../../src/packages/staff/verify/index'
import { apiError, json, me, renderPage, useFakeApi } from './support'
import { redemption } from './points-fixtures'

const PATH = '/packages/staff/verify/index'
const api = useFakeApi()
const staff = me({ name: '赵敏', roles: ['staff'], staffCommunityIds: [7] })

function codeInput() {
  return screen.getByPlaceholderText('8位字母或数字') as HTMLInputElement
}

function type(input: HTMLInputElement, value: string) {
  fireEvent.input(input, { target: { value } })
}

describe('核销取货', () => {
  test('a typed code (any case) is verified, and the handed-over item, household and masked redeemer are shown', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('POST /api/staff/redemptions/verify', () =>
      json(redemption({ status: 'picked_up', redeemerName: '王**', itemName: '义剪一次', pickedUpAt: '2026-05-18T10:00:00+08:00' })),
    )
    renderPage(VerifyPage, PATH)

    await screen.findByText('扫码核销')
    type(codeInput(), 'k7p2m9qx')
    await waitFor(() => expect(codeInput().value).toBe('K7P2M9QX'))
    fireEvent.click(screen.getByText('核销'))

    const result = await waitFor(() => {
      const el = document.querySelector('.verify-result--ok')
      expect(el).not.toBeNull()
      return el!
    })
    expect(result.textContent).toContain('核销成功')
    expect(result.querySelector('.verify-result__item')?.textContent).toBe('义剪一次')
    expect(result.textContent).toContain('兑换人：王**')
    expect(result.textContent).toContain('住址：联通社区 第三网格 联通小区 3号楼 2单元 301')
    expect(result.textContent).toContain('核销时间：5月18日 10:00')
    const calls = api.calls('POST /api/staff/redemptions/verify')
    expect(calls.map((c) => c.body)).toEqual([{ code: 'K7P2M9QX' }])
    expect(calls[0]!.headers['idempotency-key']).toBeTruthy()
    // Ready for the next resident.
    expect(codeInput().value).toBe('')
  })

  test("CODE_ALREADY_USED: the server's message is shown as a failure, not as a success", async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('POST /api/staff/redemptions/verify', () => apiError(409, 'CODE_ALREADY_USED', '该取货码已核销，不能重复领取'))
    renderPage(VerifyPage, PATH)

    await screen.findByText('扫码核销')
    type(codeInput(), 'K7P2M9QX')
    fireEvent.click(screen.getByText('核销'))

    const failure = await waitFor(() => {
      const el = document.querySelector('.verify-result--fail')
      expect(el).not.toBeNull()
      return el!
    })
    expect(failure.querySelector('.verify-result__message')?.textContent).toBe('该取货码已核销，不能重复领取')
    expect(failure.textContent).toContain('取货码：K7P2M9QX')
    expect(document.querySelector('.verify-result--ok')).toBeNull()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该取货码已核销，不能重复领取' }))
  })

  test('a code that is not 8 letters or digits is refused on the spot, without asking the server', async () => {
    api.on('GET /api/me', () => json(staff))
    renderPage(VerifyPage, PATH)

    await screen.findByText('扫码核销')
    fireEvent.click(screen.getByText('核销'))
    expect(await screen.findByText('请输入取货码')).toBeTruthy()
    type(codeInput(), 'K7P2-9Q')
    fireEvent.click(screen.getByText('核销'))
    expect(await screen.findByText('取货码为8位字母或数字')).toBeTruthy()
    expect(api.calls('POST /api/staff/redemptions/verify')).toHaveLength(0)
  })

  test('扫码核销 verifies the code the camera read', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('POST /api/staff/redemptions/verify', () => json(redemption({ status: 'picked_up', redeemerName: '王**' })))
    const scan = vi.spyOn(Taro, 'scanCode').mockResolvedValue({ result: 'k7p2m9qx\n', scanType: 'QR_CODE', charSet: 'utf8', path: '', rawData: '', errMsg: 'scanCode:ok' } as never)
    renderPage(VerifyPage, PATH)

    fireEvent.click(await screen.findByText('扫码核销'))

    await waitFor(() => expect(document.querySelector('.verify-result--ok')).not.toBeNull())
    expect(scan).toHaveBeenCalledTimes(1)
    expect(api.calls('POST /api/staff/redemptions/verify').map((c) => c.body)).toEqual([{ code: 'K7P2M9QX' }])
  })

  test('a cancelled scan does nothing; a scanner that cannot open points to typing the code', async () => {
    api.on('GET /api/me', () => json(staff))
    const scan = vi.spyOn(Taro, 'scanCode').mockRejectedValueOnce({ errMsg: 'scanCode:fail cancel' }).mockRejectedValueOnce({ errMsg: 'scanCode:fail no camera' })
    renderPage(VerifyPage, PATH)

    fireEvent.click(await screen.findByText('扫码核销'))
    await waitFor(() => expect(scan).toHaveBeenCalledTimes(1))
    await new Promise((r) => setTimeout(r, 20))
    expect(Taro.showToast).not.toHaveBeenCalled()

    fireEvent.click(screen.getByText('扫码核销'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '无法打开扫码，请手动输入取货码' })))
    expect(api.calls('POST /api/staff/redemptions/verify')).toHaveLength(0)
  })

  test('someone who is not staff is told the page is not for them', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(VerifyPage, PATH)

    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(screen.queryByText('扫码核销')).toBeNull()
  })
})
