import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { describe, expect, test } from 'vitest'
import CertificateVerifyPage from '../../src/packages/volunteer/verify/index'
import { apiError, json, renderPage, useFakeApi } from './support'
import { verification } from './volunteer-fixtures'

const PATH = '/packages/volunteer/verify/index'
const api = useFakeApi()

function openWith(params: Record<string, string>) {
  Current.router = { params, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
  return renderPage(CertificateVerifyPage, PATH)
}

const result = () => document.querySelector('.verify-result') as HTMLElement | null
const type = (value: string) => fireEvent.input(screen.getByPlaceholderText('例如：ABCD-EFGH-JKMN'), { target: { value } })

describe('证明核验', () => {
  test('opened from the QR code, it checks the code at once — without a session — and shows what the certificate says', async () => {
    // Whoever checks may be logged in or not: the call never carries a session (and asks nothing else).
    Taro.setStorageSync('doorstep.session-token', 'token-1')
    api.on('GET /api/certificates/K7QM-3XPA-9RTD', () => json(verification()))
    openWith({ code: 'K7QM-3XPA-9RTD' })

    expect(await screen.findByText('✓ 证明真实有效')).toBeTruthy()
    const [call] = api.calls('GET /api/certificates/K7QM-3XPA-9RTD')
    expect(call!.headers.authorization).toBeUndefined()
    expect(result()!.className).toContain('verify-result--valid')
    const facts = result()!.querySelector('.volunteer-facts')!.textContent
    expect(facts).toBe('证明编号爱辉志证〔2026〕第000005号持证人李*强累计服务时长4.5小时服务记录2条出具单位爱辉区东风街道联通社区出具日期2026年11月19日')
    expect((screen.getByPlaceholderText('例如：ABCD-EFGH-JKMN') as HTMLInputElement).value).toBe('K7QM-3XPA-9RTD')
  })

  test('a typed code that matches nothing says so in the server\'s words; a second code is checked in turn', async () => {
    api.on('GET /api/certificates/ABCD-EFGH-JKMN', () => apiError(404, 'CERTIFICATE_NOT_FOUND', '查无此证明，请核对验证码'))
    api.on('GET /api/certificates/K7QM-3XPA-9RTD', () => json(verification()))
    openWith({})
    expect(result()).toBeNull()

    type(' ABCD-EFGH-JKMN ')
    fireEvent.click(screen.getByText('核验'))
    expect(await screen.findByText('✗ 查无此证明')).toBeTruthy()
    expect(result()!.textContent).toContain('查无此证明，请核对验证码')
    expect(result()!.className).toContain('verify-result--invalid')
    expect(api.calls('GET /api/certificates/ABCD-EFGH-JKMN')).toHaveLength(1)

    type('K7QM-3XPA-9RTD')
    fireEvent.click(screen.getByText('核验'))
    expect(await screen.findByText('✓ 证明真实有效')).toBeTruthy()
    expect(screen.queryByText('✗ 查无此证明')).toBeNull()
  })

  test('a code too short to be one is refused here without asking', async () => {
    openWith({})
    type('AB')
    fireEvent.click(screen.getByText('核验'))
    expect(await screen.findByText('请输入证明上的验证码，如 ABCD-EFGH-JKMN')).toBeTruthy()
    await new Promise((r) => setTimeout(r, 30))
    expect(result()).toBeNull()
  })

  test('another failure offers 重试', async () => {
    api.once('GET /api/certificates/K7QM-3XPA-9RTD', () => apiError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试'))
    api.on('GET /api/certificates/K7QM-3XPA-9RTD', () => json(verification()))
    openWith({ code: 'K7QM-3XPA-9RTD' })
    expect(await screen.findByText('操作太频繁，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    await waitFor(() => expect(screen.getByText('✓ 证明真实有效')).toBeTruthy())
  })
})
