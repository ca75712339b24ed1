import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { WishSummary } from '../../../../types/api/wishes'
import { EmptyState } from '../../../components/empty-state'
import { LoadMore } from '../../../components/load-more'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { WishCard } from '../../../components/wish-card'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useCursorPages } from '../../../hooks/use-cursor-pages'
import { listClaimedWishes, wishKeys } from '../../../services/wishes'
import { formatDateTime, timeLeftLabel } from '../../../utils/format'
import { goTo, goToLogin, WISHES_TAB, wishDetailUrl } from '../../../utils/navigation'
import './index.scss'

/** The wishes I claimed: the ones still to do with their deadline, then the done ones. */
export default function MyClaimsPage() {
  const { query, items: wishes } = useCursorPages(wishKeys.claimed, listClaimedWishes)
  usePullRefresh(() => query.refetch())
  return (
    <PageShell>
      <QueryView
        query={query}
        onLogin={goToLogin}
        isEmpty={() => wishes.length === 0}
        empty={
          <EmptyState
            title='还没有认领过心愿'
            description='去心愿列表看看，帮邻居实现一个小心愿'
            action={{ text: '去看看心愿', onClick: () => void Taro.switchTab({ url: WISHES_TAB }) }}
          />
        }
      >
        {() => (
          <View>
            {wishes.map((w) => (
              <WishCard key={w.id} wish={w} showStatus footer={<ClaimFooter wish={w} />} onOpen={() => goTo(wishDetailUrl(w.id))} />
            ))}
            <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}

function ClaimFooter({ wish }: { wish: WishSummary }) {
  const claim = wish.claim
  if (!claim) return null
  if (wish.status === 'claimed' && claim.mine) {
    return (
      <View className='claim-deadline'>
        完成期限 {formatDateTime(claim.deadline)}（{timeLeftLabel(claim.deadline)}）
      </View>
    )
  }
  if (wish.status === 'fulfilled') return <View className='muted'>已提交完成凭证，等待居民确认</View>
  return <View className='muted'>{formatDateTime(claim.claimedAt)} 认领</View>
}
