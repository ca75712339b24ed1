import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import qrcode from 'qrcode-generator'
import { REDEMPTION_STATUS_LABELS } from '../../types/api/labels'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { button, cell, chromiumAvailable, launchPhone, settledOn, shown } from './browser'

const H5_DIR = path.resolve(__dirname, '../../dist-h5')
const SHOTS = path.resolve(__dirname, '../../test-results')

/** The pages of the journey (src/app.config.ts). */
const ME = '/pages/me/index'
const WORKBENCH = '/packages/workbench/index/index'
const LOGIN = '/packages/account/login/index'
const POINTS = '/packages/points/index/index'
const SHOP = '/packages/points/shop/index'
const REDEMPTIONS = '/packages/points/redemptions/index'
const VERIFY = '/packages/staff/verify/index'

/** What she redeems (server/src/db/seed/demo.ts): 30 points, once a month per household. */
const ITEM = '老花镜'
const RESIDENT = '张秀兰'
/** The demo 社区工作者: staff of 联通社区, 张秀兰's community. */
const STAFF = '刘晓燕'

/** The first visible element of a locator: pages below the current one stay in the DOM, hidden. */
const text = async (l: Locator) => ((await shown(l).textContent()) ?? '').trim()
/** The one whole number in an element's text: "120" → 120, "余 90" → 90. */
async function numberIn(l: Locator): Promise<number> {
  const t = await text(l)
  const match = /^\D*(-?\d+)\D*$/.exec(t)
  if (!match) throw new Error(`not one number: "${t}"`)
  return Number(match[1])
}

describe.skipIf(!chromiumAvailable)('积分超市 in Chromium: a resident redeems, staff 核销 the code, the history shows both', () => {
  let t: TestApp
  let base: string
  let browser: Awaited<ReturnType<typeof launchPhone>>
  let page: Page

  // What the pages showed, carried from step to step.
  let balanceBefore: number
  let price: number
  let stockBefore: number
  let station: string
  let code: string

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `e2e-points-${name}.png`) })
  const shopCard = () => page.locator('.shop-item').filter({ hasText: ITEM, visible: true })
  const redemptionCards = () => page.locator('.redemption').filter({ hasText: ITEM, visible: true })
  const ledgerRows = () => page.locator('.ledger-row').filter({ visible: true })

  /** Taps a Cell or Button that opens `route`, and waits until that page is alone on screen. */
  async function open(target: Locator, route: string) {
    await target.click()
    await settledOn(page, route)
  }

  /** The browser's back (H5 draws no back button) until 我的 is on screen, a page at a time. */
  async function backToMe() {
    for (let i = 0; i < 5 && new URL(page.url()).hash !== `#${ME}`; i++) {
      await page.goBack()
      await settledOn(page)
    }
    await settledOn(page, ME)
  }

  /** 切换演示身份 on 我的, then the persona named: lands on 我的 as that person. */
  async function logInAs(name: string) {
    await open(button(page, '切换演示身份'), LOGIN)
    await open(cell(page, name), ME)
    await shown(page.locator('.profile__name').filter({ hasText: name })).waitFor()
  }

  /** The newest row of 积分明细 on 我的积分. */
  async function newestLedgerRow() {
    const row = ledgerRows().first()
    await row.waitFor()
    return {
      title: await text(row.locator('.ledger-row__title')),
      amount: await text(row.locator('.ledger-row__amount')),
      balanceAfter: await numberIn(row.locator('.ledger-row__side .muted')),
    }
  }

  beforeAll(async () => {
    if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first (npm test does)')
    t = await createTestApp({ clock: runningClock(), env: { H5_DIR } })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    browser = await launchPhone()
    page = await browser.context.newPage()
    mkdirSync(SHOTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('the resident redeems 老花镜 in 积分超市 and is shown an 8-character pickup code', async () => {
    await page.goto(`${base}/#${ME}`)
    await settledOn(page, ME)
    await open(button(page, '去登录'), LOGIN)
    await open(cell(page, RESIDENT), ME)
    await shown(page.locator('.profile__name').filter({ hasText: RESIDENT })).waitFor()

    await open(cell(page, '积分超市'), SHOP)
    await shopCard().waitFor()
    balanceBefore = await numberIn(page.locator('.shop-balance__value'))
    price = await numberIn(shopCard().locator('.shop-item__price'))
    stockBefore = Number(/库存 (\d+)/.exec(await text(shopCard()))?.[1])
    station = (await text(shopCard().locator('.shop-item__facts > *').filter({ hasText: '领取地点：' }))).replace('领取地点：', '')
    expect(price).toBe(30)
    expect(balanceBefore).toBeGreaterThanOrEqual(price)
    expect(stockBefore).toBeGreaterThan(0)
    expect(station).toBe('联通社区党群服务中心')
    expect(await text(shopCard().locator('taro-button-core'))).toBe('兑换')
    await shot('shop')

    await shopCard().locator('taro-button-core').click()
    // The confirmation is on the card, not a dialog: its tap is the one WeChat asks for reminders from.
    const confirm = shown(shopCard().locator('.shop-item__confirm'))
    await confirm.waitFor()
    expect(await text(confirm.locator('.shop-item__confirm-text'))).toContain(`使用 ${price} 积分兑换「${ITEM}」`)
    await shot('confirm')
    await confirm.locator('taro-button-core').filter({ hasText: '确认兑换' }).click()

    const success = shown(page.locator('.redeem-success'))
    await success.waitFor()
    expect(await text(success.locator('.redeem-success__title'))).toBe('兑换成功')
    expect(await text(success)).toContain(`${ITEM}，使用 ${price} 积分`)
    code = await text(success.locator('.pickup-code'))
    expect(code).toMatch(/^[0-9A-Z]{8}$/)

    // The balance, the stock and the monthly limit have moved with it.
    await expect.poll(() => numberIn(page.locator('.shop-balance__value')), { timeout: 10_000 }).toBe(balanceBefore - price)
    await expect.poll(() => text(shopCard()), { timeout: 10_000 }).toContain(`库存 ${stockBefore - 1}`)
    expect(await text(shopCard().locator('taro-button-core'))).toBe('本月已达兑换上限')
    await shot('redeemed')
  })

  it('我的兑换 shows it awaiting pickup, and 我的积分 the deduction and the new balance', async () => {
    await open(button(page, '查看我的兑换'), REDEMPTIONS)
    const card = shown(redemptionCards())
    await card.waitFor()
    expect(await redemptionCards().count()).toBe(1)
    expect(await card.getAttribute('class')).toContain('redemption--reserved')
    expect(await text(card.locator('.redemption-status'))).toBe(REDEMPTION_STATUS_LABELS.reserved)
    expect(await text(card.locator('.pickup-code'))).toBe(code)
    // The QR code beside it holds the same code: the picture qrcode-generator draws for it, loaded.
    const qr = card.locator('.redemption__qr img')
    const expected = qrcode(0, 'M')
    expected.addData(code)
    expected.make()
    expect(await qr.getAttribute('src')).toBe(expected.createDataURL(10, 4))
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await text(card)).toContain(`使用 ${price} 积分`)
    expect(await text(page.locator('.section-title'))).toBe('待领取（1）')
    await shot('redemptions-reserved')

    await backToMe()
    await open(cell(page, '我的积分'), POINTS)
    await expect.poll(() => numberIn(page.locator('.points-hero__balance')), { timeout: 10_000 }).toBe(balanceBefore - price)
    expect(await newestLedgerRow()).toEqual({ title: `兑换：${ITEM}`, amount: `-${price}`, balanceAfter: balanceBefore - price })
    await ledgerRows().first().scrollIntoViewIfNeeded()
    await shot('history')
  })

  it('the community worker types the code into 核销取货, checks who collects what, 确认核销: 核销成功; the same code again says it was collected', async () => {
    await backToMe()
    await logInAs(STAFF)
    await open(cell(page, '社区工作台'), WORKBENCH)
    await open(cell(page, '核销取货'), VERIFY)

    // No camera API in a plain browser: the page says where to scan and puts the cursor in the code box.
    await button(page, /^扫码核销$/).click()
    expect(await text(shown(page.locator('.verify-scan-note')))).toBe('请在微信中扫码，或输入取货码')

    const input = shown(page.locator('.verify-manual__input input'))
    await input.waitFor()
    await expect.poll(() => input.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true)
    // Typed as the resident reads it out, in lower case: the field upper-cases it.
    await input.pressSequentially(code.toLowerCase())
    await expect.poll(() => input.inputValue(), { timeout: 10_000 }).toBe(code)
    await button(page, /^查询$/).click()

    // Looked up first: who collects what, nothing handed over yet.
    const preview = shown(page.locator('.verify-preview'))
    await preview.waitFor()
    expect(await text(preview.locator('.verify-state'))).toBe('待领取')
    const facts = await text(preview.locator('.verify-facts'))
    expect(facts).toContain('兑换人张**')
    expect(facts).not.toContain(RESIDENT)
    expect(facts).toContain(`积分${price}`)
    expect(facts).toContain(`领取地点${station}`)
    await shot('looked-up')
    await button(page, /^确认核销$/).click()

    const ok = shown(page.locator('.verify-result--ok'))
    await ok.waitFor()
    expect(await text(ok.locator('.verify-result__title'))).toContain('核销成功')
    expect(await text(ok.locator('.verify-result__item'))).toBe(ITEM)
    const rows = await text(ok.locator('.verify-result__rows'))
    expect(rows).toContain(`取货码：${code}`)
    expect(rows).toContain(`使用积分：${price}`)
    expect(rows).toContain(`领取地点：${station}`)
    // Staff see the redeemer's name masked.
    expect(rows).toContain('兑换人：张**')
    expect(rows).not.toContain(RESIDENT)
    expect(await input.inputValue()).toBe('')
    await shot('verified')

    await input.fill(code)
    await button(page, /^查询$/).click()
    const again = shown(page.locator('.verify-preview'))
    await again.waitFor()
    expect(await text(again.locator('.verify-state'))).toBe('已领取')
    expect(await text(again.locator('.verify-preview__refusal'))).toMatch(/^已于\d+月\d+日 \d\d:\d\d领取，不能重复领取$/)
    expect(await button(page, /^确认核销$/).count()).toBe(0)
    expect(await page.locator('.verify-result').filter({ visible: true }).count()).toBe(0)
    await shot('already-used')
  })

  it('back as the resident: the redemption is picked up and the history still shows the one deduction', async () => {
    await backToMe()
    await logInAs(RESIDENT)

    await open(cell(page, '我的兑换'), REDEMPTIONS)
    const card = shown(redemptionCards())
    await expect.poll(() => text(card.locator('.redemption-status')), { timeout: 10_000 }).toBe(REDEMPTION_STATUS_LABELS.picked_up)
    expect(await redemptionCards().count()).toBe(1)
    expect(await card.getAttribute('class')).not.toContain('redemption--reserved')
    // The code is spent: no longer shown, and nothing is waiting.
    expect(await text(card)).not.toContain(code)
    expect(await text(card)).toMatch(new RegExp(`在${station}领取$`))
    expect(await page.getByText(/^待领取/).filter({ visible: true }).count()).toBe(0)
    expect(await text(page.locator('.section-title'))).toBe('兑换记录')
    await shot('redemptions-picked-up')

    await backToMe()
    await open(cell(page, '我的积分'), POINTS)
    await expect.poll(() => numberIn(page.locator('.points-hero__balance')), { timeout: 10_000 }).toBe(balanceBefore - price)
    expect(await newestLedgerRow()).toEqual({ title: `兑换：${ITEM}`, amount: `-${price}`, balanceAfter: balanceBefore - price })
    // Picked up is not refunded: the deduction is there once, and nothing was paid back.
    expect(await ledgerRows().filter({ hasText: ITEM }).count()).toBe(1)
    await ledgerRows().first().scrollIntoViewIfNeeded()
    await shot('history-after')
  })
})
