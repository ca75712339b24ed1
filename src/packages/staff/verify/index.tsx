import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Redemption } from '../../../../types/api/points'
import { PageShell } from '../../../components/page-shell'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { pointsKeys } from '../../../services/points'
import { verifyRedemption } from '../../../services/staff/points'
import { formatDateTime } from '../../../utils/format'
import { StaffGate } from '../staff-gate'
import './index.scss'

const CODE_PATTERN = /^[0-9A-Z]{8}$/

export default function VerifyPage() {
  return (
    <PageShell>
      <StaffGate>{() => <Verifier />}</StaffGate>
    </PageShell>
  )
}

function Verifier() {
  const [code, setCode] = useState('')
  const [formError, setFormError] = useState<string | null>(null)
  const verify = useIdempotentMutation({
    mutationFn: (c: string, key) => verifyRedemption(c, key),
    action: (c) => `verify:${c}`,
    onSuccess: () => setCode(''),
    invalidate: [pointsKeys.staff],
  })

  const submit = (raw: string) => {
    const c = raw.trim().toUpperCase()
    if (!c) return setFormError('请输入取货码')
    if (!CODE_PATTERN.test(c)) return setFormError('取货码为8位字母或数字')
    setFormError(null)
    verify.mutate(c)
  }

  const scan = async () => {
    let scanned: string
    try {
      // The QR code on the resident's phone holds the pickup code itself.
      scanned = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
    } catch (err) {
      const message = (err as { errMsg?: string } | undefined)?.errMsg ?? ''
      if (!message.includes('cancel')) void Taro.showToast({ title: '无法打开扫码，请手动输入取货码', icon: 'none', duration: 2500 })
      return
    }
    setCode(scanned.trim().toUpperCase())
    submit(scanned)
  }

  return (
    <View>
      <Button type='primary' block className='tap-target verify-scan' disabled={verify.isPending} onClick={() => void scan()}>
        扫码核销
      </Button>
      <View className='section-title'>或手动输入取货码</View>
      <View className='card verify-manual'>
        <TextField
          className='verify-manual__input'
          value={code}
          maxLength={8}
          placeholder='8位字母或数字'
          label='取货码'
          onChange={(value) => {
            setCode(value.toUpperCase())
            setFormError(null)
          }}
        />
        {formError ? <View className='form-error'>{formError}</View> : null}
        <Button type='primary' block className='tap-target' disabled={verify.isPending} onClick={() => submit(code)}>
          {verify.isPending ? '正在核销…' : '核销'}
        </Button>
      </View>
      {verify.isSuccess ? <Verified redemption={verify.data} /> : null}
      {verify.isError ? <Failed code={verify.variables} error={verify.error} /> : null}
    </View>
  )
}

function Verified({ redemption: r }: { redemption: Redemption }) {
  return (
    <View className='card verify-result verify-result--ok'>
      <View className='verify-result__title'>核销成功，请把物品交给居民</View>
      <View className='verify-result__item'>{r.itemName}</View>
      <View className='verify-result__rows'>
        <View>取货码：{r.pickupCode}</View>
        <View>兑换人：{r.redeemerName}</View>
        <View>住址：{r.householdAddress}</View>
        <View>使用积分：{r.points}</View>
        <View>领取地点：{r.stationName}</View>
        {r.pickedUpAt ? <View>核销时间：{formatDateTime(r.pickedUpAt)}</View> : null}
      </View>
    </View>
  )
}

function Failed({ code, error }: { code: string; error: Error }) {
  const message = error instanceof ApiError ? (error.details?.[0]?.message ?? error.message) : NETWORK_ERROR_MESSAGE
  return (
    <View className='card verify-result verify-result--fail'>
      <View className='verify-result__title'>核销失败</View>
      <View className='verify-result__message'>{message}</View>
      <View className='muted'>取货码：{code}</View>
    </View>
  )
}
