import { useState } from 'react'
import { View } from '@tarojs/components'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { LoadMore } from '../../../components/load-more'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useCursorPages } from '../../../hooks/use-cursor-pages'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { bookingKeys, listMyBookings, type BookingScope } from '../../../services/booking'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import { BookingCard } from '../parts'
import { bookingDetailUrl } from '../urls'

const SCOPES = [
  { value: 'upcoming', label: '即将到来' },
  { value: 'past', label: '历史' },
] as const

/** 我的预约: the coming ones (soonest first) and the history, page by page. */
export default function MyBookingsPage() {
  const [scope, setScope] = useState<BookingScope>('upcoming')
  const { query, items: bookings } = useCursorPages(bookingKeys.mine(scope), (cursor) => listMyBookings(scope, cursor))
  usePullRefresh(() => query.refetch())
  return (
    <PageShell>
      <ChoiceButtons options={SCOPES} value={scope} onChange={setScope} />
      <QueryView
        query={query}
        onLogin={goToLogin}
        isEmpty={() => bookings.length === 0}
        empty={
          scope === 'upcoming' ? (
            <EmptyState title='还没有要去的预约' description='会议室、活动室和共享工具都可以在线预约' action={{ text: '去预约', onClick: () => goTo(ROUTES.stations) }} />
          ) : (
            <EmptyState title='还没有历史预约' />
          )
        }
      >
        {() => (
          <View>
            {bookings.map((b) => (
              <BookingCard key={b.id} booking={b} onOpen={() => goTo(bookingDetailUrl(b.id))} />
            ))}
            <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
