import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { HOUSEHOLD_RELATIONSHIP_LABELS, RESIDENCY_STATUS_LABELS, type ResidencyStatus } from '../../../../types/api/labels'
import type { StaffResidencyApplication } from '../../../../types/api/people'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { DecisionButtons } from '../../../components/decision-buttons'
import { EmptyState } from '../../../components/empty-state'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { ReasonForm } from '../../../components/reason-form'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { peopleKeys } from '../../../services/people'
import { approveResidency, listResidencyQueue, rejectResidency } from '../../../services/staff/people'
import { formatDateTime } from '../../../utils/format'
import { StaffGate } from '../staff-gate'
import './index.scss'

const VIEWS: { value: ResidencyStatus; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '已通过' },
  { value: 'rejected', label: '未通过' },
]

/** 住户认证审核: applications of the community, checked against who the 台账 has at each address. */
export default function StaffResidencyPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId) => <Queue communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

function Queue({ communityId }: { communityId: number }) {
  const [view, setView] = useState<ResidencyStatus>('pending')
  const queue = useQuery({ queryKey: peopleKeys.staffQueue(communityId, view), queryFn: () => listResidencyQueue(communityId, view) })
  usePullRefresh(() => queue.refetch())
  return (
    <View>
      <ChoiceButtons className='residency-queue__views' options={VIEWS} value={view} onChange={setView} />
      <QueryView
        query={queue}
        isEmpty={(q) => q.items.length === 0}
        empty={<EmptyState title={view === 'pending' ? '没有待审核的申请' : `没有${RESIDENCY_STATUS_LABELS[view]}的申请`} description={view === 'pending' ? '居民提交住户认证后会出现在这里' : undefined} />}
      >
        {(q) => (
          <View>
            {view === 'pending' ? <View className='muted residency-queue__hint'>请对照社区台账核对姓名、住址和手机号。台账中已有这户的，选择申请人对应的那一位。</View> : null}
            {q.items.map((a) => (
              <Application key={a.id} application={a} communityId={communityId} />
            ))}
          </View>
        )}
      </QueryView>
    </View>
  )
}

function Application({ application: a, communityId }: { application: StaffResidencyApplication; communityId: number }) {
  const queryClient = useQueryClient()
  // The 台账 person the applicant is (only one without an account can be chosen); null: a new person.
  const candidates = a.household?.members.filter((m) => !m.hasAccount) ?? []
  const [personId, setPersonId] = useState<number | null>(() => candidates.find((m) => m.sameName)?.personId ?? null)
  const [rejecting, setRejecting] = useState(false)
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['people', 'staff-queue', communityId] })
    void queryClient.invalidateQueries({ queryKey: peopleKeys.staffOverview(communityId) })
  }
  const failed = (err: unknown) => {
    void Taro.showToast({ title: err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE, icon: 'none', duration: 3000 })
    if (err instanceof ApiError && err.status === 409) refresh()
  }
  const approve = useIdempotentMutation({
    mutationFn: (_vars, key) => approveResidency(a.id, personId, key),
    action: () => `approve:${a.id}:${personId}`,
    onSuccess: () => {
      refresh()
      void Taro.showToast({ title: `已通过${a.name}的住户认证`, icon: 'none', duration: 2500 })
    },
    onError: failed,
  })
  const reject = useIdempotentMutation({
    mutationFn: (reason: string, key) => rejectResidency(a.id, reason, key),
    action: (reason) => `reject:${a.id}:${reason}`,
    onSuccess: () => {
      setRejecting(false)
      refresh()
      void Taro.showToast({ title: '已退回，申请人会收到原因', icon: 'none', duration: 2500 })
    },
  })
  const askApprove = async () => {
    const who = candidates.find((m) => m.personId === personId)
    const answer = await Taro.showModal({
      title: '通过住户认证',
      content: who ? `${a.name}即台账中的“${who.name}”，将绑定这位居民。` : `将为${a.name}建立居民档案${a.household ? '，加入这一户' : '，并在台账中新建这一户'}。`,
      confirmText: '通过',
      cancelText: '再看看',
    })
    if (answer.confirm) approve.mutate()
  }
  const canDecide = a.actions.includes('approve')

  return (
    <View className='card residency-item'>
      <View className='residency-item__head'>
        <View className='residency-item__name'>{a.name}</View>
        <View className={`residency-item__status residency-item__status--${a.status}`}>{RESIDENCY_STATUS_LABELS[a.status]}</View>
      </View>
      <View className='residency-item__address'>{a.address}</View>
      <View className='residency-item__facts'>
        <View>手机号：{a.phone}</View>
        <View>与户主关系：{HOUSEHOLD_RELATIONSHIP_LABELS[a.relationship]}</View>
        {a.birthYear ? <View>出生年份：{a.birthYear}</View> : null}
        <View className='muted'>提交于{formatDateTime(a.createdAt)}</View>
        {a.rejectReason ? <View className='residency-item__reason'>未通过原因：{a.rejectReason}</View> : null}
      </View>

      {canDecide ? (
        <View className='residency-item__ledger'>
          <View className='residency-item__ledger-title'>台账中这一户</View>
          {a.household === null ? (
            <View className='muted'>台账中没有这个门牌：通过后将新建这一户。</View>
          ) : a.household.members.length === 0 ? (
            <View className='muted'>这一户还没有登记成员。</View>
          ) : (
            <View className='residency-item__members'>
              {a.household.members.map((m) => (
                <View key={m.personId} className='muted'>
                  {m.name}
                  {m.relationship ? `（${HOUSEHOLD_RELATIONSHIP_LABELS[m.relationship]}）` : ''}
                  {m.hasAccount ? ' · 已绑定微信' : ''}
                </View>
              ))}
            </View>
          )}
          {candidates.length ? (
            <>
              <View className='field__label'>申请人是</View>
              <ChoiceButtons
                className='residency-item__who'
                options={[...candidates.map((m) => ({ value: m.personId, label: m.name })), { value: 0, label: '都不是，新建成员' }]}
                value={personId ?? 0}
                onChange={(v) => setPersonId(v === 0 ? null : v)}
              />
            </>
          ) : null}
        </View>
      ) : null}

      {rejecting ? (
        <ReasonForm
          title='不通过'
          placeholder='例如：台账中没有这户，请带户口本到党群服务中心'
          submitText='确认不通过'
          pending={reject.isPending}
          error={reject.error}
          onCancel={() => setRejecting(false)}
          onSubmit={(reason) => reject.mutate(reason)}
        />
      ) : canDecide ? (
        <DecisionButtons approving={approve.isPending} onApprove={() => void askApprove()} onReject={() => setRejecting(true)} />
      ) : a.status === 'pending' ? (
        <View className='muted'>这是您自己的申请，请由其他工作人员审核。</View>
      ) : null}
    </View>
  )
}
