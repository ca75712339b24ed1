import type { ReactNode } from 'react'
import { Image, View } from '@tarojs/components'
import { Button, Empty } from '@nutui/nutui-react-taro'
import emptyImage from '../assets/empty.png'

/** NutUI's Empty with our local picture (its default is a remote URL, which fails offline and in WeChat). */
export function EmptyState({ title, description, action }: { title: string; description?: ReactNode; action?: { text: string; onClick: () => void } }) {
  return (
    <View className='empty-state'>
      <Empty image={<Image src={emptyImage} style={{ width: '100%', height: '100%' }} mode='aspectFit' />} title={title} description={description} />
      {action ? (
        <View className='empty-state__action'>
          <Button type='primary' className='tap-target' onClick={action.onClick}>
            {action.text}
          </Button>
        </View>
      ) : null}
    </View>
  )
}
