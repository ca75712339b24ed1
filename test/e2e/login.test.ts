import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { button, cell, chromiumAvailable, launchPhone, tab } from './browser'

const H5_DIR = path.resolve(__dirname, '../../dist-h5')
const SHOTS = path.resolve(__dirname, '../../test-results')

describe.skipIf(!chromiumAvailable)('H5 app in Chromium against the real server', () => {
  let t: TestApp
  let base: string
  let browser: Awaited<ReturnType<typeof launchPhone>>
  let page: Page

  beforeAll(async () => {
    if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first (npm test does)')
    // The real clock, running: the H5 app computes "this month" in the browser.
    t = await createTestApp({ clock: runningClock(), env: { H5_DIR } })
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 })
    base = address
    browser = await launchPhone({ privacyAgreed: false })
    page = await browser.context.newPage()
    mkdirSync(SHOTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('a new phone is asked to agree to the privacy policy first, once', async () => {
    await page.goto(`${base}/#/pages/me/index`)
    const sheet = page.locator('.privacy-prompt__body').filter({ visible: true })
    await sheet.waitFor()
    expect(await sheet.locator('.privacy-prompt__title').textContent()).toBe('用户隐私保护提示')
    await sheet.locator('.privacy-prompt__agree').click()
    await sheet.waitFor({ state: 'hidden' })
    await page.reload()
    await page.getByText('请先登录').waitFor()
    expect(await page.locator('.privacy-prompt__body').filter({ visible: true }).count()).toBe(0)
  })

  it('a visitor is asked to log in, picks the resident persona and sees herself in 我的', async () => {
    await page.goto(`${base}/#/pages/me/index`)
    await page.getByText('请先登录').waitFor()
    await button(page, '去登录').click()

    await page.getByText('选择演示身份').waitFor()
    await cell(page, '张秀兰').click()

    // Login lands on 我的 with the persona's profile from GET /api/me.
    await page.getByText('联通社区 第三网格 花园小区 3号楼 2单元 301').waitFor()
    await expect(page.getByText('张秀兰').first().isVisible()).resolves.toBe(true)
    await expect(page.getByText('138****5678').isVisible()).resolves.toBe(true)
    await expect(page.getByText('居民', { exact: true }).first().isVisible()).resolves.toBe(true)
    expect(new URL(page.url()).hash).toBe('#/pages/me/index')
    await page.screenshot({ path: path.join(SHOTS, 'e2e-me.png') })
  })

  it('首页 shows her community, the entry grid, the events still to come and its stations', async () => {
    await tab(page, '首页').click()
    await page.getByText('联通社区党群服务中心').first().waitFor()
    await expect(page.getByText('联通社区第三网格党群服务驿站').first().isVisible()).resolves.toBe(true)
    expect(await page.locator('.home-grid__label').filter({ visible: true }).allTextContents()).toEqual(['发心愿', '预约场地', '志愿活动', '我的积分', '心愿墙', '活动预告', '我的预约', '积分超市'])
    // What the API gives her for this month that has not ended, at most three (the rest is under 活动预告).
    const home = (await t.app.inject({ method: 'GET', url: '/api/home', headers: await t.headersAs('resident') })).json() as { events: { title: string; phase: string }[] }
    const coming = home.events.filter((e) => e.phase === 'upcoming' || e.phase === 'ongoing').slice(0, 3)
    expect(await page.locator('.event-item__title').filter({ visible: true }).allTextContents()).toEqual(coming.map((e) => e.title))
    await page.screenshot({ path: path.join(SHOTS, 'e2e-home.png'), fullPage: true })
  })

  it('长辈模式 enlarges the type and is remembered after a reload', async () => {
    await tab(page, '我的').click()
    const name = page.locator('.profile__name')
    await name.waitFor()
    // Sizes are in rem, and Taro H5 sets the root size from the window width when a page loads: compare the
    // name's size relative to the root, which a reload cannot shift.
    const fontSize = async () =>
      parseFloat(await name.evaluate((el) => getComputedStyle(el).fontSize)) /
      parseFloat(await page.evaluate('getComputedStyle(document.documentElement).fontSize'))
    const normal = await fontSize()

    await page.locator('.elder-switch .nut-switch').click()
    await expect.poll(fontSize).toBeCloseTo(normal * 1.3, 2)

    await page.reload()
    await name.waitFor()
    expect(await fontSize()).toBeCloseTo(normal * 1.3, 2)
    await page.screenshot({ path: path.join(SHOTS, 'e2e-elder.png') })
  })
})
