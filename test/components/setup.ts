import React from 'react'
import ReactDOM from 'react-dom'
import { afterAll, afterEach, beforeEach, vi } from 'vitest'
import { cleanup, configure } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { createH5NativeComponentConfig } from '@tarojs/plugin-framework-react/dist/runtime'
import { chosenCommunity, elderMode } from '../../src/stores/preferences'
import { locationConsent, privacyAgreement } from '../../src/stores/privacy'
import { PRIVACY_POLICY_VERSION } from '../../src/utils/privacy-policy'
import { TEST_NOW } from '../support/clock'

// The project runs files without isolation (one module graph per worker, for speed): this file runs once per test
// file, the process-wide patches below only once.
const once = globalThis as { doorstepComponentsSetup?: true }
if (!once.doorstepComponentsSetup) {
  once.doorstepComponentsSetup = true

  // Taro's page hooks (usePullDownRefresh, …) call React through the framework plugin, which learns React when
  // a Taro app or component is created; with no Taro app in a test, hand it React directly.
  createH5NativeComponentConfig(null, React, ReactDOM)

  // NutUI passes mini-program props (ariaLabel, hoverStyle, …) to DOM elements; React's complaints about them
  // are library noise, not findings; so are the mini-program events (onGetPhoneNumber) Taro's H5 Button passes
  // on. Everything else logged still shows.
  const LIBRARY_NOISE = [/^Warning: Invalid ARIA attribute/, /^Warning: React does not recognize the `%s` prop/, /^Warning: Unknown event handler property/]
  const consoleError = console.error.bind(console)
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && LIBRARY_NOISE.some((re) => re.test(args[0] as string))) return
    consoleError(...args)
  }
  // jsdom has no IntersectionObserver, which Taro's H5 <Image lazyLoad> asks when to load its picture: here
  // every observed element is on screen at once, as on a tall phone, so the picture's src is set.
  if (!('IntersectionObserver' in globalThis)) {
    class OnScreen {
      constructor(private readonly report: (entries: { isIntersecting: boolean; target: Element }[]) => void) {}
      observe(target: Element) {
        this.report([{ isIntersecting: true, target }])
      }
      unobserve() {}
      disconnect() {}
      takeRecords() {
        return []
      }
    }
    Object.assign(globalThis, { IntersectionObserver: OnScreen })
  }
  // Taro's H5 Picker measures its rows; jsdom has no layout, so every measurement is "anomalous".
  const consoleWarn = console.warn.bind(console)
  console.warn = (...args: unknown[]) => {
    if (args[0] === 'Height measurement anomaly') return
    consoleWarn(...args)
  }
}

// findBy…/waitFor give up after 1 s by default; on a busy 2-core machine a page can take longer to settle.
configure({ asyncUtilTimeout: 3000 })

beforeEach(() => {
  // The pages' clock stands at TEST_NOW (Tuesday 17 November 2026, 10:00 China time), as the fixtures' days
  // assume; a test that needs another day sets its own. Only Date is faked: timers run as usual.
  vi.useFakeTimers({ toFake: ['Date'], now: TEST_NOW })
  // Page navigation needs Taro's H5 router (a whole app), and toasts are UI chrome: record the calls instead,
  // so tests can assert where a page went and what it said.
  vi.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' } as never)
  vi.spyOn(Taro, 'switchTab').mockResolvedValue({ errMsg: 'switchTab:ok' })
  vi.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' } as never)
  vi.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' })
  vi.spyOn(Taro, 'stopPullDownRefresh').mockImplementation(() => undefined)
  // The H5 privacy agreement (PrivacyPrompt) is answered: pages open as for a returning user. The privacy
  // prompt's own tests take it back.
  privacyAgreement.set(PRIVACY_POLICY_VERSION)
})

afterEach(() => {
  cleanup()
  document.body.innerHTML = ''
  vi.restoreAllMocks()
  vi.useRealTimers()
  // Taro H5 storage is localStorage; the stores keep an in-memory copy of what they last read.
  localStorage.clear()
  elderMode.reset()
  chosenCommunity.reset()
  privacyAgreement.reset()
  locationConsent.reset()
  // Pages that switch to the mini-program's code paths (vi.stubEnv('TARO_ENV', 'weapp')) switch back.
  vi.unstubAllEnvs()
})

// NutUI's Skeleton restarts its animation with a 10 ms timer it does not clear on unmount. Let such timers fire
// while the file's DOM still exists: after the last file of a worker the environment is torn down, and React
// setting state then fails for want of `window` (an unhandled error that fails the run).
afterAll(() => new Promise((resolve) => setTimeout(resolve, 50)))
