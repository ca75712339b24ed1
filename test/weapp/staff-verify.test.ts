import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Redemption, ShopItem } from '../../types/api/points'
import { classesOf, startWeapp, waitFor, type Weapp } from './harness'

type ScanOptions = { success?: (res: unknown) => void; fail?: (err: unknown) => void; complete?: (res: unknown) => void }

let w: Weapp
let resident: { authorization: string }
let redemption: Redemption
/** What the camera reads next. */
let nextScan = ''

beforeAll(async () => {
  w = await startWeapp()
  // The resident reserved an item; she shows its code at the station.
  resident = { authorization: (await w.backend.loginAs('resident')).authorization }
  const items = (await w.backend.app.inject({ method: 'GET', url: '/api/shop/items', headers: resident })).json() as { items: ShopItem[] }
  const glasses = items.items.find((i) => i.name === '老花镜')!
  const res = await w.backend.app.inject({ method: 'POST', url: `/api/shop/items/${glasses.id}/redeem`, headers: resident, payload: {} })
  expect(res.statusCode).toBe(201)
  redemption = res.json() as Redemption

  await w.loginAs('staff')
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  wx.scanCode = (options: ScanOptions) => {
    setTimeout(() => {
      const result = { result: nextScan, scanType: 'QR_CODE', charSet: 'utf8', path: '', rawData: '', errMsg: 'scanCode:ok' }
      options.success?.(result)
      options.complete?.(result)
    }, 0)
  }
})
afterAll(() => w?.close())

async function myRedemption(): Promise<Redemption> {
  const res = await w.backend.app.inject({ method: 'GET', url: '/api/shop/redemptions', headers: resident })
  return (res.json() as { items: Redemption[] }).items.find((r) => r.id === redemption.id)!
}

describe('核销取货, as the staff persona', () => {
  it('我的 shows staff the 社区工作台, whose 核销取货 opens the scanner page', async () => {
    const me = await w.open('/pages/me/index')
    await me.waitForText('社区工作台')
    await me.tap('核销取货')
    await waitFor(() => w.currentPage().route === 'packages/staff/verify/index', () => `still on ${w.currentPage().route}`)
    await w.currentPage().waitForText('扫码核销')
    expect(w.missingTemplates).toEqual([])
  })

  it('扫码核销 hands over the scanned redemption: item, household address and the masked redeemer', async () => {
    const page = w.currentPage()
    nextScan = redemption.pickupCode
    await page.tap('扫码核销')
    await page.waitForText('核销成功')

    const [result] = page.byClass('verify-result')
    expect(classesOf(result!)).toContain('verify-result--ok')
    expect(page.byClass('verify-result__item').map((el) => el.textContent)).toEqual(['老花镜'])
    expect(result!.textContent).toContain(`住址：${redemption.householdAddress}`)
    // Staff see the redeemer masked; the household sees the full name.
    expect(redemption.redeemerName).toBe('张秀兰')
    expect(result!.textContent).toContain('兑换人：张**')
    expect(result!.textContent).not.toContain('张秀兰')
    expect((await myRedemption()).status).toBe('picked_up')
    expect(w.requests.filter((r) => r.method === 'POST')).toEqual([{ method: 'POST', path: '/api/staff/redemptions/verify', status: 200 }])
  })

  it('the same code again is refused in the server\'s words, and nothing changes', async () => {
    const page = w.currentPage()
    await page.tap('扫码核销')
    await page.waitForText('核销失败')

    const [result] = page.byClass('verify-result')
    expect(classesOf(result!)).toContain('verify-result--fail')
    expect(page.byClass('verify-result__message').map((el) => el.textContent)).toEqual(['该取货码已核销，不能重复领取'])
    expect(w.toasts).toContain('该取货码已核销，不能重复领取')
    expect((await myRedemption()).status).toBe('picked_up')
    expect(w.missingTemplates).toEqual([])
  })
})
