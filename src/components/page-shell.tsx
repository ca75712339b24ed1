import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import { elderMode } from '../stores/preferences'

/** The root of every page: applies 长辈模式 through the one theme variable (see app.scss). */
export function PageShell({ children, className }: PropsWithChildren<{ className?: string }>) {
  const elder = elderMode.use()
  return <View className={['page', elder ? 'page--elder' : '', className ?? ''].filter(Boolean).join(' ')}>{children}</View>
}
