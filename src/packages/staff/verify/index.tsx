import { useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { REDEMPTION_STATUS_LABELS } from '../../../../types/api/labels'
import type { Redemption, RedemptionLookup } from '../../../../types/api/points'
import { PageShell } from '../../../components/page-shell'
import { TextField } from '../../../components/text-field'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { pointsKeys } from '../../../services/points'
import { lookUpRedemption, verifyRedemption } from '../../../services/staff/points'
import { formatDateTime } from '../../../utils/format'
import { StaffGate } from '../staff-gate'
import './index.scss'

const CODE_PATTERN = /^[0-9A-Z]{8}$/

/** A plain browser has no camera API for a web page; WeChat (the mini-program, or its browser's JS-SDK) has. */
const SCAN_UNAVAILABLE = process.env.TARO_ENV === 'h5' ? '请在微信中扫码，或输入取货码' : '无法打开扫码，请手动输入取货码'

export default function VerifyPage() {
  return (
    <PageShell>
      <StaffGate>{() => <Verifier />}</StaffGate>
    </PageShell>
  )
}

/**
 * 核销 in two steps: a typed or scanned code is first looked up (who collects what, and whether it can be handed
 * over), then 确认核销 writes it. Nothing is handed over on a typo.
 */
function Verifier() {
  const queryClient = useQueryClient()
  const [code, setCode] = useState('')
  const [formError, setFormError] = useState<string | null>(null)
  const [scanNote, setScanNote] = useState<string | null>(null)
  const [focusInput, setFocusInput] = useState(false)
  // The code being looked at; null once handed over or put aside.
  const [looking, setLooking] = useState<string | null>(null)
  const [verified, setVerified] = useState<Redemption | null>(null)

  const lookup = useQuery({
    queryKey: pointsKeys.redemptionLookup(looking ?? ''),
    queryFn: () => lookUpRedemption(looking!),
    enabled: looking !== null,
    // What a code shows may change at the counter (another staff member hands it over): always ask again.
    staleTime: 0,
  })
  const verify = useIdempotentMutation({
    mutationFn: (c: string, key) => verifyRedemption(c, key),
    action: (c) => `verify:${c}`,
    onSuccess: (redemption) => {
      setVerified(redemption)
      setLooking(null)
      setCode('')
    },
    invalidate: [pointsKeys.staff],
    // Handed over or cancelled meanwhile: the preview shows the state it is in now.
    refreshOnConflict: (c) => [pointsKeys.redemptionLookup(c)],
  })

  const look = (raw: string) => {
    const c = raw.trim().toUpperCase()
    if (!c) return setFormError('请输入取货码')
    if (!CODE_PATTERN.test(c)) return setFormError('取货码为8位字母或数字')
    setFormError(null)
    setScanNote(null)
    setVerified(null)
    verify.reset()
    if (c === looking) void lookup.refetch()
    else setLooking(c)
  }

  const cannotScan = () => {
    setScanNote(SCAN_UNAVAILABLE)
    setFocusInput(true)
    void Taro.showToast({ title: SCAN_UNAVAILABLE, icon: 'none', duration: 2500 })
  }

  const scan = async () => {
    setScanNote(null)
    setFocusInput(false)
    let scanned: unknown
    try {
      // The QR code on the resident's phone holds the pickup code itself.
      scanned = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
    } catch (err) {
      const message = (err as { errMsg?: string } | undefined)?.errMsg ?? ''
      if (!message.includes('cancel')) cannotScan()
      return
    }
    // Taro's H5 build answers "success" without a result where the page has no WeChat JS-SDK.
    if (typeof scanned !== 'string' || !scanned.trim()) return cannotScan()
    setCode(scanned.trim().toUpperCase())
    look(scanned)
  }

  return (
    <View>
      <Button type='primary' block className='tap-target verify-scan' disabled={verify.isPending} onClick={() => void scan()}>
        扫码核销
      </Button>
      {scanNote ? <View className='verify-scan-note'>{scanNote}</View> : null}
      <View className='section-title'>或手动输入取货码</View>
      <View className='card verify-manual'>
        <TextField
          className='verify-manual__input'
          value={code}
          maxLength={8}
          placeholder='8位字母或数字'
          label='取货码'
          focus={focusInput}
          onChange={(value) => {
            setCode(value.toUpperCase())
            setFormError(null)
          }}
        />
        {formError ? <View className='form-error'>{formError}</View> : null}
        <Button type='primary' block className='tap-target verify-manual__look' disabled={lookup.isFetching || verify.isPending} onClick={() => look(code)}>
          {lookup.isFetching ? '正在查询…' : '查询'}
        </Button>
      </View>
      {verified ? <Verified redemption={verified} /> : null}
      {looking !== null && !verified ? (
        lookup.isPending ? (
          <View className='card verify-loading muted'>正在查询取货码 {looking}…</View>
        ) : lookup.isError ? (
          <LookupFailed code={looking} error={lookup.error} onRetry={() => void lookup.refetch()} />
        ) : (
          <Preview
            redemption={lookup.data}
            pending={verify.isPending}
            error={verify.error}
            onConfirm={() => verify.mutate(lookup.data.pickupCode)}
            onCancel={() => {
              setLooking(null)
              verify.reset()
              queryClient.removeQueries({ queryKey: pointsKeys.redemptionLookup(lookup.data.pickupCode) })
            }}
          />
        )
      ) : null}
    </View>
  )
}

/** Why a looked-up code cannot be handed over, in the words of the counter. */
function refusal(r: RedemptionLookup): string {
  if (r.status === 'picked_up') return r.pickedUpAt ? `已于${formatDateTime(r.pickedUpAt)}领取，不能重复领取` : '已领取，不能重复领取'
  if (r.status === 'cancelled') return '居民已取消这次兑换，积分已退回'
  if (r.status === 'expired') return `已过领取期限（${formatDateTime(r.expiresAt)}），积分已退回`
  return '现在不能核销'
}

function Preview({ redemption: r, pending, error, onConfirm, onCancel }: { redemption: RedemptionLookup; pending: boolean; error: Error | null; onConfirm: () => void; onCancel: () => void }) {
  const canVerify = r.actions.includes('verify')
  const failure = error ? (error instanceof ApiError ? (error.details?.[0]?.message ?? error.message) : NETWORK_ERROR_MESSAGE) : null
  return (
    <View className={`card verify-preview verify-preview--${r.status}`}>
      <View className='verify-preview__head'>
        <View className='verify-preview__title'>{canVerify ? '请核对后交付' : '不能核销'}</View>
        <View className={`verify-state verify-state--${r.status}`}>{REDEMPTION_STATUS_LABELS[r.status]}</View>
      </View>
      <View className='verify-preview__item'>
        {r.itemName}
        {/* A redemption is always one item: redeeming takes one from stock. */}
        <View className='verify-preview__quantity'>× 1</View>
      </View>
      <View className='verify-facts'>
        <Fact label='兑换人'>{r.redeemerName}</Fact>
        <Fact label='住户'>{r.householdAddress}</Fact>
        <Fact label='积分'>{r.points}</Fact>
        <Fact label='兑换时间'>{formatDateTime(r.createdAt)}</Fact>
        <Fact label='领取地点'>{r.stationName}</Fact>
        <Fact label='取货码'>{r.pickupCode}</Fact>
      </View>
      {canVerify ? null : <View className='verify-preview__refusal'>{refusal(r)}</View>}
      {failure ? <View className='verify-preview__refusal'>{failure}</View> : null}
      <View className='verify-preview__actions'>
        {canVerify ? (
          <Button type='primary' className='tap-target verify-preview__confirm' disabled={pending} onClick={onConfirm}>
            {pending ? '正在核销…' : '确认核销'}
          </Button>
        ) : null}
        <Button className='tap-target verify-preview__cancel' disabled={pending} onClick={onCancel}>
          {canVerify ? '取消' : '关闭'}
        </Button>
      </View>
    </View>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='verify-facts__row'>
      <View className='verify-facts__label'>{label}</View>
      <View className='verify-facts__value'>{children}</View>
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

function LookupFailed({ code, error, onRetry }: { code: string; error: Error; onRetry: () => void }) {
  const known = error instanceof ApiError && error.status < 500
  const message = error instanceof ApiError ? (error.details?.[0]?.message ?? error.message) : NETWORK_ERROR_MESSAGE
  return (
    <View className='card verify-result verify-result--fail'>
      <View className='verify-result__title'>{error instanceof ApiError && error.code === 'CODE_NOT_FOUND' ? '查不到这个取货码' : '查询失败'}</View>
      <View className='verify-result__message'>{message}</View>
      <View className='muted'>取货码：{code}</View>
      {known ? null : (
        <Button className='tap-target verify-result__retry' onClick={onRetry}>
          重试
        </Button>
      )}
    </View>
  )
}
