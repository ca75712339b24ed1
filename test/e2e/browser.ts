import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { PRIVACY_POLICY_VERSION } from '../../src/utils/privacy-policy'

/** Debian's Chromium (apt-get install chromium fonts-wqy-microhei); never a browser downloaded by Playwright. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const chromiumAvailable = existsSync(CHROMIUM)

if (!chromiumAvailable) {
  const help = `Chromium not found at ${CHROMIUM}: install it with \`sudo apt-get install chromium fonts-wqy-microhei\` (or set CHROMIUM_PATH).`
  // In CI a missing browser is a failure; on a developer machine the e2e layer is skipped, loudly.
  if (process.env.CI === 'true') throw new Error(help)
  console.warn(`\n\x1b[33m⚠ e2e tests SKIPPED. ${help}\x1b[0m\n`)
}

/**
 * A phone-sized headless Chromium with a throw-away profile. Unless `privacyAgreed` is false, the phone has agreed
 * to the privacy policy already (the first-use sheet would cover every page): login.test.ts agrees on screen.
 */
export async function launchPhone(options: { privacyAgreed?: boolean; enforceCsp?: boolean } = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'doorstep-e2e-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // Playwright's waitForFunction evaluates its predicate as a string, which the server's Content-Security-Policy
    // (no eval) refuses; the journeys bypass it, and csp.test.ts runs the app under it.
    bypassCSP: !options.enforceCsp,
    // Without the background-networking flags Chromium keeps trying hosts this closed network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  if (options.privacyAgreed !== false) {
    // What Taro's H5 setStorageSync writes for privacyAgreement (src/stores/privacy.ts).
    await context.addInitScript((version) => localStorage.setItem('doorstep.privacy-agreed', JSON.stringify({ data: version })), PRIVACY_POLICY_VERSION)
  }
  return {
    context,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/*
 * Taro H5 wraps text in elements that do not take pointer events: click the element that does — NutUI's
 * Button (<taro-button-core>), a Cell (by its title, whole: 积分超市 is not 积分超市管理), a tab of the tab bar.
 * Pages opened with navigateTo keep the pages below them in the DOM, hidden: only what is visible is matched.
 */
const whole = (text: string) => new RegExp('^' + text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$')
export const button = (page: Page, text: string | RegExp) => page.locator('taro-button-core').filter({ hasText: text, visible: true })
export const cell = (page: Page, title: string) =>
  page.locator('.nut-cell').filter({ has: page.locator('.nut-cell-title').filter({ hasText: whole(title) }), visible: true })
export const tab = (page: Page, text: string | RegExp) => page.locator('.weui-tabbar__item').filter({ hasText: text, visible: true })

/**
 * Waits until the page at `route` ('/pages/me/index'; by default the one the address names) is the one page on
 * screen. A navigation is not over when its page appears: navigateTo slides the new page in over the old one,
 * and a page left by switchTab or navigateBack slides out over the one below, both still matchable while they
 * move. Act only on a settled page: Taro's router hides the page below a new one on a timer, and navigating
 * again before that timer fires (a tap or a back within ~300 ms) can leave every page hidden — a blank screen.
 */
export async function settledOn(page: Page, route?: string, timeout = 10_000): Promise<void> {
  // Strings, not functions: see docs/stack-notes.md (tsx and esbuild's __name helper).
  const want = route ? JSON.stringify(route) : `location.hash.slice(1).split('?')[0]`
  const done = `(() => {
    const shown = [...document.querySelectorAll('.taro_page')].filter((p) => getComputedStyle(p).display !== 'none')
    return shown.length === 1 && shown[0].getBoundingClientRect().left === 0 && shown[0].id.split('?')[0] === ${want}
  })()`
  try {
    await page.waitForFunction(done, undefined, { timeout })
  } catch (err) {
    const pages = await page.evaluate(`JSON.stringify([...document.querySelectorAll('.taro_page')].map((p) => [p.id, p.className, getComputedStyle(p).display]))`)
    throw new Error(`${route ?? page.url()} is not alone on screen: ${pages}`, { cause: err })
  }
}

/** The first visible match: pages below the top one stay in the DOM, hidden. */
export const shown = (l: Locator) => l.filter({ visible: true }).first()

/** The two pages of logging in (src/app.config.ts). */
const ME = '/pages/me/index'
const LOGIN = '/packages/account/login/index'

/** Opens a page of the app at `base` by its address (the session stays in the browser's storage) and waits until it is alone on screen. */
export async function visit(page: Page, base: string, route: string): Promise<void> {
  await page.goto(`${base}/#${route}`)
  await settledOn(page, route.split('?')[0])
}

/** Opens the app afresh on a page, as a phone does after hours in the background (nothing kept from before). */
export async function reopen(page: Page, base: string, route: string): Promise<void> {
  await page.goto(`${base}/#${route}`)
  await page.reload()
  await settledOn(page, route.split('?')[0])
}

/** Logs in as the demo persona named, from 我的: a visitor is asked to log in, a logged-in user switches persona. */
export async function logInAs(page: Page, base: string, name: string): Promise<void> {
  await visit(page, base, ME)
  await shown(button(page, /^(去登录|切换演示身份)$/)).click()
  await settledOn(page, LOGIN)
  await cell(page, name).click()
  await settledOn(page, ME)
  await shown(page.locator('.profile__name').filter({ hasText: name })).waitFor()
}

/** Accepts the next native dialog (Taro H5 draws Taro.showModal in the page). */
export async function acceptModal(page: Page): Promise<void> {
  const confirm = shown(page.locator('.taro-model__confirm'))
  await confirm.waitFor()
  await confirm.click()
}

/**
 * The phone's camera reads `text` at the next scan. In WeChat's browser Taro.scanCode is the JS-SDK's
 * wx.scanQRCode; set on the loaded page (an init script would only run on a new document).
 */
export async function nextScanReads(page: Page, text: string): Promise<void> {
  await page.evaluate((code) => {
    ;(window as unknown as { wx: unknown }).wx = {
      scanQRCode: (o: { success?: (r: { errMsg: string; resultStr: string }) => void }) => o.success?.({ errMsg: 'scanQRCode:ok', resultStr: code }),
    }
  }, text)
}
