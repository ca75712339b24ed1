import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQueryClient } from '@tanstack/react-query'
import type { RosterEntry } from '../../../../types/api/volunteer'
import { chinaTime } from '../../../../types/time'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { ApiError } from '../../../services/http'
import { confirmHours, refreshAfterVolunteerWrite, staffVolunteerKeys, type ConfirmHoursInput } from '../../../services/staff/volunteer'
import { formatHours, VOLUNTEER_REASON_LIMITS } from '../volunteer-parts'

type Choice = 'computed' | 'adjusted'

/** The contract's figure (ZConfirmHoursRequest): 0–24 hours in half hours. */
const HOURS_MAX = 24
const DECIMAL = /^\d+(\.\d+)?$/

/**
 * 确认时长 for one volunteer, in a sheet over the roster: accept the hours computed from the check-in and
 * check-out, or enter another figure with the reason the server logs with the adjustment.
 */
export function ConfirmHoursSheet({ activityId, entry: e, onClose }: { activityId: number; entry: RosterEntry; onClose: () => void }) {
  const queryClient = useQueryClient()
  const [choice, setChoice] = useState<Choice>('computed')
  const [hours, setHours] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ hours?: string; reason?: string }>({})
  const action = (input: ConfirmHoursInput) => JSON.stringify([e.signupId, input])
  const confirm = useIdempotentMutation({
    mutationFn: (input: ConfirmHoursInput, key) => confirmHours(e.signupId, input, key),
    action,
    onSuccess: (roster, input) => {
      queryClient.setQueryData(staffVolunteerKeys.roster(activityId), roster)
      refreshAfterVolunteerWrite(queryClient)
      const credited = input.hours ?? e.computedHours
      void Taro.showToast({ title: credited === null ? '已确认服务时长' : `已确认${e.name}的服务时长${formatHours(credited)}`, icon: 'none', duration: 2500 })
      onClose()
    },
    refreshOnConflict: () => [staffVolunteerKeys.roster(activityId)],
  })
  const server = confirm.error instanceof ApiError ? (confirm.error.details?.[0]?.message ?? confirm.error.message) : null

  const submit = () => {
    if (choice === 'computed') return confirm.mutate({})
    const found: typeof errors = {}
    const n = Number(hours.trim())
    if (!DECIMAL.test(hours.trim()) || !Number.isInteger(n * 2) || n > HOURS_MAX) found.hours = `请填写时长，以半小时为单位，例如 2 或 2.5（最多${HOURS_MAX}小时）`
    const r = reason.trim()
    if (r.length < VOLUNTEER_REASON_LIMITS.min) found.reason = `调整时长须写明原因（至少${VOLUNTEER_REASON_LIMITS.min}个字）`
    else if (r.length > VOLUNTEER_REASON_LIMITS.max) found.reason = `原因最多${VOLUNTEER_REASON_LIMITS.max}个字`
    setErrors(found)
    if (Object.keys(found).length > 0) return
    confirm.mutate({ hours: n, reason: r })
  }

  const computed = e.computedHours === null ? '—' : formatHours(e.computedHours)
  const options = [
    { value: 'computed' as const, label: `按签到计算 ${computed}` },
    { value: 'adjusted' as const, label: '调整时长' },
  ]
  return (
    <View className='sheet confirm-hours'>
      <View className='sheet__mask' onClick={onClose} />
      <View className='sheet__body'>
        <View className='sheet__title'>确认「{e.name}」的服务时长</View>
        <View className='muted'>
          {[e.checkedInAt && `${chinaTime(e.checkedInAt).format('HH:mm')} 签到`, e.checkedOutAt && `${chinaTime(e.checkedOutAt).format('HH:mm')} 签退`].filter(Boolean).join(' · ')}
        </View>
        <View className='field__hint'>按签到签退时间计算活动时段内的时长，以半小时为单位。</View>
        <ChoiceButtons options={options} value={choice} onChange={setChoice} />
        {choice === 'adjusted' ? (
          <>
            <View className='field__label'>实际服务时长（小时）</View>
            <View className='field__hint'>以半小时为单位，例如 2 或 2.5；调整会连同原因留档</View>
            <TextField
              value={hours}
              placeholder='例如：2.5'
              label='实际服务时长（小时）'
              maxLength={4}
              onChange={(v) => {
                setHours(v)
                setErrors((x) => ({ ...x, hours: undefined }))
              }}
            />
            {errors.hours ? <View className='form-error form-error--hours'>{errors.hours}</View> : null}
            <View className='field__label'>调整原因</View>
            <TextField
              value={reason}
              placeholder='例如：提前到场布置场地'
              label='调整原因'
              maxLength={VOLUNTEER_REASON_LIMITS.max + 20}
              onChange={(v) => {
                setReason(v)
                setErrors((x) => ({ ...x, reason: undefined }))
              }}
            />
            {errors.reason ? <View className='form-error form-error--reason'>{errors.reason}</View> : null}
          </>
        ) : null}
        {server ? <View className='form-error'>{server}</View> : null}
        <Button type='primary' block className='tap-target confirm-hours__submit' disabled={confirm.isPending} onClick={submit}>
          {confirm.isPending ? '正在确认…' : '确认时长'}
        </Button>
        <Button block className='tap-target' onClick={onClose}>
          取消
        </Button>
      </View>
    </View>
  )
}
