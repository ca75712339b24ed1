import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import type { Me } from '../../../../types/api/me'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { listCommunityChoices, peopleKeys } from '../../../services/people'
import { dashboardKeys, getDashboard } from '../../../services/staff/dashboard'
import { useElderMode } from '../../../stores/preferences'
import { formatDate } from '../../../utils/format'
import { goToLogin } from '../../../utils/navigation'
import { staffCommunityOf } from '../../../utils/staff'
import { canStepForward, choiceOf, daysOf, periodLabel, periodOf, PERIOD_CHOICES, stepMonth, thisMonthPeriod, withEnd, type DashboardPeriod } from './range'
import { DashboardFigures, isEmptyRange } from './sections'
import './index.scss'

/** 数据看板: the figures a community is judged by, for a month, this year or chosen days, with a 12-month trend. */
export default function DashboardPage() {
  const me = useMe()
  return (
    <PageShell className='dashboard'>
      <QueryView query={me} onLogin={goToLogin}>
        {(profile) =>
          profile.staffCommunityIds.length === 0 && !profile.roles.includes('admin') ? (
            <EmptyState title='仅限社区工作人员使用' description='数据看板供社区工作人员查看本社区的工作情况' />
          ) : (
            <Dashboard me={profile} />
          )
        }
      </QueryView>
    </PageShell>
  )
}

/** The district's scope in the community choice (an admin's default). */
const DISTRICT = 0

function Dashboard({ me }: { me: Me }) {
  const admin = me.roles.includes('admin')
  const elder = useElderMode()
  // Staff see their community; an admin starts with the district and may pick one community.
  const [communityId, setCommunityId] = useState<number>(admin ? DISTRICT : staffCommunityOf(me))
  const [period, setPeriod] = useState<DashboardPeriod>(thisMonthPeriod)
  const range = { communityId: communityId === DISTRICT ? null : communityId, ...daysOf(period) }
  const dashboard = useQuery({ queryKey: dashboardKeys.dashboard(range), queryFn: () => getDashboard(range) })
  usePullRefresh(() => dashboard.refetch())

  return (
    <View>
      {admin || me.staffCommunityIds.length > 1 ? <ScopeChoice admin={admin} ids={me.staffCommunityIds} value={communityId} onChange={setCommunityId} /> : null}
      <PeriodControls period={period} onChange={setPeriod} />
      <QueryView query={dashboard} skeletonRows={10}>
        {(d) => (
          <View>
            <View className='dashboard__scope' role='heading' aria-level={2}>
              {d.scopeName} · {formatDate(d.from)}至{formatDate(d.to)}
            </View>
            {isEmptyRange(d) ? <EmptyState title='这段时间暂无数据' description='所选时间内没有心愿、预约、活动和积分记录，换个时间看看' /> : null}
            <DashboardFigures dashboard={d} elder={elder} onPickCommunity={setCommunityId} />
          </View>
        )}
      </QueryView>
    </View>
  )
}

function ScopeChoice({ admin, ids, value, onChange }: { admin: boolean; ids: number[]; value: number; onChange: (id: number) => void }) {
  const communities = useQuery({ queryKey: peopleKeys.communities(null), queryFn: () => listCommunityChoices(null) })
  return (
    <QueryView query={communities} skeletonRows={1}>
      {(items) => (
        <View className='dashboard__communities'>
          <View className='field__label'>范围</View>
          <ChoiceButtons
            options={[...(admin ? [{ value: DISTRICT, label: '全区' }] : []), ...items.filter((c) => admin || ids.includes(c.id)).map((c) => ({ value: c.id, label: c.name }))]}
            value={value}
            onChange={onChange}
          />
        </View>
      )}
    </QueryView>
  )
}

/** 本月 / 上月 / 今年 / 自定义, with ‹ 上月 / 下月 › while a month is shown and two day pickers for 自定义. */
function PeriodControls({ period, onChange }: { period: DashboardPeriod; onChange: (p: DashboardPeriod) => void }) {
  return (
    <View className='card dashboard-period'>
      <ChoiceButtons className='dashboard-period__choices' options={PERIOD_CHOICES} value={choiceOf(period)} onChange={(c) => onChange(periodOf(c, period))} />
      {period.kind === 'month' ? (
        <View className='dashboard-period__step'>
          <Button className='tap-target dashboard-period__prev' aria-label='上一个月' onClick={() => onChange(stepMonth(period, -1))}>
            ‹ 上月
          </Button>
          <View className='dashboard-period__label' aria-live='polite'>
            {periodLabel(period)}
          </View>
          <Button className='tap-target dashboard-period__next' aria-label='下一个月' disabled={!canStepForward(period)} onClick={() => onChange(stepMonth(period, 1))}>
            下月 ›
          </Button>
        </View>
      ) : period.kind === 'custom' ? (
        <View className='dashboard-period__days'>
          <DayPicker label='开始日期' value={period.from} onChange={(day) => onChange(withEnd(period, 'from', day))} />
          <DayPicker label='结束日期' value={period.to} onChange={(day) => onChange(withEnd(period, 'to', day))} />
        </View>
      ) : (
        <View className='dashboard-period__label' aria-live='polite'>
          {periodLabel(period)}
        </View>
      )}
    </View>
  )
}

function DayPicker({ label, value, onChange }: { label: string; value: string; onChange: (day: string) => void }) {
  return (
    <View className='dashboard-period__day'>
      <View className='field__label'>{label}</View>
      <Picker mode='date' value={value} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='dashboard-period__day-value tap-target' aria-label={`${label}：${formatDate(value)}，点此更改`}>
          {formatDate(value)}
        </View>
      </Picker>
    </View>
  )
}
