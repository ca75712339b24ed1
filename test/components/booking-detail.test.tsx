import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import BookingDetailPage from '../../src/packages/booking/detail/index'
import { apiError, json, renderPage, useFakeApi } from './support'
import { booking } from './booking-fixtures'

const PATH = '/packages/booking/detail/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  Current.router = { params: { id: '31' }, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
})

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

async function openBooking() {
  const page = renderPage(BookingDetailPage, PATH)
  await screen.findByText('老年书法小组练字')
  return page
}

const status = () => document.querySelector('.booking-main .booking-status')?.textContent
const toasts = () => (Taro.showToast as unknown as { mock: { calls: [{ title: string }][] } }).mock.calls.map((c) => c[0].title)

describe('预约详情', () => {
  test('a confirmed booking: where, when, the check-in hint and the cancel deadline; only the buttons the server offers', async () => {
    api.on('GET /api/bookings/31', () => json(booking()))
    await openBooking()

    expect(status()).toBe('已确认')
    expect(document.querySelector('.booking-main__check-in')?.textContent).toBe('到场后扫描场地门口的签到码签到')
    const facts = document.querySelector('.booking-facts')!.textContent
    expect(facts).toContain('时间11月19日 周四 09:00–10:30（1.5小时）')
    expect(facts).toContain('人数8人')
    expect(facts).toContain('活动预告不公开')
    expect(facts).toContain('取消期限11月19日 07:00前可自行取消')
    // One phone rule: a person's number is printed masked (as on 我的), never whole.
    expect(facts).toContain('预约人张秀兰 138****5678')
    expect(document.body.textContent).not.toContain('13845675678')
    const place = document.querySelector('.booking-place')!.textContent
    expect(place).toContain('联通社区党群服务中心')
    expect(place).toContain('地址：联通路 12 号')
    expect(place).toContain('电话：0456-8200777')
    expect(screen.getByText('取消预约')).toBeTruthy()
    expect(screen.queryByText('扫码签到')).toBeNull()
  })

  test('取消预约 takes an optional reason, asks first, sends it, and shows the booking cancelled', async () => {
    api.on('GET /api/bookings/31', () => json(booking()))
    api.on('POST /api/bookings/31/cancel', () => json(booking({ status: 'cancelled', cancelReason: '临时有事', actions: [] })))
    const modal = answerModal(true)
    await openBooking()

    fireEvent.click(screen.getByText('取消预约'))
    fireEvent.input(screen.getByPlaceholderText('例如：临时有事去不了'), { target: { value: ' 临时有事 ' } })
    fireEvent.click(screen.getByText('确认取消'))

    await waitFor(() => expect(status()).toBe('已取消'))
    const options = modal.mock.calls[0]![0] as { title: string; confirmText: string; cancelText: string }
    expect(options).toMatchObject({ title: '取消预约', confirmText: '确认取消', cancelText: '再想想' })
    expect(options.confirmText.length).toBeLessThanOrEqual(4)
    const [call] = api.calls('POST /api/bookings/31/cancel')
    expect(call!.body).toEqual({ reason: '临时有事' })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    expect(document.querySelector('.booking-main__reason')?.textContent).toBe('取消原因：临时有事')
    expect(document.querySelector('.booking-actions')).toBeNull()
    expect(toasts()).toContain('已取消预约')
  })

  test('再想想 sends nothing; an empty reason is sent as empty; too late is said in the server\'s words and the booking reloaded', async () => {
    api.on('GET /api/bookings/31', () => json(booking()))
    api.on('POST /api/bookings/31/cancel', () => apiError(409, 'BOOKING_CANCEL_TOO_LATE', '已过取消期限，如不能到场请联系社区'))
    const modal = answerModal(false)
    await openBooking()
    fireEvent.click(screen.getByText('取消预约'))
    fireEvent.click(screen.getByText('确认取消'))
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    await new Promise((r) => setTimeout(r, 30))
    expect(api.calls('POST /api/bookings/31/cancel')).toHaveLength(0)

    modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    fireEvent.click(screen.getByText('确认取消'))
    await waitFor(() => expect(document.querySelector('.booking-actions__error')?.textContent).toBe('已过取消期限，如不能到场请联系社区'))
    expect(api.calls('POST /api/bookings/31/cancel')[0]!.body).toEqual({ reason: '' })
    expect(toasts()).toContain('已过取消期限，如不能到场请联系社区')
    await waitFor(() => expect(api.calls('GET /api/bookings/31')).toHaveLength(2))
  })

  test('扫码签到 opens the camera only, sends the scanned text, and shows 已签到', async () => {
    api.on('GET /api/bookings/31', () => json(booking({ actions: ['cancel', 'check_in'] })))
    api.on('POST /api/bookings/check-in', () => json(booking({ status: 'checked_in', checkedInAt: '2026-11-19T08:50:00+08:00', actions: [] })))
    const scan = vi.spyOn(Taro, 'scanCode').mockResolvedValue({ result: 'doorstep:checkin:5:AbCdEf123456', scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', errMsg: 'scanCode:ok' })
    await openBooking()

    fireEvent.click(screen.getByText('扫码签到'))
    await waitFor(() => expect(status()).toBe('已签到'))
    expect(scan.mock.calls[0]![0]).toMatchObject({ onlyFromCamera: true })
    const [call] = api.calls('POST /api/bookings/check-in')
    expect(call!.body).toEqual({ code: 'doorstep:checkin:5:AbCdEf123456' })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    expect(document.querySelector('.booking-facts')!.textContent).toContain('签到时间11月19日 08:50')
    expect(document.querySelector('.booking-main__check-in')).toBeNull()
    expect(toasts()).toContain('签到成功')
  })

  test('a refused check-in shows the server\'s message; closing the camera sends nothing', async () => {
    api.on('GET /api/bookings/31', () => json(booking({ actions: ['check_in'] })))
    api.on('POST /api/bookings/check-in', () => apiError(409, 'CHECK_IN_NOT_OPEN', '还没到签到时间（开始前15分钟起可签到）'))
    const scan = vi.spyOn(Taro, 'scanCode').mockRejectedValueOnce({ errMsg: 'scanCode:fail cancel' })
    await openBooking()

    fireEvent.click(screen.getByText('扫码签到'))
    await waitFor(() => expect(scan).toHaveBeenCalledTimes(1))
    await new Promise((r) => setTimeout(r, 30))
    expect(api.calls('POST /api/bookings/check-in')).toHaveLength(0)
    expect(toasts()).toEqual([])

    scan.mockResolvedValueOnce({ result: 'not-our-code', scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', errMsg: 'scanCode:ok' })
    fireEvent.click(screen.getByText('扫码签到'))
    await waitFor(() => expect(document.querySelector('.booking-actions__error')?.textContent).toBe('还没到签到时间（开始前15分钟起可签到）'))
    expect(api.calls('POST /api/bookings/check-in')[0]!.body).toEqual({ code: 'not-our-code' })
  })

  test('a booking whose time is over says 已结束, and no longer asks to come and check in', async () => {
    api.once('GET /api/bookings/31', () => json(booking({ phase: 'ended', actions: [] })))
    const page = await openBooking()
    expect(status()).toBe('已结束')
    expect(document.querySelector('.booking-main__hint')?.textContent).toBe('预约时间已过，没有签到记录')
    expect(document.querySelector('.booking-main__check-in')).toBeNull()
    page.unmount()

    api.once('GET /api/bookings/31', () => json(booking({ status: 'checked_in', phase: 'ended', actions: [] })))
    await openBooking()
    expect(status()).toBe('已签到')
    expect(document.querySelector('.booking-main__hint')?.textContent).toBe('已签到，预约已结束')
  })

  test('a rejected booking shows the reason and no buttons; a pending one no check-in hint', async () => {
    api.once('GET /api/bookings/31', () => json(booking({ status: 'rejected', rejectReason: '当天有社区活动，请改约其他时间', actions: [] })))
    const page = await openBooking()
    expect(status()).toBe('已拒绝')
    expect(document.querySelector('.booking-main__reason')?.textContent).toBe('未通过原因：当天有社区活动，请改约其他时间')
    expect(document.querySelector('.booking-actions')).toBeNull()
    page.unmount()

    api.once('GET /api/bookings/31', () => json(booking({ status: 'pending' })))
    await openBooking()
    expect(status()).toBe('待审核')
    expect(document.querySelector('.booking-main__hint')?.textContent).toBe('等待社区审核，审核结果会显示在这里')
    expect(document.querySelector('.booking-main__check-in')).toBeNull()
  })
})
