import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import qrcode from 'qrcode-generator'
import CertificatePage from '../../src/packages/volunteer/certificate/index'
import { apiError, json, renderPage, useFakeApi } from './support'
import { certificate } from './volunteer-fixtures'

const PATH = '/packages/volunteer/certificate/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  Current.router = { params: { id: '5' }, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
  // jsdom has no blob URLs; the page only hands the URL to the new tab.
  Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:certificate-5'), revokeObjectURL: vi.fn() })
})

function qrOf(text: string) {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  return qr
}

async function openCertificate() {
  const page = renderPage(CertificatePage, PATH)
  await screen.findByText('志愿服务证明')
  return page
}

describe('志愿服务证明', () => {
  test('the printable certificate: number, holder, period, total, the records, issuer, date, verification code and its QR', async () => {
    api.on('GET /api/volunteer/certificates/5', () => json(certificate()))
    await openCertificate()

    const paper = document.querySelector('.certificate-paper') as HTMLElement
    expect(paper.querySelector('.certificate-paper__title')?.textContent).toBe('志愿服务证明')
    expect(paper.querySelector('.certificate-paper__number')?.textContent).toBe('爱辉志证〔2026〕第000005号')
    expect(paper.querySelector('.certificate-paper__body')?.textContent).toBe(
      '兹证明 李志强 于2026年10月12日至2026年11月2日期间参加志愿服务活动，经活动组织者确认，累计志愿服务时长4.5小时。服务记录如下：',
    )
    const rows = [...paper.querySelectorAll('.certificate-record')].map((r) => [...r.children].map((c) => c.textContent))
    expect(rows).toEqual([
      ['2026-10-12', '清扫楼道小广告联通社区', '2小时', '刘书记'],
      ['2026-11-02', '助老理发联通社区', '2.5小时', '王干事'],
    ])
    expect(paper.querySelector('.certificate-table__row--total')?.textContent).toBe('合计2次活动4.5小时')
    expect(paper.querySelector('.certificate-paper__issuer')?.textContent).toBe('出具单位：爱辉区东风街道联通社区出具日期：2026年11月19日')
    expect(paper.querySelector('.certificate-verify__code')?.textContent).toBe('K7QM-3XPA-9RTD')
    // The QR holds the verification page with the code: on the web a link that any phone camera opens.
    const link = `${window.location.origin}${window.location.pathname}#/packages/volunteer/verify/index?code=K7QM-3XPA-9RTD`
    expect(paper.querySelector('.certificate-verify__qr img')?.getAttribute('src')).toBe(qrOf(link).createDataURL(10, 4))

    fireEvent.click(screen.getByText('核验这份证明'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/verify/index?code=K7QM-3XPA-9RTD' })
  })

  test('下载PDF on the web fetches the PDF with the session and opens it in a new tab', async () => {
    api.on('GET /api/volunteer/certificates/5', () => json(certificate()))
    api.on('GET /api/volunteer/certificates/5/pdf', () => new Response('%PDF-1.7 certificate', { status: 200, headers: { 'content-type': 'application/pdf' } }))
    const tab = { location: { href: '' }, close: vi.fn() }
    const open = vi.spyOn(window, 'open').mockReturnValue(tab as never)
    await openCertificate()

    fireEvent.click(screen.getByText('下载PDF'))
    await waitFor(() => expect(tab.location.href).toBe('blob:certificate-5'))
    // The tab is opened at the tap (else it counts as a pop-up), and filled when the PDF is there.
    expect(open).toHaveBeenCalledWith('', '_blank')
    const [call] = api.calls('GET /api/volunteer/certificates/5/pdf')
    expect(call!.headers.authorization).toBe('Bearer token-1')
    const blob = (URL.createObjectURL as unknown as { mock: { calls: [Blob][] } }).mock.calls[0]![0]
    expect(blob.type).toBe('application/pdf')
    expect(await blob.text()).toBe('%PDF-1.7 certificate')
    expect(tab.close).not.toHaveBeenCalled()
    await waitFor(() => expect(screen.getByText('下载PDF')).toBeTruthy())
  })

  test('a PDF the server will not give is said in its words, and the empty tab closed', async () => {
    api.on('GET /api/volunteer/certificates/5', () => json(certificate()))
    api.on('GET /api/volunteer/certificates/5/pdf', () => apiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后再试'))
    const tab = { location: { href: '' }, close: vi.fn() }
    vi.spyOn(window, 'open').mockReturnValue(tab as never)
    await openCertificate()

    fireEvent.click(screen.getByText('下载PDF'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '服务繁忙，请稍后再试' })))
    expect(tab.close).toHaveBeenCalled()
    expect(tab.location.href).toBe('')
  })

  test('a certificate that is not mine (or gone) says so', async () => {
    api.on('GET /api/volunteer/certificates/5', () => apiError(404, 'NOT_FOUND', '您要找的内容不存在'))
    renderPage(CertificatePage, PATH)
    expect(await screen.findByText('您要找的内容不存在')).toBeTruthy()
    expect(screen.getByText('重试')).toBeTruthy()
  })
})
