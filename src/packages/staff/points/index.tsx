import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { AdjustmentRequest, PointsAdjustment } from '../../../../types/api/points'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { DecisionButtons } from '../../../components/decision-buttons'
import { EmptyState } from '../../../components/empty-state'
import { LedgerList } from '../../../components/ledger-list'
import { LoadMore } from '../../../components/load-more'
import { PageShell } from '../../../components/page-shell'
import { TextField } from '../../../components/text-field'
import { QueryView } from '../../../components/query-view'
import { ReasonForm } from '../../../components/reason-form'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useCursorPages } from '../../../hooks/use-cursor-pages'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { pointsKeys } from '../../../services/points'
import { adjustPoints, approveAdjustment, getHouseholdLedger, isPendingAdjustment, listPendingAdjustments, rejectAdjustment } from '../../../services/staff/points'
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
  return (
    <View>
      <PendingAdjustments communityId={communityId} />
      {chosen ? <ChosenPanel communityId={communityId} chosen={chosen} onBack={() => setChosen(null)} /> : <HouseholdSearch communityId={communityId} onChoose={setChosen} />}
    </View>
  )
}

/** Large adjustments waiting for a second staff member: 通过/不通过 for others' requests, 待审批 on one's own. */
function PendingAdjustments({ communityId }: { communityId: number }) {
  const query = useQuery({ queryKey: pointsKeys.pendingAdjustments(communityId), queryFn: () => listPendingAdjustments(communityId) })
  return (
    <View className='pending-adjustments'>
      <View className='section-title'>待审批的积分调整</View>
      <QueryView query={query} skeletonRows={2} isEmpty={(items) => items.length === 0} empty={<EmptyState title='没有待审批的积分调整' description='超过审批门槛的奖励或扣减，由另一位工作人员审批后才记入积分' />}>
        {(items) => items.map((a) => <PendingAdjustmentCard key={a.id} adjustment={a} />)}
      </QueryView>
    </View>
  )
}

function PendingAdjustmentCard({ adjustment: a }: { adjustment: PointsAdjustment }) {
  const queryClient = useQueryClient()
  const [rejecting, setRejecting] = useState(false)
  const refresh = () => void queryClient.invalidateQueries({ queryKey: pointsKeys.staff })
  const failed = (err: unknown) => {
    void Taro.showToast({ title: err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE, icon: 'none', duration: 3000 })
    if (err instanceof ApiError && err.status === 409) refresh()
  }
  const approve = useIdempotentMutation({
    mutationFn: (_vars, key) => approveAdjustment(a.id, key),
    action: () => `approve:${a.id}`,
    onSuccess: () => {
      refresh()
      void Taro.showToast({ title: `已通过，${a.personName}${a.amount > 0 ? '加' : '扣'}${Math.abs(a.amount)}分`, icon: 'none', duration: 2500 })
    },
    onError: failed,
  })
  const reject = useIdempotentMutation({
    mutationFn: (reason: string, key) => rejectAdjustment(a.id, reason, key),
    action: (reason) => `reject:${a.id}:${reason}`,
    onSuccess: () => {
      setRejecting(false)
      refresh()
      void Taro.showToast({ title: '已退回这笔调整', icon: 'none', duration: 2500 })
    },
  })
  const askApprove = async () => {
    const answer = await Taro.showModal({
      title: '通过积分调整',
      content: `为${a.personName}${a.amount > 0 ? '加' : '扣'} ${Math.abs(a.amount)} 分，原因：${a.reason}`,
      confirmText: '通过',
      cancelText: '再看看',
    })
    if (answer.confirm) approve.mutate()
  }
  return (
    <View className='card pending-adjustment'>
      <View className='pending-adjustment__head'>
        <View className='pending-adjustment__amount'>
          {a.personName} {a.amount > 0 ? '加' : '扣'} {Math.abs(a.amount)} 分
        </View>
        <View className='pending-adjustment__status'>待审批</View>
      </View>
      <View className='muted'>{a.householdAddress}</View>
      <View>原因：{a.reason}</View>
      <View className='muted'>提交人：{a.requestedByName}</View>
      {rejecting ? (
        <ReasonForm
          title='不通过'
          placeholder='例如：情况已核实，不予奖励'
          submitText='确认不通过'
          pending={reject.isPending}
          error={reject.error}
          onCancel={() => setRejecting(false)}
          onSubmit={(reason) => reject.mutate(reason)}
        />
      ) : a.canDecide ? (
        <DecisionButtons approving={approve.isPending} onApprove={() => void askApprove()} onReject={() => setRejecting(true)} />
      ) : a.mine ? (
        <View className='muted'>您提交的调整，等待其他工作人员审批后记入积分。</View>
      ) : (
        <View className='muted'>这是您家人的事项，请由其他工作人员审批。</View>
      )}
    </View>
  )
}

function ChosenPanel({ communityId, chosen, onBack }: { communityId: number; chosen: ChosenHousehold; onBack: () => void }) {
  return <HouseholdPanel household={useChosenHousehold(communityId, chosen)} onBack={onBack} />
}

function HouseholdPanel({ household, onBack }: { household: Household; onBack: () => void }) {
  const ledger = useCursorPages(pointsKeys.householdLedger(household.id), (cursor) => getHouseholdLedger(household.id, cursor))
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
      <QueryView query={ledger.query} isEmpty={() => ledger.items.length === 0} empty={<EmptyState title='这户还没有积分记录' />}>
        {() => (
          <>
            <LedgerList entries={ledger.items} />
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
  const [personId, setPersonId] = useState<number | null>(household.members.length === 1 ? household.members[0]!.id : null)
  const [direction, setDirection] = useState<Direction>('add')
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const adjust = useIdempotentMutation({
    mutationFn: (req: AdjustmentRequest, key) => adjustPoints(req, key),
    onSuccess: (result) => {
      setAmount('')
      setReason('')
      // Above the community's threshold the adjustment waits for a second staff member (it shows in 待审批).
      const title = isPendingAdjustment(result) ? '超过审批门槛，已提交待审批' : `已${result.amount > 0 ? '加' : '扣'}${Math.abs(result.amount)}分`
      void Taro.showToast({ title, icon: 'none', duration: isPendingAdjustment(result) ? 3000 : 1500 })
    },
    invalidate: [pointsKeys.staff],
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
