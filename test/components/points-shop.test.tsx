import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import ShopPage from '../../src/packages/points/shop/index'
import { apiError, json, renderPage, useFakeApi } from './support'
import { redemption, shopItem, summary } from './points-fixtures'

const PATH = '/packages/points/shop/index'
const api = useFakeApi()

beforeEach(() => {
  vi.spyOn(Taro, 'pageScrollTo').mockResolvedValue({ errMsg: 'pageScrollTo:ok' })
})

/** The card of the item named `name`. */
function card(name: string) {
  return screen.getByText(name).closest('.shop-item') as HTMLElement
}

function redeemButton(name: string) {
  return card(name).querySelector('.shop-item__redeem') as HTMLElement
}

/**
 * 兑换 on the item, then 确认兑换 in the confirmation shown on its card (on the page, not a dialog: the tap
 * that redeems also asks for the pickup reminders, which WeChat allows only from a tap).
 */
function redeemAndConfirm(name: string) {
  fireEvent.click(redeemButton(name))
  const confirm = card(name).querySelector('.shop-item__confirm-yes') as HTMLElement
  expect(card(name).querySelector('.shop-item__confirm-text')?.textContent).toContain(`兑换「${name}」`)
  fireEvent.click(confirm)
}

describe('积分超市', () => {
  test('shows each item with its price, kind, stock, monthly limit and pickup station, and the household balance', async () => {
    api.on('GET /api/shop/items', () => json({ items: [shopItem(), shopItem({ id: 4, name: '环保袋', kind: 'goods', price: 20, stock: 30, monthlyLimit: null, stationName: '第三网格驿站' })] }))
    api.on('GET /api/points/me', () => json(summary()))
    renderPage(ShopPage, PATH)

    await screen.findByText('义剪一次')
    const haircut = card('义剪一次')
    expect(haircut.textContent).toContain('50 积分')
    expect(haircut.textContent).toContain('服务')
    expect(haircut.textContent).toContain('库存 8')
    expect(haircut.textContent).toContain('每户每月限兑 1 次，本月已兑 0 次')
    expect(haircut.textContent).toContain('领取地点：联通社区党群服务中心')
    const bag = card('环保袋')
    expect(bag.textContent).toContain('物品')
    expect(bag.textContent).not.toContain('每户每月限兑')
    expect(bag.textContent).toContain('领取地点：第三网格驿站')
    expect(await screen.findByText('320')).toBeTruthy()
  })

  test('confirming 兑换 redeems the item once and shows the pickup code, with a way to 我的兑换', async () => {
    api.on('GET /api/shop/items', () => json({ items: [shopItem()] }))
    api.on('GET /api/points/me', () => json(summary()))
    api.on('POST /api/shop/items/3/redeem', () => json(redemption({ pickupCode: 'K7P2M9QX' }), 201))
    renderPage(ShopPage, PATH)

    await screen.findByText('义剪一次')
    fireEvent.click(redeemButton('义剪一次'))
    // Asked first, on the card: nothing is sent before 确认兑换.
    expect(card('义剪一次').querySelector('.shop-item__confirm-text')?.textContent).toBe('使用 50 积分兑换「义剪一次」，兑换后到联通社区党群服务中心领取。')
    expect(api.calls('POST /api/shop/items/3/redeem')).toHaveLength(0)
    fireEvent.click(card('义剪一次').querySelector('.shop-item__confirm-yes') as HTMLElement)

    expect(await screen.findByText('K7P2M9QX')).toBeTruthy()
    expect(screen.getByText('兑换成功')).toBeTruthy()
    const [call] = api.calls('POST /api/shop/items/3/redeem')
    expect(api.calls('POST /api/shop/items/3/redeem')).toHaveLength(1)
    expect(call!.body).toEqual({})
    expect(call!.headers['idempotency-key']).toBeTruthy()
    // Stock and balance changed on the server: both are asked for again.
    await waitFor(() => expect(api.calls('GET /api/shop/items')).toHaveLength(2))
    await waitFor(() => expect(api.calls('GET /api/points/me')).toHaveLength(2))

    fireEvent.click(screen.getByText('查看我的兑换（二维码）'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/points/redemptions/index' })
  })

  test('答 再想想 in the confirmation redeems nothing and puts 兑换 back', async () => {
    api.on('GET /api/shop/items', () => json({ items: [shopItem()] }))
    api.on('GET /api/points/me', () => json(summary()))
    renderPage(ShopPage, PATH)

    await screen.findByText('义剪一次')
    fireEvent.click(redeemButton('义剪一次'))
    fireEvent.click(card('义剪一次').querySelector('.shop-item__confirm-no') as HTMLElement)
    await new Promise((r) => setTimeout(r, 50))
    expect(api.calls('POST /api/shop/items/3/redeem')).toHaveLength(0)
    expect(screen.queryByText('兑换成功')).toBeNull()
    expect(card('义剪一次').querySelector('.shop-item__confirm')).toBeNull()
    expect(redeemButton('义剪一次').textContent).toBe('兑换')
  })

  test("POINTS_INSUFFICIENT: the server's message is shown on the item and in a toast, and no code appears", async () => {
    api.on('GET /api/shop/items', () => json({ items: [shopItem()] }))
    api.on('GET /api/points/me', () => json(summary({ household: { ...summary().household!, balance: 10 } })))
    api.on('POST /api/shop/items/3/redeem', () => apiError(409, 'POINTS_INSUFFICIENT', '家庭积分不足'))
    renderPage(ShopPage, PATH)

    await screen.findByText('义剪一次')
    redeemAndConfirm('义剪一次')

    await waitFor(() => expect(card('义剪一次').querySelector('.shop-item__error')?.textContent).toBe('家庭积分不足'))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '家庭积分不足' }))
    expect(screen.queryByText('兑换成功')).toBeNull()
    expect(screen.queryByText('K7P2M9QX')).toBeNull()
  })

  test('sold-out and monthly-limit items are disabled and say why; tapping them asks nothing', async () => {
    api.on('GET /api/shop/items', () =>
      json({
        items: [
          shopItem({ id: 5, name: '大米5斤', kind: 'goods', stock: 0, monthlyLimit: null }),
          shopItem({ id: 6, name: '理发券', monthlyLimit: 2, redeemedThisMonth: 2 }),
          shopItem({ id: 7, name: '环保袋', monthlyLimit: 2, redeemedThisMonth: 1 }),
        ],
      }),
    )
    api.on('GET /api/points/me', () => json(summary()))
    renderPage(ShopPage, PATH)

    await screen.findByText('大米5斤')
    const soldOut = redeemButton('大米5斤')
    expect(soldOut.textContent).toBe('已兑完')
    expect(soldOut.className).toContain('nut-button-disabled')
    const limited = redeemButton('理发券')
    expect(limited.textContent).toBe('本月已达兑换上限')
    expect(limited.className).toContain('nut-button-disabled')
    expect(card('理发券').textContent).toContain('每户每月限兑 2 次，本月已兑 2 次')
    // One left this month: still redeemable.
    const open = redeemButton('环保袋')
    expect(open.textContent).toBe('兑换')
    expect(open.className).not.toContain('nut-button-disabled')

    fireEvent.click(soldOut)
    fireEvent.click(limited)
    await new Promise((r) => setTimeout(r, 50))
    expect(document.querySelector('.shop-item__confirm')).toBeNull()
    expect(api.calls('POST /api/shop/items/5/redeem')).toHaveLength(0)
    expect(api.calls('POST /api/shop/items/6/redeem')).toHaveLength(0)
  })

  test('pressing 兑换 again after a failed reply reuses the Idempotency-Key; a new redemption after success gets a new one', async () => {
    api.on('GET /api/shop/items', () => json({ items: [shopItem({ monthlyLimit: null })] }))
    api.on('GET /api/points/me', () => json(summary()))
    api.once('POST /api/shop/items/3/redeem', () => apiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后再试'))
    api.on('POST /api/shop/items/3/redeem', () => json(redemption(), 201))
    renderPage(ShopPage, PATH)

    await screen.findByText('义剪一次')
    redeemAndConfirm('义剪一次')
    await waitFor(() => expect(card('义剪一次').querySelector('.shop-item__error')?.textContent).toBe('服务繁忙，请稍后再试'))

    redeemAndConfirm('义剪一次')
    await screen.findByText('兑换成功')
    fireEvent.click(screen.getByText('继续兑换'))
    await waitFor(() => expect(redeemButton('义剪一次').className).not.toContain('nut-button-disabled'))
    redeemAndConfirm('义剪一次')
    await waitFor(() => expect(api.calls('POST /api/shop/items/3/redeem')).toHaveLength(3))

    const keys = api.calls('POST /api/shop/items/3/redeem').map((c) => c.headers['idempotency-key'])
    // The outcome of the first was unknown (5xx), so the second is the same action; the third is a new one.
    expect(keys[1]).toBe(keys[0])
    expect(keys[2]).not.toBe(keys[1])
  })

  test('an empty shop says so', async () => {
    api.on('GET /api/shop/items', () => json({ items: [] }))
    api.on('GET /api/points/me', () => json(summary()))
    renderPage(ShopPage, PATH)

    expect(await screen.findByText('积分超市暂无商品')).toBeTruthy()
  })
})
