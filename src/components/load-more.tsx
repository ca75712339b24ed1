import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './load-more.scss'

/** The foot of a paginated list: 加载更多 while there is more, then 没有更多了. */
export function LoadMore({ hasMore, loading, onLoad }: { hasMore: boolean; loading: boolean; onLoad: () => void }) {
  if (!hasMore) return <View className='load-more muted'>没有更多了</View>
  return (
    <View className='load-more'>
      <Button block className='tap-target' disabled={loading} onClick={onLoad}>
        {loading ? '正在加载…' : '加载更多'}
      </Button>
    </View>
  )
}
