import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import VolunteerRecordsPage from '../../src/packages/volunteer/records/index'
import { apiError, json, pullDownToRefresh, renderPage, useFakeApi } from './support'
import { certificate, record } from './volunteer-fixtures'

const PATH = '/packages/volunteer/records/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

const records = () => [record({ signupId: 202, activityId: 12, activityTitle: '助老理发', date: '2026-11-02', hours: 2.5, confirmedBy: '王干事', points: 25 }), record()]
const { records: _r, ...issued } = certificate()

function standardApi() {
  api.on('GET /api/volunteer/records', () => json({ items: records(), totalHours: 4.5 }))
  api.on('GET /api/volunteer/certificates', () => json({ items: [issued] }))
}

describe('志愿服务记录', () => {
  test('every confirmed record — date, activity, organiser, hours, confirmed by, points — the total, and the certificates issued', async () => {
    standardApi()
    renderPage(VolunteerRecordsPage, PATH)

    await screen.findByText('助老理发')
    expect(document.querySelector('.records-total__value')?.textContent).toBe('4.5')
    expect(document.querySelector('.records-total')!.textContent).toContain('共2条记录')
    const cards = [...document.querySelectorAll('.record-card')].map((c) => c.textContent)
    expect(cards[0]).toBe('助老理发2.5小时服务日期2026年11月2日组织单位联通社区确认人王干事积分+25')
    expect(cards[1]).toBe('清扫楼道小广告2小时服务日期2026年10月12日组织单位联通社区确认人刘书记积分+20')

    fireEvent.click(screen.getByText('助老理发'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/detail/index?id=12' })

    await screen.findByText('已开具的证明')
    expect(document.querySelector('.certificate-item')!.textContent).toContain('爱辉志证〔2026〕第000005号')
    expect(document.querySelector('.certificate-item')!.textContent).toContain('2026年11月19日开具 · 累计4.5小时')
    fireEvent.click(screen.getByText('爱辉志证〔2026〕第000005号'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/certificate/index?id=5' })

    pullDownToRefresh()
    await waitFor(() => expect(api.calls('GET /api/volunteer/records')).toHaveLength(2))
    await waitFor(() => expect(api.calls('GET /api/volunteer/certificates')).toHaveLength(2))
  })

  test('开具志愿服务证明 asks first, issues once with an Idempotency-Key, and opens the certificate', async () => {
    standardApi()
    api.on('POST /api/volunteer/certificates', () => json(certificate({ id: 6 }), 201))
    const modal = answerModal(false)
    renderPage(VolunteerRecordsPage, PATH)
    await screen.findByText('助老理发')

    fireEvent.click(screen.getByText('开具志愿服务证明'))
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    await new Promise((r) => setTimeout(r, 30))
    expect(api.calls('POST /api/volunteer/certificates')).toHaveLength(0)
    const options = modal.mock.calls[0]![0] as { content: string; confirmText: string; cancelText: string }
    expect(options.content).toContain('（2条，共4.5小时）')
    expect(options.confirmText).toBe('开具')
    expect(options.cancelText.length).toBeLessThanOrEqual(4)

    modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    fireEvent.click(screen.getByText('开具志愿服务证明'))
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/certificate/index?id=6' }))
    const [call] = api.calls('POST /api/volunteer/certificates')
    expect(call!.body).toEqual({})
    expect(call!.headers['idempotency-key']).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '证明已开具' }))
    expect(api.calls('POST /api/volunteer/certificates')).toHaveLength(1)
    // The list of certificates is fetched again to include the new one.
    await waitFor(() => expect(api.calls('GET /api/volunteer/certificates')).toHaveLength(2))
  })

  test('a refusal is said in the server\'s words', async () => {
    standardApi()
    api.on('POST /api/volunteer/certificates', () => apiError(409, 'NO_CONFIRMED_HOURS', '还没有经组织者确认的服务时长，暂不能开具证明'))
    answerModal(true)
    renderPage(VolunteerRecordsPage, PATH)
    await screen.findByText('助老理发')

    fireEvent.click(screen.getByText('开具志愿服务证明'))
    await waitFor(() => expect(document.querySelector('.records-total .volunteer-notice')?.textContent).toBe('还没有经组织者确认的服务时长，暂不能开具证明'))
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  test('no records yet: says how they come about, and offers no certificate', async () => {
    api.on('GET /api/volunteer/records', () => json({ items: [], totalHours: 0 }))
    api.on('GET /api/volunteer/certificates', () => json({ items: [] }))
    renderPage(VolunteerRecordsPage, PATH)

    expect(await screen.findByText('还没有经确认的服务记录')).toBeTruthy()
    expect(screen.getByText('参加志愿活动并扫码签到、签退，组织者确认时长后会记录在这里')).toBeTruthy()
    expect(screen.queryByText('开具志愿服务证明')).toBeNull()
    await waitFor(() => expect(api.calls('GET /api/volunteer/certificates')).toHaveLength(1))
    expect(screen.queryByText('已开具的证明')).toBeNull()
  })
})
