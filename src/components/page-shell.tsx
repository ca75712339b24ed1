import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import { useReminderTemplates } from '../hooks/use-reminder-subscription'
import { useElderMode } from '../stores/preferences'
import { PrivacyPrompt } from './privacy-prompt'

/**
 * The root of every page: applies 长辈模式 through the one theme variable (see app.scss), answers the privacy
 * agreement (PrivacyPrompt; `privacyPrompt={false}` on the policy page, which the prompt links to) and loads the
 * 订阅消息 template ids early, so they are cached before the first tap that asks for reminders.
 */
export function PageShell({ children, className, privacyPrompt = true }: PropsWithChildren<{ className?: string; privacyPrompt?: boolean }>) {
  const elder = useElderMode()
  useReminderTemplates()
  return (
    <View className={['page', elder ? 'page--elder' : '', className ?? ''].filter(Boolean).join(' ')}>
      {children}
      {privacyPrompt ? <PrivacyPrompt /> : null}
    </View>
  )
}
