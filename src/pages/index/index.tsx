import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Cell } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { HomeResponse } from '../../../types/api/org'
import type { Me } from '../../../types/api/me'
import { CommunityPicker } from '../../components/community-picker'
import { EmptyState } from '../../components/empty-state'
import { EventCard } from '../../components/event-card'
import { PageShell } from '../../components/page-shell'
import { QueryView } from '../../components/query-view'
import { useViewer } from '../../hooks/use-me'
import { usePullRefresh } from '../../hooks/use-pull-refresh'
import { getHome, orgKeys } from '../../services/org'
import { getWishWall, wishKeys } from '../../services/wishes'
import { useElderMode } from '../../stores/preferences'
import { formatMonth } from '../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../utils/navigation'
import activitiesIcon from '../../assets/home/activities.png'
import bookingsIcon from '../../assets/home/bookings.png'
import calendarIcon from '../../assets/home/calendar.png'
import pointsIcon from '../../assets/home/points.png'
import shopIcon from '../../assets/home/shop.png'
import stationsIcon from '../../assets/home/stations.png'
import wishPostIcon from '../../assets/home/wish-post.png'
import wishWallIcon from '../../assets/home/wish-wall.png'
import './index.scss'
import { Picture } from '../../components/picture'

const toTab = (url: string) => () => void Taro.switchTab({ url })

/** The jobs of the app, one tap from 首页: the four of 长辈模式's tiles first, then the rest. */
const ENTRIES = [
  { label: '发心愿', hint: '请邻居帮个忙', icon: wishPostIcon, open: () => goTo(ROUTES.wishPost) },
  { label: '预约场地', hint: '活动室和共享工具', icon: stationsIcon, open: () => goTo(ROUTES.stations) },
  { label: '志愿活动', hint: '报名参加活动', icon: activitiesIcon, open: toTab('/pages/activities/index') },
  { label: '我的积分', hint: '家庭积分和兑换', icon: pointsIcon, open: () => goTo(ROUTES.points) },
  { label: '心愿墙', icon: wishWallIcon, open: toTab('/pages/wishes/index') },
  { label: '活动预告', icon: calendarIcon, open: () => goTo(ROUTES.eventCalendar) },
  { label: '我的预约', icon: bookingsIcon, open: () => goTo(ROUTES.bookingMine) },
  { label: '积分超市', icon: shopIcon, open: () => goTo(ROUTES.shop) },
]
/** 长辈模式: fewer, larger things — the four main jobs as big tiles. */
const ELDER_ENTRIES = ENTRIES.slice(0, 4)
/** Upcoming events shown on 首页; the month's whole list is under 活动预告. */
const HOME_EVENTS = 3

export default function HomePage() {
  const viewer = useViewer()
  const elder = useElderMode()
  // 切换社区: the picker again, for a visitor or an account not yet verified at an address.
  const [changing, setChanging] = useState(false)
  const home = useQuery({ queryKey: orgKeys.home(viewer.communityId), queryFn: () => getHome(viewer.communityId), enabled: viewer.ready })
  const wall = useQuery({ queryKey: wishKeys.wall(viewer.communityId), queryFn: () => getWishWall(viewer.communityId), enabled: viewer.ready && !elder })
  usePullRefresh(() => Promise.all([viewer.me.refetch(), viewer.ready ? home.refetch() : null, viewer.ready && !elder ? wall.refetch() : null]))

  const content = (profile: Me | null) =>
    changing || viewer.needsCommunity ? (
      <View>
        {profile ? null : <VisitorWelcome />}
        <CommunityPicker onChosen={() => setChanging(false)} />
      </View>
    ) : (
      <QueryView query={home}>
        {(data) => (
          <HomeContent
            data={data}
            profile={profile}
            wall={wall.data ? wall.data.totals : null}
            onChangeCommunity={profile?.household ? null : () => setChanging(true)}
            elder={elder}
          />
        )}
      </QueryView>
    )

  return (
    <PageShell>
      <QueryView query={viewer.me} visitor={() => content(null)}>
        {content}
      </QueryView>
    </PageShell>
  )
}

function VisitorWelcome() {
  return (
    <View className='home-header'>
      <View className='home-header__community'>欢迎使用家门口</View>
      <View className='home-header__place'>微心愿、场地预约、志愿服务和家庭积分，都在家门口</View>
    </View>
  )
}

function HomeContent({
  data,
  profile,
  wall,
  onChangeCommunity,
  elder,
}: {
  data: HomeResponse
  profile: Me | null
  wall: { thisMonth: number; thisYear: number } | null
  onChangeCommunity: (() => void) | null
  elder: boolean
}) {
  const upcoming = data.events.filter((e) => e.phase === 'upcoming' || e.phase === 'ongoing')
  const header = (
    <View className='home-header'>
      <View className='home-header__place'>{profile ? `您好，${profile.name}` : '您好，欢迎来到'}</View>
      <View className='home-header__community'>{data.community.name}</View>
      <View className='home-header__place'>
        {data.community.districtName} {data.community.subdistrictName}
      </View>
      <View className='home-header__actions'>
        {onChangeCommunity ? (
          <View className='home-header__change tap-target' onClick={onChangeCommunity}>
            切换社区 ›
          </View>
        ) : null}
        {profile ? null : (
          <Button className='home-header__login tap-target' onClick={goToLogin}>
            登录
          </Button>
        )}
      </View>
    </View>
  )
  if (elder) {
    return (
      <View className='home--elder'>
        {header}
        <View className='home-tiles'>
          {ELDER_ENTRIES.map((t) => (
            <View key={t.label} className='home-tiles__tile tap-target' onClick={t.open}>
              <Picture className='home-tiles__icon' src={t.icon} mode='aspectFit' label={null} />
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

      <View className='home-grid'>
        {ENTRIES.map((e) => (
          <View key={e.label} className='home-grid__item tap-target' onClick={e.open}>
            <Picture className='home-grid__icon' src={e.icon} mode='aspectFit' label={null} />
            <View className='home-grid__label'>{e.label}</View>
          </View>
        ))}
      </View>

      <View className='section-title home-section'>
        <View>近期活动</View>
        <View className='home-section__more tap-target' onClick={() => goTo(ROUTES.eventCalendar)}>
          全部活动预告 ›
        </View>
      </View>
      {upcoming.length === 0 ? (
        <EmptyState title={`${formatMonth(data.month)}暂无即将开始的活动`} description='社区发布活动后会显示在这里' />
      ) : (
        upcoming.slice(0, HOME_EVENTS).map((e) => <EventCard key={`${e.kind}-${e.id}`} event={e} />)
      )}

      <View className='section-title'>服务阵地</View>
      {data.stations.length === 0 ? (
        <EmptyState title='本社区暂无服务阵地' />
      ) : (
        <Cell.Group>
          {data.stations.map((s) => (
            <Cell
              key={s.id}
              className='tap-target home-station'
              title={s.name}
              description={
                <View>
                  <View className='home-station__hours'>{s.hoursToday ? `今日 ${s.hoursToday}` : '今日闭馆'}</View>
                  <View>{s.address}</View>
                </View>
              }
              extra='›'
              clickable
              onClick={() => goTo(`${ROUTES.station}?id=${s.id}`)}
            />
          ))}
        </Cell.Group>
      )}

      {wall ? (
        <View className='card home-wall tap-target' onClick={toTab('/pages/wishes/index')}>
          <View className='home-wall__title'>心愿墙</View>
          <View className='home-wall__figures'>
            本月圆梦 <View className='home-wall__number'>{wall.thisMonth}</View> 个 · 今年 <View className='home-wall__number'>{wall.thisYear}</View> 个 ›
          </View>
        </View>
      ) : null}
    </View>
  )
}
