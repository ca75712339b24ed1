import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ConfirmRequest } from '../../types/api/wishes'
import { fieldErrorsOf } from '../utils/field-errors'
import { stars } from '../utils/format'
import { WISH_LIMITS } from '../utils/wish-limits'
import { ChoiceButtons } from './choice-buttons'
import { TextArea } from './text-area'
import './form.scss'
import './wish-action-form.scss'

const { thanksMin: THANKS_MIN, thanksMax: WISH_THANKS_MAX } = WISH_LIMITS
type Field = 'thanks' | 'rating'
const RATINGS = [1, 2, 3, 4, 5].map((n) => ({ value: n, label: `${n}星` }))
const FIELD_OF: Record<string, Field> = { thanks: 'thanks', rating: 'rating' }

/** The contract's rules (ZConfirmRequest), for messages before sending. */
function validate(thanks: string, rating: number): Partial<Record<Field, string>> {
  const e: Partial<Record<Field, string>> = {}
  const n = thanks.trim().length
  if (n < THANKS_MIN) e.thanks = `请写一句感谢的话（至少${THANKS_MIN}个字）`
  else if (n > WISH_THANKS_MAX) e.thanks = `最多${WISH_THANKS_MAX}个字`
  if (rating < 1 || rating > 5) e.rating = '请打分（1–5星）'
  return e
}

/**
 * 确认完成: a word of thanks and 1–5 stars — by the wisher, or by staff on the wisher's behalf. `error` is the
 * last refusal, shown on its field or under the form.
 */
export function WishConfirmForm({
  title,
  submitText,
  pending,
  error,
  onSubmit,
}: {
  title: string
  submitText: string
  pending: boolean
  error: unknown
  onSubmit: (body: ConfirmRequest) => void
}) {
  const [thanks, setThanks] = useState('')
  const [rating, setRating] = useState(0)
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const server = fieldErrorsOf(error, FIELD_OF)
  // The server's word on a field stays until that field is edited.
  useEffect(() => {
    if (error) setErrors((e) => ({ ...e, ...fieldErrorsOf(error, FIELD_OF).fields }))
  }, [error])
  const edit = <T,>(field: Field, setter: (v: T) => void) => (v: T) => {
    setter(v)
    setErrors((e) => ({ ...e, [field]: undefined }))
  }
  const submit = () => {
    const found = validate(thanks, rating)
    setErrors(found)
    if (Object.keys(found).length === 0) onSubmit({ thanks: thanks.trim(), rating })
  }
  return (
    <View className='card wish-action-form wish-confirm-form'>
      <View className='wish-action-form__title'>{title}</View>
      <View className='field__label'>感谢的话</View>
      <TextArea value={thanks} placeholder='例如：谢谢小李，收音机很好用！' label='感谢的话' maxLength={WISH_THANKS_MAX + 50} onChange={edit('thanks', setThanks)} />
      {errors.thanks ? <View className='form-error'>{errors.thanks}</View> : null}
      <View className='field__label'>打分</View>
      <View className='wish-confirm-form__stars'>{rating ? `${stars(rating)} ${rating}星` : '请点下面的按钮打分'}</View>
      <ChoiceButtons options={RATINGS} value={rating || null} onChange={edit('rating', setRating)} />
      {errors.rating ? <View className='form-error'>{errors.rating}</View> : null}
      {server.other.map((m) => (
        <View key={m} className='form-error'>
          {m}
        </View>
      ))}
      <Button type='primary' block className='tap-target' disabled={pending} onClick={submit}>
        {pending ? '正在提交…' : submitText}
      </Button>
    </View>
  )
}
