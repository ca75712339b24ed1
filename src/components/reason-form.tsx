import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ApiError } from '../services/http'
import { WISH_LIMITS } from '../utils/wish-limits'
import { TextField } from './text-field'
import './form.scss'
import './wish-action-form.scss'

const WISH_REASON = { min: WISH_LIMITS.reasonMin, max: WISH_LIMITS.reasonMax }

/**
 * A reason of 2–100 characters, as the contract asks for 放弃认领 and 不通过; `limits` for other contracts
 * (a booking's reason may be longer).
 */
export function ReasonForm({
  title,
  placeholder,
  submitText,
  pending,
  error,
  onCancel,
  onSubmit,
  limits = WISH_REASON,
}: {
  title: string
  placeholder: string
  submitText: string
  pending: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (reason: string) => void
  limits?: { min: number; max: number }
}) {
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  const submit = () => {
    const n = reason.trim().length
    if (n < limits.min) return setMessage(`请写明原因（至少${limits.min}个字）`)
    if (n > limits.max) return setMessage(`原因最多${limits.max}个字`)
    setMessage(null)
    onSubmit(reason.trim())
  }
  const server = error instanceof ApiError ? (error.details?.[0]?.message ?? error.message) : null
  return (
    <View className='card wish-action-form'>
      <View className='wish-action-form__title'>{title}</View>
      <View className='field__label'>原因</View>
      <TextField value={reason} placeholder={placeholder} label='原因' maxLength={limits.max + 20} onChange={(v) => setReason(v)} />
      {message || server ? <View className='form-error'>{message || server}</View> : null}
      <Button type='primary' block className='tap-target' disabled={pending} onClick={submit}>
        {pending ? '正在提交…' : submitText}
      </Button>
      <Button block className='tap-target' onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}
