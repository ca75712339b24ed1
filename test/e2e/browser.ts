import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

/** Debian's Chromium (apt-get install chromium fonts-wqy-microhei); never a browser downloaded by Playwright. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const chromiumAvailable = existsSync(CHROMIUM)

if (!chromiumAvailable) {
  const help = `Chromium not found at ${CHROMIUM}: install it with \`sudo apt-get install chromium fonts-wqy-microhei\` (or set CHROMIUM_PATH).`
  // In CI a missing browser is a failure; on a developer machine the e2e layer is skipped, loudly.
  if (process.env.CI === 'true') throw new Error(help)
  console.warn(`\n\x1b[33m⚠ e2e tests SKIPPED. ${help}\x1b[0m\n`)
}

/** A phone-sized headless Chromium with a throw-away profile. */
export async function launchPhone(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
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
    // Without the background-networking flags Chromium keeps trying hosts this closed network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  return {
    context,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
