import { useState, type ReactNode } from 'react'
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import { Map, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { VOLUNTEER_SKILL_LABELS, type ActivityAction } from '../../../../types/api/labels'
import type { Activity } from '../../../../types/api/volunteer'
import { activityPlacesLabel, formatHours, SignupStatusTag } from '../../../components/activity-card'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { PictureBanner } from '../../../components/thumbnail'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useReminderSubscription } from '../../../hooks/use-reminder-subscription'
import { ApiError } from '../../../services/http'
import { activityKeys, cancelSignup, getActivity, scanActivityCode, signUp, volunteerKeys } from '../../../services/volunteer'
import { formatDateTime, formatEventTime } from '../../../utils/format'
import { goTo, goToLogin, ROUTES } from '../../../utils/navigation'
import { activityUrl, errorMessage, locate, scanQr } from '../parts'
import '../volunteer.scss'
import './index.scss'

export default function ActivityDetailPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const valid = Number.isInteger(id) && id > 0
  const activity = useQuery({ queryKey: activityKeys.detail(id), queryFn: () => getActivity(id), enabled: valid })
  // The share card: this activity's title, and the path that opens it.
  useShareAppMessage(() => ({ title: activity.data ? `志愿活动：${activity.data.title}` : '志愿活动', path: activityUrl(id) }))
  usePullRefresh(() => (valid ? activity.refetch() : Promise.resolve()))
  return (
    <PageShell>
      {valid ? (
        <QueryView query={activity} onLogin={goToLogin} skeletonRows={8}>
          {(a) => (
            <View>
              <Main activity={a} />
              <Place activity={a} />
              <MySignupCard activity={a} />
              <Actions activity={a} />
            </View>
          )}
        </QueryView>
      ) : (
        <EmptyState title='找不到这个活动' description='链接可能不完整，请从活动列表进入' />
      )}
    </PageShell>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='volunteer-facts__row'>
      <View className='volunteer-facts__label'>{label}</View>
      <View className='volunteer-facts__value'>{children}</View>
    </View>
  )
}

function Main({ activity: a }: { activity: Activity }) {
  return (
    <View className='card activity-main'>
      <PictureBanner url={a.imageUrl} photo={a.photo !== null} label='活动照片，点击查看大图' />
      <View className='activity-main__title'>{a.title}</View>
      {a.cancelled ? (
        <View className='volunteer-notice activity-main__cancelled'>
          <View className='activity-main__cancelled-title'>活动已取消</View>
          {a.cancelReason ? <View className='activity-main__cancel-reason'>取消原因：{a.cancelReason}</View> : null}
        </View>
      ) : null}
      <View className='volunteer-facts'>
        <Fact label='时间'>{formatEventTime(a.startsAt, a.endsAt)}</Fact>
        <Fact label='组织单位'>{a.communityName}</Fact>
        {a.teamName ? <Fact label='服务队'>{a.teamName}</Fact> : null}
        {a.projectName ? <Fact label='服务项目'>{a.projectName}</Fact> : null}
        {a.organiserName ? (
          <Fact label='组织者'>
            {a.organiserName}
            {a.organiserPhone ? ` ${a.organiserPhone}` : ''}
          </Fact>
        ) : null}
        <Fact label='名额'>
          已报名{a.signedUp}/{a.capacity}人，{activityPlacesLabel(a)}
        </Fact>
        {a.waitlisted > 0 ? <Fact label='候补'>{a.waitlisted}人候补中</Fact> : null}
        <Fact label='服务时长'>{formatHours(a.hours)}小时（全程参加，以组织者确认为准）</Fact>
        <Fact label='积分奖励'>{a.points}积分</Fact>
        {a.phase === 'upcoming' ? <Fact label='取消期限'>{formatDateTime(a.cancelDeadline)}前可自行取消</Fact> : null}
      </View>
      {a.skills.length ? (
        <View className='activity-main__skills'>
          <View className='volunteer-facts__label'>所需技能</View>
          <View className='activity-card__skills'>
            {a.skills.map((s) => (
              <View key={s} className='skill-tag'>
                {VOLUNTEER_SKILL_LABELS[s]}
              </View>
            ))}
          </View>
        </View>
      ) : null}
      {a.description ? <View className='activity-main__description'>{a.description}</View> : null}
      {a.organiserPhone ? (
        <Button block className='tap-target' onClick={() => void Taro.makePhoneCall({ phoneNumber: a.organiserPhone! }).catch(() => undefined)}>
          联系组织者
        </Button>
      ) : null}
    </View>
  )
}

/**
 * Where: the place in words, and — when the organiser set the spot — WeChat's map with a marker (only in the
 * mini-program: Taro's H5 map needs Baidu's script, which the web demo does not load) and 查看位置, which
 * opens the spot in the phone's map app for directions.
 */
function Place({ activity: a }: { activity: Activity }) {
  const [mapFailed, setMapFailed] = useState(false)
  const spot = a.latitude !== null && a.longitude !== null ? { latitude: a.latitude, longitude: a.longitude } : null
  const open = () => {
    if (!spot) return
    void Promise.resolve()
      .then(() => Taro.openLocation({ ...spot, name: a.place, address: a.stationName ?? a.place, scale: 17 }))
      .catch(() => undefined)
  }
  return (
    <View className='card activity-place'>
      <View className='volunteer-card-title'>活动地点</View>
      <View className='activity-place__name'>{a.place}</View>
      {a.stationName && a.stationName !== a.place ? <View className='muted'>{a.stationName}</View> : null}
      {a.geofenceMeters ? <View className='muted'>需在活动地点{a.geofenceMeters}米范围内扫码签到</View> : null}
      {spot && process.env.TARO_ENV === 'weapp' && !mapFailed ? (
        <Map
          className='activity-place__map'
          latitude={spot.latitude}
          longitude={spot.longitude}
          scale={16}
          markers={[{ id: a.id, ...spot, title: a.place, iconPath: '/assets/tab/activity-active.png', width: 32, height: 32 }] as never}
          onTap={open}
          onMarkerTap={open}
          onError={() => setMapFailed(true)}
        />
      ) : null}
      {spot ? (
        <Button block className='tap-target activity-place__open' onClick={open}>
          查看位置和路线
        </Button>
      ) : null}
    </View>
  )
}

function MySignupCard({ activity: a }: { activity: Activity }) {
  const s = a.mySignup
  if (!s) return null
  return (
    <View className='card activity-signup'>
      <View className='activity-signup__head'>
        <View className='volunteer-card-title'>我的报名</View>
        <SignupStatusTag status={s.status} waitlistPosition={s.waitlistPosition} />
      </View>
      {s.status === 'waitlisted' ? (
        <View className='activity-signup__hint'>
          您在候补第{s.waitlistPosition ?? '-'}位，有人取消时按顺序自动递补，递补成功会通知您
        </View>
      ) : null}
      {s.status === 'accepted' && !s.checkedInAt ? <View className='activity-signup__hint'>到场后扫描组织者手机上的签到码签到，结束时再扫一次签退</View> : null}
      <View className='volunteer-facts'>
        {s.checkedInAt ? <Fact label='签到时间'>{formatDateTime(s.checkedInAt)}</Fact> : null}
        {s.checkedOutAt ? <Fact label='签退时间'>{formatDateTime(s.checkedOutAt)}</Fact> : null}
        {s.confirmedHours !== null ? (
          <Fact label='确认时长'>{formatHours(s.confirmedHours)}小时</Fact>
        ) : s.checkedOutAt ? (
          <Fact label='确认时长'>等待组织者确认</Fact>
        ) : null}
      </View>
    </View>
  )
}

/** The buttons the server offers (`actions`): 报名 / 候补, 取消报名, 扫码签到 / 签退, and 管理 for organisers. */
function Actions({ activity }: { activity: Activity }) {
  const queryClient = useQueryClient()
  const askForReminders = useReminderSubscription('signed_up')
  const has = (action: ActivityAction) => activity.actions.includes(action)
  const id = activity.id

  const done = (a: Activity, message: string) => {
    queryClient.setQueryData(activityKeys.detail(a.id), a)
    void queryClient.invalidateQueries({ queryKey: activityKeys.all, predicate: (q) => !(q.queryKey[1] === 'detail' && q.queryKey[2] === a.id) })
    void queryClient.invalidateQueries({ queryKey: volunteerKeys.all })
    // 活动预告 counts the places taken.
    void queryClient.invalidateQueries({ queryKey: ['events'] })
    void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
  }
  // When the server says things have moved on (full, too late …), show the activity as it is now.
  const refreshOnConflict = () => [activityKeys.detail(id)]

  const askRegister = async () => {
    const answer = await Taro.showModal({ title: '请先注册志愿者', content: '报名志愿活动需要先登记实名、手机号和服务技能，现在去注册吗？', confirmText: '去注册', cancelText: '以后再说' })
    if (answer.confirm) goTo(ROUTES.volunteerRegister)
  }

  const signup = useIdempotentMutation({
    mutationFn: (_vars, key) => signUp(id, key),
    action: () => `signup:${id}`,
    onSuccess: (a) => {
      const mine = a.mySignup
      done(a, mine?.status === 'waitlisted' ? `已加入候补，排第${mine.waitlistPosition ?? '-'}位` : '报名成功')
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'VOLUNTEER_NOT_REGISTERED') void askRegister()
    },
    refreshOnConflict,
  })
  // 报名 is offered to every resident; one not registered yet is refused and offered the way to register instead
  // of the error. Back on this page (from registering, or not) the refusal is forgotten: 报名 is simply pressed again.
  const needsRegistration = signup.error instanceof ApiError && signup.error.code === 'VOLUNTEER_NOT_REGISTERED'
  useDidShow(() => {
    if (signup.isError) signup.reset()
  })
  const cancel = useIdempotentMutation({
    mutationFn: (_vars, key) => cancelSignup(id, key),
    action: () => `cancel:${id}`,
    onSuccess: (a) => done(a, '已取消报名'),
    refreshOnConflict,
  })
  const scan = useIdempotentMutation({
    // A code is valid for about a minute: when the activity checks where the volunteer is, the server says
    // LOCATION_REQUIRED and the same code is sent again with the phone's position.
    mutationFn: async (code: string, key, keyFor) => {
      try {
        return await scanActivityCode({ code }, key)
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'LOCATION_REQUIRED')) throw err
        const where = await locate()
        return scanActivityCode({ code, ...where }, keyFor('located'))
      }
    },
    action: (code) => `scan:${code}`,
    onSuccess: (result) => {
      done(result.activity, result.action === 'checked_in' ? '签到成功' : '签退成功')
      // The code of another activity checks in there: show that one.
      if (result.activity.id !== id) void Taro.redirectTo({ url: activityUrl(result.activity.id) })
    },
    refreshOnConflict,
  })
  const failed = [signup, cancel, scan].find((m) => m.isError)

  const askCancel = async () => {
    const waiting = activity.mySignup?.status === 'waitlisted'
    const answer = await Taro.showModal({
      title: waiting ? '取消候补' : '取消报名',
      content: waiting ? '确定不再候补这个活动吗？' : '确定要取消报名吗？您的名额会让给候补的志愿者。',
      confirmText: waiting ? '取消候补' : '取消报名',
      cancelText: '再想想',
    })
    if (answer.confirm) cancel.mutate()
  }
  // 报名 and 加入候补 ask for the reminders (activity tomorrow, promoted from the waitlist, cancelled) first,
  // while still inside the tap: WeChat shows its dialog only from a tap.
  const signUpNow = () => {
    askForReminders()
    signup.mutate()
  }
  const startScan = async () => {
    const code = await scanQr('无法打开扫码，请联系组织者手动签到')
    if (code !== null) scan.mutate(code)
  }

  const checkedIn = Boolean(activity.mySignup?.checkedInAt)
  return (
    <View className='activity-actions'>
      {failed && !needsRegistration ? <View className='volunteer-notice activity-actions__error'>{errorMessage(failed.error)}</View> : null}
      {has('sign_up') ? (
        <Button type='primary' block className='tap-target activity-actions__signup' disabled={signup.isPending} onClick={signUpNow}>
          {signup.isPending ? '正在报名…' : '我要报名'}
        </Button>
      ) : null}
      {has('join_waitlist') ? (
        <>
          <View className='muted'>名额已满，可以加入候补：有人取消时按顺序自动递补</View>
          <Button type='primary' block className='tap-target activity-actions__waitlist' disabled={signup.isPending} onClick={signUpNow}>
            {signup.isPending ? '正在提交…' : '加入候补'}
          </Button>
        </>
      ) : null}
      {has('scan') ? (
        <Button type='primary' block className='tap-target activity-actions__scan' disabled={scan.isPending} onClick={() => void startScan()}>
          {scan.isPending ? '正在提交…' : checkedIn ? '扫码签退' : '扫码签到'}
        </Button>
      ) : null}
      {has('cancel_signup') ? (
        <Button block className='tap-target activity-actions__cancel' disabled={cancel.isPending} onClick={() => void askCancel()}>
          {cancel.isPending ? '正在取消…' : activity.mySignup?.status === 'waitlisted' ? '取消候补' : '取消报名'}
        </Button>
      ) : null}
      {has('manage') ? (
        <Button block className='tap-target activity-actions__manage' onClick={() => goTo(`${ROUTES.staffRoster}?id=${id}`)}>
          管理活动（名单、签到码、确认时长）
        </Button>
      ) : null}
      {needsRegistration ? <RegisterInvite /> : null}
    </View>
  )
}

/** After 报名 was refused because the resident has not registered: what registering gives, and the way there. */
function RegisterInvite() {
  return (
    <View className='card activity-register'>
      <View className='volunteer-card-title'>注册志愿者后即可报名</View>
      <View className='muted'>登记实名、手机号和服务技能，报名参加社区志愿活动，累计服务时长和积分。</View>
      <Button type='primary' block className='tap-target activity-register__go' onClick={() => goTo(ROUTES.volunteerRegister)}>
        去注册
      </Button>
    </View>
  )
}
