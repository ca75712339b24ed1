import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { WISH_CATEGORY_LABELS, WISH_STATUS_LABELS, type WishStatus } from '../../types/api/labels'
import type { WishSummary } from '../../types/api/wishes'
import { formatDate } from '../utils/format'
import './wish-card.scss'

export function WishStatusBadge({ status }: { status: WishStatus }) {
  return <View className={`wish-status wish-status--${status}`}>{WISH_STATUS_LABELS[status]}</View>
}

/** 价值约 ¥50, or 无需花费 for a wish of time rather than things. */
export function wishValueLabel(valueYuan: number): string {
  return valueYuan > 0 ? `价值约 ¥${valueYuan}` : '无需花费'
}

/**
 * One wish in a list: category, title, the wisher as 张** with building-level location, value and the day it is
 * hoped for. The whole card opens the wish. `simple` (长辈模式's lists) leaves out the wisher and location: the
 * wish's page shows them.
 */
export function WishCard({
  wish,
  showStatus = false,
  simple = false,
  footer,
  onOpen,
}: {
  wish: WishSummary
  showStatus?: boolean
  simple?: boolean
  footer?: ReactNode
  onOpen: () => void
}) {
  return (
    <View className={`card wish-card tap-target${simple ? ' wish-card--simple' : ''}`} onClick={onOpen}>
      <View className='wish-card__head'>
        <View className='wish-category'>{WISH_CATEGORY_LABELS[wish.category]}</View>
        {showStatus ? <WishStatusBadge status={wish.status} /> : null}
      </View>
      <View className='wish-card__title'>{wish.title}</View>
      {simple ? null : (
        <View className='muted wish-card__who'>
          {wish.wisherName} · {wish.location}
        </View>
      )}
      <View className='wish-card__facts'>
        <View className='wish-card__value'>{wishValueLabel(wish.valueYuan)}</View>
        {wish.neededBy ? <View className='muted'>希望{formatDate(wish.neededBy)}前</View> : null}
      </View>
      {footer}
      <View className='wish-card__open'>查看详情 ›</View>
    </View>
  )
}
