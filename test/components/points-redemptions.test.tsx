import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import qrcode from 'qrcode-generator'
import { describe, expect, test, vi } from 'vitest'
import RedemptionsPage from '../../src/packages/points/redemptions/index'
import { apiError, json, renderPage, useFakeApi } from './support'
import { redemption } from './points-fixtures'

const PATH = '/packages/points/redemptions/index'
const api = useFakeApi()

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

/** What a scanner reads from a QR picture: compare with a code made independently of the page. */
function qrOf(text: string) {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  return qr
}

function cardOf(name: string) {
  return screen.getByText(name).closest('.redemption') as HTMLElement
}

describe('我的兑换', () => {
  test('a reserved redemption shows its pickup code large and as a QR code of that code, the deadline and the station', async () => {
    api.on('GET /api/shop/redemptions', () =>
      json({
        items: [
          redemption({ id: 22, itemName: '义剪一次', pickupCode: 'K7P2M9QX', expiresAt: '2026-05-23T18:00:00+08:00' }),
          redemption({ id: 20, itemName: '环保袋', status: 'picked_up', pickupCode: 'AAAA1111', pickedUpAt: '2026-05-10T10:05:00+08:00' }),
          redemption({ id: 19, itemName: '大米5斤', status: 'cancelled', pickupCode: 'BBBB2222' }),
          redemption({ id: 18, itemName: '食用油', status: 'expired', pickupCode: 'CCCC3333' }),
        ],
      }),
    )
    renderPage(RedemptionsPage, PATH)

    await screen.findByText('义剪一次')
    const reserved = cardOf('义剪一次')
    expect(reserved.querySelector('.redemption-status')?.textContent).toBe('待领取')
    expect(reserved.querySelector('.pickup-code')?.textContent).toBe('K7P2M9QX')
    expect(reserved.textContent).toContain('请于 5月23日 18:00 前领取')
    expect(reserved.textContent).toContain('领取地点：联通社区党群服务中心')
    expect(reserved.textContent).toContain('联通路 12 号')

    const src = reserved.querySelector('.qr-code img')?.getAttribute('src')
    expect(src).toMatch(/^data:image\/gif;base64,/)
    // The picture encodes exactly the pickup code, as a staff scanner will read it.
    expect(src).toBe(qrOf('K7P2M9QX').createDataURL(10, 4))
    expect(src).not.toBe(qrOf('K7P2M9QY').createDataURL(10, 4))

    // The others show their status, and no code or QR to present any more.
    expect(cardOf('环保袋').querySelector('.redemption-status')?.textContent).toBe('已领取')
    expect(cardOf('环保袋').textContent).toContain('5月10日 10:05 在联通社区党群服务中心领取')
    expect(cardOf('大米5斤').querySelector('.redemption-status')?.textContent).toBe('已取消')
    expect(cardOf('食用油').querySelector('.redemption-status')?.textContent).toBe('已过期')
    expect(document.querySelectorAll('.qr-code')).toHaveLength(1)
    expect(screen.queryByText('AAAA1111')).toBeNull()
    expect(screen.getAllByText('取消兑换')).toHaveLength(1)
  })

  test('取消兑换 asks first, then cancels that redemption and shows the list the server returns', async () => {
    api.once('GET /api/shop/redemptions', () => json({ items: [redemption({ id: 22 })] }))
    api.on('GET /api/shop/redemptions', () => json({ items: [redemption({ id: 22, status: 'cancelled' })] }))
    api.on('POST /api/shop/redemptions/22/cancel', () => json(redemption({ id: 22, status: 'cancelled' })))
    const modal = answerModal(true)
    renderPage(RedemptionsPage, PATH)

    await screen.findByText('K7P2M9QX')
    fireEvent.click(screen.getByText('取消兑换'))

    await waitFor(() => expect(cardOf('义剪一次').querySelector('.redemption-status')?.textContent).toBe('已取消'))
    expect(modal.mock.calls[0]![0]!.content).toContain('义剪一次')
    const calls = api.calls('POST /api/shop/redemptions/22/cancel')
    expect(calls).toHaveLength(1)
    expect(calls[0]!.body).toEqual({})
    expect(calls[0]!.headers['idempotency-key']).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消兑换' }))
    expect(screen.queryByText('K7P2M9QX')).toBeNull()
    expect(document.querySelector('.qr-code')).toBeNull()
  })

  test('declining the dialog keeps the redemption', async () => {
    api.on('GET /api/shop/redemptions', () => json({ items: [redemption({ id: 22 })] }))
    const modal = answerModal(false)
    renderPage(RedemptionsPage, PATH)

    fireEvent.click(await screen.findByText('取消兑换'))
    await waitFor(() => expect(modal).toHaveBeenCalled())
    await new Promise((r) => setTimeout(r, 50))
    expect(api.calls('POST /api/shop/redemptions/22/cancel')).toHaveLength(0)
    expect(screen.getByText('K7P2M9QX')).toBeTruthy()
  })

  test("a redemption that can no longer be cancelled says so in the server's words", async () => {
    api.on('GET /api/shop/redemptions', () => json({ items: [redemption({ id: 22 })] }))
    api.on('POST /api/shop/redemptions/22/cancel', () => apiError(409, 'REDEMPTION_NOT_CANCELLABLE', '已领取或已失效的兑换不能取消'))
    answerModal(true)
    renderPage(RedemptionsPage, PATH)

    fireEvent.click(await screen.findByText('取消兑换'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已领取或已失效的兑换不能取消' })))
    // The list is asked for again, to show what really happened to it.
    await waitFor(() => expect(api.calls('GET /api/shop/redemptions')).toHaveLength(2))
  })

  test('no redemptions: an empty state that leads to the shop', async () => {
    api.on('GET /api/shop/redemptions', () => json({ items: [] }))
    renderPage(RedemptionsPage, PATH)

    fireEvent.click(await screen.findByText('去积分超市'))
    expect(screen.getByText('还没有兑换记录')).toBeTruthy()
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/points/shop/index' })
  })
})
