import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { EventList, EventSummary } from '../../../../types/api/org'
import { chinaDayStart, weekdayLabel } from '../../../../types/time'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { CommunityPicker } from '../../../components/community-picker'
import { EventCard } from '../../../components/event-card'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useViewer } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { bookingKeys, listStationEvents, listStations } from '../../../services/booking'
import { formatMonth, shiftMonth, todayInChina } from '../../../utils/format'
import { dateOf, shortDate } from '../format'
import '../booking.scss'
import './index.scss'

const WEEK_HEADER = ['一', '二', '三', '四', '五', '六', '日']

const positive = (value: string | undefined) => {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : null
}

/** 活动预告: a month of activities and public bookings, of the community or one station. */
export default function EventCalendarPage() {
  const { params } = useRouter()
  // A visitor too: 活动预告 is open to all.
  const viewer = useViewer()
  // A station of another community (seen in 全区) brings its community along.
  const asked = positive(params.communityId)
  const communityId = asked ?? viewer.communityId
  const content = () =>
    viewer.needsCommunity && asked === null ? <CommunityPicker /> : <Calendar communityId={communityId} initialStationId={positive(params.stationId)} />
  return (
    <PageShell>
      <QueryView query={viewer.me} visitor={content}>
        {content}
      </QueryView>
    </PageShell>
  )
}

function Calendar({ communityId, initialStationId }: { communityId: number | null; initialStationId: number | null }) {
  // null: the current month, as the server counts it.
  const [month, setMonth] = useState<string | null>(null)
  const [stationId, setStationId] = useState<number | null>(initialStationId)
  const [picked, setPicked] = useState<string | null>(null)
  const stations = useQuery({
    queryKey: bookingKeys.stations({ communityId: communityId ?? undefined }, null),
    queryFn: () => listStations({ communityId: communityId ?? undefined }, null),
  })
  const events = useQuery({
    queryKey: bookingKeys.events(communityId, month, stationId),
    queryFn: () => listStationEvents({ communityId, month, stationId }),
    placeholderData: keepPreviousData,
  })
  usePullRefresh(() => Promise.all([stations.refetch(), events.refetch()]))

  const options = [{ value: 0, label: '全部阵地' }, ...(stations.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))]
  return (
    <View>
      {stations.data && stations.data.items.length > 1 ? (
        <ChoiceButtons
          className='calendar-stations'
          options={options}
          value={stationId ?? 0}
          onChange={(id) => {
            setStationId(id === 0 ? null : id)
            setPicked(null)
          }}
        />
      ) : null}
      <QueryView query={events} skeletonRows={8}>
        {(data) => (
          <Month
            data={data}
            loading={events.isPlaceholderData}
            picked={picked}
            onPick={setPicked}
            onMonth={(by) => {
              setMonth(shiftMonth(data.month, by))
              setPicked(null)
            }}
          />
        )}
      </QueryView>
    </View>
  )
}

function Month({ data, loading, picked, onPick, onMonth }: { data: EventList; loading: boolean; picked: string | null; onPick: (day: string) => void; onMonth: (by: number) => void }) {
  const first = chinaDayStart(data.month)
  const days = Array.from({ length: first.daysInMonth() }, (_, i) => first.add(i, 'day').format('YYYY-MM-DD'))
  const byDay = new Map<string, EventSummary[]>()
  for (const e of data.items) {
    const d = dateOf(e.startsAt)
    byDay.set(d, [...(byDay.get(d) ?? []), e])
  }
  const today = todayInChina()
  const shown = picked && days.includes(picked) ? picked : days.includes(today) ? today : (days.find((d) => byDay.has(d)) ?? days[0]!)
  // Monday first, as Chinese calendars are printed.
  const blanks = (first.day() + 6) % 7
  const cells: (string | null)[] = [...Array<null>(blanks).fill(null), ...days]
  while (cells.length % 7) cells.push(null)
  const dayEvents = byDay.get(shown) ?? []

  return (
    <View>
      <View className='switcher'>
        <Button size='small' className='tap-target' onClick={() => onMonth(-1)}>
          上个月
        </Button>
        <View className='switcher__label'>
          {formatMonth(data.month)}
          {loading ? <View className='muted'>正在加载…</View> : null}
        </View>
        <Button size='small' className='tap-target' onClick={() => onMonth(1)}>
          下个月
        </Button>
      </View>
      <View className='card month-grid'>
        {WEEK_HEADER.map((w) => (
          <View key={w} className='month-grid__weekday'>
            {w}
          </View>
        ))}
        {cells.map((d, i) =>
          d ? (
            <View
              key={d}
              className={['month-grid__day', 'tap-target', d === shown ? 'month-grid__day--picked' : '', d === today ? 'month-grid__day--today' : ''].filter(Boolean).join(' ')}
              onClick={() => onPick(d)}
            >
              <View className='month-grid__number'>{Number(d.slice(8))}</View>
              {byDay.has(d) ? <View className='month-grid__dot' aria-label={`${byDay.get(d)!.length}场活动`} /> : <View className='month-grid__no-dot' />}
            </View>
          ) : (
            <View key={`blank-${i}`} className='month-grid__blank' />
          ),
        )}
      </View>
      <View className='muted calendar-count'>
        本月共{data.items.length}场活动，有圆点的日子有活动
      </View>
      <View className='section-title calendar-day-title'>
        {shortDate(shown)} {weekdayLabel(shown)}
        {dayEvents.length > 0 ? `（${dayEvents.length}场）` : ''}
      </View>
      {dayEvents.length === 0 ? <View className='card muted calendar-none'>这一天没有活动</View> : dayEvents.map((e) => <EventCard key={`${e.kind}-${e.id}`} event={e} picture />)}
    </View>
  )
}
