import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Picture } from './picture'

/**
 * A row of pictures; tapping one opens WeChat's viewer on the whole set. `label` names them for screen readers
 * (心愿照片 → "心愿照片 第1张，点击查看大图").
 */
export function PhotoStrip({ urls, label, className, imageClassName }: { urls: string[]; label: string; className: string; imageClassName: string }) {
  if (!urls.length) return null
  return (
    <View className={className}>
      {urls.map((url, i) => (
        <Picture
          key={url}
          className={imageClassName}
          src={url}
          mode='aspectFill'
          label={`${label} 第${i + 1}张，点击查看大图`}
          onClick={() => void Taro.previewImage({ urls, current: url })}
        />
      ))}
    </View>
  )
}
