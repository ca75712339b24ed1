import { useState } from 'react'
import Taro from '@tarojs/taro'
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
import { chosenCommunity, useElderMode } from '../../stores/preferences'
import { formatMonth } from '../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../utils/navigation'
import './index.scss'

export default function HomePage() {
  const me = useMe()
  const elder = useElderMode()
  const chosen = chosenCommunity.use()
  // 切换社区: the picker again, for an account not yet verified at an address.
  const [changing, setChanging] = useState(false)
  // An account placed in a community sees its own; a visitor browses the community it picked.
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
          changing || (!profile.community && chosen === null) ? (
            <CommunityPicker onChosen={() => setChanging(false)} />
          ) : (
            <QueryView query={home}>
              {(data) => (
                <HomeContent data={data} greeting={profile.name} onChangeCommunity={profile.household ? null : () => setChanging(true)} elder={elder} />
              )}
            </QueryView>
          )
        }
      </QueryView>
    </PageShell>
  )
}

/** 长辈模式's home: the four main jobs as big labelled tiles. */
const ELDER_TILES = [
  { label: '发心愿', hint: '请邻居帮个忙', open: () => goTo(ROUTES.wishPost) },
  { label: '预约场地', hint: '活动室和共享工具', open: () => goTo(ROUTES.stations) },
  { label: '志愿活动', hint: '报名参加活动', open: () => void Taro.switchTab({ url: '/pages/activities/index' }) },
  { label: '我的积分', hint: '家庭积分和兑换', open: () => goTo(ROUTES.points) },
]

function HomeContent({ data, greeting, onChangeCommunity, elder }: { data: HomeResponse; greeting: string; onChangeCommunity: (() => void) | null; elder: boolean }) {
  const header = (
    <View className='home-header'>
      <View className='home-header__place'>您好，{greeting}</View>
      <View className='home-header__community'>{data.community.name}</View>
      <View className='home-header__place'>
        {data.community.districtName} {data.community.subdistrictName}
      </View>
      {onChangeCommunity ? (
        <View className='home-header__change tap-target' onClick={onChangeCommunity}>
          切换社区 ›
        </View>
      ) : null}
    </View>
  )
  if (elder) {
    // Fewer, larger things: the tiles, and this month's events as one entry; the station list is one tap away
    // under 预约场地.
    return (
      <View className='home--elder'>
        {header}
        <View className='home-tiles'>
          {ELDER_TILES.map((t) => (
            <View key={t.label} className='home-tiles__tile tap-target' onClick={t.open}>
              <View className='home-tiles__label'>{t.label}</View>
              <View className='home-tiles__hint'>{t.hint}</View>
            </View>
          ))}
        </View>
        <View className='card home-events tap-target' onClick={() => goTo(ROUTES.eventCalendar)}>
          <View className='home-events__title'>活动预告</View>
          <View className='home-events__hint'>
            {formatMonth(data.month)}共{data.events.length}场活动 ›
          </View>
        </View>
      </View>
    )
  }
  return (
    <View>
      {header}

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
