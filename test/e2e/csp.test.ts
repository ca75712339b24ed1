import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { button, cell, chromiumAvailable, launchPhone, tab } from './browser'

const H5_DIR = path.resolve(__dirname, '../../dist-h5')

/*
 * The server sends a strict Content-Security-Policy (no inline script but Taro's own, by hash; no eval; nothing
 * from other origins). The other journeys bypass it for Playwright's sake: this one runs the app under it, with
 * Playwright's locators only, and listens for anything the browser refused.
 */
describe.skipIf(!chromiumAvailable)('the H5 app under the server’s Content-Security-Policy', () => {
  let t: TestApp
  let base: string
  let browser: Awaited<ReturnType<typeof launchPhone>>
  let page: Page
  const refused: string[] = []

  beforeAll(async () => {
    if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first (npm test does)')
    t = await createTestApp({ clock: runningClock(), env: { H5_DIR } })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    browser = await launchPhone({ enforceCsp: true })
    page = await browser.context.newPage()
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text())
    })
    page.on('pageerror', (error) => refused.push(`page error: ${error.message}`))
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('is served with the policy, and Taro’s inline script that sizes the page still runs', async () => {
    const res = await page.goto(`${base}/#/pages/me/index`)
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self' 'sha256-")
    await page.getByText('请先登录').waitFor()
    // The inline script sets the root font size from the phone's width (no style at all when it is refused).
    expect(await page.locator('html').getAttribute('style')).toMatch(/font-size:\s*[\d.]+px/)
  })

  it('logs in, opens the tabs and a subpackage page, and the browser refuses nothing', async () => {
    await button(page, '去登录').click()
    await cell(page, '张秀兰').click()
    await page.getByText('联通社区 第三网格 花园小区 3号楼 2单元 301').waitFor()
    await tab(page, '心愿').click()
    await page.locator('.wish-card').filter({ visible: true }).first().waitFor()
    await tab(page, '首页').click()
    await page.getByText('活动预告').filter({ visible: true }).first().waitFor()
    await tab(page, '我的').click()
    await cell(page, '我的积分').click()
    await page.locator('.points-hero').filter({ visible: true }).waitFor()
    expect(refused).toEqual([])
  })
})
