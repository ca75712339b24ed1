import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import type { ServiceTotals } from '../../../types/api/dual-reporting'
import { formatServiceTotals } from '../../utils/dual-reporting'
import './dual-reporting-parts.scss'

/* What 在职党员报到 and 驻区单位 show alike: a labelled fact, a status tag and the totals the reports count. */

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='dual-fact'>
      <View className='dual-fact__label'>{label}</View>
      <View className='dual-fact__value'>{children}</View>
    </View>
  )
}

/** pending reads blue, approved green, anything that ended orange. */
export function StatusTag({ status, label }: { status: string; label: string }) {
  const tone = status === 'pending' ? 'pending' : status === 'approved' ? 'approved' : 'ended'
  return <View className={`dual-tag dual-tag--${tone}`}>{label}</View>
}

export function Totals({ totals, title, hint }: { totals: ServiceTotals; title: string; hint: string }) {
  return (
    <View className='card dual-totals'>
      <View className='dual-totals__title'>{title}</View>
      <View className='dual-totals__line'>{formatServiceTotals(totals)}</View>
      <View className='muted'>{hint}</View>
    </View>
  )
}
