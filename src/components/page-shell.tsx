import { useEffect, useRef, type PropsWithChildren } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import type CustomTabBar from '../custom-tab-bar'
import { tabIndexOf } from '../custom-tab-bar/tabs'
import { useReminderTemplates } from '../hooks/use-reminder-subscription'
import { useElderMode } from '../stores/preferences'
import { PrivacyPrompt } from './privacy-prompt'

/**
 * The root of every page: applies 长辈模式 through the one theme variable (see app.scss), answers the privacy
 * agreement (PrivacyPrompt; `privacyPrompt={false}` on the policy page, which the prompt links to), loads the
 * 订阅消息 template ids early, so they are cached before the first tap that asks for reminders, and on a tab page
 * marks its tab in the mini-program's tab bar.
 */
export function PageShell({ children, className, privacyPrompt = true }: PropsWithChildren<{ className?: string; privacyPrompt?: boolean }>) {
  const elder = useElderMode()
  useReminderTemplates()
  const root = useKeyboardScrollable()
  useTabBarSelection()
  return (
    <View ref={root} className={['page', elder ? 'page--elder' : '', className ?? ''].filter(Boolean).join(' ')}>
      {children}
      {privacyPrompt ? <PrivacyPrompt /> : null}
    </View>
  )
}

/**
 * In H5 each page scrolls inside Taro's page element, which a keyboard cannot reach when nothing on the page takes
 * focus (NutUI's buttons are not focusable there): the page element joins the tab order (axe: scrollable regions
 * must be focusable). The mini-program has no keyboard, and no such element.
 */
function useKeyboardScrollable() {
  const root = useRef<HTMLElement>(null)
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    root.current?.closest('.taro_page')?.setAttribute('tabindex', '0')
  }, [])
  return root
}

/**
 * The mini-program's tab bar is the app's own (src/custom-tab-bar), one instance per tab page: each tab page, when
 * shown, tells its instance which tab it is (WeChat's getTabBar). H5 draws Taro's tab bar, which knows.
 */
function useTabBarSelection() {
  useDidShow(() => {
    if (process.env.TARO_ENV !== 'weapp') return
    const { page, router } = Taro.getCurrentInstance()
    const index = tabIndexOf(router?.path ?? '')
    if (index >= 0 && page) Taro.getTabBar<CustomTabBar>(page)?.setSelected(index)
  })
}
