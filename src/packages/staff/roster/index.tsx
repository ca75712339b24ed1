import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { SIGNUP_STATUS_LABELS } from '../../../../types/api/labels'
import type { Activity, Roster, RosterEntry } from '../../../../types/api/volunteer'
import { chinaTime } from '../../../../types/time'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import {
  actOnSignup,
  checkOutEveryone,
  confirmAllHours,
  getRoster,
  refreshAfterVolunteerWrite,
  staffVolunteerKeys,
  type SignupAction,
} from '../../../services/staff/volunteer'
import { eventLocation, formatEventTime } from '../../../utils/format'
import { goTo } from '../../../utils/navigation'
import { StaffGate } from '../staff-gate'
import { activityQrUrl, ActivityStateTags, formatHours } from '../volunteer-parts'
import { ConfirmHoursSheet } from './confirm-hours-sheet'
import './index.scss'

export default function StaffRosterPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  return (
    <PageShell>
      <StaffGate>
        {() => (Number.isInteger(id) && id > 0 ? <RosterPage id={id} /> : <EmptyState title='找不到这个活动' description='请从「志愿活动管理」进入' />)}
      </StaffGate>
    </PageShell>
  )
}

function RosterPage({ id }: { id: number }) {
  const roster = useQuery({ queryKey: staffVolunteerKeys.roster(id), queryFn: () => getRoster(id) })
  usePullRefresh(() => roster.refetch())
  const [confirming, setConfirming] = useState<RosterEntry | null>(null)
  return (
    <QueryView query={roster} skeletonRows={8}>
      {(r) => (
        <View>
          <Header activity={r.activity} entries={r.entries} />
          <Groups roster={r} onConfirm={setConfirming} />
          {confirming ? <ConfirmHoursSheet activityId={id} entry={confirming} onClose={() => setConfirming(null)} /> : null}
        </View>
      )}
    </QueryView>
  )
}

type Bulk = 'check_out_all' | 'confirm_all'

const BULK_ASKS: Record<Bulk, { title: string; content: string; confirmText: string }> = {
  check_out_all: {
    title: '全部签退',
    content: '为所有已签到、还没签退的志愿者签退（活动已结束的，按结束时间签退）。',
    confirmText: '全部签退',
  },
  confirm_all: {
    title: '全部确认',
    content: '按实际签到签退时间，确认所有已签退、还没确认的志愿者的服务时长。确认后计入志愿服务记录并发放积分，不能撤回。',
    confirmText: '全部确认',
  },
}

function Header({ activity: a, entries }: { activity: Activity; entries: RosterEntry[] }) {
  const queryClient = useQueryClient()
  const bulk = useIdempotentMutation({
    mutationFn: (kind: Bulk, key) => (kind === 'check_out_all' ? checkOutEveryone(a.id, key) : confirmAllHours(a.id, key)),
    action: (kind) => kind,
    onSuccess: (result, kind) => {
      refreshAfterVolunteerWrite(queryClient)
      const title = kind === 'check_out_all' ? `已为${result.affected}人签退` : `已确认${result.affected}人的服务时长`
      void Taro.showToast({ title, icon: 'none', duration: 2500 })
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: staffVolunteerKeys.roster(a.id) }),
  })
  const ask = async (kind: Bulk) => {
    const answer = await Taro.showModal({ ...BULK_ASKS[kind], cancelText: '取消' })
    if (answer.confirm) bulk.mutate(kind)
  }
  const accepted = entries.filter((e) => e.status === 'accepted')
  const checkedIn = accepted.filter((e) => e.checkedInAt !== null).length
  const checkedOut = accepted.filter((e) => e.checkedOutAt !== null).length
  const confirmed = accepted.filter((e) => e.confirmedAt !== null).length

  return (
    <View className='card roster-head'>
      <View className='roster-head__title-row'>
        <View className='roster-head__title'>{a.title}</View>
        <ActivityStateTags activity={a} />
      </View>
      <View className='roster-head__time'>{formatEventTime(a.startsAt, a.endsAt)}</View>
      <View>{eventLocation(a)}</View>
      {a.cancelled && a.cancelReason ? <View className='roster-head__cancel-reason'>取消原因：{a.cancelReason}</View> : null}
      <View className='roster-head__counts'>
        <View className='roster-count'>
          <View className='roster-count__value'>{a.capacity}</View>
          <View className='roster-count__label'>名额</View>
        </View>
        <View className='roster-count roster-count--signed-up'>
          <View className='roster-count__value'>{a.signedUp}</View>
          <View className='roster-count__label'>已报名</View>
        </View>
        <View className='roster-count roster-count--waitlisted'>
          <View className='roster-count__value'>{a.waitlisted}</View>
          <View className='roster-count__label'>候补</View>
        </View>
      </View>
      <View className='muted roster-head__progress'>
        已签到 {checkedIn} 人 · 已签退 {checkedOut} 人 · 已确认时长 {confirmed} 人
      </View>
      {a.cancelled ? null : (
        <>
          <Button type='primary' block className='tap-target roster-head__qr' onClick={() => goTo(activityQrUrl(a.id))}>
            出示签到码
          </Button>
          <View className='roster-head__bulk'>
            <Button className='tap-target roster-head__check-out-all' disabled={bulk.isPending} onClick={() => void ask('check_out_all')}>
              全部签退
            </Button>
            <Button className='tap-target roster-head__confirm-all' disabled={bulk.isPending} onClick={() => void ask('confirm_all')}>
              全部确认
            </Button>
          </View>
        </>
      )}
    </View>
  )
}

function Groups({ roster: r, onConfirm }: { roster: Roster; onConfirm: (e: RosterEntry) => void }) {
  const accepted = r.entries.filter((e) => e.status === 'accepted')
  const waitlisted = r.entries.filter((e) => e.status === 'waitlisted').sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0))
  const others = r.entries.filter((e) => e.status !== 'accepted' && e.status !== 'waitlisted')
  if (r.entries.length === 0) return <EmptyState title='还没有人报名' description='志愿者报名后会显示在这里' />
  const group = (key: string, title: string, list: RosterEntry[]) =>
    list.length ? (
      <View className={`roster-group roster-group--${key}`}>
        <View className='section-title'>
          {title}（{list.length}）
        </View>
        {list.map((e) => (
          <EntryCard key={e.signupId} activityId={r.activity.id} entry={e} onConfirm={() => onConfirm(e)} />
        ))}
      </View>
    ) : null
  return (
    <View>
      {group('accepted', '已报名', accepted)}
      {group('waitlisted', '候补', waitlisted)}
      {group('others', '其他', others)}
    </View>
  )
}

const clock = (instant: string) => chinaTime(instant).format('HH:mm')

const SIGNUP_ASKS: Record<SignupAction, (name: string) => { title: string; content: string; confirmText: string }> = {
  check_in: (name) => ({ title: '手动签到', content: `确认${name}已到场？签到时间记为现在。`, confirmText: '签到' }),
  check_out: (name) => ({ title: '手动签退', content: `为${name}签退？签退时间记为现在。`, confirmText: '签退' }),
  no_show: (name) => ({ title: '记为未到场', content: `${name}没有来参加活动？记为未到场后不能再签到。`, confirmText: '未到场' }),
}
const SIGNUP_DONE: Record<SignupAction, string> = { check_in: '已签到', check_out: '已签退', no_show: '已记为未到场' }

/**
 * 手动签到, 手动签退, 记未到场 with one Idempotency-Key per action until the server has answered it for good; the
 * server answers the roster as it is now, which the page shows at once.
 */
function useSignupAction(activityId: number) {
  const queryClient = useQueryClient()
  return useIdempotentMutation({
    mutationFn: (v: { signupId: number; action: SignupAction }, key) => actOnSignup(v.signupId, v.action, key),
    action: (v) => `${v.action}:${v.signupId}`,
    onSuccess: (roster, v) => {
      queryClient.setQueryData(staffVolunteerKeys.roster(activityId), roster)
      refreshAfterVolunteerWrite(queryClient)
      void Taro.showToast({ title: SIGNUP_DONE[v.action], icon: 'none' })
    },
    // The sign-up moved on meanwhile (someone scanned, the sweep checked out): show what is true now.
    refreshOnConflict: () => [staffVolunteerKeys.roster(activityId)],
  })
}

function EntryCard({ activityId, entry: e, onConfirm }: { activityId: number; entry: RosterEntry; onConfirm: () => void }) {
  const act = useSignupAction(activityId)
  const ask = async (action: SignupAction) => {
    const answer = await Taro.showModal({ ...SIGNUP_ASKS[action](e.name), cancelText: '取消' })
    if (answer.confirm) act.mutate({ signupId: e.signupId, action })
  }
  // The buttons are the server's `actions` for this sign-up now.
  const can = (action: RosterEntry['actions'][number]) => e.actions.includes(action)
  return (
    <View className={`card roster-entry roster-entry--${e.status}`}>
      <View className='roster-entry__head'>
        <View className='roster-entry__name'>{e.name}</View>
        {e.status === 'waitlisted' && e.waitlistPosition !== null ? <View className='tag tag--info roster-entry__position'>候补第{e.waitlistPosition}位</View> : null}
        {e.status === 'cancelled' || e.status === 'no_show' ? <View className='tag tag--warn roster-entry__status'>{SIGNUP_STATUS_LABELS[e.status]}</View> : null}
        {e.confirmedAt !== null ? <View className='tag tag--ok'>已确认</View> : null}
      </View>
      {e.phone ? (
        <Button size='small' className='tap-target roster-entry__phone' onClick={() => void Taro.makePhoneCall({ phoneNumber: e.phone! }).catch(() => undefined)}>
          拨打 {e.phone}
        </Button>
      ) : null}
      {e.checkedInAt || e.checkedOutAt ? (
        <View className='roster-entry__times'>
          {e.checkedInAt ? `${clock(e.checkedInAt)} 签到` : '未签到'}
          {e.checkedOutAt ? ` · ${clock(e.checkedOutAt)} 签退` : e.checkedInAt ? ' · 未签退' : ''}
        </View>
      ) : null}
      {e.computedHours !== null || e.confirmedHours !== null ? (
        <View className='roster-entry__hours'>
          {e.computedHours !== null ? `按签到计算 ${formatHours(e.computedHours)}` : ''}
          {e.computedHours !== null && e.confirmedHours !== null ? ' · ' : ''}
          {e.confirmedHours !== null ? `已确认 ${formatHours(e.confirmedHours)}` : ''}
        </View>
      ) : null}
      {e.actions.length ? (
        <View className='roster-entry__actions'>
          {can('check_in') ? (
            <Button type='primary' className='tap-target roster-entry__check-in' disabled={act.isPending} onClick={() => void ask('check_in')}>
              手动签到
            </Button>
          ) : null}
          {can('no_show') ? (
            <Button className='tap-target roster-entry__no-show' disabled={act.isPending} onClick={() => void ask('no_show')}>
              记未到场
            </Button>
          ) : null}
          {can('check_out') ? (
            <Button type='primary' className='tap-target roster-entry__check-out' disabled={act.isPending} onClick={() => void ask('check_out')}>
              手动签退
            </Button>
          ) : null}
          {can('confirm') ? (
            <Button type='primary' className='tap-target roster-entry__confirm' onClick={onConfirm}>
              确认时长
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
