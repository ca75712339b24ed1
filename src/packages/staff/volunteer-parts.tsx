import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ActivitySummary } from '../../../types/api/volunteer'
import { VOLUNTEER_SKILL_LABELS, VOLUNTEER_SKILLS, type VolunteerSkill } from '../../../types/api/labels'
import { ROUTES } from '../../utils/navigation'
import './booking-parts.scss'
import './volunteer-parts.scss'

/**
 * The contract's limits on an organiser's reason (types/api/volunteer.ts: ZCancelActivityRequest, and the
 * adjustment reason of ZConfirmHoursRequest), repeated because that module carries zod, which must not enter the
 * mini-program.
 */
export const VOLUNTEER_REASON_LIMITS = { min: 2, max: 200 } as const

/** 2.5 → 2.5小时; hours are exact to the half hour. */
export function formatHours(hours: number): string {
  return `${Number(hours.toFixed(1))}小时`
}

/** Over when the server says it has ended: the organiser's list shows it greyed, after what is still to come. */
export function isOver(a: Pick<ActivitySummary, 'phase'>): boolean {
  return a.phase === 'ended'
}

export const rosterUrl = (activityId: number) => `${ROUTES.staffRoster}?id=${activityId}`
export const activityQrUrl = (activityId: number) => `${ROUTES.staffActivityQr}?id=${activityId}`

/** 已报名 12/20 · 候补 3 */
export function signupCounts(a: Pick<ActivitySummary, 'capacity' | 'signedUp' | 'waitlisted'>): string {
  return `已报名 ${a.signedUp}/${a.capacity}${a.waitlisted > 0 ? ` · 候补 ${a.waitlisted}` : ''}`
}

/** 已取消 / 已结束 as small tags next to an activity's title. */
export function ActivityStateTags({ activity: a }: { activity: Pick<ActivitySummary, 'phase'> }) {
  if (a.phase === 'cancelled') return <View className='tag tag--warn activity-state activity-state--cancelled'>已取消</View>
  if (isOver(a)) return <View className='tag activity-state activity-state--over'>已结束</View>
  return null
}

export function SkillTags({ skills }: { skills: readonly VolunteerSkill[] }) {
  if (!skills.length) return null
  return (
    <View className='skill-tags'>
      {skills.map((s) => (
        <View key={s} className='tag tag--info'>
          {VOLUNTEER_SKILL_LABELS[s]}
        </View>
      ))}
    </View>
  )
}

/** Several skills chosen from VOLUNTEER_SKILL_LABELS, kept in the contract's order. */
export function SkillPicker({ value, onChange }: { value: readonly VolunteerSkill[]; onChange: (skills: VolunteerSkill[]) => void }) {
  const toggle = (s: VolunteerSkill) => {
    const next = value.includes(s) ? value.filter((x) => x !== s) : [...value, s]
    onChange(VOLUNTEER_SKILLS.filter((x) => next.includes(x)))
  }
  return (
    <View className='skill-picker'>
      {VOLUNTEER_SKILLS.map((s) => {
        const chosen = value.includes(s)
        return (
          <Button
            key={s}
            className={`tap-target skill-picker__item${chosen ? ' skill-picker__item--chosen' : ''}`}
            type={chosen ? 'primary' : 'default'}
            onClick={() => toggle(s)}
          >
            {VOLUNTEER_SKILL_LABELS[s]}
          </Button>
        )
      })}
    </View>
  )
}
