import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery } from '@tanstack/react-query'
import { STAR_THRESHOLD_HOURS, VOLUNTEER_SKILL_LABELS } from '../../../../types/api/labels'
import type { MySignup, VolunteerSummary } from '../../../../types/api/volunteer'
import { ActivityCard, formatHours } from '../../../components/activity-card'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { getVolunteerSummary, listMySignups, volunteerKeys, type SignupScope } from '../../../services/volunteer'
import { stars } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import { ACTIVITIES_TAB, activityUrl } from '../parts'
import '../volunteer.scss'
import './index.scss'

const STAR_NAMES = ['', '一星', '二星', '三星', '四星', '五星']
const TABS: { value: SignupScope; label: string }[] = [
  { value: 'upcoming', label: '即将参加' },
  { value: 'history', label: '历史' },
]

/** 我的志愿: hours, star level, what is coming up and what is done. */
export default function VolunteerMinePage() {
  const [tab, setTab] = useState<SignupScope>('upcoming')
  const summary = useQuery({ queryKey: volunteerKeys.summary, queryFn: getVolunteerSummary })
  const registered = summary.data?.profile.registered === true
  const history = useQuery({ queryKey: volunteerKeys.signups('history'), queryFn: () => listMySignups('history'), enabled: registered && tab === 'history' })
  usePullRefresh(() => Promise.all([summary.refetch(), registered && tab === 'history' ? history.refetch() : null]))
  return (
    <PageShell>
      <QueryView query={summary} onLogin={goToLogin} skeletonRows={8}>
        {(s) =>
          !s.profile.registered ? (
            <NotRegistered />
          ) : (
            <View>
              <Figures summary={s} />
              <View className='volunteer-links'>
                <Button className='tap-target' onClick={() => goTo(ROUTES.volunteerRecords)}>
                  服务记录与证明
                </Button>
                <Button className='tap-target' onClick={() => goTo(ROUTES.volunteerTeams)}>
                  志愿服务队
                </Button>
                <Button className='tap-target' onClick={() => void Taro.switchTab({ url: ACTIVITIES_TAB })}>
                  找活动
                </Button>
              </View>
              <ChoiceButtons className='volunteer-mine__tabs' options={TABS} value={tab} onChange={setTab} />
              {tab === 'upcoming' ? (
                s.upcoming.length === 0 ? (
                  <EmptyState title='还没有报名的活动' description='去活动页看看有什么需要帮忙的' action={{ text: '找活动', onClick: () => void Taro.switchTab({ url: ACTIVITIES_TAB }) }} />
                ) : (
                  s.upcoming.map((item) => <SignupCard key={item.signupId} item={item} />)
                )
              ) : (
                <QueryView query={history} isEmpty={(d) => d.items.length === 0} empty={<EmptyState title='还没有参加过的活动' />}>
                  {(d) => d.items.map((item) => <SignupCard key={item.signupId} item={item} history />)}
                </QueryView>
              )}
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}

function NotRegistered() {
  return (
    <View className='card volunteer-mine__invite'>
      <View className='volunteer-card-title'>您还不是志愿者</View>
      <View>注册成为志愿者，报名参加社区志愿活动，累计服务时长、星级和积分，还可以开具志愿服务证明。</View>
      <Button type='primary' block className='tap-target' onClick={() => goTo(ROUTES.volunteerRegister)}>
        注册志愿者
      </Button>
      <Button block className='tap-target' onClick={() => void Taro.switchTab({ url: ACTIVITIES_TAB })}>
        先看看活动
      </Button>
    </View>
  )
}

/** Total hours, the star level with the way to the next, activities attended, and the registration. */
function Figures({ summary: s }: { summary: VolunteerSummary }) {
  const previous = s.stars > 0 ? (STAR_THRESHOLD_HOURS[s.stars - 1] ?? 0) : 0
  const next = s.nextStarHours
  const progress = next !== null && next > previous ? Math.min(1, Math.max(0, (s.totalHours - previous) / (next - previous))) : 1
  return (
    <View className='card volunteer-figures'>
      <View className='volunteer-figures__row'>
        <View className='volunteer-figures__figure'>
          <View className='volunteer-figures__value volunteer-figures__hours'>{formatHours(s.totalHours)}</View>
          <View className='muted'>累计服务时长（小时）</View>
        </View>
        <View className='volunteer-figures__figure'>
          <View className='volunteer-figures__value volunteer-figures__count'>{s.activityCount}</View>
          <View className='muted'>参加活动（次）</View>
        </View>
      </View>
      <View className='volunteer-figures__stars' aria-label={`${s.stars}星`}>
        <View className='volunteer-figures__star-marks'>{stars(s.stars)}</View>
        <View className='volunteer-figures__star-name'>{s.stars > 0 ? `${STAR_NAMES[s.stars]}志愿者` : '志愿者'}</View>
      </View>
      <View className='volunteer-progress' role='progressbar' aria-label='距下一星级的进度' aria-valuenow={Math.round(progress * 100)} aria-valuemin={0} aria-valuemax={100}>
        <View className='volunteer-progress__bar' style={{ width: `${Math.round(progress * 100)}%` }} />
      </View>
      <View className='muted volunteer-figures__next'>
        {next !== null ? `再服务${formatHours(Math.max(0, next - s.totalHours))}小时升为${STAR_NAMES[s.stars + 1] ?? ''}志愿者（${next}小时）` : '已达到最高星级，感谢您的长期奉献'}
      </View>
      <View className='volunteer-figures__profile'>
        <View>
          {s.profile.realName}
          {s.profile.skills.length ? ` · ${s.profile.skills.map((k) => VOLUNTEER_SKILL_LABELS[k]).join('、')}` : ''}
        </View>
        <View className='volunteer-figures__edit tap-target' onClick={() => goTo(ROUTES.volunteerRegister)}>
          修改登记信息 ›
        </View>
      </View>
    </View>
  )
}

/** One of my sign-ups; in 历史 with the hours the organiser confirmed. */
function SignupCard({ item, history = false }: { item: MySignup; history?: boolean }) {
  let footer = null
  if (history && item.status === 'accepted') {
    footer = (
      <View className='volunteer-mine__hours'>
        {item.confirmedHours !== null ? `确认时长 ${formatHours(item.confirmedHours)}小时` : item.checkedOutAt ? '已签退，等待组织者确认时长' : item.checkedInAt ? '已签到' : '等待组织者确认'}
      </View>
    )
  }
  return <ActivityCard activity={item.activity} signup={{ status: item.status, waitlistPosition: item.waitlistPosition }} footer={footer} onOpen={() => goTo(activityUrl(item.activity.id))} />
}
