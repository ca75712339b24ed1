import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import StaffShopPage from '../../src/packages/staff/shop/index'
import type { ShopItem } from '../../types/api/points'
import { home, json, me, renderPage, station, useFakeApi } from './support'
import { shopItem } from './points-fixtures'

const PATH = '/packages/staff/shop/index'
const api = useFakeApi()
const staff = me({ name: '赵敏', roles: ['staff'], staffCommunityIds: [7] })

function cardOf(name: string) {
  return screen.getByText(name).closest('.admin-item') as HTMLElement
}

function buttonIn(el: HTMLElement, text: string) {
  return [...el.querySelectorAll('.nut-button')].find((b) => b.textContent === text) as HTMLElement
}

function type(label: string, value: string) {
  fireEvent.input(document.querySelector(`input[placeholder="${label}"]`)!, { target: { value } })
}

function formErrors() {
  return [...document.querySelectorAll('.item-form .form-error')].map((el) => el.textContent)
}

describe('积分超市管理', () => {
  test('lists every item of the community, inactive ones marked 已下架', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/shop/items', () => json({ items: [shopItem(), shopItem({ id: 4, name: '老花镜', active: false, monthlyLimit: null })] }))
    renderPage(StaffShopPage, PATH)

    await screen.findByText('义剪一次')
    expect(api.calls('GET /api/staff/shop/items')[0]!.query.get('communityId')).toBe('7')
    expect(cardOf('义剪一次').querySelector('.admin-item__status')?.textContent).toBe('上架中')
    expect(cardOf('老花镜').querySelector('.admin-item__status')?.textContent).toBe('已下架')
    expect(cardOf('老花镜').textContent).toContain('不限次数')
    expect(buttonIn(cardOf('老花镜'), '上架')).toBeTruthy()
  })

  test('库存 +1 and -1 send the new stock and show what the server returns; 下架 asks first', async () => {
    let item: ShopItem = shopItem({ stock: 8 })
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/shop/items', () => json({ items: [item] }))
    api.on('PATCH /api/staff/shop/items/3', (call) => {
      item = { ...item, ...(call.body as Partial<ShopItem>) }
      return json(item)
    })
    const modal = vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    renderPage(StaffShopPage, PATH)

    await screen.findByText('库存 8')
    fireEvent.click(buttonIn(cardOf('义剪一次'), '库存 +1'))
    await screen.findByText('库存 9')
    fireEvent.click(buttonIn(cardOf('义剪一次'), '库存 -1'))
    await screen.findByText('库存 8')
    fireEvent.click(buttonIn(cardOf('义剪一次'), '下架'))
    await waitFor(() => expect(cardOf('义剪一次').querySelector('.admin-item__status')?.textContent).toBe('已下架'))

    expect(modal).toHaveBeenCalledTimes(1)
    expect(api.calls('PATCH /api/staff/shop/items/3').map((c) => c.body)).toEqual([{ stock: 9 }, { stock: 8 }, { active: false }])
  })

  test('库存 -1 is disabled at 0', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/shop/items', () => json({ items: [shopItem({ stock: 0 })] }))
    renderPage(StaffShopPage, PATH)

    await screen.findByText('库存 0')
    expect(buttonIn(cardOf('义剪一次'), '库存 -1').className).toContain('nut-button-disabled')
  })

  test('新增商品 checks the fields, then creates the item at the chosen station', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/shop/items', () => json({ items: [] }))
    api.on('GET /api/home', () => json(home({ stations: [station({ id: 1, name: '联通社区党群服务中心' }), station({ id: 2, name: '第三网格驿站' })] })))
    api.on('POST /api/staff/shop/items', (call) => json(shopItem({ id: 9, ...(call.body as object) }), 201))
    renderPage(StaffShopPage, PATH)

    fireEvent.click(await screen.findByText('新增商品'))
    await screen.findByText('第三网格驿站')
    expect(api.calls('GET /api/home')[0]!.query.get('communityId')).toBe('7')
    fireEvent.click(screen.getByText('保存'))
    expect(formErrors()).toEqual(['请填写名称', '所需积分至少为1', '请填写库存（0或正整数）', '请选择领取地点'])

    type('例如：义剪一次', '毛巾两条')
    type('例如：50', '15')
    type('例如：20', '80')
    type('不限', '101')
    fireEvent.click(screen.getByText('物品'))
    fireEvent.click(screen.getByText('第三网格驿站'))
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(formErrors()).toEqual(['每月限兑为1到100次，不限请留空']))
    type('不限', '')
    fireEvent.click(screen.getByText('保存'))

    await waitFor(() => expect(api.calls('POST /api/staff/shop/items')).toHaveLength(1))
    expect(api.calls('POST /api/staff/shop/items')[0]!.body).toEqual({
      name: '毛巾两条',
      description: '',
      kind: 'goods',
      price: 15,
      stock: 80,
      monthlyLimit: null,
      stationId: 2,
      active: true,
      photoId: null,
    })
    // Back to the list, asked for again.
    await waitFor(() => expect(api.calls('GET /api/staff/shop/items')).toHaveLength(2))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已新增' }))
  })

  test('编辑 starts from the item and PATCHes it', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/shop/items', () => json({ items: [shopItem({ price: 50 })] }))
    api.on('GET /api/home', () => json(home({ stations: [station({ id: 1 })] })))
    api.on('PATCH /api/staff/shop/items/3', (call) => json(shopItem(call.body as Partial<ShopItem>)))
    renderPage(StaffShopPage, PATH)

    fireEvent.click(await screen.findByText('编辑'))
    expect((document.querySelector('input[placeholder="例如：50"]') as HTMLInputElement).value).toBe('50')
    type('例如：50', '40')
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(api.calls('PATCH /api/staff/shop/items/3')).toHaveLength(1))
    expect(api.calls('PATCH /api/staff/shop/items/3')[0]!.body).toMatchObject({ name: '义剪一次', price: 40, stock: 8, monthlyLimit: 1, stationId: 1, kind: 'service' })
  })
})
