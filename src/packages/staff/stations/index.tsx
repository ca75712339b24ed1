import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { Room, Station } from '../../../../types/api/booking'
import { RESOURCE_KIND_LABELS, type ResourceKind } from '../../../../types/api/labels'
import { MINUTES_PER_DAY } from '../../../../types/time'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { staffBookingKeys, listStaffStations } from '../../../services/staff/booking'
import { ISO_WEEKDAY_LABELS, ISO_WEEKDAYS, STATION_KIND_LABELS } from '../booking-parts'
import { StaffGate } from '../staff-gate'
import { CheckInQr } from './check-in-qr'
import { Closures } from './closures'
import { RoomForm } from './room-form'
import { StationForm } from './station-form'
import './index.scss'

/** What the page shows: the list, or one form or view of a station or room in its place. */
type Sub =
  | { view: 'list' }
  | { view: 'station'; station: Station | null }
  | { view: 'room'; station: Station; room: Room | null; kind: ResourceKind }
  | { view: 'closures'; station: Station; room: Room }
  | { view: 'qr'; station: Station; room: Room }

export default function StaffStationsPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId) => <StationsAdmin communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

function StationsAdmin({ communityId }: { communityId: number }) {
  const stations = useQuery({ queryKey: staffBookingKeys.stations(communityId), queryFn: () => listStaffStations(communityId) })
  const [sub, setSub] = useState<Sub>({ view: 'list' })
  usePullRefresh(() => stations.refetch())
  const open = (next: Sub) => {
    setSub(next)
    // The form takes the list's place: start reading it from its top.
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }
  const back = () => open({ view: 'list' })

  switch (sub.view) {
    case 'station':
      return <StationForm communityId={communityId} station={sub.station} onDone={back} />
    case 'room':
      return <RoomForm station={sub.station} room={sub.room} kind={sub.kind} onDone={back} />
    case 'closures':
      return <Closures station={sub.station} room={sub.room} onBack={back} />
    case 'qr':
      return <CheckInQr station={sub.station} room={sub.room} onBack={back} />
    case 'list':
      break
  }

  return (
    <View>
      <Button block className='tap-target' onClick={() => open({ view: 'station', station: null })}>
        新建阵地
      </Button>
      <QueryView query={stations} isEmpty={(list) => list.length === 0} empty={<EmptyState title='还没有阵地' description='点「新建阵地」添加党群服务中心或网格驿站' />}>
        {(list) => (
          <View>
            {list.map((s) => (
              <StationCard key={s.id} station={s} open={open} />
            ))}
          </View>
        )}
      </QueryView>
    </View>
  )
}

/** 周一至周五 08:30–11:30、13:30–20:00；周六、周日 09:00–17:00 — consecutive days with the same hours together. */
function weeklyHoursSummary(rows: Station['weeklyHours']): string {
  const dayText = (d: number) =>
    rows
      .filter((r) => r.dayOfWeek === d)
      .sort((a, b) => (a.opens < b.opens ? -1 : 1))
      .map((r) => `${r.opens}–${r.closes}`)
      .join('、') || '不开放'
  const runs: { from: number; to: number; text: string }[] = []
  for (const d of ISO_WEEKDAYS) {
    const text = dayText(d)
    const last = runs.at(-1)
    if (last && last.text === text) last.to = d
    else runs.push({ from: d, to: d, text })
  }
  const days = (r: { from: number; to: number }) =>
    r.from === r.to ? ISO_WEEKDAY_LABELS[r.from] : r.to === r.from + 1 ? `${ISO_WEEKDAY_LABELS[r.from]}、${ISO_WEEKDAY_LABELS[r.to]}` : `${ISO_WEEKDAY_LABELS[r.from]}至${ISO_WEEKDAY_LABELS[r.to]}`
  return runs.map((r) => `${days(r)} ${r.text}`).join('；')
}

const hours = (minutes: number) => `${Number((minutes / 60).toFixed(2))}小时`

function rulesSummary(r: Room): string {
  const rules = r.rules
  if (r.kind === 'tool') {
    const days = (m: number) => Number((m / MINUTES_PER_DAY).toFixed(2))
    return `按天借用 · 每次${days(rules.minDurationMinutes)}–${days(rules.maxDurationMinutes)}天 · 可提前${rules.advanceDays}天预约`
  }
  return `容纳${r.capacity}人 · 每段${rules.slotMinutes}分钟 · 每次${hours(rules.minDurationMinutes)}–${hours(rules.maxDurationMinutes)} · 可提前${rules.advanceDays}天预约`
}

function StationCard({ station: s, open }: { station: Station; open: (sub: Sub) => void }) {
  const resources = (kind: ResourceKind, list: Room[]) => (
    <View className='station-admin__resources'>
      <View className='station-admin__section'>
        {RESOURCE_KIND_LABELS[kind]}（{list.length}）
      </View>
      {list.map((r) => (
        <View key={r.id} className={`room-admin${r.active ? '' : ' room-admin--inactive'}`}>
          <View className='room-admin__head'>
            <View className='room-admin__name'>{r.name}</View>
            {r.active ? null : <View className='tag tag--warn'>暂停预约</View>}
            {r.rules.requiresApproval ? <View className='tag tag--info'>需审核</View> : null}
          </View>
          <View className='muted'>
            {r.category}
            {r.facilities.length ? ` · ${r.facilities.join('、')}` : ''}
          </View>
          <View className='muted'>{rulesSummary(r)}</View>
          <View className='room-admin__actions'>
            <Button size='small' className='tap-target room-admin__edit' onClick={() => open({ view: 'room', station: s, room: r, kind: r.kind })}>
              编辑
            </Button>
            <Button size='small' className='tap-target room-admin__closures' onClick={() => open({ view: 'closures', station: s, room: r })}>
              临时关闭
            </Button>
            <Button size='small' className='tap-target room-admin__qr' onClick={() => open({ view: 'qr', station: s, room: r })}>
              签到码
            </Button>
          </View>
        </View>
      ))}
      <Button block className='tap-target station-admin__add' onClick={() => open({ view: 'room', station: s, room: null, kind })}>
        新增{RESOURCE_KIND_LABELS[kind]}
      </Button>
    </View>
  )
  return (
    <View className='card station-admin'>
      <View className='station-admin__head'>
        <View className='station-admin__name'>{s.name}</View>
        <View className='tag tag--info'>{STATION_KIND_LABELS[s.kind]}</View>
      </View>
      <View className='muted'>
        {s.address}
        {s.phone ? ` · ${s.phone}` : ''}
      </View>
      <View className='station-admin__hours'>开放时间：{weeklyHoursSummary(s.weeklyHours)}</View>
      <Button block className='tap-target station-admin__edit' onClick={() => open({ view: 'station', station: s })}>
        编辑阵地信息和开放时间
      </Button>
      {resources('room', s.rooms)}
      {resources('tool', s.tools)}
    </View>
  )
}
