import qrcode from 'qrcode-generator'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PointsSummary, Redemption, ShopItem } from '../../types/api/points'
import { SWEEPS, sweepDeps } from '../../server/src/sweeps'
import { classesOf, closestWithClass, confirmModals, startWeapp, waitFor, type ModalOptions, type PageHandle, type Weapp } from './harness'

/** The 订阅消息 templates of the two redemption reminders, configured on the server. */
const READY = 'tmpl-redemption-ready'
const EXPIRING = 'tmpl-redemption-expiring'

let w: Weapp
let auth: { authorization: string }
const modals: ModalOptions[] = []

beforeAll(async () => {
  w = await startWeapp({ env: { WECHAT_TMPL_REDEMPTION_READY: READY, WECHAT_TMPL_REDEMPTION_EXPIRING: EXPIRING } })
  const session = await w.loginAs('resident')
  auth = { authorization: `Bearer ${session.token}` }
  // She uses WeChat on this phone: reminders are addressed to its openid.
  await w.backend.handle.db.execute(sql`update users set openid = ${w.wechatUser.openid} where id = ${session.me.id}`)
  // WeChat's confirmation dialog (取消兑换 asks with one): record what it asked and answer 确认.
  confirmModals(modals)
})
afterAll(() => w?.close())

/** What the server says now, to compare the pages against. */
async function api<T>(url: string): Promise<T> {
  const res = await w.backend.app.inject({ method: 'GET', url, headers: auth })
  expect(res.statusCode).toBe(200)
  return res.json() as T
}

/** The element of `page` with the class, inside the card whose text includes `text`. */
function inCard(page: PageHandle, cardClass: string, text: string, cls: string): HTMLElement {
  const card = page.byClass(cardClass).find((el) => el.textContent?.includes(text))
  if (!card) throw new Error(`no ${cardClass} with "${text}" on ${page.route}:\n${page.text()}`)
  const [el] = [...card.querySelectorAll<HTMLElement>('[class]')].filter((e) => classesOf(e).includes(cls))
  if (!el) throw new Error(`no .${cls} in the ${cardClass} of "${text}"`)
  return el
}

/** The picture a QR code of `text` is, made independently of the page. */
function qrDataUrl(text: string) {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  return qr.createDataURL(10, 4)
}

describe('积分超市, as the resident persona', () => {
  it('我的 → 积分超市 lists her community\'s items with the household balance', async () => {
    const before = await api<PointsSummary>('/api/points/me')
    const items = (await api<{ items: ShopItem[] }>('/api/shop/items')).items
    expect(items.length).toBeGreaterThan(0)

    const me = await w.open('/pages/me/index')
    await me.waitForText('积分超市')
    await me.tap('积分超市')
    await waitFor(() => w.currentPage().route === 'packages/points/shop/index', () => `still on ${w.currentPage().route}`)
    expect(w.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/packages/points/shop/index' })

    const shop = w.currentPage()
    await shop.waitForText('义剪一次')
    expect(shop.byClass('shop-item__name').map((el) => el.textContent)).toEqual(items.map((i) => i.name))
    expect(shop.byClass('shop-balance__value').map((el) => el.textContent)).toEqual([String(before.household!.balance)])
    const haircut = items.find((i) => i.name === '义剪一次')!
    const card = closestWithClass(shop.byText('义剪一次'), 'shop-item')!
    expect(card.textContent).toContain(`${haircut.price} 积分`)
    expect(card.textContent).toContain(`每户每月限兑 ${haircut.monthlyLimit} 次，本月已兑 0 次`)
    expect(card.textContent).toContain(`领取地点：${haircut.stationName}`)
    expect(w.missingTemplates).toEqual([])
  })

  it('兑换 asks first, then shows the pickup code the server issued, and the balance drops by the price', async () => {
    const shop = w.currentPage()
    const before = await api<PointsSummary>('/api/points/me')
    const haircut = (await api<{ items: ShopItem[] }>('/api/shop/items')).items.find((i) => i.name === '义剪一次')!

    await shop.tap(inCard(shop, 'shop-item', '义剪一次', 'shop-item__redeem'))
    // The confirmation is on the card (not a dialog), so that its tap can ask for reminders as well.
    await waitFor(() => shop.byClass('shop-item__confirm-text').length === 1, () => `no confirmation on the card:\n${shop.text()}`)
    expect(shop.byClass('shop-item__confirm-text')[0]!.textContent).toContain(`使用 ${haircut.price} 积分兑换「义剪一次」`)
    expect(w.requests.filter((r) => r.method === 'POST')).toEqual([])
    await shop.tap(inCard(shop, 'shop-item', '义剪一次', 'shop-item__confirm-yes'))
    await shop.waitForText('兑换成功')

    // The tap asked WeChat for both redemption reminders before the redemption went out.
    expect(w.subscriptionRequests).toEqual([{ tmplIds: [READY, EXPIRING], postsBefore: 0 }])
    const [mine] = (await api<{ items: Redemption[] }>('/api/shop/redemptions')).items
    expect(mine).toMatchObject({ itemName: '义剪一次', status: 'reserved' })
    expect(mine!.pickupCode).toMatch(/^[0-9A-Z]{8}$/)
    expect(shop.byClass('pickup-code').map((el) => el.textContent)).toEqual([mine!.pickupCode])

    const after = await api<PointsSummary>('/api/points/me')
    expect(after.household!.balance).toBe(before.household!.balance - haircut.price)
    // The page fetched the shop again: the balance and this month's count are the new ones.
    await waitFor(
      () => shop.byClass('shop-balance__value')[0]?.textContent === String(after.household!.balance),
      () => `balance shows ${shop.byClass('shop-balance__value')[0]?.textContent}`,
    )
    await waitFor(
      () => inCard(shop, 'shop-item', '义剪一次', 'shop-item__redeem').textContent === '本月已达兑换上限',
      () => `the 义剪 button reads ${inCard(shop, 'shop-item', '义剪一次', 'shop-item__redeem').textContent}`,
    )
    expect(classesOf(inCard(shop, 'shop-item', '义剪一次', 'shop-item__redeem'))).toContain('nut-button-disabled')
    expect(w.requests.filter((r) => r.method === 'POST')).toEqual([{ method: 'POST', path: `/api/shop/items/${haircut.id}/redeem`, status: 201 }])

    // The server's sender delivers the 兑换成功 reminder she accepted, with the code the page shows.
    await SWEEPS.find((s) => s.name === 'send reminders')!.run(sweepDeps(w.backend.handle.db, w.backend.config), w.backend.clock.now)
    expect(w.backend.wechat.delivered).toEqual([expect.objectContaining({ openid: w.wechatUser.openid, templateId: READY, page: 'packages/points/redemptions/index' })])
    expect(w.backend.wechat.delivered[0]!.data.character_string3).toEqual({ value: mine!.pickupCode })
  })

  it('我的兑换 shows the code as text and as a QR picture, and 取消兑换 gives it back', async () => {
    const shop = w.currentPage()
    const [mine] = (await api<{ items: Redemption[] }>('/api/shop/redemptions')).items
    await shop.tap('查看我的兑换（二维码）')
    await waitFor(() => w.currentPage().route === 'packages/points/redemptions/index', () => `still on ${w.currentPage().route}`)

    const list = w.currentPage()
    await list.waitForText(mine!.pickupCode)
    expect(list.byClass('pickup-code').map((el) => el.textContent)).toEqual([mine!.pickupCode])
    expect(list.byClass('redemption-status').map((el) => el.textContent)).toEqual(['待领取'])
    // WXSS-less simulator: <image> keeps its src in the page data Taro sent, under the node's sid.
    const [qr] = list.byClass('qr-code')
    const src = Object.values(list.props(qr!)).find((v) => typeof v === 'string' && v.startsWith('data:image/'))
    expect(src).toBe(qrDataUrl(mine!.pickupCode))
    expect(w.missingTemplates).toEqual([])

    const before = await api<PointsSummary>('/api/points/me')
    await list.tap('取消兑换')
    await waitFor(
      () => list.byClass('redemption-status').map((el) => el.textContent).join() === '已取消',
      () => `statuses: ${list.byClass('redemption-status').map((el) => el.textContent).join()}`,
    )
    expect(modals.at(-1)!.title).toBe('取消兑换')
    expect(list.byClass('qr-code')).toEqual([])
    const after = await api<PointsSummary>('/api/points/me')
    expect(after.household!.balance).toBe(before.household!.balance + mine!.points)
    expect(w.toasts).toContain('已取消兑换')
  })
})
