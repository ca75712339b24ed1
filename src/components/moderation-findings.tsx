import { View } from '@tarojs/components'
import { MODERATION_VERDICT_LABELS } from '../../types/api/labels'
import type { Wish } from '../../types/api/wishes'
import './moderation-findings.scss'

/** The content check's findings, shown to staff only (the API sends them to staff only). */
export function ModerationFindings({ moderation }: { moderation: NonNullable<Wish['moderation']> }) {
  const flagged = moderation.text !== 'pass' || moderation.photos.some((p) => p !== 'pass')
  return (
    <View className={`moderation${flagged ? ' moderation--flagged' : ''}`}>
      <View className='moderation__title'>内容机审{flagged ? '：请重点核对' : ''}</View>
      <View className='moderation__row'>文字：{MODERATION_VERDICT_LABELS[moderation.text]}</View>
      {moderation.photos.map((verdict, i) => (
        <View key={i} className='moderation__row'>
          第{i + 1}张照片：{MODERATION_VERDICT_LABELS[verdict]}
        </View>
      ))}
      {moderation.labels.length ? <View className='moderation__row'>涉及：{moderation.labels.join('、')}</View> : null}
    </View>
  )
}
