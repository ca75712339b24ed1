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
    await me.tap('社区工作台')
    await waitFor(() => w.currentPage().route === 'packages/workbench/index/index', () => `still on ${w.currentPage().route}`)
    const workbench = w.currentPage()
    await workbench.waitForText('核销取货')
    await workbench.tap('核销取货')
    await waitFor(() => w.currentPage().route === 'packages/staff/verify/index', () => `still on ${w.currentPage().route}`)
    await w.currentPage().waitForText('扫码核销')
    expect(w.missingTemplates).toEqual([])
  })

  it('扫码核销 looks the scanned code up first: item, household address and the masked redeemer, nothing handed over yet', async () => {
    const page = w.currentPage()
    nextScan = redemption.pickupCode
    await page.tap('扫码核销')
    await page.waitForText('请核对后交付')

    const [preview] = page.byClass('verify-preview')
    expect(page.byClass('verify-state').map((el) => el.textContent)).toEqual(['待领取'])
    expect(preview!.textContent).toContain('老花镜')
    expect(preview!.textContent).toContain(redemption.householdAddress)
    // Staff see the redeemer masked; the household sees the full name.
    expect(redemption.redeemerName).toBe('张秀兰')
    expect(preview!.textContent).toContain('张**')
    expect(preview!.textContent).not.toContain('张秀兰')
    expect((await myRedemption()).status).toBe('reserved')
    expect(w.requests.filter((r) => r.method === 'POST')).toEqual([])
    expect(w.missingTemplates).toEqual([])
  })

  it('确认核销 hands it over', async () => {
    const page = w.currentPage()
    await page.tap('确认核销')
    await page.waitForText('核销成功')

    const [result] = page.byClass('verify-result')
    expect(classesOf(result!)).toContain('verify-result--ok')
    expect(page.byClass('verify-result__item').map((el) => el.textContent)).toEqual(['老花镜'])
    expect(result!.textContent).toContain(`住址：${redemption.householdAddress}`)
    expect(result!.textContent).toContain('兑换人：张**')
    expect((await myRedemption()).status).toBe('picked_up')
    expect(w.requests.filter((r) => r.method === 'POST')).toEqual([{ method: 'POST', path: '/api/staff/redemptions/verify', status: 200 }])
  })

  it('the same code again says it was collected and offers no 核销; nothing changes', async () => {
    const page = w.currentPage()
    await page.tap('扫码核销')
    await page.waitForText('不能核销')

    expect(page.byClass('verify-state').map((el) => el.textContent)).toEqual(['已领取'])
    expect(page.byClass('verify-preview__refusal').map((el) => el.textContent)[0]).toMatch(/^已于\d+月\d+日 \d\d:\d\d领取，不能重复领取$/)
    expect(page.text()).not.toContain('确认核销')
    expect((await myRedemption()).status).toBe('picked_up')
    expect(w.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    expect(w.missingTemplates).toEqual([])
  })
})
