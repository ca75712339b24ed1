import { View } from '@tarojs/components'
import { EmptyState } from '../../../components/empty-state'
import { LoadMore } from '../../../components/load-more'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { WishCard } from '../../../components/wish-card'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useCursorPages } from '../../../hooks/use-cursor-pages'
import { listMyWishes, wishKeys } from '../../../services/wishes'
import { goTo, goToLogin, ROUTES, wishDetailUrl } from '../../../utils/navigation'

/** The wishes I posted, in every state, newest first. */
export default function MyWishesPage() {
  const { query, items: wishes } = useCursorPages(wishKeys.mine, listMyWishes)
  usePullRefresh(() => query.refetch())
  return (
    <PageShell>
      <QueryView
        query={query}
        onLogin={goToLogin}
        isEmpty={() => wishes.length === 0}
        empty={<EmptyState title='还没有发布过心愿' description='有需要帮忙的小事，可以发布一个微心愿' action={{ text: '发布心愿', onClick: () => goTo(ROUTES.wishPost) }} />}
      >
        {() => (
          <View>
            {wishes.map((w) => (
              <WishCard key={w.id} wish={w} showStatus onOpen={() => goTo(wishDetailUrl(w.id))} />
            ))}
            <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
