import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import { CommunityPicker } from '../../components/community-picker'
import { EmptyState } from '../../components/empty-state'
import { EventCard } from '../../components/event-card'
import { PageShell } from '../../components/page-shell'
import { QueryView } from '../../components/query-view'
import { useMe } from '../../hooks/use-me'
import { usePullRefresh } from '../../hooks/use-pull-refresh'
import { listEvents, orgKeys } from '../../services/org'
import { chosenCommunity } from '../../stores/preferences'
import { currentMonth, formatMonth, shiftMonth } from '../../utils/format'
import { goToLogin } from '../../utils/navigation'
import './index.scss'

export default function ActivitiesPage() {
  const me = useMe()
  const chosen = chosenCommunity.use()
  const [month, setMonth] = useState(currentMonth)
  const placed = Boolean(me.data?.community)
  const communityId = placed ? null : chosen
  const events = useQuery({
    queryKey: orgKeys.events(communityId, month),
    queryFn: () => listEvents(communityId, month),
    enabled: me.isSuccess && (placed || chosen !== null),
  })
  usePullRefresh(() => events.refetch())

  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) =>
          !profile.community && chosen === null ? (
            <CommunityPicker />
          ) : (
            <View>
              <View className='month-switcher'>
                <Button size='small' className='tap-target' onClick={() => setMonth((m) => shiftMonth(m, -1))}>
                  上个月
                </Button>
                <View className='month-switcher__label'>{formatMonth(month)}</View>
                <Button size='small' className='tap-target' onClick={() => setMonth((m) => shiftMonth(m, 1))}>
                  下个月
                </Button>
              </View>
              <QueryView query={events} isEmpty={(d) => d.items.length === 0} empty={<EmptyState title='这个月暂无活动' description='换个月份看看' />}>
                {(data) => data.items.map((e) => <EventCard key={`${e.kind}-${e.id}`} event={e} />)}
              </QueryView>
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}
