import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button as TaroButton, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { TextField } from './text-field'
import './phone-field.scss'

/** A phone number as a form holds it: typed, or the code of WeChat's phone button (the server asks WeChat). */
export type PhoneValue = { phone: string; phoneCode: string | null }

/** What the contract takes: the code when WeChat gave one, else the number typed. */
export function phoneBody(v: PhoneValue): { phone: string } | { phoneCode: string } {
  return v.phoneCode ? { phoneCode: v.phoneCode } : { phone: v.phone.trim() }
}

/** The form's own check: a code, or 11 digits starting with 1. */
export function phoneProblem(v: PhoneValue): string | null {
  if (v.phoneCode) return null
  const typed = v.phone.trim()
  if (!typed) return '请填写手机号或使用微信手机号'
  return /^1[3-9]\d{9}$/.test(typed) ? null : '请填写11位手机号'
}

/**
 * 手机号: WeChat's 手机号快速验证 button where the phone has it (the mini-program, recent base libraries), and the
 * number typed always; once WeChat gave a code the field says so and offers to type instead.
 */
export function PhoneField({ value, onChange }: { value: PhoneValue; onChange: (v: PhoneValue) => void }) {
  const [phoneButton] = useState(() => Taro.canIUse('button.open-type.getPhoneNumber'))
  const onPhoneNumber = (e: { detail: { code?: string; errMsg?: string } }) => {
    if (e.detail.code) onChange({ ...value, phoneCode: e.detail.code })
    else void Taro.showToast({ title: '没有获取到微信手机号，请手动填写', icon: 'none', duration: 2500 })
  }
  if (value.phoneCode) {
    return (
      <View className='phone-field__code'>
        <View className='phone-field__hint'>✓ 将使用您微信绑定的手机号</View>
        <Button className='tap-target' onClick={() => onChange({ ...value, phoneCode: null })}>
          改为手动填写
        </Button>
      </View>
    )
  }
  return (
    <View className='phone-field'>
      {phoneButton ? (
        <TaroButton className='phone-field__wechat tap-target' openType='getPhoneNumber' onGetPhoneNumber={onPhoneNumber}>
          使用微信手机号
        </TaroButton>
      ) : null}
      <TextField type='number' value={value.phone} placeholder='请输入11位手机号' label='手机号' maxLength={11} onChange={(phone) => onChange({ ...value, phone })} />
    </View>
  )
}
