import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { AdjustmentRequest } from '../../../../types/api/points'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { EmptyState } from '../../../components/empty-state'
import { LedgerList } from '../../../components/ledger-list'
import { LoadMore } from '../../../components/load-more'
import { PageShell } from '../../../components/page-shell'
import { TextField } from '../../../components/text-field'
import { QueryView } from '../../../components/query-view'
import { useActionKey } from '../../../hooks/use-action-key'
import { useLedger } from '../../../hooks/use-ledger'
import { ApiError } from '../../../services/http'
import { adjustPoints, getHouseholdLedger, pointsKeys } from '../../../services/points'
import { HouseholdSearch, useChosenHousehold, type ChosenHousehold, type FoundHousehold } from '../household-search'
import { StaffGate } from '../staff-gate'
import './index.scss'

type Household = FoundHousehold

export default function StaffPointsPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId) => <PointsAdmin communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

function PointsAdmin({ communityId }: { communityId: number }) {
  const [chosen, setChosen] = useState<ChosenHousehold | null>(null)
  if (chosen) return <ChosenPanel communityId={communityId} chosen={chosen} onBack={() => setChosen(null)} />
  return <HouseholdSearch communityId={communityId} onChoose={setChosen} />
}

function ChosenPanel({ communityId, chosen, onBack }: { communityId: number; chosen: ChosenHousehold; onBack: () => void }) {
  return <HouseholdPanel household={useChosenHousehold(communityId, chosen)} onBack={onBack} />
}

function HouseholdPanel({ household, onBack }: { household: Household; onBack: () => void }) {
  const ledger = useLedger(pointsKeys.householdLedger(household.id), (before) => getHouseholdLedger(household.id, before))
  return (
    <View>
      <View className='card household'>
        <View className='household__address'>{household.address}</View>
        <View className='household__balance'>当前积分 {household.balance}</View>
        <View className='muted'>
          成员：
          {household.members.map((m) => `${m.name}${m.phoneMasked ? `（${m.phoneMasked}）` : ''}`).join('、') || '无'}
        </View>
        <Button block className='tap-target' onClick={onBack}>
          重新选择住户
        </Button>
      </View>
      <AdjustForm household={household} />
      <View className='section-title'>积分明细</View>
      <QueryView query={ledger.query} isEmpty={() => ledger.entries.length === 0} empty={<EmptyState title='这户还没有积分记录' />}>
        {() => (
          <>
            <LedgerList entries={ledger.entries} />
            <LoadMore hasMore={ledger.query.hasNextPage} loading={ledger.query.isFetchingNextPage} onLoad={() => void ledger.query.fetchNextPage()} />
          </>
        )}
      </QueryView>
    </View>
  )
}

type Direction = 'add' | 'deduct'
type FieldErrors = Partial<Record<'person' | 'amount' | 'reason', string>>
const DIRECTIONS = [
  { value: 'add', label: '加分' },
  { value: 'deduct', label: '扣分' },
] as const

/** The form's own checks, the same as the API's (types/api/points.ts ZAdjustmentRequest), for feedback before sending. */
function validateAdjustment(form: { personId: number | null; amount: string; reason: string }): FieldErrors {
  const errors: FieldErrors = {}
  if (form.personId === null) errors.person = '请选择居民'
  const amount = form.amount.trim()
  if (!amount) errors.amount = '请填写积分'
  else if (!/^\d+$/.test(amount)) errors.amount = '积分须为整数'
  else if (Number(amount) === 0) errors.amount = '积分不能为0'
  else if (Number(amount) > 1000) errors.amount = '单次调整不超过1000分'
  const reason = form.reason.trim()
  if (reason.length < 2) errors.reason = '请写明原因（至少2个字）'
  else if (reason.length > 100) errors.reason = '原因最多100个字'
  return errors
}

function AdjustForm({ household }: { household: Household }) {
  const queryClient = useQueryClient()
  const [personId, setPersonId] = useState<number | null>(household.members.length === 1 ? household.members[0]!.id : null)
  const [direction, setDirection] = useState<Direction>('add')
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const actions = useActionKey()
  const adjust = useMutation({
    mutationFn: (req: AdjustmentRequest) => adjustPoints(req, actions.key(JSON.stringify(req))),
    onSettled: (_data, err, req) => actions.settle(JSON.stringify(req), err),
    onSuccess: (entry) => {
      setAmount('')
      setReason('')
      void queryClient.invalidateQueries({ queryKey: pointsKeys.staff })
      void Taro.showToast({ title: `已${entry.amount > 0 ? '加' : '扣'}${Math.abs(entry.amount)}分`, icon: 'none' })
    },
  })
  const serverIssues = adjust.error instanceof ApiError ? (adjust.error.details?.map((d) => d.message) ?? [adjust.error.message]) : []

  const submit = async () => {
    const found = validateAdjustment({ personId, amount, reason })
    setErrors(found)
    if (Object.keys(found).length > 0 || personId === null) return
    const magnitude = Number(amount.trim())
    const req: AdjustmentRequest = { personId, amount: direction === 'add' ? magnitude : -magnitude, reason: reason.trim() }
    const name = household.members.find((m) => m.id === personId)?.name ?? ''
    const answer = await Taro.showModal({
      title: direction === 'add' ? '确认加分' : '确认扣分',
      content: direction === 'add' ? `为${name}加 ${magnitude} 分，原因：${req.reason}` : `扣除${name} ${magnitude} 分，原因：${req.reason}`,
      confirmText: '确认',
      cancelText: '再看看',
    })
    if (answer.confirm) adjust.mutate(req)
  }

  return (
    <View className='card adjust-form'>
      <View className='adjust-form__title'>调整积分</View>
      <View className='field__label'>给谁</View>
      {household.members.length === 0 ? (
        <View className='muted'>这户没有登记成员</View>
      ) : (
        <ChoiceButtons
          options={household.members.map((m) => ({ value: m.id, label: m.name }))}
          value={personId}
          onChange={(id) => {
            setPersonId(id)
            setErrors((e) => ({ ...e, person: undefined }))
          }}
        />
      )}
      {errors.person ? <View className='form-error'>{errors.person}</View> : null}
      <View className='field__label'>加分还是扣分</View>
      <ChoiceButtons options={DIRECTIONS} value={direction} onChange={setDirection} />
      <View className='field__label'>积分</View>
      <TextField type='number' value={amount} placeholder='1 到 1000' label='积分' maxLength={4} onChange={(v) => setAmount(v)} />
      {errors.amount ? <View className='form-error'>{errors.amount}</View> : null}
      <View className='field__label'>原因</View>
      <TextField value={reason} placeholder='例如：参加清雪志愿服务' label='原因' maxLength={100} onChange={(v) => setReason(v)} />
      {errors.reason ? <View className='form-error'>{errors.reason}</View> : null}
      {serverIssues.map((message) => (
        <View key={message} className='form-error'>
          {message}
        </View>
      ))}
      <Button type='primary' block className='tap-target' disabled={adjust.isPending} onClick={() => void submit()}>
        {adjust.isPending ? '正在提交…' : direction === 'add' ? '确认加分' : '确认扣分'}
      </Button>
    </View>
  )
}
