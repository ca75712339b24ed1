import { View } from '@tarojs/components'
import { Cell } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { HomeResponse } from '../../../types/api/org'
import { CommunityPicker } from '../../components/community-picker'
import { EmptyState } from '../../components/empty-state'
import { EventCard } from '../../components/event-card'
import { PageShell } from '../../components/page-shell'
import { QueryView } from '../../components/query-view'
import { useMe } from '../../hooks/use-me'
import { usePullRefresh } from '../../hooks/use-pull-refresh'
import { getHome, orgKeys } from '../../services/org'
import { chosenCommunity } from '../../stores/preferences'
import { formatMonth } from '../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../utils/navigation'
import './index.scss'

export default function HomePage() {
  const me = useMe()
  const chosen = chosenCommunity.use()
  // An account placed in a community sees its own; a new account browses the community it picked.
  const placed = Boolean(me.data?.community)
  const communityId = placed ? null : chosen
  const home = useQuery({
    queryKey: orgKeys.home(communityId),
    queryFn: () => getHome(communityId),
    enabled: me.isSuccess && (placed || chosen !== null),
  })
  usePullRefresh(() => Promise.all([me.refetch(), home.refetch()]))

  return (
    <PageShell>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) =>
          !profile.community && chosen === null ? (
            <CommunityPicker />
          ) : (
            <QueryView query={home}>{(data) => <HomeContent data={data} greeting={profile.name} canChangeCommunity={!profile.community} />}</QueryView>
          )
        }
      </QueryView>
    </PageShell>
  )
}

function HomeContent({ data, greeting, canChangeCommunity }: { data: HomeResponse; greeting: string; canChangeCommunity: boolean }) {
  return (
    <View>
      <View className='home-header'>
        <View className='home-header__place'>您好，{greeting}</View>
        <View className='home-header__community'>{data.community.name}</View>
        <View className='home-header__place'>
          {data.community.districtName} {data.community.subdistrictName}
        </View>
        {canChangeCommunity ? (
          <View className='home-header__place' onClick={() => chosenCommunity.set(null)}>
            切换社区 ›
          </View>
        ) : null}
      </View>

      <View className='home-entries'>
        <View className='home-entries__item tap-target' onClick={() => goTo(ROUTES.stations)}>
          <View className='home-entries__name'>全部阵地</View>
          <View className='home-entries__hint'>预约场地和共享工具</View>
        </View>
        <View className='home-entries__item tap-target' onClick={() => goTo(ROUTES.eventCalendar)}>
          <View className='home-entries__name'>活动预告</View>
          <View className='home-entries__hint'>看看近期有什么活动</View>
        </View>
      </View>

      <View className='section-title'>服务阵地</View>
      {data.stations.length === 0 ? (
        <EmptyState title='本社区暂无服务阵地' />
      ) : (
        <Cell.Group>
          {data.stations.map((s) => (
            <Cell
              key={s.id}
              className='tap-target'
              title={s.name}
              description={s.address}
              extra={s.hoursToday ? `今日 ${s.hoursToday}` : '今日闭馆'}
              clickable
              onClick={() => goTo(`${ROUTES.station}?id=${s.id}`)}
            />
          ))}
        </Cell.Group>
      )}

      <View className='section-title'>
        {formatMonth(data.month)}活动（{data.events.length}场）
      </View>
      {data.events.length === 0 ? (
        <EmptyState title='本月暂无活动' description='社区发布活动后会显示在这里' />
      ) : (
        data.events.map((e) => <EventCard key={`${e.kind}-${e.id}`} event={e} />)
      )}
    </View>
  )
}
