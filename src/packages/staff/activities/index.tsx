import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ActivitySummary } from '../../../../types/api/volunteer'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { ReasonForm } from '../../../components/reason-form'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { cancelActivity, listStaffActivities, refreshAfterVolunteerWrite, staffVolunteerKeys } from '../../../services/staff/volunteer'
import { formatEventTime } from '../../../utils/format'
import { goTo } from '../../../utils/navigation'
import { StaffGate } from '../staff-gate'
import { ActivityStateTags, isOver, rosterUrl, signupCounts, SkillTags, VOLUNTEER_REASON_LIMITS } from '../volunteer-parts'
import { ActivityForm } from './activity-form'
import { TeamOrProjectForm } from './team-forms'
import './index.scss'

/** What the page shows: the list, or one form in its place. */
type Sub = { view: 'list' } | { view: 'activity'; activity: ActivitySummary | null } | { view: 'team' } | { view: 'project' }

export default function StaffActivitiesPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId) => <ActivitiesAdmin communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

/** What is still to come first (soonest first), then what is over (latest first). */
function ordered(list: ActivitySummary[]): ActivitySummary[] {
  const start = (a: ActivitySummary) => Date.parse(a.startsAt)
  const coming = list.filter((a) => !isOver(a)).sort((a, b) => start(a) - start(b))
  const over = list.filter((a) => isOver(a)).sort((a, b) => start(b) - start(a))
  return [...coming, ...over]
}

function ActivitiesAdmin({ communityId }: { communityId: number }) {
  const activities = useQuery({ queryKey: staffVolunteerKeys.activities(communityId), queryFn: () => listStaffActivities(communityId) })
  const [sub, setSub] = useState<Sub>({ view: 'list' })
  usePullRefresh(() => activities.refetch())
  const open = (next: Sub) => {
    setSub(next)
    // The form takes the list's place: start reading it from its top.
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }
  const back = () => open({ view: 'list' })

  switch (sub.view) {
    case 'activity':
      return <ActivityForm communityId={communityId} activity={sub.activity} onDone={back} />
    case 'team':
      return <TeamOrProjectForm communityId={communityId} kind='team' onDone={back} />
    case 'project':
      return <TeamOrProjectForm communityId={communityId} kind='project' onDone={back} />
    case 'list':
      break
  }

  return (
    <View>
      <Button type='primary' block className='tap-target activities-admin__publish' onClick={() => open({ view: 'activity', activity: null })}>
        发布活动
      </Button>
      <View className='activities-admin__secondary'>
        <Button className='tap-target' onClick={() => open({ view: 'team' })}>
          新建服务队
        </Button>
        <Button className='tap-target' onClick={() => open({ view: 'project' })}>
          新建服务项目
        </Button>
      </View>
      <QueryView
        query={activities}
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState title='还没有活动' description='点「发布活动」发布本社区的志愿服务活动' />}
      >
        {(list) => (
          <View>
            <View className='muted activities-admin__hint'>即将开始的在前，已结束的（近一周）在后。点活动查看报名名单、签到和确认时长。</View>
            {ordered(list).map((a) => (
              <ActivityCard key={a.id} activity={a} onEdit={() => open({ view: 'activity', activity: a })} />
            ))}
          </View>
        )}
      </QueryView>
    </View>
  )
}

function ActivityCard({ activity: a, onEdit }: { activity: ActivitySummary; onEdit: () => void }) {
  const queryClient = useQueryClient()
  const [cancelling, setCancelling] = useState(false)
  const cancel = useIdempotentMutation({
    mutationFn: (reason: string, key) => cancelActivity(a.id, reason, key),
    action: (reason) => `cancel:${a.id}:${reason}`,
    onSuccess: () => {
      setCancelling(false)
      refreshAfterVolunteerWrite(queryClient)
      void Taro.showToast({ title: '活动已取消', icon: 'none', duration: 2500 })
    },
    refreshOnConflict: () => [staffVolunteerKeys.all],
  })
  const askCancel = async (reason: string) => {
    const people = a.signedUp + a.waitlisted
    const answer = await Taro.showModal({
      title: '取消活动',
      content: `取消「${a.title}」？${people > 0 ? `已报名和候补的${people}人将一并取消，` : ''}志愿者会看到原因：${reason}`,
      confirmText: '取消活动',
      cancelText: '再想想',
    })
    if (answer.confirm) cancel.mutate(reason)
  }
  const open = () => goTo(rosterUrl(a.id))
  const dimmed = isOver(a) || a.phase === 'cancelled'
  // Once it has begun people have come and their hours are owed: the server cancels only before the start.
  const cancellable = a.phase === 'upcoming'

  return (
    <View className={`card staff-activity${dimmed ? ' staff-activity--past' : ''}`}>
      {/* Title, time and place are one finger-sized target that opens the roster. */}
      <View className='staff-activity__open tap-target' onClick={open}>
        <View className='staff-activity__head'>
          <View className='staff-activity__title'>{a.title}</View>
          <ActivityStateTags activity={a} />
        </View>
        <View className='staff-activity__time'>{formatEventTime(a.startsAt, a.endsAt)}</View>
        <View>{a.place}</View>
      </View>
      {a.teamName || a.projectName ? <View className='muted'>{[a.teamName, a.projectName].filter(Boolean).join(' · ')}</View> : null}
      <View className='staff-activity__counts'>{signupCounts(a)}</View>
      <SkillTags skills={a.skills} />
      {cancelling ? (
        <ReasonForm
          title='取消活动'
          placeholder='例如：天气原因改期，具体时间另行通知'
          submitText='确认取消'
          limits={VOLUNTEER_REASON_LIMITS}
          pending={cancel.isPending}
          error={cancel.error}
          onCancel={() => setCancelling(false)}
          onSubmit={(reason) => void askCancel(reason)}
        />
      ) : (
        <View className='staff-activity__actions'>
          <Button type={dimmed ? 'default' : 'primary'} className='tap-target staff-activity__roster' onClick={open}>
            名单与签到
          </Button>
          {!dimmed ? (
            <Button className='tap-target staff-activity__edit' onClick={onEdit}>
              编辑
            </Button>
          ) : null}
          {cancellable ? (
            <Button className='tap-target staff-activity__cancel' onClick={() => setCancelling(true)}>
              取消活动
            </Button>
          ) : null}
        </View>
      )}
    </View>
  )
}
