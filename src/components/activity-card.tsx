import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { EVENT_PHASE_LABELS, SIGNUP_STATUS_LABELS, VOLUNTEER_SKILL_LABELS, type SignupStatus } from '../../types/api/labels'
import type { ActivitySummary } from '../../types/api/volunteer'
import { formatEventTime } from '../utils/format'
import { Thumbnail } from './thumbnail'
import './activity-card.scss'

/** 2 → "2", 2.5 → "2.5": service hours as people say them. */
export function formatHours(hours: number): string {
  return String(Math.round(hours * 10) / 10)
}

/**
 * 余3个名额, or 已满·可候补 when every place is taken (the waitlist takes the rest), while it has not begun; once
 * begun, ended or cancelled, that instead (the server's phase).
 */
export function activityPlacesLabel(a: Pick<ActivitySummary, 'capacity' | 'signedUp' | 'phase'>): string {
  if (a.phase === 'cancelled') return '活动已取消'
  if (a.phase !== 'upcoming') return EVENT_PHASE_LABELS[a.phase]
  const left = a.capacity - a.signedUp
  return left > 0 ? `余${left}个名额` : '已满·可候补'
}

/** My sign-up as a tag: 已报名, 候补第2位, 已取消, 未到场. */
export function SignupStatusTag({ status, waitlistPosition }: { status: SignupStatus; waitlistPosition: number | null }) {
  const label = status === 'waitlisted' && waitlistPosition ? `候补第${waitlistPosition}位` : SIGNUP_STATUS_LABELS[status]
  return <View className={`signup-status signup-status--${status}`}>{label}</View>
}

type CardActivity = Omit<ActivitySummary, 'mySignup'>

/**
 * One volunteer activity in a list: its picture beside title, team, time and place; skills asked for, places
 * left, hours and points, and my sign-up when there is one. The whole card opens the activity. `simple`
 * (长辈模式's lists) shows the picture larger and keeps what decides whether to go — title, my sign-up, time,
 * place, places left — and leaves the rest to the activity's page.
 */
export function ActivityCard({
  activity: a,
  signup,
  showCommunity = false,
  simple = false,
  footer,
  onOpen,
}: {
  activity: CardActivity
  signup?: { status: SignupStatus; waitlistPosition: number | null } | null
  showCommunity?: boolean
  simple?: boolean
  footer?: ReactNode
  onOpen: () => void
}) {
  // Greyed: no place to be had (full, begun, ended or cancelled).
  const closed = a.phase !== 'upcoming' || a.signedUp >= a.capacity
  const when = (
    <>
      <View className='activity-card__time'>{formatEventTime(a.startsAt, a.endsAt)}</View>
      <View className='muted activity-card__place'>{a.place}</View>
    </>
  )
  return (
    <View className={`card activity-card tap-target${simple ? ' activity-card--simple' : ''}`} onClick={onOpen}>
      <View className='activity-card__main'>
        <Thumbnail url={a.thumbnailUrl} large={simple} />
        <View className='activity-card__body'>
          <View className='activity-card__head'>
            <View className='activity-card__title'>{a.title}</View>
            {signup ? <SignupStatusTag status={signup.status} waitlistPosition={signup.waitlistPosition} /> : null}
          </View>
          {simple ? (
            showCommunity ? (
              <View className='muted activity-card__team'>{a.communityName}</View>
            ) : null
          ) : a.teamName || a.projectName || showCommunity ? (
            <View className='muted activity-card__team'>{[showCommunity ? a.communityName : null, a.teamName, a.projectName].filter(Boolean).join(' · ')}</View>
          ) : null}
          {simple ? null : when}
        </View>
      </View>
      {/* 长辈模式: the time and place take the card's whole width, so large type does not break the time apart. */}
      {simple ? when : null}
      {!simple && a.skills.length ? (
        <View className='activity-card__skills'>
          {a.skills.map((s) => (
            <View key={s} className='skill-tag'>
              {VOLUNTEER_SKILL_LABELS[s]}
            </View>
          ))}
        </View>
      ) : null}
      <View className='activity-card__facts'>
        <View className={`activity-card__places${closed ? ' activity-card__places--full' : ''}`}>{activityPlacesLabel(a)}</View>
        {simple ? null : (
          <View className='activity-card__reward'>
            {formatHours(a.hours)}小时 · {a.points}积分
          </View>
        )}
      </View>
      {footer}
      <View className='activity-card__open'>查看详情 ›</View>
    </View>
  )
}
