import { useState } from 'react'
import { Map, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { StationListItem } from '../../../../types/api/booking'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { Thumbnail } from '../../../components/thumbnail'
import { useViewer } from '../../../hooks/use-me'
import { usePosition, type Located } from '../../../hooks/use-position'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { bookingKeys, listStations } from '../../../services/booking'
import type { Position } from '../../../services/location'
import { openWechatSettings } from '../../../services/location'
import { goTo } from '../../../utils/navigation'
import { formatDistance } from '../format'
import { OpenNowTag } from '../parts'
import { stationUrl } from '../urls'
import './index.scss'

type Scope = 'community' | 'district'
const SCOPES = [
  { value: 'community', label: '本社区' },
  { value: 'district', label: '全区' },
] as const


/** Without a position: why the list has no distances, and the way to turn them on. */
function LocationNotice({ located }: { located: Located }) {
  if (located.position) return null
  if (!located.consented) {
    return (
      <View className='card station-location'>
        <View className='station-location__text'>开启位置后，可以看到每个阵地离您多远，最近的排在前面。</View>
        <Button block className='tap-target station-location__enable' onClick={() => void located.enable()}>
          开启位置
        </Button>
      </View>
    )
  }
  if (!located.failed) return null
  return (
    <View className='card station-location'>
      <View className='station-location__text'>没有获取到您的位置。请允许微信使用位置信息后再试。</View>
      <Button block className='tap-target station-location__retry' onClick={() => void located.enable()}>
        重新获取位置
      </Button>
      {process.env.TARO_ENV === 'weapp' ? (
        <Button block className='tap-target station-location__settings' onClick={openWechatSettings}>
          打开位置权限设置
        </Button>
      ) : null}
    </View>
  )
}

export default function StationsPage() {
  // A visitor too: the stations are open to all (the rooms' weeks and booking ask to log in).
  const viewer = useViewer()
  const me = viewer.me
  const [scope, setScope] = useState<Scope>('community')
  const located = usePosition()
  const position = located.position
  // 本社区: the account's own (the server's default), or the one picked to browse (the district if none); 全区: 0.
  const communityId = scope === 'district' ? 0 : (viewer.communityId ?? undefined)
  const stations = useQuery({
    queryKey: bookingKeys.stations({ communityId }, position),
    queryFn: () => listStations({ communityId }, position),
    enabled: me.isSuccess || viewer.visitor,
    // When the position arrives the list is asked again with it; keep showing the first answer meanwhile.
    placeholderData: keepPreviousData,
  })
  usePullRefresh(() => Promise.all([me.refetch(), stations.refetch()]))

  const list = (
    <View>
      <ChoiceButtons options={SCOPES} value={scope} onChange={setScope} />
      <LocationNotice located={located} />
      <QueryView
        query={stations}
        skeletonRows={6}
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState title='暂无服务阵地' description={scope === 'community' ? '看看全区的阵地' : undefined} />}
      >
        {(data) => (
          <View>
            {process.env.TARO_ENV === 'weapp' ? <StationMap stations={data.items} position={position} /> : null}
            {data.items.map((s) => (
              <StationCard key={s.id} station={s} showCommunity={scope === 'district'} />
            ))}
          </View>
        )}
      </QueryView>
    </View>
  )

  return (
    <PageShell>
      <QueryView query={me} visitor={() => list}>
        {() => list}
      </QueryView>
    </PageShell>
  )
}

/**
 * The stations on WeChat's map; tapping a marker opens the station. (Only in the mini-program: Taro's H5 map
 * needs Baidu's map script, which the web demo does not load.)
 */
function StationMap({ stations, position }: { stations: StationListItem[]; position: Position | null }) {
  const [failed, setFailed] = useState(false)
  if (stations.length === 0 || failed) return null
  const center = position ?? stations[0]!
  const markers = stations.map((s) => ({
    id: s.id,
    latitude: s.latitude,
    longitude: s.longitude,
    title: s.name,
    // The tab bar's red house (always in the main package) marks a station.
    iconPath: '/assets/tab/home-active.png',
    width: 32,
    height: 32,
    callout: { content: s.name, color: '#1f1f1f', fontSize: 12, borderRadius: 6, bgColor: '#ffffff', padding: 6, display: 'BYCLICK' as const, textAlign: 'center' as const },
  }))
  return (
    <Map
      className='station-map'
      latitude={center.latitude}
      longitude={center.longitude}
      scale={15}
      markers={markers as never}
      includePoints={stations.map((s) => ({ latitude: s.latitude, longitude: s.longitude }))}
      showLocation={position !== null}
      onMarkerTap={(e) => goTo(stationUrl(Number(e.detail.markerId)))}
      onCallOutTap={(e) => goTo(stationUrl(Number(e.detail.markerId)))}
      // The list below says everything the map does: a map that cannot load simply goes away.
      onError={() => setFailed(true)}
    />
  )
}

function StationCard({ station, showCommunity }: { station: StationListItem; showCommunity: boolean }) {
  return (
    <View className='card station-card tap-target' onClick={() => goTo(stationUrl(station.id))}>
      <View className='station-card__main'>
        <Thumbnail url={station.thumbnailUrl} />
        <View className='station-card__body'>
          <View className='station-card__head'>
            <View className='station-card__name'>{station.name}</View>
            <OpenNowTag openNow={station.openNow} />
          </View>
          {showCommunity ? <View className='muted'>{station.communityName}</View> : null}
          <View className='muted'>{station.address}</View>
        </View>
      </View>
      <View className='station-card__facts'>
        <View>{station.hoursToday ? `今日 ${station.hoursToday}` : '今日闭馆'}</View>
        <View className='muted'>
          场地{station.roomCount}个{station.toolCount > 0 ? ` · 共享工具${station.toolCount}件` : ''}
        </View>
        {station.distanceMeters !== null ? <View className='station-card__distance'>距您{formatDistance(station.distanceMeters)}</View> : null}
      </View>
      <View className='station-card__open'>查看详情 ›</View>
    </View>
  )
}
