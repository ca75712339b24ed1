import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { StaffPartyReport, StaffUnit } from '../../../../types/api/dual-reporting'
import { PARTY_REPORT_STATUS_LABELS, UNIT_STATUS_LABELS } from '../../../../types/api/labels'
import { ChoiceButtons } from '../../../components/choice-buttons'
import { CallButton } from '../../../components/call-button'
import { DecisionButtons } from '../../../components/decision-buttons'
import { EmptyState } from '../../../components/empty-state'
import { LoadMore } from '../../../components/load-more'
import { PageShell } from '../../../components/page-shell'
import { QueryView } from '../../../components/query-view'
import { ReasonForm } from '../../../components/reason-form'
import { useIdempotentMutation } from '../../../hooks/use-idempotent-mutation'
import { useCursorPages } from '../../../hooks/use-cursor-pages'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { dualReportingKeys, viewPartyCard } from '../../../services/dual-reporting'
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/http'
import { peopleKeys } from '../../../services/people'
import {
  approvePartyReport,
  approveUnit,
  listStaffPartyReports,
  listStaffUnits,
  rejectPartyReport,
  rejectUnit,
  revokePartyReport,
} from '../../../services/staff/dual-reporting'
import { formatServiceTotals } from '../../../utils/dual-reporting'
import { formatDateTime } from '../../../utils/format'
import { StaffGate } from '../staff-gate'
import '../../../components/form.scss'
import './index.scss'

/*
 * 双报到审核: staff of a community confirm the 在职党员 who report to it and the 驻区单位 that register with it, and
 * see those in force with what they have done (the figures of the 双报到 reports). The admin picks the community.
 */

type Kind = 'party' | 'unit'
/** The two lists: waiting for a decision, and in force. */
type Listing = 'pending' | 'approved'

const KINDS: { value: Kind; label: string }[] = [
  { value: 'party', label: '党员报到' },
  { value: 'unit', label: '驻区单位' },
]
const VIEWS: { value: Listing; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '已报到' },
]

export default function StaffDualReportingPage() {
  return (
    <PageShell>
      <StaffGate>{(communityId) => <Workbench communityId={communityId} />}</StaffGate>
    </PageShell>
  )
}

function Workbench({ communityId }: { communityId: number }) {
  const [kind, setKind] = useState<Kind>('party')
  const [view, setView] = useState<Listing>('pending')
  return (
    <View>
      <ChoiceButtons className='dual-queue__kinds' options={KINDS} value={kind} onChange={setKind} />
      <ChoiceButtons className='dual-queue__views' options={VIEWS} value={view} onChange={setView} />
      {kind === 'party' ? <PartyQueue key={`party:${communityId}`} communityId={communityId} view={view} /> : <UnitQueueView key={`unit:${communityId}`} communityId={communityId} view={view} />}
    </View>
  )
}

/** After a decision: the lists of the community and the 工作台's counts are read again. */
function useRefresh(communityId: number) {
  const queryClient = useQueryClient()
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['dual-reporting', 'staff-party-reports', communityId] })
    void queryClient.invalidateQueries({ queryKey: ['dual-reporting', 'staff-units', communityId] })
    void queryClient.invalidateQueries({ queryKey: peopleKeys.staffOverview(communityId) })
  }
}

function toast(title: string) {
  void Taro.showToast({ title, icon: 'none', duration: 2500 })
}

function errorText(err: unknown): string {
  return err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE
}


/* ----------------------------------------------------------------- 党员报到 */

function PartyQueue({ communityId, view }: { communityId: number; view: Listing }) {
  const { query, items } = useCursorPages(dualReportingKeys.staffPartyReports(communityId, view), (cursor) => listStaffPartyReports(communityId, view, cursor))
  usePullRefresh(() => query.refetch())
  return (
    <QueryView
      query={query}
      isEmpty={() => items.length === 0}
      empty={
        view === 'pending' ? (
          <EmptyState title='没有待审核的党员报到' description='在职党员向社区报到后会出现在这里' />
        ) : (
          <EmptyState title='还没有已报到的在职党员' />
        )
      }
    >
      {() => (
        <View>
          {view === 'pending' ? <View className='muted dual-queue__hint'>请核对报到人的工作单位和所在党组织，必要时查看党员证照片或电话联系。</View> : null}
          {items.map((r) => (
            <PartyReportItem key={r.id} report={r} communityId={communityId} />
          ))}
          <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
        </View>
      )}
    </QueryView>
  )
}

function PartyReportItem({ report: r, communityId }: { report: StaffPartyReport; communityId: number }) {
  const refresh = useRefresh(communityId)
  const [reasonFor, setReasonFor] = useState<'reject' | 'revoke' | null>(null)
  const failed = (err: unknown) => {
    toast(errorText(err))
    if (err instanceof ApiError && err.status === 409) refresh()
  }
  const card = useMutation({ mutationFn: () => viewPartyCard(r.id), onError: (err) => toast(errorText(err)) })
  const approve = useIdempotentMutation({
    mutationFn: (_vars, key) => approvePartyReport(r.id, key),
    action: () => `approve:${r.id}`,
    onSuccess: () => {
      refresh()
      toast(`已确认${r.name}的党员报到`)
    },
    onError: failed,
  })
  const decide = useIdempotentMutation({
    mutationFn: ({ to, reason }: { to: 'reject' | 'revoke'; reason: string }, key) =>
      (to === 'reject' ? rejectPartyReport : revokePartyReport)(r.id, reason, key),
    action: ({ to, reason }) => `${to}:${r.id}:${reason}`,
    onSuccess: (_d, { to }) => {
      setReasonFor(null)
      refresh()
      toast(to === 'reject' ? '已退回，报到人会收到原因' : `已结束${r.name}的报到`)
    },
  })
  const askApprove = async () => {
    const answer = await Taro.showModal({ title: '确认党员报到', content: `确认${r.name}为本社区报到的在职党员？确认后，${r.name}将以党员身份参与社区服务。`, confirmText: '确认', cancelText: '再看看' })
    if (answer.confirm) approve.mutate()
  }
  const can = (a: StaffPartyReport['actions'][number]) => r.actions.includes(a)

  return (
    <View className='card dual-item'>
      <View className='dual-item__head'>
        <View className='dual-item__name'>{r.name}</View>
        <View className={`dual-item__status dual-item__status--${r.status}`}>{PARTY_REPORT_STATUS_LABELS[r.status]}</View>
      </View>
      <View className='dual-item__address'>{r.address ?? '已不在本社区的住户中'}</View>
      <View className='dual-item__facts'>
        <View>工作单位：{r.workplace}</View>
        <View>所在党组织：{r.partyOrganisation}</View>
        {r.phone ? (
          <View className='dual-item__phone'>
            <View>手机号：{r.phone}</View>
            <CallButton phone={r.phone} className='dual-item__call' />
          </View>
        ) : null}
        <View className='muted'>
          提交于{formatDateTime(r.createdAt)}
          {r.status === 'approved' && r.decidedAt ? ` · ${formatDateTime(r.decidedAt)}确认` : ''}
        </View>
        {r.reason ? <View className='dual-item__reason'>原因：{r.reason}</View> : null}
      </View>
      {r.totals ? <View className='dual-item__totals'>{formatServiceTotals(r.totals)}</View> : null}
      {r.hasCard ? (
        <Button block className='tap-target dual-item__card' disabled={card.isPending} onClick={() => card.mutate()}>
          {card.isPending ? '正在打开…' : '查看党员证'}
        </Button>
      ) : (
        <View className='muted'>未上传党员证照片</View>
      )}

      {reasonFor ? (
        <ReasonForm
          title={reasonFor === 'reject' ? '不通过' : '结束报到'}
          placeholder={reasonFor === 'reject' ? '例如：所在党组织与组织关系不符，请核对后重新报到' : '例如：已迁出本社区，或组织关系已转出'}
          submitText={reasonFor === 'reject' ? '确认不通过' : '确认结束报到'}
          pending={decide.isPending}
          error={decide.error}
          onCancel={() => setReasonFor(null)}
          onSubmit={(reason) => decide.mutate({ to: reasonFor, reason })}
        />
      ) : can('approve') ? (
        <DecisionButtons approving={approve.isPending} onApprove={() => void askApprove()} onReject={() => setReasonFor('reject')} />
      ) : can('revoke') ? (
        <Button block className='tap-target dual-item__revoke' onClick={() => setReasonFor('revoke')}>
          结束报到
        </Button>
      ) : r.status === 'pending' ? (
        <View className='muted'>这是您自己的报到，请由其他工作人员审核。</View>
      ) : null}
    </View>
  )
}

/* ----------------------------------------------------------------- 驻区单位 */

function UnitQueueView({ communityId, view }: { communityId: number; view: Listing }) {
  const { query, items } = useCursorPages(dualReportingKeys.staffUnits(communityId, view), (cursor) => listStaffUnits(communityId, view, cursor))
  usePullRefresh(() => query.refetch())
  return (
    <QueryView
      query={query}
      isEmpty={() => items.length === 0}
      empty={
        view === 'pending' ? (
          <EmptyState title='没有待审核的单位报到' description='驻区单位登记报到后会出现在这里' />
        ) : (
          <EmptyState title='还没有已报到的驻区单位' />
        )
      }
    >
      {() => (
        <View>
          {view === 'pending' ? <View className='muted dual-queue__hint'>请核对单位全称和统一社会信用代码，必要时电话联系单位联系人。通过后，登记人成为单位管理员。</View> : null}
          {items.map((u) => (
            <UnitItem key={u.id} unit={u} communityId={communityId} />
          ))}
          <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
        </View>
      )}
    </QueryView>
  )
}

function UnitItem({ unit: u, communityId }: { unit: StaffUnit; communityId: number }) {
  const refresh = useRefresh(communityId)
  const [rejecting, setRejecting] = useState(false)
  const failed = (err: unknown) => {
    toast(errorText(err))
    if (err instanceof ApiError && err.status === 409) refresh()
  }
  const approve = useIdempotentMutation({
    mutationFn: (_vars, key) => approveUnit(u.id, key),
    action: () => `approve:${u.id}`,
    onSuccess: () => {
      refresh()
      toast(`已通过${u.name}的报到`)
    },
    onError: failed,
  })
  const reject = useIdempotentMutation({
    mutationFn: (reason: string, key) => rejectUnit(u.id, reason, key),
    action: (reason) => `reject:${u.id}:${reason}`,
    onSuccess: () => {
      setRejecting(false)
      refresh()
      toast('已退回，登记人会收到原因')
    },
  })
  const askApprove = async () => {
    const answer = await Taro.showModal({ title: '通过单位报到', content: `通过后，${u.name}成为本社区的驻区单位，登记人成为单位管理员，可以邀请同事加入。`, confirmText: '通过', cancelText: '再看看' })
    if (answer.confirm) approve.mutate()
  }
  const canDecide = u.actions.includes('approve')

  return (
    <View className='card dual-item'>
      <View className='dual-item__head'>
        <View className='dual-item__name'>{u.name}</View>
        <View className={`dual-item__status dual-item__status--${u.status}`}>{UNIT_STATUS_LABELS[u.status]}</View>
      </View>
      <View className='dual-item__facts'>
        <View>统一社会信用代码：{u.creditCode ?? '未填写'}</View>
        <View>联系人：{u.contactName ?? '—'}</View>
        {u.contactPhone ? (
          <View className='dual-item__phone'>
            <View>手机号：{u.contactPhone}</View>
            <CallButton phone={u.contactPhone} />
          </View>
        ) : null}
        <View className='muted'>
          提交于{formatDateTime(u.createdAt)}
          {u.status === 'approved' && u.decidedAt ? ` · ${formatDateTime(u.decidedAt)}通过` : ''}
        </View>
        {u.rejectReason ? <View className='dual-item__reason'>未通过原因：{u.rejectReason}</View> : null}
      </View>
      {u.status === 'approved' ? (
        <View className='dual-item__totals'>
          成员{u.members}人{u.totals ? ` · ${formatServiceTotals(u.totals)}` : ''}
        </View>
      ) : null}

      {rejecting ? (
        <ReasonForm
          title='不通过'
          placeholder='例如：单位名称与营业执照不一致，请填写全称'
          submitText='确认不通过'
          pending={reject.isPending}
          error={reject.error}
          onCancel={() => setRejecting(false)}
          onSubmit={(reason) => reject.mutate(reason)}
        />
      ) : canDecide ? (
        <DecisionButtons approving={approve.isPending} onApprove={() => void askApprove()} onReject={() => setRejecting(true)} />
      ) : u.status === 'pending' ? (
        <View className='muted'>这是您登记的单位，请由其他工作人员审核。</View>
      ) : null}
    </View>
  )
}
