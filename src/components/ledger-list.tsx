import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { LedgerEntry } from '../../types/api/points'
import { formatDateTime, formatPoints } from '../utils/format'
import './ledger-list.scss'

/** Rows of a household's points ledger: what happened, who, when, the change and the balance after it. */
export function LedgerList({ entries }: { entries: LedgerEntry[] }) {
  return (
    <View className='ledger'>
      {entries.map((e) => (
        <View key={e.id} className='ledger-row'>
          <View className='ledger-row__main'>
            <View className='ledger-row__title'>{e.title}</View>
            <View className='muted'>
              {e.personName ? `${e.personName} · ` : ''}
              {formatDateTime(e.createdAt)}
            </View>
          </View>
          <View className='ledger-row__side'>
            <View className={`ledger-row__amount ${e.amount > 0 ? 'ledger-row__amount--plus' : 'ledger-row__amount--minus'}`}>{formatPoints(e.amount)}</View>
            <View className='muted'>余 {e.householdBalanceAfter}</View>
          </View>
        </View>
      ))}
    </View>
  )
}

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
